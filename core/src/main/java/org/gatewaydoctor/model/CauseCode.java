package org.gatewaydoctor.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A stable root-cause code such as {@code phpfpm.pool_exhausted}: {@code <layer>.<cause>}.
 *
 * <p>Codes are public API: users alert, route tickets and build dashboards on them. A code is
 * never renamed or reused. The project's codes are the constants of this class and are documented
 * in {@code docs/causes.md}; {@link #known()} lists them with a one-line meaning. A third-party check
 * may use a code of its own (same syntax), which then simply has no built-in description.
 *
 * <pre>{@code
 * if (diagnosis.topCause().map(c -> c.code().equals(CauseCode.PHPFPM_DOWN)).orElse(false)) { ... }
 * }</pre>
 */
public final class CauseCode implements Comparable<CauseCode> {

    private static final Pattern SYNTAX = Pattern.compile("[a-z][a-z0-9]*\\.[a-z][a-z0-9_]*");
    private static final Map<String, CauseCode> KNOWN = new LinkedHashMap<>();

    /** The site's name does not exist in DNS. Visitors typically see: none (browser error). */
    public static final CauseCode DNS_NXDOMAIN = known("dns.nxdomain", Layer.DNS, "the site's name does not exist in DNS", "none (browser error)");

    /** The name exists but has no A or AAAA record. Visitors typically see: none (browser error). */
    public static final CauseCode DNS_NO_ADDRESS = known("dns.no_address", Layer.DNS, "the name exists but has no A or AAAA record", "none (browser error)");

    /** Resolvers fail on the name (lame delegation, broken DNSSEC). Visitors typically see: none (browser error). */
    public static final CauseCode DNS_SERVFAIL = known("dns.servfail", Layer.DNS, "resolvers fail on the name (lame delegation, broken DNSSEC)", "none (browser error)");

    /** No name server answers for the name. Visitors typically see: none (browser error). */
    public static final CauseCode DNS_TIMEOUT = known("dns.timeout", Layer.DNS, "no name server answers for the name", "none (browser error)");

    /** The name points somewhere other than the expected origin or CDN. Visitors typically see: 502, 52x or other. */
    public static final CauseCode DNS_WRONG_ADDRESS = known("dns.wrong_address", Layer.DNS, "the name points somewhere other than the expected origin or CDN", "502, 52x or other");

    /** Authoritative servers or resolvers disagree, usually a change still propagating. Visitors typically see: intermittent. */
    public static final CauseCode DNS_INCONSISTENT = known("dns.inconsistent", Layer.DNS, "authoritative servers or resolvers disagree, usually a change still propagating", "intermittent");

    /** A CNAME points at a name that does not resolve. Visitors typically see: none (browser error). */
    public static final CauseCode DNS_DANGLING_CNAME = known("dns.dangling_cname", Layer.DNS, "a CNAME points at a name that does not resolve", "none (browser error)");

    /** The CDN or edge cannot connect to the origin (firewall, allowlist, origin down). Visitors typically see: 502, 521-523. */
    public static final CauseCode EDGE_ORIGIN_UNREACHABLE = known("edge.origin_unreachable", Layer.EDGE, "the CDN or edge cannot connect to the origin (firewall, allowlist, origin down)", "502, 521-523");

    /** The TLS handshake between edge and origin fails. Visitors typically see: 502, 525, 526. */
    public static final CauseCode EDGE_ORIGIN_TLS_FAILURE = known("edge.origin_tls_failure", Layer.EDGE, "the TLS handshake between edge and origin fails", "502, 525, 526");

    /** The origin answered something the edge rejected. Visitors typically see: 502, 520. */
    public static final CauseCode EDGE_ORIGIN_INVALID_RESPONSE = known("edge.origin_invalid_response", Layer.EDGE, "the origin answered something the edge rejected", "502, 520");

    /** The origin is slower than the edge's timeout. Visitors typically see: 504, 524. */
    public static final CauseCode EDGE_ORIGIN_TIMEOUT = known("edge.origin_timeout", Layer.EDGE, "the origin is slower than the edge's timeout", "504, 524");

    /** The edge passes on the origin's own 5xx: the cause is further in. Visitors typically see: 502. */
    public static final CauseCode EDGE_ORIGIN_ERROR = known("edge.origin_error", Layer.EDGE, "the edge passes on the origin's own 5xx: the cause is further in", "502");

    /** An edge cache serves stale pages that hide a failing origin. Visitors typically see: 200 (stale). */
    public static final CauseCode EDGE_STALE_CACHE_MASKING = known("edge.stale_cache_masking", Layer.EDGE, "an edge cache serves stale pages that hide a failing origin", "200 (stale)");

    /** The certificate is expired or not yet valid. Visitors typically see: client error. */
    public static final CauseCode TLS_CERTIFICATE_EXPIRED = known("tls.certificate_expired", Layer.TLS, "the certificate is expired or not yet valid", "client error");

    /** The certificate does not cover the host name. Visitors typically see: client error. */
    public static final CauseCode TLS_HOSTNAME_MISMATCH = known("tls.hostname_mismatch", Layer.TLS, "the certificate does not cover the host name", "client error");

    /** The chain does not lead to a trusted root (self-signed, missing intermediate). Visitors typically see: client error. */
    public static final CauseCode TLS_UNTRUSTED_CHAIN = known("tls.untrusted_chain", Layer.TLS, "the chain does not lead to a trusted root (self-signed, missing intermediate)", "client error");

    /** No common protocol or cipher, or the handshake breaks. Visitors typically see: client error. */
    public static final CauseCode TLS_HANDSHAKE_FAILURE = known("tls.handshake_failure", Layer.TLS, "no common protocol or cipher, or the handshake breaks", "client error");

    /** The proxy's upstream refuses TCP connections (app down, wrong port). Visitors typically see: 502 (Apache: 503). */
    public static final CauseCode PROXY_UPSTREAM_REFUSED = known("proxy.upstream_refused", Layer.PROXY, "the proxy's upstream refuses TCP connections (app down, wrong port)", "502 (Apache: 503)");

    /** The upstream closed or reset the connection before a full response. Visitors typically see: 502. */
    public static final CauseCode PROXY_UPSTREAM_CLOSED = known("proxy.upstream_closed", Layer.PROXY, "the upstream closed or reset the connection before a full response", "502");

    /** The upstream did not answer within the proxy's read timeout. Visitors typically see: 504. */
    public static final CauseCode PROXY_UPSTREAM_TIMEOUT = known("proxy.upstream_timeout", Layer.PROXY, "the upstream did not answer within the proxy's read timeout", "504");

    /** The upstream sent a malformed response header. Visitors typically see: 502. */
    public static final CauseCode PROXY_INVALID_HEADER = known("proxy.invalid_header", Layer.PROXY, "the upstream sent a malformed response header", "502");

    /** The upstream's response headers do not fit the proxy's buffer. Visitors typically see: 502. */
    public static final CauseCode PROXY_HEADER_TOO_BIG = known("proxy.header_too_big", Layer.PROXY, "the upstream's response headers do not fit the proxy's buffer", "502");

    /** The proxy speaks the wrong protocol to its upstream. Visitors typically see: 502. */
    public static final CauseCode PROXY_PROTOCOL_MISMATCH = known("proxy.protocol_mismatch", Layer.PROXY, "the proxy speaks the wrong protocol to its upstream", "502");

    /** TLS from the proxy to an HTTPS upstream fails. Visitors typically see: 502. */
    public static final CauseCode PROXY_UPSTREAM_TLS_FAILURE = known("proxy.upstream_tls_failure", Layer.PROXY, "TLS from the proxy to an HTTPS upstream fails", "502");

    /** The proxy cannot resolve its upstream's name. Visitors typically see: 502. */
    public static final CauseCode PROXY_UPSTREAM_DNS_FAILURE = known("proxy.upstream_dns_failure", Layer.PROXY, "the proxy cannot resolve its upstream's name", "502");

    /** Every upstream or backend server is marked down. Visitors typically see: 502/503. */
    public static final CauseCode PROXY_NO_HEALTHY_UPSTREAM = known("proxy.no_healthy_upstream", Layer.PROXY, "every upstream or backend server is marked down", "502/503");

    /** The proxy itself is out of connections or workers. Visitors typically see: 502/503. */
    public static final CauseCode PROXY_WORKER_CONNECTIONS_EXHAUSTED = known("proxy.worker_connections_exhausted", Layer.PROXY, "the proxy itself is out of connections or workers", "502/503");

    /** The proxy's configuration is one the server refuses (nginx -t, apachectl -t, haproxy -c fail): it cannot start or reload with it. Visitors typically see: nothing until the next reload or restart; then no answer at all. */
    public static final CauseCode PROXY_CONFIG_INVALID = known("proxy.config_invalid", Layer.PROXY, "the proxy's configuration is one the server refuses: it cannot start or reload with it", "none until a reload or restart; then no answer");

    /** Nothing accepts connections at the site's own address: the web server, proxy or load balancer there is not running or does not listen on that address and port (or a firewall rejects). Visitors typically see: no answer (the browser's "connection refused"; 521/502 from a CDN in front). */
    public static final CauseCode PROXY_DOWN = known("proxy.down", Layer.PROXY, "nothing accepts connections at the site's own address: its web server, proxy or load balancer is not running or does not listen there", "none (browser: connection refused; a CDN in front: 521/502)");

    /** PHP-FPM is not running (socket absent or refusing, no master process). Visitors typically see: 502 (Apache: 503). */
    public static final CauseCode PHPFPM_DOWN = known("phpfpm.down", Layer.PHP_FPM, "PHP-FPM is not running (socket absent or refusing, no master process)", "502 (Apache: 503)");

    /** The web server points at a socket or port where PHP-FPM does not listen. Visitors typically see: 502. */
    public static final CauseCode PHPFPM_SOCKET_MISMATCH = known("phpfpm.socket_mismatch", Layer.PHP_FPM, "the web server points at a socket or port where PHP-FPM does not listen", "502");

    /** The web server's user may not open PHP-FPM's socket. Visitors typically see: 502. */
    public static final CauseCode PHPFPM_SOCKET_PERMISSION = known("phpfpm.socket_permission", Layer.PHP_FPM, "the web server's user may not open PHP-FPM's socket", "502");

    /** Every pool worker is busy: pm.max_children reached, listen backlog full. Visitors typically see: 502 or slow 200s. */
    public static final CauseCode PHPFPM_POOL_EXHAUSTED = known("phpfpm.pool_exhausted", Layer.PHP_FPM, "every pool worker is busy: pm.max_children reached, listen backlog full", "502 or slow 200s");

    /** {@code request_terminate_timeout} killed a running script. Visitors typically see: 502. */
    public static final CauseCode PHPFPM_REQUEST_TIMEOUT = known("phpfpm.request_timeout", Layer.PHP_FPM, "request_terminate_timeout killed a running script", "502");

    /** Workers die on a signal (SIGSEGV, SIGBUS, SIGKILL) mid-request. Visitors typically see: 502. */
    public static final CauseCode PHPFPM_WORKER_CRASH = known("phpfpm.worker_crash", Layer.PHP_FPM, "workers die on a signal (SIGSEGV, SIGBUS, SIGKILL) mid-request", "502");

    /** {@code listen.allowed_clients} drops the web server's address. Visitors typically see: 502. */
    public static final CauseCode PHPFPM_CLIENT_NOT_ALLOWED = known("phpfpm.client_not_allowed", Layer.PHP_FPM, "listen.allowed_clients drops the web server's address", "502");

    /** PHP-FPM cannot start (cannot bind, bad configuration). Visitors typically see: 502. */
    public static final CauseCode PHPFPM_START_FAILURE = known("phpfpm.start_failure", Layer.PHP_FPM, "PHP-FPM cannot start (cannot bind, bad configuration)", "502");

    /** The application prints output (BOM, whitespace, notices) before its headers. Visitors typically see: 502. */
    public static final CauseCode APP_OUTPUT_BEFORE_HEADERS = known("app.output_before_headers", Layer.APPLICATION, "the application prints output (BOM, whitespace, notices) before its headers", "502");

    /** A PHP fatal error, attributed to the plugin, theme or file that raised it. Visitors typically see: 500 (502 if the worker dies). */
    public static final CauseCode APP_FATAL_ERROR = known("app.fatal_error", Layer.APPLICATION, "a PHP fatal error, attributed to the plugin, theme or file that raised it", "500 (502 if the worker dies)");

    /** A script hits memory_limit. Visitors typically see: 500. */
    public static final CauseCode APP_MEMORY_EXHAUSTED = known("app.memory_exhausted", Layer.APPLICATION, "a script hits memory_limit", "500");

    /** A script hits max_execution_time. Visitors typically see: 500/502. */
    public static final CauseCode APP_EXECUTION_TIMEOUT = known("app.execution_timeout", Layer.APPLICATION, "a script hits max_execution_time", "500/502");

    /** Slow scripts hold workers; attributed to plugin or theme. Visitors typically see: 502/504 under load. */
    public static final CauseCode APP_SLOW_REQUESTS = known("app.slow_requests", Layer.APPLICATION, "slow scripts hold workers; attributed to plugin or theme", "502/504 under load");

    /** The site redirects to itself (home/siteurl vs TLS terminated at a CDN or proxy, forced-HTTPS rules). Visitors typically see: none (browser: too many redirects). */
    public static final CauseCode APP_REDIRECT_LOOP = known("app.redirect_loop", Layer.APPLICATION, "the site redirects to itself (home/siteurl vs TLS terminated at a CDN or proxy, forced-HTTPS rules)", "none (browser: too many redirects)");

    /** The site's .htaccess holds what Apache cannot read (unbalanced sections, unknown directives) or rewrites that loop internally. Visitors typically see: 500 (Apache). */
    public static final CauseCode APP_HTACCESS_INVALID = known("app.htaccess_invalid", Layer.APPLICATION, "the site's .htaccess holds what Apache cannot read (unbalanced sections, unknown directives) or rewrites that loop internally", "500 (Apache)");

    /** The database refuses or does not answer connections. Visitors typically see: 500 (WordPress). */
    public static final CauseCode DATABASE_DOWN = known("database.down", Layer.DATABASE, "the database refuses or does not answer connections", "500 (WordPress)");

    /** The database rejects the site's credentials (wrong user, password or host grant). Visitors typically see: 500 (WordPress). */
    public static final CauseCode DATABASE_ACCESS_DENIED = known("database.access_denied", Layer.DATABASE, "the database rejects the site's credentials (wrong user, password or host grant)", "500 (WordPress)");

    /** The database rejects connections: max_connections reached. Visitors typically see: 500. */
    public static final CauseCode DATABASE_TOO_MANY_CONNECTIONS = known("database.too_many_connections", Layer.DATABASE, "the database rejects connections: max_connections reached", "500");

    /** Slow queries or autoload bloat make every request slow. Visitors typically see: 504/502 under load. */
    public static final CauseCode DATABASE_SLOW = known("database.slow", Layer.DATABASE, "slow queries or autoload bloat make every request slow", "504/502 under load");

    /** The kernel OOM killer kills workers. Visitors typically see: 502. */
    public static final CauseCode HOST_OUT_OF_MEMORY = known("host.out_of_memory", Layer.HOST, "the kernel OOM killer kills workers", "502");

    /** CPU, load or disk exhaustion on the origin host. Visitors typically see: 502/504. */
    public static final CauseCode HOST_OVERLOADED = known("host.overloaded", Layer.HOST, "CPU, load or disk exhaustion on the origin host", "502/504");

    private final String value;
    private final Layer layer;
    private final String meaning;
    private final String typicalStatus;

    private CauseCode(String value, Layer layer, String meaning, String typicalStatus) {
        this.value = value;
        this.layer = layer;
        this.meaning = meaning;
        this.typicalStatus = typicalStatus;
    }

    private static CauseCode known(String value, Layer layer, String meaning, String typicalStatus) {
        CauseCode code = new CauseCode(value, layer, meaning, typicalStatus);
        KNOWN.put(value, code);
        return code;
    }

    /**
     * Returns the code for {@code value}: the project's constant when it is one of ours, otherwise
     * a new code without description.
     *
     * @throws IllegalArgumentException if {@code value} is not of the form {@code layer.cause}
     */
    @JsonCreator
    public static CauseCode of(String value) {
        Objects.requireNonNull(value, "value");
        CauseCode known = KNOWN.get(value);
        if (known != null) {
            return known;
        }
        if (!SYNTAX.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "cause code '" + value + "' is not of the form <layer>.<cause> (lower case, digits, underscores)");
        }
        return new CauseCode(value, null, null, null);
    }

    /** Every code the project defines, in documentation order. */
    public static List<CauseCode> known() {
        return Collections.unmodifiableList(new ArrayList<>(KNOWN.values()));
    }

    /** The code as text, e.g. {@code proxy.upstream_timeout}. */
    @JsonValue
    public String value() {
        return value;
    }

    /** Whether this is one of the project's documented codes. */
    public boolean isKnown() {
        return meaning != null;
    }

    /** The layer a project code belongs to; empty for a third-party code. */
    public Optional<Layer> layer() {
        return Optional.ofNullable(layer);
    }

    /** A one-line meaning for a project code; empty for a third-party code. */
    public Optional<String> meaning() {
        return Optional.ofNullable(meaning);
    }

    /** The HTTP status a visitor typically sees with this cause; empty for a third-party code. */
    public Optional<String> typicalStatus() {
        return Optional.ofNullable(typicalStatus);
    }

    @Override
    public int compareTo(CauseCode other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CauseCode other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
