package org.gatewaydoctor.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.gatewaydoctor.json.DiagnosisJson;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.TimelineEntry;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckResult;

/**
 * One run of a check through the engine, made by {@link CheckTester#run()}: the whole
 * {@link Diagnosis}, the check's {@link CheckReport}, and assertions that return {@code this} so they
 * chain.
 *
 * <pre>{@code
 * CheckRun run = CheckTester.of(check).withLogs(log).run();
 * run.assertFound(CauseCode.PHPFPM_POOL_EXHAUSTED, Severity.CRITICAL)
 *    .assertNoSecretsLeak("canary-db-password")
 *    .assertValidAgainstSchema();
 * Finding f = run.findings().get(0);
 * }</pre>
 */
public final class CheckRun {

    /** How long {@link #assertRespectsDeadline()} waits, after the deadline, for an overrunning check to return. */
    public static final Duration DEFAULT_MARGIN = Duration.ofSeconds(1);

    private static final ObjectMapper TREE = new ObjectMapper();

    private final Check check;
    private final String checkId;
    private final Diagnosis diagnosis;
    private final Duration wallTime;
    private final CheckTester.Observed observed;
    private final List<String> declaredSecrets;
    private String json;

    CheckRun(Check check, String checkId, Diagnosis diagnosis, Duration wallTime, CheckTester.Observed observed,
             List<String> declaredSecrets) {
        this.check = check;
        this.checkId = checkId;
        this.diagnosis = diagnosis;
        this.wallTime = wallTime;
        this.observed = observed;
        this.declaredSecrets = declaredSecrets;
    }

    /** The check that ran. */
    public Check check() {
        return check;
    }

    /** The whole diagnosis of the run, as users would get it. */
    public Diagnosis diagnosis() {
        return diagnosis;
    }

    /** The report of the check under test (redacted, as in the diagnosis). */
    public CheckReport report() {
        return diagnosis.report(checkId).orElseThrow(() -> new AssertionError(
                "the diagnosis has no report for '" + checkId + "'"));
    }

    /** The check's result, if it completed. */
    public Optional<CheckResult> result() {
        return report() instanceof CheckReport.Completed c ? Optional.of(c.result()) : Optional.empty();
    }

    /** The check's findings; empty unless it completed with findings. */
    public List<Finding> findings() {
        return result().map(CheckResult::findingList).orElse(List.of());
    }

    /** The diagnosis as {@link DiagnosisJson#write(Diagnosis)} writes it. */
    public String json() {
        if (json == null) {
            json = DiagnosisJson.write(diagnosis);
        }
        return json;
    }

    /** How long {@code GatewayDoctor.diagnose} took. */
    public Duration wallTime() {
        return wallTime;
    }

    /** Asserts that the check ran to the end and returned a result (of any outcome). */
    public CheckRun assertCompleted() {
        if (!(report() instanceof CheckReport.Completed)) {
            fail("expected check '" + checkId + "' to complete, but " + describe(report()));
        }
        return this;
    }

    /** Asserts that the check completed and passed. */
    public CheckRun assertPassed() {
        assertCompleted();
        CheckResult r = result().orElseThrow();
        if (!(r instanceof CheckResult.Passed)) {
            fail("expected check '" + checkId + "' to pass, but it returned " + r);
        }
        return this;
    }

    /** Asserts that the check completed and said it does not apply to the target. */
    public CheckRun assertNotApplicable() {
        assertCompleted();
        CheckResult r = result().orElseThrow();
        if (!(r instanceof CheckResult.NotApplicable)) {
            fail("expected check '" + checkId + "' not to apply, but it returned " + r);
        }
        return this;
    }

    /** Asserts that the check completed with a finding naming {@code cause}. */
    public CheckRun assertFound(CauseCode cause) {
        assertCompleted();
        if (findings().stream().noneMatch(f -> cause.equals(f.cause()))) {
            fail("expected check '" + checkId + "' to find " + cause + ", but it returned " + result().orElseThrow());
        }
        return this;
    }

    /** Asserts that the check completed with a finding naming {@code cause} at {@code severity}. */
    public CheckRun assertFound(CauseCode cause, Severity severity) {
        assertFound(cause);
        if (findings().stream().noneMatch(f -> cause.equals(f.cause()) && f.severity() == severity)) {
            fail("expected check '" + checkId + "' to find " + cause + " at " + severity + ", but it returned "
                    + result().orElseThrow());
        }
        return this;
    }

    /** {@link #assertRespectsDeadline(Duration)} with {@link #DEFAULT_MARGIN}. */
    public CheckRun assertRespectsDeadline() {
        return assertRespectsDeadline(DEFAULT_MARGIN);
    }

    /**
     * Asserts that the check coped with its deadline: it returned a result on its own before the
     * engine's deadline, so the report is {@link CheckReport.Completed} (not timed out, and not errored
     * either: a check whose input stalls should say so in its result rather than throw), or it gave up
     * before the deadline by throwing {@link InterruptedException} (what a check does when the shared log
     * scan cannot finish for it; the engine reports it timed out).
     *
     * <p>This proves something only if the input would otherwise take longer than the timeout, so run
     * the check with a short {@link CheckTester#withTimeout(Duration) timeout} against a
     * {@link StallingServer}, a huge log or whatever makes it wait. When it fails, the message says
     * whether the check merely returned late or was still running {@code margin} after its deadline,
     * which means it ignores interruption and would keep a thread busy in production.
     *
     * @param margin how long to wait after the deadline for an overrunning check to return, to tell
     *     the two apart
     */
    public CheckRun assertRespectsDeadline(Duration margin) {
        Objects.requireNonNull(margin, "margin");
        CheckReport report = report();
        if (report instanceof CheckReport.Completed) {
            return this;
        }
        if (report instanceof CheckReport.TimedOut t) {
            long deadlineNanos = observed.startNanos + t.timeout().toNanos();
            boolean returned = awaitReturn(deadlineNanos + margin.toNanos());
            // elapsed under the budget: the check threw InterruptedException itself, before the engine had to
            // interrupt it (an overrunning check is reported with the time the engine gave up, its whole budget)
            if (returned && observed.thrown instanceof InterruptedException && t.elapsed().compareTo(t.timeout()) < 0) {
                // it gave up in time (the shared log scan could not finish for it, say): the engine reports a
                // timeout, which is the honest answer, and no thread is left running
                return this;
            }
            String how = returned
                    ? "its run() returned " + millis(observed.returnNanos - deadlineNanos) + " ms after the deadline"
                            + (observed.thrown != null ? " by throwing " + observed.thrown : "")
                    : "its run() was still running " + millis(System.nanoTime() - deadlineNanos)
                            + " ms after the deadline: it ignores interruption, so in production its thread would be"
                            + " abandoned and keep running";
            fail("check '" + checkId + "' did not respect its deadline of " + t.timeout().toMillis()
                    + " ms: the engine reported it timed out; " + how + ". Bound every read and connection by "
                    + "context.remaining() (keeping a margin to return) and return what was found so far.");
        }
        if (report instanceof CheckReport.Errored e) {
            fail("check '" + checkId + "' threw " + e.errorClass() + (e.message().isEmpty() ? "" : ": " + e.message())
                    + " after " + e.elapsed().toMillis() + " ms instead of returning a result. When its input stalls, a"
                    + " check should stop at its deadline and say what did not answer (a finding or a passed result"
                    + " with an observation), not throw.");
        }
        fail("check '" + checkId + "' did not run: " + describe(report));
        return this;
    }

    /**
     * Asserts that none of {@code canaries}, nor any secret given to {@link CheckTester#withSecret},
     * appears anywhere in what users could see: the diagnosis's JSON (raw and with escapes decoded,
     * property names included), every evidence's {@link Evidence#describe() text rendering}, the
     * headline and {@code Diagnosis.toString()}.
     *
     * <p>Plant canaries in the check's input (a password in a configuration file, a cookie in a log
     * line, user info in the URL) and list them here. The target itself is part of the JSON: a canary
     * planted in a target option or a log path is reported as a leak there too.
     *
     * @param canaries distinctive values of at least 4 characters
     */
    public CheckRun assertNoSecretsLeak(String... canaries) {
        Set<String> all = new LinkedHashSet<>();
        for (String c : canaries) {
            Objects.requireNonNull(c, "canary");
            if (c.length() < 4) {
                throw new IllegalArgumentException("a canary needs at least 4 characters to be found reliably: '"
                        + c + "'");
            }
            all.add(c);
        }
        declaredSecrets.stream().filter(s -> s.length() >= 4).forEach(all::add);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("give at least one canary (or a secret with CheckTester.withSecret)");
        }
        List<String> leaks = new ArrayList<>();
        JsonNode tree;
        try {
            tree = TREE.readTree(json());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String canary : all) {
            List<String> where = new ArrayList<>();
            findIn(tree, "", canary, where);
            if (where.isEmpty() && json().contains(canary)) {
                where.add("the JSON text");
            }
            renderings().forEach((place, text) -> {
                if (text.contains(canary)) {
                    where.add(place);
                }
            });
            if (diagnosis.toString().contains(canary) && where.isEmpty()) {
                where.add("Diagnosis.toString()");
            }
            if (!where.isEmpty()) {
                leaks.add("'" + canary + "' at " + String.join(", ", where));
            }
        }
        if (!leaks.isEmpty()) {
            fail("secrets leak into the output of check '" + checkId + "':\n  - " + String.join("\n  - ", leaks)
                    + "\nPass text through context.redactor().redact(...) and register secrets the check reads with"
                    + " context.redactor().addSecret(...).");
        }
        return this;
    }

    /**
     * Asserts that {@link DiagnosisJson#write(Diagnosis)} output of this run is valid against
     * {@link DiagnosisJson#schema()} (format assertions on) and reads back, with
     * {@link DiagnosisJson#read(String)}, to the same JSON.
     */
    public CheckRun assertValidAgainstSchema() {
        List<String> problems = SchemaValidation.problems(json());
        if (!problems.isEmpty()) {
            fail("the diagnosis of check '" + checkId + "' is not valid against " + DiagnosisJson.SCHEMA_RESOURCE
                    + ":\n  - " + String.join("\n  - ", problems) + "\n" + json());
        }
        String again;
        try {
            again = DiagnosisJson.write(DiagnosisJson.read(json()));
        } catch (IOException e) {
            throw new AssertionError("the diagnosis of check '" + checkId + "' cannot be read back: " + e, e);
        }
        if (!again.equals(json())) {
            fail("the diagnosis of check '" + checkId + "' does not read back to the same JSON");
        }
        return this;
    }

    /** {@link CheckTester#assertDescribesItselfProperly()} for the check of this run. */
    public CheckRun assertDescribesItselfProperly() {
        CheckTester.of(check).assertDescribesItselfProperly();
        return this;
    }

    private boolean awaitReturn(long untilNanos) {
        try {
            long wait = untilNanos - System.nanoTime();
            return observed.returned.await(Math.max(0, wait), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return observed.returned.getCount() == 0;
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static String describe(CheckReport report) {
        if (report instanceof CheckReport.Errored e) {
            return "it threw " + e.errorClass() + (e.message().isEmpty() ? "" : ": " + e.message());
        } else if (report instanceof CheckReport.TimedOut t) {
            return "it timed out after " + t.timeout().toMillis() + " ms";
        } else if (report instanceof CheckReport.Skipped s) {
            return "it was skipped: " + s.reason();
        }
        return "it " + report;
    }

    /** Every string (and property name) in the tree containing {@code needle}, by JSON pointer. */
    private static void findIn(JsonNode node, String pointer, String needle, List<String> where) {
        if (node.isTextual() || node.isNumber()) {
            if (node.asText().contains(needle)) {
                where.add(pointer.isEmpty() ? "/" : pointer);
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                String child = pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
                if (e.getKey().contains(needle)) {
                    where.add(child + " (property name)");
                }
                findIn(e.getValue(), child, needle, where);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                findIn(node.get(i), pointer + "/" + i, needle, where);
            }
        }
    }

    /** Text renderings users see outside the JSON, by where they come from. */
    private Map<String, String> renderings() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        out.put("headline", diagnosis.headline());
        for (RankedCause c : diagnosis.causes()) {
            for (int i = 0; i < c.evidence().size(); i++) {
                out.put("describe() of evidence " + i + " of cause " + c.code(), c.evidence().get(i).describe());
            }
        }
        for (CheckReport r : diagnosis.checks()) {
            if (r instanceof CheckReport.Completed c) {
                List<Evidence> evidence = new ArrayList<>();
                if (c.result() instanceof CheckResult.Passed p) {
                    evidence.addAll(p.evidence());
                }
                c.result().findingList().forEach(f -> evidence.addAll(f.evidence()));
                for (int i = 0; i < evidence.size(); i++) {
                    out.put("describe() of evidence " + i + " of check " + c.checkId(), evidence.get(i).describe());
                }
            }
        }
        List<TimelineEntry> timeline = diagnosis.timeline();
        for (int i = 0; i < timeline.size(); i++) {
            out.put("describe() of timeline entry " + i, timeline.get(i).evidence().describe());
        }
        return out;
    }
}
