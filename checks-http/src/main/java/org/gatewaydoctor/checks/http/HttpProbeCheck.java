package org.gatewaydoctor.checks.http;

import java.net.InetAddress;
import java.net.URI;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLSocketFactory;
import org.gatewaydoctor.checks.http.internal.HttpProber;
import org.gatewaydoctor.checks.http.internal.Responder;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.Redactor;

/**
 * Requests the target's URL once, the way a visitor would, and says who answered and what.
 *
 * <p>One GET, bounded in every step by the check's deadline, reading at most 64 KiB of body, following
 * redirects only on the same host. The answer is attributed from its headers and body: nginx's and
 * Apache's own error pages, Cloudflare ({@code cf-ray}) and CloudFront. Cloudflare's 520-526 errors map
 * to {@code edge.*} causes; an edge relaying the origin's own 502/504 page to {@code edge.origin_error};
 * a TLS failure to {@code tls.*}. A 502, 503 or 504 whose cause the answer alone cannot name is a
 * critical symptom: the log checks name the cause. 2xx and 3xx pass.
 *
 * <pre>{@code
 * Target t = Target.builder().url("https://example.org/").build();
 * // with the engine: GatewayDoctor.builder().include("http.probe").build().diagnose(t)
 * }</pre>
 */
public final class HttpProbeCheck implements Check {

    /** This check's id. */
    public static final String ID = "http.probe";
    private static final String USER_AGENT = "gateway-doctor/0.1 (diagnostic probe; +https://github.com/gatewaydoctor)";
    private static final Duration MAX_MARGIN = Duration.ofMillis(500);

    private final HttpProber prober;

    /** A probe using the system resolver and the JVM's default trust store, for {@link java.util.ServiceLoader}. */
    public HttpProbeCheck() {
        this(InetAddress::getAllByName, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** A probe with its own resolver and TLS settings (tests use loopback resolvers and test CAs). */
    HttpProbeCheck(HttpProber.Resolver resolver, SSLSocketFactory tls) {
        this.prober = new HttpProber(resolver, tls, USER_AGENT);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Layer layer() {
        return Layer.PROXY;
    }

    @Override
    public String title() {
        return "The site answers over HTTP";
    }

    @Override
    public CheckResult run(CheckContext ctx) {
        URI url = ctx.target().url();
        if (url == null) {
            return CheckResult.notApplicable("no URL was given");
        }
        Duration left = ctx.remaining();
        Duration margin = left.dividedBy(10).compareTo(MAX_MARGIN) > 0 ? MAX_MARGIN : left.dividedBy(10);
        Duration budget = left.minus(margin);
        Instant at = ctx.clock().instant();
        List<HttpProber.Outcome> hops = prober.probe(url, System.nanoTime() + budget.toNanos());

        Redactor redactor = ctx.redactor();
        List<Evidence> probes = new ArrayList<>();
        for (HttpProber.Outcome hop : hops) {
            probes.add(probe(hop, redactor, at));
        }
        HttpProber.Outcome last = hops.get(hops.size() - 1);
        if (last instanceof HttpProber.Response r) {
            return answered(r, probes, redactor, hops.size() - 1);
        }
        return failed((HttpProber.Failure) last, probes, redactor, budget);
    }

    private static Evidence.Probe probe(HttpProber.Outcome hop, Redactor redactor, Instant at) {
        String target = redactor.redact(hop.url().toString());
        String protocol = hop.url().getScheme().toLowerCase(Locale.ROOT);
        if (hop instanceof HttpProber.Response r) {
            Responder who = Responder.of(r);
            String outcome = r.status() + (r.reason().isEmpty() ? "" : " " + HttpPrintable.of(r.reason()))
                    + " from " + who.name()
                    + (who.originPage().isEmpty() ? "" : " (relaying " + who.originPage() + "'s error page from the origin)")
                    + (HttpProber.isRedirect(r.status()) && !r.header("location").isEmpty()
                            ? " to " + HttpPrintable.of(r.header("location")) : "");
            return new Evidence.Probe(target, protocol, r.status(), r.latency(), redactor.redact(outcome), at);
        }
        HttpProber.Failure f = (HttpProber.Failure) hop;
        return new Evidence.Probe(target, protocol, null, f.latency(), redactor.redact(f.message()), at);
    }

    private CheckResult answered(HttpProber.Response r, List<Evidence> probes, Redactor redactor, int redirects) {
        Responder who = Responder.of(r);
        int status = r.status();
        Layer layer = who.edge() ? Layer.EDGE : Responder.HAPROXY.equals(who.name()) ? Layer.LOAD_BALANCER : Layer.PROXY;
        String by = who.name();
        String cfRay = r.header("cf-ray");
        List<Evidence> evidence = new ArrayList<>(probes);
        if (!cfRay.isEmpty()) {
            evidence.add(new Evidence.Observation("Cloudflare Ray ID " + HttpPrintable.of(cfRay)
                    + " (give it to Cloudflare support to trace this request)"));
        }

        if (status < 400) {
            String note = "answered " + status + " from " + by + " in " + r.latency().toMillis() + " ms"
                    + (redirects > 0 ? " after " + redirects + (redirects == 1 ? " redirect" : " redirects") : "");
            if (HttpProber.isRedirect(status)) {
                URI next = HttpProber.redirectTarget(r.url(), r.header("location"));
                note += next != null && !HttpProber.sameHost(r.url(), next)
                        ? "; it redirects to another host (" + next.getHost() + "), which this probe does not follow"
                        : "; the redirect was not followed further";
            }
            evidence.add(new Evidence.Observation(redactor.redact(note)));
            return CheckResult.passed(evidence.toArray(Evidence[]::new));
        }
        if (status < 500) {
            evidence.add(new Evidence.Observation(redactor.redact("answered " + status + " from " + by
                    + ": a client error for this URL, not a gateway failure")));
            return CheckResult.passed(evidence.toArray(Evidence[]::new));
        }

        if (Responder.CLOUDFLARE.equals(by) && status >= 520 && status <= 526) {
            return CheckResult.findings(cloudflare(status, evidence));
        }
        if (who.edge() && (status == 502 || status == 504) && !who.originPage().isEmpty()) {
            return CheckResult.findings(Finding.cause(CauseCode.EDGE_ORIGIN_ERROR, Layer.EDGE, Severity.CRITICAL, 0.85,
                            by + " passes on a " + status + " that the origin's " + who.originPage()
                                    + " produced: the failure is at the origin, behind " + who.originPage())
                    .evidence(evidence)
                    .httpStatus(status)
                    .remediation("Look at the origin, not at " + by + ": " + who.originPage() + "'s error log at the "
                                    + "time of this request names the cause (give it with --logs).",
                            "Test the origin directly, bypassing " + by + " (curl --resolve host:443:<origin IP>), to "
                                    + "see the same " + status + ".")
                    .build());
        }
        return CheckResult.findings(symptom(status, r, who, layer, evidence));
    }

    private static Finding symptom(int status, HttpProber.Response r, Responder who, Layer layer, List<Evidence> evidence) {
        String by = who.name();
        String reason = r.reason().isEmpty() ? "" : " " + HttpPrintable.of(r.reason());
        String summary;
        Severity severity = Severity.CRITICAL;
        Layer findingLayer = layer;
        List<String> steps = new ArrayList<>();
        switch (status) {
            case 502 -> {
                summary = "The site answers 502" + reason + " from " + by + ": "
                        + (who.edge() ? by + " got no valid answer from the origin"
                                : layer == Layer.LOAD_BALANCER ? by + " got no valid answer from its backend server "
                                        + "(closed, reset, or headers it would not accept)"
                                : by + " got no valid answer from what it passes requests to (PHP-FPM or the application)");
                steps.add("Read " + (who.edge() ? "the origin's" : by + "'s") + " error log around the time of this "
                        + "probe; give it to gateway-doctor with --logs (e.g. /var/log/nginx/ and the PHP-FPM log) to "
                        + "have the cause named.");
            }
            case 503 -> {
                summary = "The site answers 503" + reason + " from " + by
                        + (by.equals("Apache")
                                ? ": Apache's mod_proxy cannot reach its backend (Apache answers 503 where nginx "
                                        + "answers 502, e.g. when PHP-FPM is down)"
                                : layer == Layer.LOAD_BALANCER
                                ? ": HAProxy has no server available for this request (every server of the backend "
                                        + "is down or full)"
                                : ": the server or what it proxies to is unavailable or rate-limiting");
                steps.add("Read the server's error log around the time of this probe; if a maintenance mode or a "
                        + "rate limit (nginx limit_req/limit_conn) is active, that explains a 503.");
            }
            case 504 -> {
                summary = "The site answers 504" + reason + " from " + by + ": what it waits for did not answer "
                        + "within its timeout";
                steps.add("Find the slow part: the proxy's error log says which upstream timed out, PHP-FPM's "
                        + "slowlog which script was slow.");
            }
            case 500 -> {
                // nginx's or Apache's own 500 page means the server itself failed; otherwise the application did.
                boolean ownPage = Responder.nginxPage(r.bodyText()) || Responder.apachePage(r.bodyText());
                findingLayer = ownPage || who.edge() ? layer : Layer.APPLICATION;
                summary = "The site answers 500" + reason + " from " + by + ": the application (or the server itself) "
                        + "fails; this is an internal error, not a gateway error";
                steps.add("Read the PHP error log (or WordPress's wp-content/debug.log with WP_DEBUG_LOG on) for the "
                        + "fatal error behind it.");
            }
            default -> {
                severity = Severity.WARNING;
                summary = "The site answers " + status + reason + " from " + by;
                steps.add("Read the server's error log around the time of this probe.");
            }
        }
        steps.add("Probe again after a fix: gateway-doctor diagnose --url ... also shows whether it is intermittent.");
        return Finding.symptom(findingLayer, severity, summary)
                .evidence(evidence)
                .httpStatus(status)
                .remediation(steps.toArray(String[]::new))
                .confirmWith("the error logs of " + (who.edge() ? "the origin" : by) + " and PHP-FPM at the same minute")
                .build();
    }

    private static Finding cloudflare(int status, List<Evidence> evidence) {
        CauseCode code;
        String summary;
        String[] steps;
        double confidence = 0.85;
        switch (status) {
            case 520 -> {
                code = CauseCode.EDGE_ORIGIN_INVALID_RESPONSE;
                confidence = 0.7;
                summary = "Cloudflare got an empty, reset or malformed answer from the origin (error 520)";
                steps = new String[] {
                    "Read the origin web server's error log at the time of the Ray ID: a crash, a reset connection or "
                            + "an empty reply from the application are the usual reasons.",
                    "Check the origin does not send oversized headers (Cloudflare limits them, cookies included)."};
            }
            case 521 -> {
                code = CauseCode.EDGE_ORIGIN_UNREACHABLE;
                summary = "The origin refuses Cloudflare's connections (error 521: web server is down)";
                steps = new String[] {
                    "Make sure the web server runs on the origin and listens on the port Cloudflare uses (80/443).",
                    "Allow Cloudflare's IP ranges (https://www.cloudflare.com/ips/) in the origin's firewall and "
                            + "security plugins: blocking them looks like a refused connection."};
            }
            case 522 -> {
                code = CauseCode.EDGE_ORIGIN_UNREACHABLE;
                summary = "Cloudflare's connections to the origin time out (error 522)";
                steps = new String[] {
                    "Check the origin is up and not overloaded, and that its firewall does not drop Cloudflare's IP "
                            + "ranges (https://www.cloudflare.com/ips/).",
                    "Check the A/AAAA records in Cloudflare's DNS point at the origin's current address."};
            }
            case 523 -> {
                code = CauseCode.EDGE_ORIGIN_UNREACHABLE;
                summary = "Cloudflare cannot reach the origin (error 523: origin is unreachable)";
                steps = new String[] {
                    "Check the A/AAAA records in Cloudflare's DNS point at the origin's current address (after a "
                            + "move to a new host they often still point at the old one).",
                    "Check the origin's network: routing and upstream provider."};
            }
            case 524 -> {
                code = CauseCode.EDGE_ORIGIN_TIMEOUT;
                summary = "The origin accepted Cloudflare's connection but sent no answer in time (error 524)";
                steps = new String[] {
                    "Find the slow request at the origin (PHP-FPM slowlog, the web server's error log) and make it "
                            + "faster; Cloudflare waits about 100 seconds.",
                    "Move long jobs (imports, exports, reports) out of web requests: WP-CLI, cron or a queue."};
            }
            case 525 -> {
                code = CauseCode.EDGE_ORIGIN_TLS_FAILURE;
                summary = "The TLS handshake between Cloudflare and the origin fails (error 525)";
                steps = new String[] {
                    "Check the origin serves TLS on 443 for this host name (with SNI): openssl s_client -connect "
                            + "<origin IP>:443 -servername <host>.",
                    "Or set Cloudflare's SSL mode to match what the origin supports."};
            }
            default -> {
                code = CauseCode.EDGE_ORIGIN_TLS_FAILURE;
                summary = "The origin's certificate is not valid for Cloudflare's Full (strict) mode (error 526)";
                steps = new String[] {
                    "Install a valid certificate for the host name on the origin (a Cloudflare Origin CA certificate "
                            + "works) and renew it before it expires."};
            }
        }
        return Finding.cause(code, Layer.EDGE, Severity.CRITICAL, confidence, summary)
                .evidence(evidence)
                .httpStatus(status)
                .remediation(steps)
                .confirmWith("Cloudflare's own error page and support can trace the Ray ID to the failing leg")
                .build();
    }

    private CheckResult failed(HttpProber.Failure f, List<Evidence> probes, Redactor redactor, Duration budget) {
        String host = f.url().getHost();
        String message = redactor.redact(f.message());
        String address = f.address().isEmpty() ? host : f.address();
        Finding finding = switch (f.kind()) {
            case DNS -> Finding.symptom(Layer.DNS, Severity.CRITICAL, "The site's name " + host
                            + " does not resolve from this machine")
                    .evidence(probes)
                    .remediation("Check the name's records at its DNS provider: an A and/or AAAA record (or a "
                            + "CNAME to the CDN) must exist.", "Check this machine's resolver works for other names.")
                    .confirmWith("dig +trace " + host + " shows where resolution stops")
                    .build();
            case DNS_TIMEOUT -> Finding.symptom(Layer.DNS, Severity.WARNING, "Resolving " + host
                            + " took longer than the " + budget.toMillis() + " ms this probe had")
                    .evidence(probes)
                    .remediation("Check this machine's resolver and the name's authoritative servers answer quickly.")
                    .confirmWith("dig " + host + " reports the query time")
                    .build();
            case REFUSED -> Finding.symptom(Layer.PROXY, Severity.CRITICAL, "Nothing accepts connections on "
                            + address + " (connection refused): the web server is not running, or does not listen "
                            + "on that address or port")
                    .evidence(probes)
                    .remediation("On the origin: systemctl status nginx (or apache2/httpd); start it and check "
                                    + "nginx -t if it fails to start.",
                            "Check it listens where the site points: ss -ltnp | grep -E ':(80|443) '.",
                            "A firewall REJECT rule also refuses: check iptables/nftables and the provider's firewall.")
                    .build();
            case CONNECT_TIMEOUT, UNREACHABLE -> Finding.symptom(Layer.PROXY, Severity.CRITICAL, address
                            + " does not accept connections (" + message + "): a firewall drops them, or the host "
                            + "is down or unreachable")
                    .evidence(probes)
                    .remediation("Check the host is up and its firewall (and the provider's) lets ports 80/443 in.",
                            "Check the name points at the right address (after a move it may point at the old host).")
                    .build();
            case TLS -> tls(f, probes, message);
            case TIMEOUT -> Finding.symptom(Layer.PROXY, Severity.CRITICAL, "Connected to " + address
                            + ", but no HTTP answer came within " + f.latency().toMillis() + " ms: the server is stuck, "
                            + "overloaded, or waiting on a slow backend")
                    .evidence(probes)
                    .remediation("Look at the web server and PHP-FPM on the origin: busy workers (pm.max_children "
                                    + "reached), a slow database or a hung process keep requests waiting.",
                            "Give gateway-doctor the logs (--logs) to find what holds the requests.")
                    .confirmWith("curl -o /dev/null -w '%{time_starttransfer}\\n' on the URL from another network "
                            + "shows the same delay")
                    .build();
            case CLOSED, RESET -> Finding.symptom(Layer.PROXY, Severity.CRITICAL, address
                            + (f.kind() == HttpProber.Kind.RESET ? " reset the connection" : " closed the connection")
                            + " without an HTTP answer")
                    .evidence(probes)
                    .remediation("Read the web server's error log: a crashing worker, a security module or a "
                            + "connection limit can drop requests without an answer.")
                    .build();
            case PROTOCOL -> Finding.symptom(Layer.PROXY, Severity.CRITICAL, address
                            + " does not answer in HTTP (" + message + ")")
                    .evidence(probes)
                    .remediation("Check the URL's scheme and port: https:// on a plain-HTTP port, or http:// on a "
                            + "TLS port, gives this.")
                    .build();
            case IO -> Finding.symptom(Layer.PROXY, Severity.WARNING, "The probe of " + address + " failed: " + message)
                    .evidence(probes)
                    .build();
        };
        return CheckResult.findings(finding);
    }

    private static Finding tls(HttpProber.Failure f, List<Evidence> probes, String message) {
        String host = f.url().getHost();
        String all = chainText(f.error());
        CauseCode code;
        String summary;
        String[] steps;
        double confidence;
        if (has(f.error(), CertificateExpiredException.class) || has(f.error(), CertificateNotYetValidException.class)
                || expiredReason(f.error())) {
            code = CauseCode.TLS_CERTIFICATE_EXPIRED;
            confidence = 0.95;
            summary = "The TLS certificate of " + host + " is expired or not yet valid";
            steps = new String[] {"Renew the certificate (certbot renew, or the host's panel) and reload the web "
                    + "server; check that automatic renewal runs (systemctl list-timers | grep certbot)."};
        } else if (all.contains("no subject alternative") || all.contains("no name matching")
                || all.contains("doesn't match any of the subject alternative names")) {
            code = CauseCode.TLS_HOSTNAME_MISMATCH;
            confidence = 0.9;
            summary = "The TLS certificate served for " + host + " does not cover that name";
            steps = new String[] {"Issue a certificate that includes " + host + " (and www. if used), or fix the "
                    + "server block so this name gets its own certificate (server_name, SNI)."};
        } else if (all.contains("unable to find valid certification path") || all.contains("pkix path")
                || has(f.error(), CertPathValidatorException.class)) {
            code = CauseCode.TLS_UNTRUSTED_CHAIN;
            confidence = 0.8;
            summary = "The TLS certificate of " + host + " does not lead to a trusted root (self-signed or missing "
                    + "intermediate)";
            steps = new String[] {"Serve the full chain: in nginx, ssl_certificate must point at fullchain.pem, not "
                    + "cert.pem.", "Replace a self-signed certificate with one from a public CA (e.g. Let's Encrypt)."};
        } else if (all.contains("unsupported or unrecognized ssl message") || all.contains("plaintext connection")) {
            code = CauseCode.TLS_HANDSHAKE_FAILURE;
            confidence = 0.75;
            summary = f.address() + " does not speak TLS (it answered in plain HTTP?)";
            steps = new String[] {"Enable TLS on port 443 (listen 443 ssl; with ssl_certificate and "
                    + "ssl_certificate_key), or use the http:// URL."};
        } else {
            code = CauseCode.TLS_HANDSHAKE_FAILURE;
            confidence = 0.65;
            summary = "The TLS handshake with " + host + " fails (" + message + ")";
            steps = new String[] {"Check the server's TLS settings: ssl_protocols should include TLSv1.2 and TLSv1.3 "
                    + "and ssl_ciphers modern suites.", "Compare with openssl s_client -connect " + host + ":443 -servername "
                    + host + "."};
        }
        return Finding.cause(code, Layer.TLS, Severity.CRITICAL, confidence, summary)
                .evidence(probes)
                .remediation(steps)
                .confirmWith("openssl s_client -connect " + host + ":443 -servername " + host
                        + " -showcerts shows the same problem (this probe uses the JVM's trust store, which can "
                        + "differ from browsers')")
                .build();
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean expiredReason(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof CertPathValidatorException v
                    && (v.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                            || v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID)) {
                return true;
            }
        }
        return false;
    }

    private static String chainText(Throwable t) {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        for (Throwable c = t; c != null && depth < 10; c = c.getCause() == c ? null : c.getCause(), depth++) {
            sb.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    /** Header values and reasons come from the network: keep them short and printable. */
    private static final class HttpPrintable {
        private HttpPrintable() {
        }

        static String of(String s) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < s.length() && sb.length() < 200; i++) {
                char c = s.charAt(i);
                sb.append(c < 0x20 || c == 0x7f ? '?' : c);
            }
            return sb.toString();
        }
    }
}
