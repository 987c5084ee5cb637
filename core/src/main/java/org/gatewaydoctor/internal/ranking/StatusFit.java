package org.gatewaydoctor.internal.ranking;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        // the browser gets no answer; a CDN or balancer in front of the refusing address writes its own error
        STATUSES.put(CauseCode.PROXY_DOWN, Set.of(502, 503, 521));
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
     * of the target URL itself when it got a 5xx, else the access log's (the 5xx the web server wrote most often
     * in the last {@link #ACCESS_WINDOW} of its answers that the log checks report). Only an error status
     * (500-599) is returned: a 200 or a redirect is judged by no cause. {@code null} when no such status was
     * seen, or when the page writer is known to answer 503 for every backend failure (Varnish's "Backend fetch
     * failed"), which says nothing about the mechanism.
     */
    static Visitors visitors(List<CheckReport> reports, ErrorSource source, URI url) {
        if (source != null && source.status() != null) {
            if (source.status() == 503 && "varnish".equals(source.vendor())) {
                return null;
            }
            return source.status() >= 500 && source.status() <= 599
                    ? new Visitors(source.status(), "the error page", source.vendor()) : null;
        }
        Integer best = null;
        if (url != null) {
            String want = strip(url.toString());
            for (Evidence e : evidence(reports)) {
                if (e instanceof Evidence.Probe p && p.status() != null && p.protocol().startsWith("http")
                        && strip(p.target()).equals(want) && best == null) {
                    best = p.status();
                }
            }
        }
        if (best != null && best >= 500 && best <= 599) {
            return new Visitors(best, "the probe of " + url, null);
        }
        // the probe got an answer now (or there was none): the incident the logs hold is what was ranked
        Visitors fromAccessLog = accessLog(reports);
        return fromAccessLog != null ? fromAccessLog : gatewayLog(reports);
    }

    /**
     * Without a page, a probe or an access log: the status the gateways' own error logs say they answered
     * ("upstream timed out" is nginx answering 504, "connect() failed" 502), when every observed, dated log
     * finding of the load balancer and proxy hops in the last {@link #ACCESS_WINDOW} of the evidence says the
     * same one. Findings of the hops behind them (PHP-FPM, the application) only predict what the gateway made
     * of their failure, so they are not asked; undated lines (a pasted fragment) cannot be placed in the
     * incident, and gateways that disagree (a 502 and a 504 in the same window) decide nothing.
     */
    static Visitors gatewayLog(List<CheckReport> reports) {
        Instant newest = null;
        for (Evidence e : evidence(reports)) {
            Instant at = e.when().orElse(null);
            if (at != null && (newest == null || at.isAfter(newest))) {
                newest = at;
            }
        }
        if (newest == null) {
            return null;
        }
        Instant from = newest.minus(ACCESS_WINDOW);
        Set<Integer> statuses = new java.util.TreeSet<>();
        Set<String> checks = new java.util.TreeSet<>();
        for (CheckReport r : reports) {
            if (!(r instanceof CheckReport.Completed c)) {
                continue;
            }
            for (Finding f : c.result().findingList()) {
                boolean gateway = f.layer() == org.gatewaydoctor.model.Layer.PROXY
                        || f.layer() == org.gatewaydoctor.model.Layer.LOAD_BALANCER;
                boolean recent = f.evidence().stream().anyMatch(e -> e instanceof Evidence.LogLine l
                        && l.timestamp() != null && !l.timestamp().isBefore(from));
                if (gateway && recent && !f.isRisk() && f.httpStatus() != null && f.httpStatus() >= 500
                        && f.httpStatus() <= 599) {
                    statuses.add(f.httpStatus());
                    checks.add(c.checkId());
                }
            }
        }
        return statuses.size() == 1
                ? new Visitors(statuses.iterator().next(), "the gateway's own log, " + String.join(" and ", checks),
                        null)
                : null;
    }

    /** How far back from the access log's last 5xx minute its answers count. */
    static final java.time.Duration ACCESS_WINDOW = java.time.Duration.ofMinutes(30);

    /**
     * The text of an access log's minute as the log checks write it ({@code AccessLogMinute} in checks-http,
     * a documented part of the JSON): {@code access log: 7 answers with 502 in the minute from 09:12}, dated.
     */
    private static final Pattern ACCESS_MINUTE = Pattern.compile(
            "access log: (\\d{1,18}) answers? with (5\\d\\d) in the minute from \\d{2}:\\d{2}");

    /** The 5xx visitors got most often in the access log's last {@link #ACCESS_WINDOW}; null when none. */
    static Visitors accessLog(List<CheckReport> reports) {
        // one minute of one status once, however many findings carry it (the largest count: the same log)
        Map<List<Object>, Long> minutes = new HashMap<>();
        for (Evidence e : evidence(reports)) {
            if (e instanceof Evidence.Observation o && o.at() != null) {
                Matcher m = ACCESS_MINUTE.matcher(o.text());
                if (m.matches()) {
                    minutes.merge(List.of(o.at(), Integer.parseInt(m.group(2))), Long.parseLong(m.group(1)),
                            Math::max);
                }
            }
        }
        Instant last = minutes.keySet().stream().map(k -> (Instant) k.get(0)).max(Instant::compareTo).orElse(null);
        if (last == null) {
            return null;
        }
        Instant from = last.minus(ACCESS_WINDOW);
        Map<Integer, Long> perStatus = new TreeMap<>();
        minutes.forEach((k, n) -> {
            if (!((Instant) k.get(0)).isBefore(from)) {
                perStatus.merge((Integer) k.get(1), n, Long::sum);
            }
        });
        // the most answers; a tie goes to the lower status (TreeMap order), the same every run
        Map.Entry<Integer, Long> top = null;
        for (Map.Entry<Integer, Long> e : perStatus.entrySet()) {
            if (top == null || e.getValue() > top.getValue()) {
                top = e;
            }
        }
        return new Visitors(top.getKey(), "the access log, " + top.getValue()
                + (top.getValue() == 1 ? " answer" : " answers") + " up to "
                + java.time.format.DateTimeFormatter.ISO_INSTANT.format(last), null);
    }

    private static List<Evidence> evidence(List<CheckReport> reports) {
        List<Evidence> all = new java.util.ArrayList<>();
        for (CheckReport r : reports) {
            if (!(r instanceof CheckReport.Completed c)) {
                continue;
            }
            for (Finding f : c.result().findingList()) {
                all.addAll(f.evidence());
            }
            if (c.result() instanceof CheckResult.Passed p) {
                all.addAll(p.evidence());
            }
        }
        return all;
    }

    private static String strip(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
