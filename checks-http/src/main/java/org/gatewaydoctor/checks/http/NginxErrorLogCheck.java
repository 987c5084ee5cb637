package org.gatewaydoctor.checks.http;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatewaydoctor.checks.http.internal.NginxAdvice;
import org.gatewaydoctor.checks.http.internal.NginxErrorLine;
import org.gatewaydoctor.checks.http.internal.NginxSignatures;
import org.gatewaydoctor.checks.http.internal.Tally;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.LogAccess;

/**
 * Reads nginx error logs among the target's log files and names the upstream failures they record:
 * refused or failed connections to PHP-FPM or another upstream, timeouts, premature closes, invalid or
 * oversized headers, dead upstream groups, DNS and TLS failures towards the upstream, exhausted
 * worker_connections, and the PHP fatal errors PHP-FPM relays on FastCGI stderr.
 *
 * <p>nginx error-log lines are recognised by their content, so they may sit in any file (rotated and
 * gzipped ones included). Occurrences are counted per cause; each finding keeps the earliest and the
 * latest few lines as evidence. A cause is critical when its last occurrence lies within
 * {@link #RECENT} of the newest nginx line read, otherwise it belongs to an earlier episode and is a
 * warning.
 *
 * <pre>{@code
 * CheckResult r = new NginxErrorLogCheck().run(ctx);   // ctx.logs() holds /var/log/nginx/error.log
 * r.findingList().forEach(f -> System.out.println(f.cause() + " " + f.summary()));
 * }</pre>
 */
public final class NginxErrorLogCheck implements Check {

    /** This check's id. */
    public static final String ID = "http.nginx-error-log";
    /** How close to the newest log line a cause's last occurrence must be to count as happening now. */
    public static final Duration RECENT = Duration.ofMinutes(15);

    /** Time kept in hand to build the result when the deadline approaches while reading. */
    private static final Duration SAFETY = Duration.ofMillis(400);
    private static final int CLOCK_STRIDE = 2048;
    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public NginxErrorLogCheck() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Layer layer() {
        return Layer.PROXY;
    }

    @Override
    public String title() {
        return "nginx error log: upstream failures";
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(20);
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        List<Path> files = ctx.logs().files();
        if (files.isEmpty()) {
            return CheckResult.notApplicable("no log files were given");
        }
        Scan scan = new Scan(ctx);
        boolean partial = false;
        try {
            ctx.logs().forEachLine(scan);
        } catch (StopReading e) {
            partial = true;
        } catch (InterruptedException e) {
            partial = true;
            Thread.currentThread().interrupt();
        }
        partial |= scan.stoppedEarly;
        if (scan.nginxLines == 0) {
            return CheckResult.notApplicable("none of the " + files.size()
                    + (files.size() == 1 ? " log file holds" : " log files hold") + " nginx error-log lines"
                    + (scan.problems.isEmpty() ? "" : " (" + String.join("; ", scan.problems) + ")"));
        }
        String read = "read " + scan.nginxLines + " nginx error-log " + (scan.nginxLines == 1 ? "line" : "lines")
                + " from " + plural(scan.nginxFiles.size(), "file") + ", the newest written at "
                + HUMAN.format(scan.newest.atZone(ctx.target().zone()))
                + (partial ? "; reading stopped early at the check's deadline, so counts are partial" : "")
                + (scan.problems.isEmpty() ? "" : "; " + plural(scan.problems.size(), "file") + " could not be read whole");
        if (scan.tallies.isEmpty()) {
            return CheckResult.passed(new Evidence.Observation(
                    ctx.redactor().redact(read + ": none reports an upstream failure"), scan.newest));
        }
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<CauseCode, Tally> e : scan.tallies.entrySet()) {
            findings.add(finding(ctx, e.getKey(), e.getValue(), scan.strength.get(e.getKey()), scan.newest, read));
        }
        findings.sort(Comparator.comparing(Finding::severity).reversed()
                .thenComparing(Comparator.comparingDouble(Finding::confidence).reversed()));
        return CheckResult.findings(findings);
    }

    private static Finding finding(CheckContext ctx, CauseCode cause, Tally t, NginxSignatures.Hit strength,
                                   Instant newest, String read) {
        Severity severity = t.recent(newest, RECENT) ? Severity.CRITICAL : Severity.WARNING;
        double confidence = Tally.confidence(strength.base(), strength.max(), t.count());
        ZoneId zone = ctx.target().zone();
        String span = t.count() == 1
                ? "seen once, at " + HUMAN.format(t.first().atZone(zone))
                : "first seen " + HUMAN.format(t.first().atZone(zone)) + ", last seen "
                        + HUMAN.format(t.last().atZone(zone));
        Finding.Builder b = Finding.cause(cause, cause.layer().orElse(Layer.PROXY), severity, confidence,
                        ctx.redactor().redact(NginxAdvice.summary(cause, t)))
                .evidence(t.samples(ctx.redactor()::redact))
                .evidence(new Evidence.Measurement(ctx.redactor().redact("nginx error-log lines: " + strength.detail()),
                                t.count(), "lines"),
                        new Evidence.Observation(ctx.redactor().redact(span + (severity == Severity.WARNING
                                ? "; not among the last " + RECENT.toMinutes() + " minutes of the log, so an earlier episode"
                                : "") + " (" + read + ")"), t.last()))
                .remediation(NginxAdvice.remediation(cause, t).stream().map(ctx.redactor()::redact)
                        .toArray(String[]::new))
                .confirmWith(NginxAdvice.confirmWith(cause).toArray(String[]::new));
        if (t.httpStatus() > 0) {
            b.httpStatus(t.httpStatus());
        }
        return b.build();
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /** Thrown by the visitor to stop reading while there is still time to build the result. */
    private static final class StopReading extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopReading() {
            super("deadline near", null, false, false);
        }
    }

    /** Reads lines, keeps the nginx ones, tallies the causes they point to. */
    private static final class Scan implements LogAccess.LogLineVisitor {
        private final CheckContext ctx;
        private final ZoneId zone;
        final Map<CauseCode, Tally> tallies = new LinkedHashMap<>();
        final Map<CauseCode, NginxSignatures.Hit> strength = new LinkedHashMap<>();
        final Set<Path> nginxFiles = new LinkedHashSet<>();
        final List<String> problems = new ArrayList<>();
        boolean stoppedEarly;
        long nginxLines;
        long seen;
        Instant newest;

        Scan(CheckContext ctx) {
            this.ctx = ctx;
            this.zone = ctx.target().zone();
        }

        @Override
        public void line(Path file, long lineNumber, String text, boolean truncated) {
            if (++seen % CLOCK_STRIDE == 0 && ctx.remaining().compareTo(SAFETY) < 0) {
                throw new StopReading();
            }
            Optional<NginxErrorLine> parsed = NginxErrorLine.parse(text);
            if (parsed.isEmpty()) {
                return;
            }
            NginxErrorLine line = parsed.get();
            Instant at = line.time().atZone(zone).toInstant();
            nginxLines++;
            nginxFiles.add(file);
            if (newest == null || at.isAfter(newest)) {
                newest = at;
            }
            for (NginxSignatures.Hit hit : NginxSignatures.classify(line)) {
                tallies.computeIfAbsent(hit.cause(), c -> new Tally())
                        .add(file, lineNumber, at, text, hit.subject(), hit.detail(), hit.httpStatus());
                strength.putIfAbsent(hit.cause(), hit);
            }
        }

        @Override
        public void problem(Path file, String message) {
            // The engine's reader stops a little before the deadline and says so as a problem.
            if (message != null && message.contains("deadline")) {
                stoppedEarly = true;
            } else if (problems.size() < 10) {
                problems.add(file.getFileName() + ": " + message);
            }
        }
    }
}
