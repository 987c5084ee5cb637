package org.gatewaydoctor.checks.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.gatewaydoctor.checks.http.internal.HaproxyCustomLog;
import org.gatewaydoctor.checks.http.internal.HaproxyLog;
import org.gatewaydoctor.checks.http.internal.HaproxyLogFormat;
import org.gatewaydoctor.checks.http.internal.LogCauseReport;
import org.gatewaydoctor.checks.http.internal.signatures.HaproxySignatureProvider;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.FactKey;
import org.gatewaydoctor.spi.LogAccess;
import org.gatewaydoctor.spi.Redactor;

/**
 * Names what HAProxy's log shows about its servers, from the termination state of each request line
 * ({@code option httplog}) and its health-check alerts: no usable server ({@code SC} with
 * {@code <NOSRV>}, 503), servers that refuse ({@code SC}), close before their headers ({@code SH}, 502),
 * time out ({@code sH} 504, {@code sC}), responses HAProxy blocked ({@code PH}, 502: headers too big for
 * its buffer, or invalid), queues and socket limits ({@code sQ}, {@code PC}, {@code RC}). A 5xx that
 * ended normally ({@code ----}) is the server's own answer relayed: reported as a symptom that points
 * behind the server, never as a load-balancer cause. The meanings are HAProxy's configuration manual's,
 * section 8.5 "Session state at disconnection" (see {@code HaproxyLog} in this module's internals).
 *
 * <p>Lines of another layout are read through the target's HAProxy configuration ({@link Target#CONFIG_HAPROXY}):
 * a frontend's {@code log-format} (its own or its {@code defaults}'), {@code option tcplog} or
 * {@code option httplog clf} is compiled and the lines of the logs read with it (the same causes follow). A
 * layout without the termination state ({@code %ts}/{@code %tsc}) is named as unreadable; without the
 * configuration, HAProxy lines none of which has the default layout are reported as unread, not as healthy.
 *
 * <p>HAProxy writes no log file of its own: name the file syslog writes its lines to
 * ({@code /var/log/haproxy.log} on Debian) among the target's logs. Lines of the default layout it does not
 * read itself: it interprets the diagnosis's shared {@linkplain CheckContext#logScan() log scan}, in which
 * {@link HaproxySignatureProvider} contributes the HAProxy signatures; it reads the logs (bounded, once) only
 * for a custom layout, or to tell, without the configuration, whether the request lines are of the default one.
 *
 * <pre>{@code
 * CheckResult r = new HaproxyLogCheck().run(ctx);   // ctx.target().logs() holds /var/log/haproxy.log
 * }</pre>
 */
public final class HaproxyLogCheck implements Check {

    /** This check's id. */
    public static final String ID = "http.haproxy-log";

    private static final LogCauseReport.Spec SPEC = new LogCauseReport.Spec("HAProxy log", "HAProxy log lines",
            LogFormat.HAPROXY, id -> id.startsWith(HaproxySignatureProvider.PREFIX),
            id -> id.startsWith(HaproxySignatureProvider.PREFIX), HaproxyLog::classify, scan -> Map.of(),
            HaproxyLog.ADVICE, "", NginxErrorLogCheck.RECENT);

    /** Request lines looked at to tell whether HAProxy logs in the default layout. */
    static final int LAYOUT_PROBE = 1000;
    /** The middle of a default {@code option httplog} line: timers, status, bytes, cookies, state. */
    private static final Pattern HTTPLOG_LINE = Pattern.compile(" -?[0-9]{1,10}/ {0,8}-?[0-9]{1,10}/ {0,8}-?[0-9]{1,10}/"
            + " {0,8}-?[0-9]{1,10}/ {0,8}\\+?-?[0-9]{1,10} -?[0-9]{1,3} \\+?[0-9]{1,20} \\S{1,256} \\S{1,256} [A-Za-z-]{4} ");
    /** HAProxy's own messages (src/server.c, src/proxy.c, src/check.c), not request lines. */
    private static final Pattern MESSAGES = Pattern.compile("(?:\\[|Server |Backup Server |backend |Proxy |Stopping |"
            + "Pausing |Resuming |Health check|Agent check|Connect from |Loading |[A-Z][a-z]+ing )");

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public HaproxyLogCheck() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Layer layer() {
        return Layer.LOAD_BALANCER;
    }

    @Override
    public String title() {
        return "HAProxy log: termination states and server health";
    }

    @Override
    public Duration timeout() {
        // it waits on the shared log scan, which the diagnosis deadline bounds
        return UNTIL_DIAGNOSIS_DEADLINE;
    }

    @Override
    public CheckResult run(CheckContext ctx) throws InterruptedException {
        List<HaproxyLogFormat.Custom> custom = ctx.target().config(Target.CONFIG_HAPROXY).map(HaproxyLogFormat::of)
                .orElse(List.of());
        if (custom.isEmpty()) {
            CheckResult r = LogCauseReport.run(ctx, SPEC, HaproxyLog::relayed);
            return ctx.target().config(Target.CONFIG_HAPROXY).isPresent() ? r : unreadLayout(ctx, r);
        }
        // a log-format (or option tcplog / httplog clf) the catalogue cannot read: read its lines here
        LogScan scan = ctx.logScan();
        HaproxyCustomLog.Result read = HaproxyCustomLog.read(ctx.logs(), scan, HaproxyLogFormat.compileAll(custom),
                ctx.target().zone(), ctx.redactor()::redact);
        CheckResult r = LogCauseReport.run(new WithScan(ctx, read.scan()), SPEC, HaproxyLog::relayed);
        return noted(ctx, r, read.notes());
    }

    /**
     * Without the configuration: HAProxy request lines of which none is of the default layout may be of a
     * custom {@code log-format} (or {@code option tcplog}), whose states the catalogue does not read. Said,
     * never guessed: up to {@value #LAYOUT_PROBE} request lines are looked at.
     */
    private static CheckResult unreadLayout(CheckContext ctx, CheckResult r) throws InterruptedException {
        if (!(r instanceof CheckResult.Passed)) {
            return r;
        }
        LogScan scan = ctx.logScan();
        if (scan.files().stream().noneMatch(f -> f.formats().getOrDefault(LogFormat.HAPROXY, 0L) > 0)) {
            return r;
        }
        long[] seen = new long[2]; // request lines, of them in the default layout
        try {
            ctx.logs().forEachLine((file, n, text, truncated) -> {
                if (!text.contains("haproxy[")) {
                    return;
                }
                String payload = HaproxyLogFormat.payload(text);
                if (payload.isEmpty() || MESSAGES.matcher(payload).lookingAt()) {
                    return; // HAProxy's own messages: servers going down, proxies starting
                }
                seen[0]++;
                if (HTTPLOG_LINE.matcher(payload).find()) {
                    seen[1]++;
                    throw new Stop();
                }
                if (seen[0] >= LAYOUT_PROBE) {
                    throw new Stop();
                }
            });
        } catch (Stop | java.io.IOException e) {
            // enough seen, or the scan reports the unreadable file
        }
        if (seen[0] == 0 || seen[1] > 0) {
            return r;
        }
        return noted(ctx, r, List.of("none of the " + seen[0] + " HAProxy request lines looked at is of the default "
                + "option httplog layout, so their termination states were not read: if HAProxy logs with its own "
                + "log-format or option tcplog, name its configuration (haproxy.cfg) so that the layout can be read"));
    }

    /** Stops reading early. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    /** {@code r} with what could not be read said: an observation when it passed, an INFO symptom beside findings. */
    private static CheckResult noted(CheckContext ctx, CheckResult r, List<String> notes) {
        if (notes.isEmpty()) {
            return r;
        }
        if (r instanceof CheckResult.Passed p) {
            List<Evidence> evidence = new ArrayList<>(p.evidence());
            notes.forEach(n -> evidence.add(new Evidence.Observation(ctx.redactor().redact(n), null)));
            return CheckResult.passed(evidence).withGaps(p.gaps());
        }
        if (r instanceof CheckResult.Findings f) {
            List<Finding> findings = new ArrayList<>(f.findings());
            notes.forEach(n -> findings.add(Finding.symptom(Layer.LOAD_BALANCER, Severity.INFO,
                    ctx.redactor().redact("HAProxy log: " + n)).build()));
            return CheckResult.findings(findings).withGaps(f.gaps());
        }
        return r;
    }

    /** The check's context with the shared scan completed by the lines of a custom layout. */
    private record WithScan(CheckContext ctx, LogScan scan) implements CheckContext {
        @Override
        public Target target() {
            return ctx.target();
        }

        @Override
        public Instant deadline() {
            return ctx.deadline();
        }

        @Override
        public <T> Optional<T> fact(FactKey<T> key) {
            return ctx.fact(key);
        }

        @Override
        public <T> void publish(FactKey<T> key, T value) {
            ctx.publish(key, value);
        }

        @Override
        public LogAccess logs() {
            return ctx.logs();
        }

        @Override
        public LogScan logScan() {
            return scan;
        }

        @Override
        public org.gatewaydoctor.spi.NameResolver perDiagnosis(org.gatewaydoctor.spi.NameResolver resolver) {
            return ctx.perDiagnosis(resolver);
        }

        @Override
        public Redactor redactor() {
            return ctx.redactor();
        }

        @Override
        public Clock clock() {
            return ctx.clock();
        }
    }
}
