/**
 * Spring Boot auto-configuration for gateway-doctor: put {@code gateway-doctor-spring-boot} and the check
 * modules on the class path, set {@code gateway-doctor.sites[0].url}, and the application gets a health
 * component per site, the {@code /actuator/gatewaydoctor} endpoint and {@code gateway.doctor.*} meters.
 * Diagnoses run on the {@link org.gatewaydoctor.springboot.SiteMonitor}'s own threads; health and endpoint
 * calls only read the last result.
 */
package org.gatewaydoctor.springboot;
