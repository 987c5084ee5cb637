package org.gatewaydoctor.checks.http;

import java.time.Duration;
import java.util.List;
import org.gatewaydoctor.checks.http.internal.HitGroup;
import org.gatewaydoctor.checks.http.internal.LogCauseReport;
import org.gatewaydoctor.checks.http.internal.NginxAdvice;
import org.gatewaydoctor.checks.http.internal.NginxCauses;
import org.gatewaydoctor.checks.http.internal.OtherSites;
import org.gatewaydoctor.checks.http.internal.signatures.NginxSignatureProvider;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;

/**
 * Names the upstream failures nginx's error log records: refused or failed connections to PHP-FPM or
 * another upstream, timeouts, premature closes, invalid or oversized headers, dead upstream groups,
 * DNS and TLS failures towards the upstream, exhausted worker_connections, and the PHP fatal errors
 * PHP-FPM relays on FastCGI stderr; and, from the access log, when visitors got the 502, 503 and 504
 * answers.
 *
 * <p>It reads no line itself: it interprets the diagnosis's shared {@linkplain CheckContext#logScan()
 * log scan}, in which {@link NginxSignatureProvider} contributes the nginx signatures. Occurrences are
 * counted per cause; each finding keeps the earliest and the latest lines as evidence and says when
 * they cluster ({@code all between 09:12 and 09:41}). A cause is critical when its last occurrence lies
 * within {@link #RECENT} of the newest nginx event of the logs, otherwise it belongs to an earlier
 * episode and is a warning.
 *
 * <pre>{@code
 * CheckResult r = new NginxErrorLogCheck().run(ctx);   // ctx.target().logs() holds /var/log/nginx
 * r.findingList().forEach(f -> System.out.println(f.cause() + " " + f.summary()));
 * }</pre>
 */
public final class NginxErrorLogCheck extends LogCauseCheck {

    /** This check's id. */
    public static final String ID = "http.nginx-error-log";
    /** How close to the newest nginx event a cause's last occurrence must be to count as happening now. */
    public static final Duration RECENT = Duration.ofMinutes(15);

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public NginxErrorLogCheck() {
        super(ID, "nginx error log: upstream failures", SPEC);
    }

    /** Other sites of this server failing at the same time, when the scan is limited to one site. */
    @Override
    List<Finding> more(CheckContext ctx, LogScan scan) {
        return OtherSites.findings(scan, ctx.target().zone());
    }

    private static final LogCauseReport.Spec SPEC = new LogCauseReport.Spec("nginx error log", "nginx error-log lines",
            LogFormat.NGINX_ERROR, id -> id.startsWith(NginxSignatureProvider.ERROR_LOG),
            id -> id.startsWith(NginxSignatureProvider.ERROR_LOG) || id.startsWith(NginxSignatureProvider.ACCESS_LOG),
            NginxCauses::classify, NginxCauses::visitors, new LogCauseReport.Advice() {
                @Override
                public String summary(CauseCode cause, HitGroup t, String when) {
                    return NginxAdvice.summary(cause, t, when);
                }

                @Override
                public List<String> remediation(CauseCode cause, HitGroup t) {
                    return NginxAdvice.remediation(cause, t);
                }

                @Override
                public List<String> confirmWith(CauseCode cause) {
                    return NginxAdvice.confirmWith(cause);
                }
            }, "look for the cause in PHP-FPM's log or raise nginx's error_log level", RECENT);
}
