package org.gatewaydoctor.checks.http;

import java.util.List;
import org.gatewaydoctor.checks.http.internal.ApacheLog;
import org.gatewaydoctor.checks.http.internal.LogCauseReport;
import org.gatewaydoctor.checks.http.internal.NginxCauses;
import org.gatewaydoctor.checks.http.internal.OtherSites;
import org.gatewaydoctor.checks.http.internal.signatures.ApacheSignatureProvider;
import org.gatewaydoctor.checks.http.internal.signatures.NginxSignatureProvider;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;

/**
 * Names the backend failures Apache httpd's error log records: PHP-FPM's socket missing, refusing or
 * denied to Apache's user, backends that refuse connections, time out, close before answering or
 * answer malformed, oversized or non-HTTP headers, balancers with every member in error state, DNS and
 * TLS failures towards the backend, MaxRequestWorkers reached, and the PHP errors PHP-FPM relays on
 * FastCGI stderr; and, from the access log, when visitors got the 502, 503 and 504 answers.
 *
 * <p>Each cause's finding says the status Apache really answers, which is often not a 502: 503 when it
 * cannot connect to its backend (mod_proxy_fcgi and mod_proxy_http alike), 504 when mod_proxy_fcgi gives
 * up waiting for PHP-FPM ({@code AH01075}), 502 when mod_proxy_http cannot read the backend's status line
 * ({@code AH01102}), be it closed or silent. It reads no line itself: it interprets the diagnosis's shared
 * {@linkplain CheckContext#logScan() log scan}, in which {@link ApacheSignatureProvider} contributes the
 * Apache signatures. Counting, time spans and severity work as in {@link NginxErrorLogCheck}.
 *
 * <pre>{@code
 * CheckResult r = new ApacheErrorLogCheck().run(ctx);   // ctx.target().logs() holds /var/log/apache2
 * r.findingList().forEach(f -> System.out.println(f.cause() + " " + f.summary()));
 * }</pre>
 */
public final class ApacheErrorLogCheck extends LogCauseCheck {

    /** This check's id. */
    public static final String ID = "http.apache-error-log";

    private static final LogCauseReport.Spec SPEC = new LogCauseReport.Spec("Apache error log",
            "Apache error-log lines", LogFormat.APACHE_ERROR, id -> id.startsWith(ApacheSignatureProvider.PREFIX),
            id -> id.startsWith(ApacheSignatureProvider.PREFIX) || id.startsWith(NginxSignatureProvider.ACCESS_LOG),
            ApacheLog::classify, NginxCauses::visitors, ApacheLog.ADVICE,
            "look for the cause in the backend's own log or raise Apache's LogLevel (proxy:info)",
            NginxErrorLogCheck.RECENT);

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public ApacheErrorLogCheck() {
        super(ID, "Apache error log: backend failures", SPEC);
    }

    /** Other virtual hosts of this server failing at the same time, when the scan is limited to one site. */
    @Override
    List<Finding> more(CheckContext ctx, LogScan scan) {
        return OtherSites.findings(scan, ctx.target().zone());
    }
}
