package org.gatewaydoctor.checks.http.internal;

import static org.gatewaydoctor.checks.http.internal.CauseTable.part;

import java.util.List;
import java.util.Map;
import org.gatewaydoctor.checks.http.internal.signatures.LiteSpeedSignatureProvider;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.model.CauseCode;

/** LiteSpeed's error log and lsphp's stderr.log read as causes, and what to tell the site owner. */
public final class LiteSpeedLog implements LogCauseReport.Advice {

    private static final CauseTable TABLE = new CauseTable(LiteSpeedSignatureProvider.PREFIX,
            h -> h.fields().getOrDefault("vhost", Map.of()))
            .on("lsapi-no-delivery", part(CauseCode.PHPFPM_POOL_EXHAUSTED, 0.6, 0.85,
                    "lsphp took no request for 3 seconds (every LSAPI child busy or stuck)"))
            .on("lsapi-max-children", part(CauseCode.PHPFPM_POOL_EXHAUSTED, 0.75, 0.93,
                    "lsphp reached LSAPI_CHILDREN"));

    /** The one instance. */
    public static final LiteSpeedLog ADVICE = new LiteSpeedLog();

    private LiteSpeedLog() {
    }

    /** The causes the scan's LiteSpeed hits point to. */
    public static Map<CauseCode, HitGroup> classify(LogScan scan) {
        return TABLE.classify(scan);
    }

    @Override
    public String summary(CauseCode cause, HitGroup t, String when) {
        return "LiteSpeed's PHP handler (lsphp) took no new requests: every LSAPI child was busy or stuck "
                + LogCauseReport.times(t.count()) + when;
    }

    @Override
    public List<String> remediation(CauseCode cause, HitGroup t) {
        return List.of(
                "Find what keeps lsphp children busy: slow scripts, a PHP extension that hangs (ionCube with an"
                        + " unsupported PHP version is a known one), or a database that does not answer.",
                "Raise the PHP handler's Max Connections and LSAPI_CHILDREN together if memory allows; with"
                        + " several httpd workers, each worker's connections must fit within the children.",
                "Update OpenLiteSpeed: 1.7.19 fixed a case of this dead lock.");
    }

    @Override
    public List<String> confirmWith(CauseCode cause) {
        return List.of("lsphp's stderr.log shows 'Reached max children process limit' at the same times",
                "ps shows every lsphp child busy (and for how long)");
    }
}
