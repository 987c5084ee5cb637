package org.gatewaydoctor.checks.wordpress.internal.signatures;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureProvider;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Layer;

/**
 * Apache error-log lines about a site's {@code .htaccess}: a file Apache cannot read (it logs the file's path at
 * level {@code alert}, then answers 500), and rewrites that loop internally ({@code AH00124}).
 *
 * <p>The texts, from httpd 2.4 {@code server/config.c} and produced by Apache 2.4 on Debian 12 for this module's
 * fixtures: {@code /var/www/html/.htaccess: Expected </IfModule> before end of configuration} (a section never
 * closed around a module that is not loaded), {@code </IfModule> without matching <IfModule> section},
 * {@code Invalid command 'X', perhaps misspelled or defined by a module not included in the server configuration};
 * and {@code AH00124: Request exceeded the limit of 10 internal redirects due to probable configuration error.}
 *
 * <p>Fields: {@code file} and {@code message} for {@code htaccess.unreadable}; {@code limit} for
 * {@code htaccess.internal-redirect-loop}.
 */
public final class HtaccessSignatureProvider implements SignatureProvider {

    /** Id prefix of these signatures. */
    public static final String PREFIX = "htaccess.";
    /** A {@code .htaccess} Apache could not read. */
    public static final String UNREADABLE = PREFIX + "unreadable";
    /** Rewrites that loop internally. */
    public static final String LOOP = PREFIX + "internal-redirect-loop";

    private static final Set<LogFormat> APACHE = Set.of(LogFormat.APACHE_ERROR);

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public HtaccessSignatureProvider() {
    }

    @Override
    public List<Signature> signatures() {
        return List.of(
                new Signature(UNREADABLE, Layer.APPLICATION, APACHE, ".htaccess: ",
                        Pattern.compile("(?<file>/[^\\s:]{0,1024}/\\.htaccess): (?<message>[^\\n]{1,512})"), 500,
                        List.of(CauseCode.APP_HTACCESS_INVALID),
                        "Apache cannot read a .htaccess and answers 500 for every request under its folder"),
                new Signature(LOOP, Layer.APPLICATION, APACHE, "AH00124: Request exceeded the limit of ",
                        Pattern.compile("AH00124: Request exceeded the limit of (?<limit>[0-9]{1,6}) internal redirects"),
                        500, List.of(CauseCode.APP_HTACCESS_INVALID),
                        "rewrite rules send the request back into themselves until Apache gives up with 500"));
    }
}
