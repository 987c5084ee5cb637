package org.gatewaydoctor.checks.http.internal.signatures;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureProvider;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Layer;

/**
 * The HAProxy signatures of the catalogue: the termination state of HTTP log lines, and HAProxy's own
 * alerts when a server goes down or a backend has none left.
 *
 * <p>Log lines are in the format of {@code option httplog} (HAProxy's configuration manual, section
 * 8.2.3, "HTTP log format"; source of truth for the states: section 8.5, "Stream state at
 * disconnection"):
 * {@code client:port [accept date] frontend backend/server TR/Tw/Tc/Tr/Ta status bytes CC CS state
 * actconn/feconn/beconn/srv_conn/retries srv_queue/backend_queue {headers} "request"}, usually inside a
 * syslog envelope. The first two characters of the four-character state say who ended the stream and
 * in which phase; they decide the signature:
 *
 * <table>
 *   <caption>Termination states and what they mean for a visitor</caption>
 *   <tr><th>state</th><th>meaning</th><th>status</th><th>cause</th></tr>
 *   <tr><td>{@code SC}</td><td>the server refused the connection</td><td>503</td><td>proxy.upstream_refused</td></tr>
 *   <tr><td>{@code SC} with {@code <NOSRV>}</td><td>no server was usable at all</td><td>503</td><td>proxy.no_healthy_upstream</td></tr>
 *   <tr><td>{@code sC}</td><td>{@code timeout connect} struck</td><td>503</td><td>proxy.upstream_timeout</td></tr>
 *   <tr><td>{@code SH}</td><td>the server closed or reset before its headers</td><td>502</td><td>proxy.upstream_closed</td></tr>
 *   <tr><td>{@code sH}</td><td>{@code timeout server} struck before the headers</td><td>504</td><td>proxy.upstream_timeout</td></tr>
 *   <tr><td>{@code PH}</td><td>HAProxy blocked an invalid or too big response</td><td>502</td><td>proxy.invalid_header, proxy.header_too_big</td></tr>
 *   <tr><td>{@code SD} / {@code sD}</td><td>the server broke off / went silent in the body</td><td>(truncated)</td><td>proxy.upstream_closed / proxy.upstream_timeout</td></tr>
 *   <tr><td>{@code sQ}</td><td>expired in the queue: every server at its maxconn</td><td>503</td><td>proxy.worker_connections_exhausted</td></tr>
 *   <tr><td>{@code PC} / {@code RC}</td><td>HAProxy out of sockets or other local resources</td><td>503</td><td>proxy.worker_connections_exhausted</td></tr>
 *   <tr><td>{@code CD}</td><td>the client went away during the body</td><td>(none)</td><td>context only</td></tr>
 *   <tr><td>{@code --} with a 5xx status</td><td>normal completion: the server answered the 5xx itself</td><td>(the server's)</td><td>none: a symptom, look behind the server</td></tr>
 * </table>
 *
 * <p>The statuses were observed with HAProxy 2.6.12 (this module's test fixtures). A state alone is
 * two letters, far too short for the scanner's literal search, so each literal is the state with its
 * fixed surroundings in the default format: the two captured-cookie fields ({@code - -}, empty
 * unless {@code capture cookie} is configured) and the two persistence-cookie flags ({@code --}, unless
 * {@code cookie} persistence is configured), e.g. {@code " - - SH-- "}, 10 bytes. Lines of a custom
 * {@code log-format}, of {@code option httplog clf}, or with cookie captures or persistence cookies are
 * therefore not recognised. The head before the timers (client, accept date, frontend, backend/server)
 * may be missing, as in pasted fragments, and the timers may be padded with spaces, as HAProxy 1.5 and 1.6
 * wrote them ({@code 26848/   0/-1/-1/26849}); only the {@code <NOSRV>} state needs the head.
 *
 * <p>Fields of log lines: {@code client}, {@code frontend}, {@code backend}, {@code server},
 * {@code tq}, {@code tw}, {@code tc}, {@code tr}, {@code ta} (the timers TR/Tw/Tc/Tr/Ta in ms, -1 when
 * that phase was not reached), {@code status}, {@code bytes}, {@code state}, {@code request}. Alerts
 * add {@code reason}, {@code code}, {@code info} and {@code remaining} (servers left). The alerts are
 * also matched in HAProxy's own stderr form ({@code [WARNING]  (pid) : Server ...}), which has no
 * format of its own.
 */
public final class HaproxySignatureProvider implements SignatureProvider {

    /** Id prefix of these signatures. */
    public static final String PREFIX = "haproxy.";

    private static final Set<LogFormat> LOG = Set.of(LogFormat.HAPROXY);
    /** HAProxy's alerts also go to its stderr (journal, container logs), a form with no format of its own. */
    private static final Set<LogFormat> ALERT = Set.of(LogFormat.HAPROXY, LogFormat.UNKNOWN);

    /** An {@code option httplog} line from the client address to the termination state (whose first two letters are substituted). */
    private static final String HTTPLOG = "%s"
            + "(?<tq>-?[0-9]{1,10})/ {0,8}(?<tw>-?[0-9]{1,10})/ {0,8}(?<tc>-?[0-9]{1,10})/ {0,8}(?<tr>-?[0-9]{1,10})/ {0,8}"
            + "(?<ta>\\+?-?[0-9]{1,10}) "
            + "(?<status>%s) (?<bytes>\\+?[0-9]{1,20}) - - (?<state>%s--) "
            + "(?:[0-9]{1,10}/){4}[0-9+]{1,11} [0-9]{1,10}/[0-9]{1,10}(?: \\{[^}]{0,4096}\\}){0,2}"
            + "(?: \"(?<request>[A-Z]{1,16} [^\"?\\s]{0,4096})[^\"]{0,8192}\"| \"[^\"]{0,8192}\")?";
    /**
     * The line's head up to the timers: client, accept date, frontend, backend/server. A client masked by
     * the person who posted the line ({@code xxx.xxx.xxx.xxx:43608}) still counts. Optional (unless the
     * server is what decides): pasted fragments often start at the timers, and 1.5/1.6 pad the timers
     * with spaces.
     */
    private static final String HEAD = "(?<client>[0-9A-Fa-fx*.:]{1,64}|unix):[0-9]{1,5} \\[[^\\]]{1,64}\\] "
            + "(?<frontend>\\S{1,256}) (?<backend>[^/\\s]{1,256})/(?<server>%s\\S{1,256}) {1,2}";
    private static final String ANY_STATUS = "-?[0-9]{1,3}";
    private static final String ANY_SERVER = "";
    private static final String REAL_SERVER = "(?!<NOSRV>)";
    private static final String NO_SERVER = "(?=<NOSRV>)";

    /** {@code Server be/srv is DOWN, reason: ...} (src/server.c, check.c check_append_info). */
    private static final String DOWN = "(?:Backup )?Server (?<backend>[^/\\s]{1,256})/(?<server>\\S{1,256}) is DOWN, reason: "
            + "(?<reason>%s)(?:, code: (?<code>[0-9]{1,4}))?(?:, info: \"(?<info>[^\"]{0,512})\")?"
            + "(?:, check duration: [0-9]{1,10}ms)?(?:\\. (?<remaining>[0-9]{1,6}) active and [0-9]{1,6} backup servers? left)?";

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public HaproxySignatureProvider() {
    }

    @Override
    public List<Signature> signatures() {
        List<Signature> out = new ArrayList<>();
        out.add(state("server-refused", "SC", REAL_SERVER, 503,
                "the server refused HAProxy's connection (nothing listening, or a firewall rejecting)",
                CauseCode.PROXY_UPSTREAM_REFUSED));
        out.add(state("no-server", "SC", NO_SERVER, 503,
                "HAProxy had no usable server for the request: every server of the backend is down",
                CauseCode.PROXY_NO_HEALTHY_UPSTREAM));
        out.add(state("connect-timeout", "sC", ANY_SERVER, 503,
                "timeout connect struck before the server accepted the connection",
                CauseCode.PROXY_UPSTREAM_TIMEOUT));
        out.add(state("server-closed", "SH", ANY_SERVER, 502,
                "the server closed or reset the connection before sending complete headers (crash, killed worker)",
                CauseCode.PROXY_UPSTREAM_CLOSED));
        out.add(state("server-timeout", "sH", ANY_SERVER, 504,
                "timeout server struck before the server sent its response headers",
                CauseCode.PROXY_UPSTREAM_TIMEOUT));
        out.add(state("response-blocked", "PH", ANY_SERVER, 502,
                "HAProxy blocked the server's response: invalid or too big headers",
                CauseCode.PROXY_INVALID_HEADER, CauseCode.PROXY_HEADER_TOO_BIG));
        out.add(state("server-aborted-body", "SD", ANY_SERVER, null,
                "the server broke off during the response body: the visitor got a truncated page",
                CauseCode.PROXY_UPSTREAM_CLOSED));
        out.add(state("server-timeout-body", "sD", ANY_SERVER, null,
                "the server went silent during the response body for longer than timeout server",
                CauseCode.PROXY_UPSTREAM_TIMEOUT));
        out.add(state("queue-timeout", "sQ", ANY_SERVER, 503,
                "the request expired in HAProxy's queue (timeout queue): every server was at its maxconn",
                CauseCode.PROXY_WORKER_CONNECTIONS_EXHAUSTED));
        out.add(state("proxy-socket-limit", "PC", ANY_SERVER, 503,
                "HAProxy reached its own socket limit (global maxconn, ulimit-n) while connecting",
                CauseCode.PROXY_WORKER_CONNECTIONS_EXHAUSTED));
        out.add(state("proxy-resource-exhausted", "RC", ANY_SERVER, 503,
                "a local resource of HAProxy (memory, sockets, source ports) ran out while connecting",
                CauseCode.PROXY_WORKER_CONNECTIONS_EXHAUSTED));
        out.add(state("client-aborted-body", "CD", ANY_SERVER, null,
                "the client went away during the response body (context: slow pages, impatient visitors)"));
        // ---- with a 5xx status: the server answered the error itself and HAProxy relayed it
        out.add(new Signature(PREFIX + "relayed-error", Layer.LOAD_BALANCER, LOG, " - - ---- ",
                Pattern.compile(String.format(HTTPLOG, head(ANY_SERVER), "5[0-9]{2}", "--")), null, List.of(),
                "the server answered a 5xx itself and HAProxy relayed it: the cause is behind the server"));
        // src/server.c + src/check.c: Server %s/%s is DOWN, reason: <check status description>
        out.add(down("server-down-refused", "Layer4 connection problem|Socket error",
                "a health check could not connect: the server refuses connections", CauseCode.PROXY_UPSTREAM_REFUSED));
        out.add(down("server-down-timeout", "Layer4 timeout|Layer7 timeout",
                "a health check timed out: the server accepts no connections, or answers too slowly",
                CauseCode.PROXY_UPSTREAM_TIMEOUT));
        out.add(down("server-down-tls", "Layer6 timeout|Layer6 invalid response",
                "a health check failed its TLS handshake", CauseCode.PROXY_UPSTREAM_TLS_FAILURE));
        out.add(down("server-down-invalid", "Layer7 invalid response",
                "a health check got an invalid HTTP answer", CauseCode.PROXY_INVALID_HEADER));
        out.add(down("server-down-status", "Layer7 wrong status",
                "a health check got an error status from the server: the failure is behind it (look further in)"));
        out.add(down("server-down", "(?!Layer4 connection problem|Socket error|Layer4 timeout|Layer7 timeout"
                        + "|Layer6 timeout|Layer6 invalid response|Layer7 invalid response|Layer7 wrong status)[^,.]{1,128}",
                "HAProxy marked a server down"));
        // src/backend.c: "%s %s has no server available!" (log) / "%s '%s' has no server available!" (stderr)
        out.add(new Signature(PREFIX + "backend-no-server", Layer.LOAD_BALANCER, ALERT, "has no server available!",
                Pattern.compile("(?<kind>backend|proxy|listener|frontend|ruleset) '?(?<backend>[^'\\s]{1,256})'? has no "
                        + "server available!"),
                503, List.of(CauseCode.PROXY_NO_HEALTHY_UPSTREAM),
                "a backend has no server left: HAProxy answers 503 to every request for it"));
        return List.copyOf(out);
    }

    private static Signature state(String id, String state, String server, Integer status, String title,
                                   CauseCode... causes) {
        return new Signature(PREFIX + id, Layer.LOAD_BALANCER, LOG, " - - " + state + "-- ",
                Pattern.compile(String.format(HTTPLOG, head(server), ANY_STATUS, state)), status, List.of(causes), title);
    }

    /** The head for a server condition: required when the server decides ({@code <NOSRV>}), else optional. */
    private static String head(String server) {
        String head = String.format(HEAD, server);
        if (server.equals(NO_SERVER)) {
            return head;
        }
        // without its head, a line must not be the tail of a <NOSRV> line
        return "(?:" + head + "|(?<!<NOSRV> )(?<!<NOSRV>  ))";
    }

    private static Signature down(String id, String reasons, String title, CauseCode... causes) {
        return new Signature(PREFIX + id, Layer.LOAD_BALANCER, ALERT, "is DOWN, reason: ",
                Pattern.compile(String.format(DOWN, reasons)), null, List.of(causes), title);
    }
}
