package org.gatewaydoctor.spi;

import java.time.Duration;
import java.util.Set;
import org.gatewaydoctor.model.Layer;

/**
 * One diagnostic step on one hop: the service-provider interface check modules implement.
 *
 * <p>A check describes itself (stable {@link #id()}, {@link #layer()}, {@link #title()}, the ids it
 * {@linkplain #dependsOn() depends on}, its {@link #timeout()}) and {@linkplain #run(CheckContext) runs}
 * against a {@link CheckContext}. The engine discovers implementations with {@link java.util.ServiceLoader}:
 * list the class in {@code META-INF/services/org.gatewaydoctor.spi.Check} and put the jar on the class
 * path. It needs a public no-argument constructor.
 *
 * <p>Rules every check follows:
 * <ul>
 *   <li>Only read. Never restart, edit or delete anything on the host.</li>
 *   <li>Respect {@link CheckContext#deadline()}: bound every read and connection by it, and return
 *       when interrupted. A check that overruns is abandoned and reported timed out.</li>
 *   <li>Throwing is fine: the engine turns it into an errored report and the other checks go on.</li>
 *   <li>Pass all free text from the outside world through {@link CheckContext#redactor()} (the
 *       engine redacts again before anything leaves, but a check that holds secrets says so by
 *       {@linkplain Redactor#addSecret(String) registering} them).</li>
 * </ul>
 *
 * <pre>{@code
 * public final class FpmPingCheck implements Check {
 *     public String id() { return "phpfpm.ping"; }
 *     public Layer layer() { return Layer.PHP_FPM; }
 *     public String title() { return "PHP-FPM answers its ping path"; }
 *     public CheckResult run(CheckContext ctx) throws Exception { ... }
 * }
 * }</pre>
 */
public interface Check {

    /** Default time a check may take when it does not say otherwise. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * A {@link #timeout()} meaning "as long as the diagnosis allows": the check's deadline is the
     * diagnosis's own ({@code GatewayDoctor.Builder#timeout}, the CLI's {@code --timeout}), never a fixed
     * number of seconds. For checks whose work is bounded by the diagnosis deadline anyway, such as those
     * that interpret the shared {@linkplain CheckContext#logScan() log scan}: a fixed timeout shorter than
     * the diagnosis's would cut them while the scan is still allowed to run.
     */
    Duration UNTIL_DIAGNOSIS_DEADLINE = Duration.ofDays(365);

    /**
     * A stable id: lower-case words separated by dots or hyphens, starting with the module's prefix,
     * e.g. {@code phpfpm.pool-status}. Users select checks with it ({@code --only phpfpm.*}).
     */
    String id();

    /** The hop this check looks at. */
    Layer layer();

    /** A short human title, e.g. {@code nginx error log: upstream failures}. */
    String title();

    /** Ids of checks that must complete before this one (their facts are then available). */
    default Set<String> dependsOn() {
        return Set.of();
    }

    /**
     * Checks this one should run after when they are part of the run, without depending on them: unlike
     * {@link #dependsOn()}, a listed check that is absent, skipped or failed does not stop this one. Use it
     * to read {@linkplain CheckContext#fact facts} another module may publish (see
     * {@link org.gatewaydoctor.facts.Facts}).
     *
     * @return check ids; empty by default
     */
    default Set<String> runsAfter() {
        return Set.of();
    }

    /**
     * How long this check may run (never past the diagnosis's deadline); the engine interrupts it after
     * that and reports it timed out. {@link #UNTIL_DIAGNOSIS_DEADLINE} ties it to the diagnosis's deadline.
     */
    default Duration timeout() {
        return DEFAULT_TIMEOUT;
    }

    /**
     * Runs the check.
     *
     * @return the result, never {@code null}
     * @throws Exception on any failure; the engine reports the check as errored
     */
    CheckResult run(CheckContext context) throws Exception;
}
