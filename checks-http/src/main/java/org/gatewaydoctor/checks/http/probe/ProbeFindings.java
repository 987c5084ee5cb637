package org.gatewaydoctor.checks.http.probe;

import java.net.URI;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gatewaydoctor.checks.http.edge.CapturedResponse;
import org.gatewaydoctor.checks.http.edge.ErrorPageClassifier;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.Redactor;

/**
 * Turns what {@link HttpProber} saw into findings: a request that got no HTTP answer, a redirect loop,
 * a body cut short or a decompression bomb, and the evidence of each request (status, timings).
 * Shared by the checks of this package so the same failure reads the same everywhere.
 */
public final class ProbeFindings {

    private ProbeFindings() {
    }

    /** The evidence of one request: what came back, and how long it took to the answer. */
    public static Evidence.Probe evidence(HttpProber.Outcome hop, String outcome, Redactor redactor, Instant at) {
        String target = redactor.redact(hop.url().toString());
        String protocol = hop.url().getScheme().toLowerCase(Locale.ROOT);
        Integer status = hop instanceof HttpProber.Response r ? r.status() : null;
        return new Evidence.Probe(target, protocol, status, hop.latency(), redactor.redact(outcome), at);
    }

    /** Where a request went and how long each phase took, e.g. for the last hop of a visit. */
    public static Evidence.Observation timings(HttpProber.Outcome hop, String label, Redactor redactor) {
        return new Evidence.Observation(redactor.redact(label + hop.url() + (hop.address().isEmpty() ? ""
                : " via " + hop.address()) + ": " + hop.timings().describe()), null);
    }

    /** The same for a failure, in the failure's own words. */
    public static Evidence.Probe evidence(HttpProber.Failure f, Redactor redactor, Instant at) {
        return evidence(f, f.message(), redactor, at);
    }

    private static final java.util.concurrent.ExecutorService CLASSIFY =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "gateway-doctor-classify");
                t.setDaemon(true);
                return t;
            });

    /**
     * Who wrote an error answer, by the error-page catalogue: the evidence that fills the diagnosis's
     * {@code errorSource}; empty when the classification does not finish by {@code deadlineNanos} (the first
     * use loads the catalogue, which goes on in the background for the next probe; it starts only after the
     * request, so it never competes with it). A body cut short by this prober's caps is classified as
     * truncated.
     */
    public static java.util.Optional<Evidence.ErrorPage> errorPage(HttpProber.Response r, Instant at,
                                                                    long deadlineNanos) {
        return attribution(r, deadlineNanos).map(a -> a.evidence(at));
    }

    /** The whole attribution behind {@link #errorPage}: also the catalogue page that matched, if any. */
    public static java.util.Optional<org.gatewaydoctor.checks.http.edge.Attribution> attribution(HttpProber.Response r,
                                                                                               long deadlineNanos) {
        // Everything of the catalogue runs in the worker: its classes may be initialising (loading the
        // catalogue) in the warm-up thread, and a class-initialisation wait cannot be bounded here.
        int status = r.status();
        Map<String, List<String>> headers = r.headers();
        String body = r.bodyText();
        boolean cut = !r.bodyComplete();
        java.util.concurrent.Future<org.gatewaydoctor.checks.http.edge.Attribution> f = CLASSIFY.submit(
                () -> ErrorPageClassifier.standard().classify(CapturedResponse.of(status, headers, body, cut)));
        try {
            long left = deadlineNanos - System.nanoTime();
            return java.util.Optional.of(f.get(Math.max(0, left), java.util.concurrent.TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            f.cancel(false); // never interrupt the catalogue while it loads: the next probe uses it
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            f.cancel(false);
            return java.util.Optional.empty();
        }
    }

    /**
     * A finding for a redirect loop or an endless chain of redirects; {@code null} when the visit has neither.
     */
    public static Finding redirects(HttpProber.Visit visit, List<Evidence> evidence, Redactor redactor) {
        if (visit.redirects() != HttpProber.Redirects.LOOP && visit.redirects() != HttpProber.Redirects.TOO_MANY) {
            return null;
        }
        List<URI> chain = visit.chain();
        StringBuilder shown = new StringBuilder();
        for (URI u : chain) {
            shown.append(shown.length() == 0 ? "" : " -> ").append(u);
        }
        boolean loop = visit.redirects() == HttpProber.Redirects.LOOP;
        List<Evidence> all = new ArrayList<>(evidence);
        all.add(new Evidence.Observation(redactor.redact("redirect chain: " + shown), null));
        String why;
        List<String> steps = new ArrayList<>();
        boolean schemeFlip = flips(chain, u -> u.getScheme().toLowerCase(Locale.ROOT));
        boolean wwwFlip = flips(chain, u -> u.getHost().toLowerCase(Locale.ROOT));
        if (chain.size() == 2 && HttpProber.key(chain.get(0)).equals(HttpProber.key(chain.get(1)))) {
            why = "the page redirects to its own address";
            steps.add("Find the rule that answers this URL with a redirect to itself: a rewrite/return rule in the "
                    + "web server, an .htaccess RewriteRule, or the application (WordPress redirects to its "
                    + "home/siteurl when the request does not match them).");
        } else if (schemeFlip) {
            why = "it switches between http:// and https:// and back: typically TLS ends at a CDN or proxy that talks "
                    + "plain HTTP to the origin, while the origin (or WordPress, with an https:// siteurl) sends "
                    + "every http request back to https";
            steps.add("If a CDN or load balancer terminates TLS: make it connect to the origin over HTTPS (Cloudflare: "
                    + "SSL mode Full or Full (strict), not Flexible), or make the origin trust X-Forwarded-Proto "
                    + "(WordPress: if (($_SERVER['HTTP_X_FORWARDED_PROTO'] ?? '') === 'https') $_SERVER['HTTPS'] = 'on'; "
                    + "in wp-config.php).");
            steps.add("Keep one forced-HTTPS rule only: in the web server or in a plugin, not both with different "
                    + "ideas of the scheme.");
        } else if (wwwFlip) {
            why = "it switches between the name with and without www. and back: the web server and the application "
                    + "disagree on the canonical name";
            steps.add("Make WordPress's home and siteurl (Settings > General, or WP_HOME/WP_SITEURL) use the same "
                    + "name as the web server's canonical redirect (server_name / ServerName), or drop one of the two "
                    + "redirects.");
        } else {
            why = loop ? "a redirect leads back to an address already visited"
                    : "every answer redirects to yet another address";
            steps.add("Follow the chain below with curl -sIL --max-redirs 20 and find the rule that produces each "
                    + "Location: web server rewrites, .htaccess, a redirection or SEO plugin, WordPress's home/siteurl.");
        }
        steps.add("Test after the fix with curl -sIL: the chain must end in a 200.");
        String summary = loop
                ? "The site redirects in a loop (" + (chain.size() - 1) + (chain.size() == 2 ? " redirect" : " redirects")
                        + " back to " + chain.get(chain.size() - 1) + "): " + why + "; browsers stop with 'too many "
                        + "redirects' (ERR_TOO_MANY_REDIRECTS)"
                : "The site redirects more than " + HttpProber.MAX_REDIRECTS + " times without reaching a page: "
                        + why + "; browsers give up with 'too many redirects'";
        return Finding.cause(CauseCode.APP_REDIRECT_LOOP, Layer.APPLICATION, Severity.CRITICAL, loop ? 0.9 : 0.7,
                        redactor.redact(summary))
                .evidence(all)
                .remediation(steps.toArray(String[]::new))
                .confirmWith("curl -sIL --max-redirs 20 " + redactor.redact(chain.get(0).toString())
                        + " | grep -iE '^(HTTP|location)' shows the same chain")
                .build();
    }

    private static boolean flips(List<URI> chain, java.util.function.Function<URI, String> part) {
        for (int i = 2; i < chain.size(); i++) {
            String a = part.apply(chain.get(i - 2));
            String b = part.apply(chain.get(i - 1));
            String c = part.apply(chain.get(i));
            if (!a.equals(b) && a.equals(c)) {
                return true;
            }
        }
        return chain.size() == 2 && !part.apply(chain.get(0)).equals(part.apply(chain.get(1)));
    }

    /**
     * Findings about an answer's body and head that a browser hides: cut short, reset, a decompression bomb,
     * malformed header lines. Empty when there is nothing to say.
     */
    public static List<Finding> body(HttpProber.Response r, List<Evidence> evidence, Layer layer) {
        List<Finding> out = new ArrayList<>();
        String where = r.address().isEmpty() ? r.url().getHost() : r.address();
        String length = r.header("content-length");
        switch (r.bodyEnd()) {
            case CUT_SHORT, RESET -> out.add(Finding.symptom(layer, Severity.WARNING, where
                            + (r.bodyEnd() == HttpProber.BodyEnd.RESET ? " reset the connection" : " closed the connection")
                            + " after " + r.body().length + " bytes of the body"
                            + (length.isEmpty() ? " (before the last chunk)" : ", though it announced " + length)
                            + ": visitors get a truncated page; the server or what it proxies to stopped in the middle "
                            + "of the answer")
                    .evidence(evidence)
                    .httpStatus(r.status())
                    .remediation("Read the web server's error log at this time: a worker that died mid-answer "
                                    + "(PHP-FPM 'exited on signal'), an upstream that closed early ('upstream prematurely "
                                    + "closed'), or a too-short send timeout cut the body.",
                            "Give gateway-doctor the logs (--logs) to have the cause named.")
                    .build());
            case DEADLINE -> out.add(Finding.symptom(layer, Severity.WARNING, where + " sent the headers but only "
                            + r.body().length + " bytes of the body before this probe's deadline: the page streams "
                            + "very slowly")
                    .evidence(evidence)
                    .httpStatus(r.status())
                    .build());
            default -> {
                // COMPLETE, or CAPPED by this prober: the server did nothing wrong
            }
        }
        if (r.decodeNote().contains("expand to more than")) {
            out.add(Finding.symptom(layer, Severity.WARNING, where + " sent a compressed body although the request "
                            + "asked for none (Accept-Encoding: identity), and it is a decompression bomb: "
                            + r.decodeNote())
                    .evidence(evidence)
                    .httpStatus(r.status())
                    .remediation("Find what compresses this answer (a compression module, a plugin, a pre-compressed "
                            + "file) and why it ignores Accept-Encoding; a body that inflates this much is an attack "
                            + "or a broken file.")
                    .build());
        }
        if (!r.malformedHeaders().isEmpty()) {
            out.add(Finding.symptom(layer, Severity.WARNING, where + " sent header lines that are not 'name: value' ("
                            + HttpProber.printable(r.malformedHeaders().get(0), 80) + "): browsers skip them, but a proxy "
                            + "or CDN in front rejects the whole answer (nginx: 'upstream sent invalid header', 502)")
                    .evidence(evidence)
                    .httpStatus(r.status())
                    .remediation("Find what writes these lines: output printed before the headers (a BOM or "
                            + "whitespace at the top of a PHP file, a notice), or a header set with a line break in "
                            + "its value.")
                    .build());
        }
        return out;
    }

    /** A finding for a request that got no HTTP answer. */
    public static Finding failure(HttpProber.Failure f, List<Evidence> probes, Redactor redactor, Duration budget) {
        String host = f.url().getHost();
        String message = redactor.redact(f.message());
        String address = f.address().isEmpty() ? host : f.address();
        return switch (f.kind()) {
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
            // the site's first hop itself refuses: that is the cause visitors meet (proxy.down), seen happening
            case REFUSED -> Finding.cause(CauseCode.PROXY_DOWN, Layer.PROXY, Severity.CRITICAL, 0.9,
                            "Nothing accepts connections on "
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
            case TRICKLE -> Finding.symptom(Layer.PROXY, Severity.CRITICAL, "Connected to " + address + ", but it sent "
                            + "only " + f.received() + " bytes in " + f.latency().toMillis() + " ms without finishing "
                            + "its headers: it trickles (a stuck or overloaded server, or something in between that "
                            + "throttles)")
                    .evidence(probes)
                    .remediation("Look at what answers on " + address + ": a proxy or security module that "
                            + "tarpits, or a server out of workers, sends this slowly.")
                    .build();
            case CLOSED, RESET -> Finding.symptom(Layer.PROXY, Severity.CRITICAL, message
                            + (f.received() == 0 ? ": no HTTP answer at all" : ""))
                    .evidence(probes)
                    .remediation("Read the web server's error log: a crashing worker, a security module or a "
                            + "connection limit can drop requests without an answer.",
                            "A CDN in front reports this as its own error (Cloudflare 520, CloudFront 502).")
                    .build();
            case PROTOCOL -> Finding.symptom(Layer.PROXY, Severity.CRITICAL, address
                            + " does not answer in HTTP (" + message + ")")
                    .evidence(probes)
                    .remediation("Check the URL's scheme and port: https:// on a plain-HTTP port, or http:// on a "
                            + "TLS port, gives this.")
                    .build();
            case MALFORMED_STATUS -> Finding.symptom(Layer.PROXY, Severity.CRITICAL, message
                            + ": browsers may show it anyway, but a proxy or CDN in front rejects it (502, Cloudflare "
                            + "520)")
                    .evidence(probes)
                    .remediation("Find what writes the answer on " + address + ": a hand-written status line in the "
                            + "application (header('HTTP/1.1 ...') with a typo), or a non-HTTP service on this port.")
                    .build();
            case HEADERS_TOO_BIG -> Finding.symptom(Layer.PROXY, Severity.CRITICAL, message + ": a proxy in front "
                            + "answers 502 for this (nginx 'upstream sent too big header', Cloudflare 520), browsers "
                            + "fail")
                    .evidence(probes)
                    .remediation("Find which header grows: usually Set-Cookie (a plugin setting many or huge cookies) "
                            + "or a Link/CSP header; cut it down at the source.")
                    .build();
            case IO -> Finding.symptom(Layer.PROXY, Severity.WARNING, "The probe of " + address + " failed: " + message)
                    .evidence(probes)
                    .build();
        };
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

    static boolean has(Throwable t, Class<? extends Throwable> type) {
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

    static String chainText(Throwable t) {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        for (Throwable c = t; c != null && depth < 10; c = c.getCause() == c ? null : c.getCause(), depth++) {
            sb.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
