package org.gatewaydoctor.checks.http;

import java.util.Map;
import org.gatewaydoctor.checks.http.internal.CaddyLog;
import org.gatewaydoctor.checks.http.internal.LogCauseReport;
import org.gatewaydoctor.checks.http.internal.signatures.CaddySignatureProvider;
import org.gatewaydoctor.logs.LogFormat;

/**
 * Names what Caddy 2's error log says about its upstreams: refused, missing or forbidden sockets, timeouts,
 * closed connections, no upstream left. Reads the shared log scan, in which {@link CaddySignatureProvider}
 * contributes the signatures.
 */
public final class CaddyErrorLogCheck extends LogCauseCheck {

    /** This check's id. */
    public static final String ID = "http.caddy-error-log";

    // Caddy's JSON lines have no format of their own in the scanner: its files are found by its hits
    private static final LogCauseReport.Spec SPEC = new LogCauseReport.Spec("Caddy error log", "Caddy error-log lines",
            LogFormat.UNKNOWN, id -> id.startsWith(CaddySignatureProvider.PREFIX),
            id -> id.startsWith(CaddySignatureProvider.PREFIX), CaddyLog::classify, scan -> Map.of(), CaddyLog.ADVICE, "",
            NginxErrorLogCheck.RECENT);

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public CaddyErrorLogCheck() {
        super(ID, "Caddy error log: what happened to requests proxied to the upstream", SPEC);
    }
}
