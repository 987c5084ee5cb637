package org.gatewaydoctor.checks.http.internal.signatures;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureProvider;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Layer;

/**
 * LiteSpeed / OpenLiteSpeed signatures: the web server's own error log
 * ({@code 2023-06-03 05:49:49.082262 [NOTICE] [9985] [1.2.3.4:62888:HTTP2-1#vhost] message}) and the
 * {@code stderr.log} its lsphp (LSAPI) processes write. Neither has a line format of its own in the
 * scanner, so the signatures apply to lines of any format.
 *
 * <ul>
 *   <li>OpenLiteSpeed src/extensions/lsapi/lsapiconn.cpp, {@code LsapiConn::onTimer()}:
 *       {@code "No request delivery notification has been received from LSAPI application, possible dead
 *       lock."}, logged when lsphp has not taken a request 3 s after it was sent: every lsphp child is
 *       busy or stuck;
 *   <li>php-src sapi/litespeed/lsapilib.c: {@code "Reached max children process limit: %d, extra: %d,
 *       current: %d, busy: %d, please increase LSAPI_CHILDREN.\n"}.
 * </ul>
 */
public final class LiteSpeedSignatureProvider implements SignatureProvider {

    /** Id prefix of the LiteSpeed signatures. */
    public static final String PREFIX = "litespeed.";

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public LiteSpeedSignatureProvider() {
    }

    @Override
    public List<Signature> signatures() {
        return List.of(
                new Signature(PREFIX + "lsapi-no-delivery", Layer.PROXY, Set.of(),
                        "No request delivery notification has been received from LSAPI application",
                        Pattern.compile("(?:\\[(?<client>[^\\]:]{1,128}):[0-9]{1,5}:[^\\]#]{0,32}#(?<vhost>[^\\]]{1,128})\\] )?"
                                + "No request delivery notification has been received from LSAPI application"),
                        503, List.of(CauseCode.PHPFPM_POOL_EXHAUSTED),
                        "lsphp took no request for 3 seconds: every LSAPI child is busy or stuck"),
                new Signature(PREFIX + "lsapi-max-children", Layer.PHP_FPM, Set.of(),
                        "Reached max children process limit: ",
                        Pattern.compile("Reached max children process limit: (?<maxChildren>\\d{1,9}), extra: "
                                + "(?<extra>\\d{1,9}), current: (?<current>\\d{1,9})"),
                        503, List.of(CauseCode.PHPFPM_POOL_EXHAUSTED),
                        "lsphp reached LSAPI_CHILDREN: every PHP child is busy"));
    }
}
