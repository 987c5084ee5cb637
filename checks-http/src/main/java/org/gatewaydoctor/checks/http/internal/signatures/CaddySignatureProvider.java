package org.gatewaydoctor.checks.http.internal.signatures;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureProvider;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Layer;

/**
 * The Caddy signatures of the catalogue: the errors Caddy 2's {@code reverse_proxy} and {@code php_fastcgi}
 * write to its {@code http.log.error} logger when the upstream fails. Caddy logs JSON by default (one
 * object per line: {@code "logger":"http.log.error","msg":"<Go error>", ..., "status":502}); with a terminal
 * it logs a console form ({@code ERROR http.log.error <msg> {"request": ...}}). Both carry the Go error text
 * the literals below look for, so neither needs a format of its own.
 *
 * <table>
 *   <caption>Go errors Caddy 2.6.2 logged (this module's fixture) and the status it answered</caption>
 *   <tr><th>message</th><th>status</th><th>cause</th></tr>
 *   <tr><td>{@code dial tcp ADDR: connect: connection refused}</td><td>502</td><td>proxy.upstream_refused</td></tr>
 *   <tr><td>{@code dial unix PATH: connect: no such file or directory} (php_fastcgi: {@code dialing backend: ...})</td>
 *       <td>502</td><td>phpfpm.down, phpfpm.socket_mismatch</td></tr>
 *   <tr><td>{@code dial unix PATH: connect: permission denied}</td><td>502</td><td>phpfpm.socket_permission</td></tr>
 *   <tr><td>{@code dial unix PATH: connect: connection refused} (a socket file nobody listens on)</td><td>502</td>
 *       <td>phpfpm.down</td></tr>
 *   <tr><td>{@code net/http: timeout awaiting response headers} ({@code response_header_timeout})</td>
 *       <td>504</td><td>proxy.upstream_timeout</td></tr>
 *   <tr><td>{@code dial tcp ADDR: i/o timeout} ({@code dial_timeout})</td><td>504</td><td>proxy.upstream_timeout</td></tr>
 *   <tr><td>{@code EOF}, {@code read: connection reset by peer}, {@code unexpected EOF}</td><td>502</td>
 *       <td>proxy.upstream_closed</td></tr>
 *   <tr><td>{@code no upstreams available}</td><td>503</td><td>proxy.no_healthy_upstream</td></tr>
 * </table>
 *
 * <p>Fields: {@code upstream} (the address dialled), {@code host} and {@code uri} of the request, and the
 * {@code status} Caddy answered when the line carries it. Caddy's {@code ts} is a Unix time with a
 * fraction, which the scanner does not date: these lines are undated evidence.
 */
public final class CaddySignatureProvider implements SignatureProvider {

    /** Id prefix of the Caddy signatures. */
    public static final String PREFIX = "caddy.";

    /**
     * Caddy's error logger and the start of its message, in the JSON form ({@code "logger":"http.log.error",
     * "msg":"}) and the console form (tab-separated): other Go programs print the same {@code dial tcp} errors
     * about their own connections, which are not a proxy's.
     */
    private static final String LOGGER = "http\\.log\\.error(?:\",\"msg\":\"|\\s{1,8})(?:dialing backend: )?";

    /** The request's host and URI and the status, as far as the (possibly cut) line still has them. */
    private static final String REQUEST = "(?:[^\\n]{0,4096}?\"host\":\"(?<host>[^\"]{0,256})\",\"uri\":\"(?<uri>[^\"?]{0,2048})"
            + "[^\\n]{0,65536}?\"status\":(?<status>[0-9]{3}))?";

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public CaddySignatureProvider() {
    }

    @Override
    public List<Signature> signatures() {
        return List.of(
                error("dial-refused", ": connect: connection refused",
                        "dial tcp (?<upstream>[^\"\\s]{1,512}): connect: connection refused", 502,
                        "Caddy's upstream refuses connections: nothing listens on its address",
                        CauseCode.PROXY_UPSTREAM_REFUSED),
                error("dial-unix-missing", ": connect: no such file or directory",
                        "dial unix (?<upstream>[^\"\\s]{1,512}): connect: no such file or directory", 502,
                        "the unix socket Caddy connects to does not exist: PHP-FPM is stopped or listens elsewhere",
                        CauseCode.PHPFPM_DOWN, CauseCode.PHPFPM_SOCKET_MISMATCH),
                error("dial-unix-denied", ": connect: permission denied",
                        "dial unix (?<upstream>[^\"\\s]{1,512}): connect: permission denied", 502,
                        "Caddy may not connect to the unix socket: its user lacks write permission on it",
                        CauseCode.PHPFPM_SOCKET_PERMISSION),
                error("dial-unix-refused", "dial unix ",
                        "dial unix (?<upstream>[^\"\\s]{1,512}): connect: connection refused", 502,
                        "the unix socket exists but nothing accepts on it: PHP-FPM died and left its socket file",
                        CauseCode.PHPFPM_DOWN),
                error("header-timeout", "timeout awaiting response headers",
                        "net/http: timeout awaiting response headers", 504,
                        "Caddy waited longer than response_header_timeout for the upstream's answer",
                        CauseCode.PROXY_UPSTREAM_TIMEOUT),
                error("dial-timeout", ": i/o timeout",
                        "dial (?:tcp|unix) (?<upstream>[^\"\\s]{1,512}): i/o timeout", 504,
                        "Caddy could not connect to its upstream within dial_timeout",
                        CauseCode.PROXY_UPSTREAM_TIMEOUT),
                error("upstream-closed", "http.log.error",
                        "(?<error>EOF|unexpected EOF|read tcp [^\"\\s]{1,512}: "
                                + "read: connection reset by peer|readfrom tcp [^\"\\s]{1,512}: [^\"]{0,128})(?:\"|\\s)", 502,
                        "the upstream closed or reset the connection before a complete answer",
                        CauseCode.PROXY_UPSTREAM_CLOSED),
                error("no-upstreams", "no upstreams available", "no upstreams available", 503,
                        "every upstream of the reverse_proxy is marked down (health checks or max_fails)",
                        CauseCode.PROXY_NO_HEALTHY_UPSTREAM));
    }

    private static Signature error(String id, String literal, String pattern, int status, String title,
                                   CauseCode... causes) {
        return new Signature(PREFIX + id, Layer.PROXY, Set.of(), literal, Pattern.compile(LOGGER + pattern + REQUEST), status,
                List.of(causes), title);
    }
}
