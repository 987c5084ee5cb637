package org.gatewaydoctor.checks.http;

import java.util.Map;
import org.gatewaydoctor.checks.http.internal.LiteSpeedLog;
import org.gatewaydoctor.checks.http.internal.LogCauseReport;
import org.gatewaydoctor.checks.http.internal.signatures.LiteSpeedSignatureProvider;
import org.gatewaydoctor.logs.LogFormat;

/**
 * Names what LiteSpeed / OpenLiteSpeed's error log and lsphp's {@code stderr.log} say about PHP requests
 * that could not be handed to PHP: {@code No request delivery notification has been received from LSAPI
 * application} and {@code Reached max children process limit}. Reads the shared log scan, in which
 * {@link LiteSpeedSignatureProvider} contributes the signatures.
 */
public final class LiteSpeedErrorLogCheck extends LogCauseCheck {

    /** This check's id. */
    public static final String ID = "http.litespeed-error-log";

    // LiteSpeed's lines have no format of their own in the scanner: its files are found by its hits
    private static final LogCauseReport.Spec SPEC = new LogCauseReport.Spec("LiteSpeed error log",
            "LiteSpeed error-log lines", LogFormat.UNKNOWN, id -> id.startsWith(LiteSpeedSignatureProvider.PREFIX),
            id -> id.startsWith(LiteSpeedSignatureProvider.PREFIX), LiteSpeedLog::classify, scan -> Map.of(),
            LiteSpeedLog.ADVICE, "", NginxErrorLogCheck.RECENT);

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public LiteSpeedErrorLogCheck() {
        super(ID, "LiteSpeed error log: PHP (LSAPI) handler saturation", SPEC);
    }
}
