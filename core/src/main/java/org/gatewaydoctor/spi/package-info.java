/**
 * The service-provider interface for check modules. Implement {@link org.gatewaydoctor.spi.Check},
 * list the class in {@code META-INF/services/org.gatewaydoctor.spi.Check}, and return a
 * {@link org.gatewaydoctor.spi.CheckResult}. Everything a check may use arrives through its
 * {@link org.gatewaydoctor.spi.CheckContext}: the target, its deadline, facts from earlier checks,
 * bounded log access and the redactor. The {@code gateway-doctor-testkit} artifact helps test a check.
 */
package org.gatewaydoctor.spi;
