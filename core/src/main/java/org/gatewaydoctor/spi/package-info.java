/**
 * The service-provider interface for check modules. Implement {@link org.gatewaydoctor.spi.Check},
 * list the class in {@code META-INF/services/org.gatewaydoctor.spi.Check}, and return a
 * {@link org.gatewaydoctor.spi.CheckResult}. Everything a check may use arrives through its
 * {@link org.gatewaydoctor.spi.CheckContext}: the target, its deadline, facts from earlier checks,
 * bounded log access and the redactor. The {@code gateway-doctor-testkit} artifact helps test a check.
 *
 * <p><b>Saying what was not read.</b> A check that could not read a source whole (its logs cut at the
 * deadline, a configuration over a limit) returns what it found in the rest with the missed sources as
 * {@link org.gatewaydoctor.model.Gap}s ({@code CheckResult.passed(...).withGaps(gaps)}); the engine then
 * never calls the diagnosis healthy. A check that runs out of time throws {@link java.lang.InterruptedException}
 * (or overruns) and is reported timed out. A check whose work the diagnosis deadline already bounds (the
 * log checks, which wait on the shared scan) declares {@link org.gatewaydoctor.spi.Check#UNTIL_DIAGNOSIS_DEADLINE}.
 *
 * <p><b>Observed or risk.</b> A finding read from configuration that could cause a failure, with nothing
 * showing it happening, is built with {@code Finding.Builder#risk()}: the ranking never puts it above an
 * observed cause. A module that knows which cause produces which other cause's evidence adds pairs to the
 * ranking's relation with an {@link org.gatewaydoctor.spi.ExplanationProvider}
 * ({@code META-INF/services/org.gatewaydoctor.spi.ExplanationProvider}).
 *
 * <p><b>Resolving names as the diagnosis is told to.</b> A check that connects to the site by name asks a
 * {@link org.gatewaydoctor.spi.NameResolver} (found with {@link java.util.ServiceLoader}; {@code checks-dns}
 * provides one that asks {@code --dns-server} or the system's resolver) instead of waiting for the DNS checks,
 * and the JVM's resolver when none is present. It asks through {@link
 * org.gatewaydoctor.spi.CheckContext#perDiagnosis}, so the checks of one diagnosis share one answer per name.
 */
package org.gatewaydoctor.spi;
