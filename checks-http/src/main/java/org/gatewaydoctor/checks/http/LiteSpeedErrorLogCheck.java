package org.gatewaydoctor.checks.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gatewaydoctor.checks.http.internal.LiteSpeedLog;
import org.gatewaydoctor.checks.http.internal.LogCauseReport;
import org.gatewaydoctor.checks.http.internal.signatures.LiteSpeedSignatureProvider;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;

/**
 * Names what LiteSpeed / OpenLiteSpeed's error log and lsphp's {@code stderr.log} say about PHP requests
 * that could not be handed to PHP: {@code No request delivery notification has been received from LSAPI
 * application} and {@code Reached max children process limit}. Reads the shared log scan, in which
 * {@link LiteSpeedSignatureProvider} contributes the signatures.
 */
public final class LiteSpeedErrorLogCheck implements Check {

    /** This check's id. */
    public static final String ID = "http.litespeed-error-log";

    // LiteSpeed's lines have no format of their own in the scanner: its files are found by its hits
    private static final LogCauseReport.Spec SPEC = new LogCauseReport.Spec("LiteSpeed error log",
            "LiteSpeed error-log lines", LogFormat.UNKNOWN, id -> id.startsWith(LiteSpeedSignatureProvider.PREFIX),
            id -> id.startsWith(LiteSpeedSignatureProvider.PREFIX), LiteSpeedLog::classify, scan -> Map.of(),
            LiteSpeedLog.ADVICE, "", NginxErrorLogCheck.RECENT);

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public LiteSpeedErrorLogCheck() {
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
        return "LiteSpeed error log: PHP (LSAPI) handler saturation";
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
