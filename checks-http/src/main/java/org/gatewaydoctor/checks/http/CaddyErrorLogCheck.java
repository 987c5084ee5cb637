package org.gatewaydoctor.checks.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gatewaydoctor.checks.http.internal.CaddyLog;
import org.gatewaydoctor.checks.http.internal.LogCauseReport;
import org.gatewaydoctor.checks.http.internal.signatures.CaddySignatureProvider;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;

/**
 * Names what Caddy 2's error log says about its upstreams: refused, missing or forbidden sockets, timeouts,
 * closed connections, no upstream left. Reads the shared log scan, in which {@link CaddySignatureProvider}
 * contributes the signatures.
 */
public final class CaddyErrorLogCheck implements Check {

    /** This check's id. */
    public static final String ID = "http.caddy-error-log";

    // Caddy's JSON lines have no format of their own in the scanner: its files are found by its hits
    private static final LogCauseReport.Spec SPEC = new LogCauseReport.Spec("Caddy error log", "Caddy error-log lines",
            LogFormat.UNKNOWN, id -> id.startsWith(CaddySignatureProvider.PREFIX),
            id -> id.startsWith(CaddySignatureProvider.PREFIX), CaddyLog::classify, scan -> Map.of(), CaddyLog.ADVICE, "",
            NginxErrorLogCheck.RECENT);

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public CaddyErrorLogCheck() {
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
        return "Caddy error log: what happened to requests proxied to the upstream";
    }

    @Override
    public Duration timeout() {
        // it waits on the shared log scan, which the diagnosis deadline bounds
        return UNTIL_DIAGNOSIS_DEADLINE;
    }

    @Override
    public CheckResult run(CheckContext ctx) throws InterruptedException {
        return LogCauseReport.run(ctx, SPEC, scan -> List.of());
    }
}
