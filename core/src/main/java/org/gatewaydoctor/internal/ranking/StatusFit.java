package org.gatewaydoctor.internal.ranking;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.ErrorSource;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.spi.CheckResult;

/**
 * Which HTTP statuses each cause's mechanism can give visitors, and which status visitors actually got.
 *
 * <p>The sets follow {@code docs/causes.md} ("Which status, and why"): the status of {@link CauseCode#typicalStatus()}
 * plus the variants the real software writes for the same fault (Apache's mod_proxy answers 503 where nginx
 * answers 502; a full pool gives slow 200s, 502s or 504s). An empty set means the mechanism gives no HTTP answer
 * at all (DNS, TLS, a redirect loop); a code that is absent (a third-party code, {@code dns.wrong_address},
 * {@code edge.origin_error}, which relays whatever the origin says) is never judged.
 */
final class StatusFit {

    private static final Set<Integer> NO_ANSWER = Set.of();
    private static final Set<Integer> GATEWAY = Set.of(502, 503);
    private static final Map<CauseCode, Set<Integer>> STATUSES = new HashMap<>();

    static {
        for (CauseCode c : List.of(CauseCode.DNS_NXDOMAIN, CauseCode.DNS_NO_ADDRESS, CauseCode.DNS_SERVFAIL,
                CauseCode.DNS_TIMEOUT, CauseCode.DNS_DANGLING_CNAME, CauseCode.TLS_CERTIFICATE_EXPIRED,
                CauseCode.TLS_HOSTNAME_MISMATCH, CauseCode.TLS_UNTRUSTED_CHAIN, CauseCode.TLS_HANDSHAKE_FAILURE,
                CauseCode.APP_REDIRECT_LOOP)) {
            STATUSES.put(c, NO_ANSWER);
        }
        // Apache, HAProxy and Varnish as the edge answer 503 where Cloudflare writes its 52x.
        STATUSES.put(CauseCode.EDGE_ORIGIN_UNREACHABLE, Set.of(502, 503, 521, 522, 523, 530));
        STATUSES.put(CauseCode.EDGE_ORIGIN_TLS_FAILURE, Set.of(502, 503, 525, 526));
        STATUSES.put(CauseCode.EDGE_ORIGIN_INVALID_RESPONSE, Set.of(502, 503, 520));
        STATUSES.put(CauseCode.EDGE_ORIGIN_TIMEOUT, Set.of(503, 504, 524));
        for (CauseCode c : List.of(CauseCode.PROXY_UPSTREAM_REFUSED, CauseCode.PROXY_UPSTREAM_CLOSED,
                CauseCode.PROXY_INVALID_HEADER, CauseCode.PROXY_PROTOCOL_MISMATCH, CauseCode.PROXY_UPSTREAM_TLS_FAILURE,
                CauseCode.PROXY_UPSTREAM_DNS_FAILURE, CauseCode.PROXY_NO_HEALTHY_UPSTREAM, CauseCode.PHPFPM_DOWN,
                CauseCode.PHPFPM_SOCKET_MISMATCH, CauseCode.PHPFPM_SOCKET_PERMISSION, CauseCode.PHPFPM_REQUEST_TIMEOUT,
                CauseCode.PHPFPM_WORKER_CRASH, CauseCode.PHPFPM_CLIENT_NOT_ALLOWED, CauseCode.PHPFPM_START_FAILURE)) {
            STATUSES.put(c, GATEWAY);
        }
        STATUSES.put(CauseCode.PROXY_HEADER_TOO_BIG, Set.of(502));
        STATUSES.put(CauseCode.PROXY_UPSTREAM_TIMEOUT, Set.of(504));
        STATUSES.put(CauseCode.PROXY_WORKER_CONNECTIONS_EXHAUSTED, Set.of(500, 502, 503));
        STATUSES.put(CauseCode.PHPFPM_POOL_EXHAUSTED, Set.of(200, 502, 503, 504));
        STATUSES.put(CauseCode.APP_OUTPUT_BEFORE_HEADERS, Set.of(200, 502, 503));
        STATUSES.put(CauseCode.APP_FATAL_ERROR, Set.of(500, 502, 503));
        STATUSES.put(CauseCode.APP_MEMORY_EXHAUSTED, Set.of(500));
        STATUSES.put(CauseCode.APP_EXECUTION_TIMEOUT, Set.of(500, 502));
        STATUSES.put(CauseCode.APP_SLOW_REQUESTS, Set.of(200, 502, 503, 504));
        STATUSES.put(CauseCode.DATABASE_DOWN, Set.of(500));
        STATUSES.put(CauseCode.DATABASE_ACCESS_DENIED, Set.of(500));
        STATUSES.put(CauseCode.DATABASE_TOO_MANY_CONNECTIONS, Set.of(500));
        STATUSES.put(CauseCode.DATABASE_SLOW, Set.of(200, 502, 503, 504));
        STATUSES.put(CauseCode.HOST_OUT_OF_MEMORY, GATEWAY);
        STATUSES.put(CauseCode.HOST_OVERLOADED, Set.of(200, 502, 503, 504));
    }

    private StatusFit() {
    }

    /** The statuses the mechanism of {@code code} can give; empty for none at all; absent when not judged. */
    static Optional<Set<Integer>> statuses(CauseCode code) {
        return Optional.ofNullable(STATUSES.get(code));
    }

    /** What visitors got, as far as the evidence shows it. */
    record Visitors(int status, String seenAs, String writer) {
    }

    /**
     * The status visitors got: the error page's (a live probe's or a saved {@code --response}), else a probe
     * of the target URL itself. Only an error status (500-599) is returned: a 200 or a redirect is judged by
     * no cause. {@code null} when no such status was seen, or when the page writer is known to answer 503 for
     * every backend failure (Varnish's "Backend fetch failed"), which says nothing about the mechanism.
     */
    static Visitors visitors(List<CheckReport> reports, ErrorSource source, URI url) {
        if (source != null && source.status() != null) {
            if (source.status() == 503 && "varnish".equals(source.vendor())) {
                return null;
            }
            return source.status() >= 500 && source.status() <= 599
                    ? new Visitors(source.status(), "the error page", source.vendor()) : null;
        }
        if (url == null) {
            return null;
        }
        String want = strip(url.toString());
        Integer best = null;
        for (CheckReport r : reports) {
            if (!(r instanceof CheckReport.Completed c)) {
                continue;
            }
            List<Evidence> all = new java.util.ArrayList<>();
            for (Finding f : c.result().findingList()) {
                all.addAll(f.evidence());
            }
            if (c.result() instanceof CheckResult.Passed p) {
                all.addAll(p.evidence());
            }
            for (Evidence e : all) {
                if (e instanceof Evidence.Probe p && p.status() != null && p.protocol().startsWith("http")
                        && strip(p.target()).equals(want) && best == null) {
                    best = p.status();
                }
            }
        }
        return best != null && best >= 500 && best <= 599 ? new Visitors(best, "the probe of " + url, null) : null;
    }

    private static String strip(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
