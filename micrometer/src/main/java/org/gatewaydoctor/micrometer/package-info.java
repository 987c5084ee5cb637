/**
 * Micrometer meters for diagnoses, usable with or without a framework:
 * {@link org.gatewaydoctor.micrometer.GatewayDoctorMetrics} is a {@code MeterBinder}.
 */
package org.gatewaydoctor.micrometer;
