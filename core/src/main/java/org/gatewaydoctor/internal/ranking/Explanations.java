package org.gatewaydoctor.internal.ranking;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.spi.Explanation;

/**
 * The explanation relation: which cause produces which other cause's evidence. {@link #BUILT_IN} is the
 * project's knowledge, gone through code by code from {@code docs/causes.md}; third-party modules add pairs
 * through {@link org.gatewaydoctor.spi.ExplanationProvider}. {@link #of} keeps the relation acyclic.
 */
public final class Explanations {

    private static final C E = new C();

    /** The built-in pairs, in the order they are applied. */
    public static final List<Explanation> BUILT_IN = builtIn();

    private final List<Explanation> pairs;

    private Explanations(List<Explanation> pairs) {
        this.pairs = List.copyOf(pairs);
    }

    /** The built-in relation alone. */
    public static Explanations standard() {
        return new Explanations(BUILT_IN);
    }

    /**
     * The built-in pairs followed by {@code added}. A duplicate pair is dropped silently; a pair that would
     * close a cycle (A explains B explains ... A) is dropped and reported to {@code rejected}.
     */
    public static Explanations of(List<Explanation> added, BiConsumer<Explanation, String> rejected) {
        List<Explanation> all = new ArrayList<>();
        Set<List<CauseCode>> seen = new HashSet<>();
        Map<CauseCode, Set<CauseCode>> edges = new HashMap<>();
        List<Explanation> candidates = new ArrayList<>(BUILT_IN);
        candidates.addAll(added);
        for (Explanation e : candidates) {
            if (!seen.add(List.of(e.cause(), e.explained()))) {
                continue;
            }
            if (reaches(edges, e.explained(), e.cause())) {
                rejected.accept(e, e.cause() + " explains " + e.explained() + " would close a cycle: "
                        + e.explained() + " already explains " + e.cause() + " through the relation; the pair is ignored");
                continue;
            }
            edges.computeIfAbsent(e.cause(), k -> new LinkedHashSet<>()).add(e.explained());
            all.add(e);
        }
        return new Explanations(all);
    }

    /** Every pair, in the order they are applied. */
    public List<Explanation> pairs() {
        return pairs;
    }

    private static boolean reaches(Map<CauseCode, Set<CauseCode>> edges, CauseCode from, CauseCode to) {
        Deque<CauseCode> todo = new ArrayDeque<>(List.of(from));
        Set<CauseCode> visited = new HashSet<>();
        while (!todo.isEmpty()) {
            CauseCode c = todo.pop();
            if (c.equals(to)) {
                return true;
            }
            if (visited.add(c)) {
                todo.addAll(edges.getOrDefault(c, Set.of()));
            }
        }
        return false;
    }

    private static List<Explanation> builtIn() {
        List<Explanation> l = new ArrayList<>();
        // dns
        l.add(E.x(CauseCode.DNS_DANGLING_CNAME, CauseCode.DNS_NXDOMAIN,
                "a CNAME whose target does not exist makes the name itself answer NXDOMAIN"));
        l.add(E.x(CauseCode.DNS_DANGLING_CNAME, CauseCode.DNS_NO_ADDRESS,
                "a CNAME whose target has no address leaves the name without one"));
        l.add(E.x(CauseCode.DNS_INCONSISTENT, CauseCode.DNS_WRONG_ADDRESS,
                "while servers disagree, some resolvers still hand out the old address"));
        for (CauseCode dns : List.of(CauseCode.DNS_NXDOMAIN, CauseCode.DNS_NO_ADDRESS, CauseCode.DNS_SERVFAIL,
                CauseCode.DNS_TIMEOUT, CauseCode.DNS_DANGLING_CNAME)) {
            l.add(E.x(dns, CauseCode.PROXY_UPSTREAM_DNS_FAILURE, "the proxy's lookups of the upstream name fail the "
                    + "same way (nginx: '<name> could not be resolved')"));
        }
        l.add(E.x(CauseCode.DNS_WRONG_ADDRESS, CauseCode.EDGE_ORIGIN_UNREACHABLE,
                "the edge connects to the wrong address, where nothing answers for the site"));
        l.add(E.x(CauseCode.DNS_WRONG_ADDRESS, CauseCode.PROXY_DOWN,
                "visitors are sent to the wrong address, where nothing accepts connections for the site"));
        l.add(E.x(CauseCode.DNS_WRONG_ADDRESS, CauseCode.TLS_HOSTNAME_MISMATCH,
                "the server at the wrong address presents another site's certificate"));
        // tls: a certificate problem of the origin is why the edge's or proxy's handshake with it fails
        for (CauseCode tls : List.of(CauseCode.TLS_CERTIFICATE_EXPIRED, CauseCode.TLS_UNTRUSTED_CHAIN,
                CauseCode.TLS_HOSTNAME_MISMATCH, CauseCode.TLS_HANDSHAKE_FAILURE)) {
            l.add(E.x(tls, CauseCode.EDGE_ORIGIN_TLS_FAILURE, "an edge that verifies the origin rejects this "
                    + "certificate or handshake"));
            l.add(E.x(tls, CauseCode.PROXY_UPSTREAM_TLS_FAILURE, "a proxy that verifies its HTTPS upstream rejects "
                    + "this certificate or handshake ('upstream SSL certificate verify error')"));
        }
        // the site's own front door: nothing listens where the edge connects
        l.add(E.x(CauseCode.PROXY_DOWN, CauseCode.EDGE_ORIGIN_UNREACHABLE,
                "the edge's connections to the origin are refused because nothing listens at the origin's address"));
        // edge: the edge's own proxy logs are the evidence of its view of the origin
        l.add(E.x(CauseCode.EDGE_ORIGIN_UNREACHABLE, CauseCode.PROXY_UPSTREAM_REFUSED,
                "the edge's proxy logs its refused connects to the origin ('connect() failed (111: Connection refused)')"));
        l.add(E.x(CauseCode.EDGE_ORIGIN_UNREACHABLE, CauseCode.PROXY_NO_HEALTHY_UPSTREAM,
                "an edge balancer marks the unreachable origin down ('no server available', 'no live upstreams')"));
        l.add(E.x(CauseCode.EDGE_ORIGIN_TIMEOUT, CauseCode.PROXY_UPSTREAM_TIMEOUT,
                "the edge's proxy logs its read timeouts on the origin"));
        l.add(E.x(CauseCode.EDGE_ORIGIN_TLS_FAILURE, CauseCode.PROXY_UPSTREAM_TLS_FAILURE,
                "the edge's proxy logs its failed handshakes with the origin"));
        l.add(E.x(CauseCode.EDGE_ORIGIN_ERROR, CauseCode.EDGE_ORIGIN_INVALID_RESPONSE,
                "an origin that answers its own 5xx can look like an unusable answer from the edge"));
        // proxy
        l.add(E.x(CauseCode.PROXY_PROTOCOL_MISMATCH, CauseCode.PROXY_UPSTREAM_CLOSED,
                "the upstream cannot read the request in the protocol spoken to it and closes or resets the connection "
                        + "('upstream prematurely closed', 'recv() failed (104: Connection reset by peer)')"));
        l.add(E.x(CauseCode.PROXY_PROTOCOL_MISMATCH, CauseCode.PROXY_INVALID_HEADER,
                "an answer in another protocol is read as a malformed header"));
        l.add(E.x(CauseCode.PROXY_PROTOCOL_MISMATCH, CauseCode.PROXY_UPSTREAM_TLS_FAILURE,
                "https:// to a plain HTTP port fails the handshake ('wrong version number')"));
        // php-fpm
        l.add(E.x(CauseCode.PHPFPM_DOWN, CauseCode.PROXY_UPSTREAM_REFUSED,
                "nothing accepts on PHP-FPM's socket or port: the proxy's connects are refused or find no socket"));
        l.add(E.x(CauseCode.PHPFPM_DOWN, CauseCode.PROXY_NO_HEALTHY_UPSTREAM,
                "the refusals mark every server of the upstream group down"));
        l.add(E.x(CauseCode.PHPFPM_START_FAILURE, CauseCode.PHPFPM_DOWN, "PHP-FPM that cannot start is not running"));
        l.add(E.x(CauseCode.PHPFPM_START_FAILURE, CauseCode.PROXY_UPSTREAM_REFUSED,
                "PHP-FPM that cannot start does not listen: the proxy's connects are refused"));
        l.add(E.x(CauseCode.PHPFPM_SOCKET_MISMATCH, CauseCode.PROXY_UPSTREAM_REFUSED,
                "the proxy connects where PHP-FPM does not listen: refused, or no such socket"));
        l.add(E.x(CauseCode.PHPFPM_SOCKET_PERMISSION, CauseCode.PROXY_UPSTREAM_REFUSED,
                "the proxy's connect() to the socket fails with EACCES (13: Permission denied)"));
        l.add(E.x(CauseCode.PHPFPM_CLIENT_NOT_ALLOWED, CauseCode.PROXY_UPSTREAM_CLOSED,
                "PHP-FPM accepts and drops the connection of an address not in listen.allowed_clients"));
        l.add(E.x(CauseCode.PHPFPM_POOL_EXHAUSTED, CauseCode.PROXY_UPSTREAM_REFUSED,
                "with the listen backlog full, connects fail at once ('(11: Resource temporarily unavailable)')"));
        l.add(E.x(CauseCode.PHPFPM_POOL_EXHAUSTED, CauseCode.PROXY_UPSTREAM_TIMEOUT,
                "queued requests wait for a worker longer than the proxy's read timeout"));
        l.add(E.x(CauseCode.PHPFPM_POOL_EXHAUSTED, CauseCode.EDGE_ORIGIN_TIMEOUT,
                "queued requests make the origin answer later than the edge waits"));
        l.add(E.x(CauseCode.PHPFPM_POOL_EXHAUSTED, CauseCode.APP_SLOW_REQUESTS,
                "with every worker busy, requests queue and show up as slow; a full pool is what turns slow scripts "
                        + "into what visitors get, and its fix names the slow code first"));
        l.add(E.x(CauseCode.PHPFPM_REQUEST_TIMEOUT, CauseCode.PROXY_UPSTREAM_CLOSED,
                "PHP-FPM kills the worker mid-request: the proxy sees the connection closed or reset"));
        l.add(E.x(CauseCode.PHPFPM_WORKER_CRASH, CauseCode.PROXY_UPSTREAM_CLOSED,
                "a worker dying on a signal closes or resets the proxy's connection"));
        // app
        l.add(E.x(CauseCode.APP_OUTPUT_BEFORE_HEADERS, CauseCode.PROXY_INVALID_HEADER,
                "output before the headers reaches the proxy where it expects a header"));
        l.add(E.x(CauseCode.APP_MEMORY_EXHAUSTED, CauseCode.APP_FATAL_ERROR,
                "'Allowed memory size ... exhausted' is itself a PHP fatal error"));
        l.add(E.x(CauseCode.APP_EXECUTION_TIMEOUT, CauseCode.APP_FATAL_ERROR,
                "'Maximum execution time ... exceeded' is itself a PHP fatal error"));
        // Not app.slow_requests -> proxy.upstream_timeout: a slow script and a short read timeout are two readings
        // of one 504 (the slow log's threshold is as arbitrary as the timeout); the timeout is the mechanism
        // visitors meet, and its fix starts with the slow requests.
        // database
        l.add(E.x(CauseCode.DATABASE_DOWN, CauseCode.APP_FATAL_ERROR,
                "PHP 8.1+ turns a failed mysqli connect into an uncaught exception: a fatal error"));
        l.add(E.x(CauseCode.DATABASE_ACCESS_DENIED, CauseCode.APP_FATAL_ERROR,
                "a rejected login fails mysqli_real_connect the same way"));
        l.add(E.x(CauseCode.DATABASE_TOO_MANY_CONNECTIONS, CauseCode.APP_FATAL_ERROR,
                "a connection refused for max_connections fails mysqli_real_connect the same way"));
        l.add(E.x(CauseCode.DATABASE_SLOW, CauseCode.PHPFPM_POOL_EXHAUSTED,
                "workers waiting on slow queries fill the pool"));
        l.add(E.x(CauseCode.DATABASE_SLOW, CauseCode.PHPFPM_REQUEST_TIMEOUT,
                "scripts waiting on slow queries run into request_terminate_timeout"));
        l.add(E.x(CauseCode.DATABASE_SLOW, CauseCode.APP_EXECUTION_TIMEOUT,
                "scripts waiting on slow queries run into max_execution_time"));
        l.add(E.x(CauseCode.DATABASE_SLOW, CauseCode.APP_SLOW_REQUESTS,
                "scripts waiting on slow queries are the slow requests"));
        l.add(E.x(CauseCode.DATABASE_SLOW, CauseCode.PROXY_UPSTREAM_TIMEOUT,
                "pages waiting on slow queries outlast the proxy's read timeout"));
        // host
        l.add(E.x(CauseCode.HOST_OUT_OF_MEMORY, CauseCode.PHPFPM_WORKER_CRASH,
                "the OOM killer's SIGKILL is a worker dying on a signal"));
        l.add(E.x(CauseCode.HOST_OUT_OF_MEMORY, CauseCode.PHPFPM_DOWN,
                "the OOM killer can kill PHP-FPM's master"));
        l.add(E.x(CauseCode.HOST_OUT_OF_MEMORY, CauseCode.DATABASE_DOWN,
                "the OOM killer usually picks the database, the largest process"));
        l.add(E.x(CauseCode.HOST_OVERLOADED, CauseCode.APP_SLOW_REQUESTS,
                "scripts on a saturated host run slowly"));
        l.add(E.x(CauseCode.HOST_OVERLOADED, CauseCode.DATABASE_SLOW,
                "queries on a saturated host run slowly"));
        // an origin-side cause that gives a 5xx is what an edge relays as the origin's own error
        for (CauseCode c : CauseCode.known()) {
            Layer layer = c.layer().orElseThrow();
            boolean origin = layer.compareTo(Layer.LOAD_BALANCER) >= 0;
            boolean fiveXx = StatusFit.statuses(c).map(s -> s.stream().anyMatch(x -> x >= 500)).orElse(false);
            // proxy.down answers nothing: its 5xx are the edge's own (origin unreachable), never relayed
            if (origin && fiveXx && !c.equals(CauseCode.PROXY_DOWN)) {
                l.add(E.x(c, CauseCode.EDGE_ORIGIN_ERROR, "the origin answers its own 5xx for it, and the edge "
                        + "passes that on"));
            }
        }
        return List.copyOf(l);
    }

    /** Shorthand for building the table. */
    private static final class C {
        Explanation x(CauseCode cause, CauseCode explained, String how) {
            return new Explanation(cause, explained, how);
        }
    }
}
