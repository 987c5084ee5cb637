package org.gatewaydoctor.checks.http;

import java.time.Duration;
import java.util.Map;
import org.gatewaydoctor.checks.http.internal.HaproxyLog;
import org.gatewaydoctor.checks.http.internal.LogCauseReport;
import org.gatewaydoctor.checks.http.internal.signatures.HaproxySignatureProvider;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;

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
 * <p>HAProxy writes no log file of its own: name the file syslog writes its lines to
 * ({@code /var/log/haproxy.log} on Debian) among the target's logs. It reads no line itself: it
 * interprets the diagnosis's shared {@linkplain CheckContext#logScan() log scan}, in which
 * {@link HaproxySignatureProvider} contributes the HAProxy signatures.
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
        return LogCauseReport.run(ctx, SPEC, HaproxyLog::relayed);
    }
}
