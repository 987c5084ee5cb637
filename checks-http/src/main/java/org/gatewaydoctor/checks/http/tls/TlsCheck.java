package org.gatewaydoctor.checks.http.tls;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.X509TrustManager;
import org.gatewaydoctor.checks.http.internal.SiteResolver;
import org.gatewaydoctor.checks.http.probe.HttpProber;
import org.gatewaydoctor.checks.http.probe.Origins;
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
 * The site's TLS at the edge (the address its name resolves to) and at each origin given with
 * {@code --origin} (same server name): expiry and days left, name coverage, the chain to a trusted root
 * (self-signed, missing intermediate, unknown CA), the negotiated protocol and cipher, and OCSP
 * must-staple. Problems at the edge are {@code tls.*} causes, since visitors' browsers refuse the site. A
 * certificate that is fine at the edge but broken at the origin is what a CDN's 525/526 (or CloudFront's
 * 502) means: that is {@code edge.origin_tls_failure}, said in those words.
 *
 * <p>Not applicable when neither the URL nor any origin speaks https.
 */
public final class TlsCheck implements Check {

    /** This check's id. */
    public static final String ID = "http.tls";
    /** A certificate that expires within this many days is worth a warning. */
    static final long EXPIRY_WARNING_DAYS = 14;

    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "gateway-doctor-tls");
        t.setDaemon(true);
        return t;
    });

    private final HttpProber.Resolver resolver;
    /** Whether names go to the {@link org.gatewaydoctor.spi.NameResolver} on the path first (not in tests). */
    private boolean discover;
    private final TlsInspector inspector;

    /**
     * The check resolving with the {@link org.gatewaydoctor.spi.NameResolver} on the path (else the JVM's
     * resolver) and the JVM's trust store, for {@link java.util.ServiceLoader}.
     */
    public TlsCheck() {
        this(InetAddress::getAllByName, new DeferredTrust()); // the trust store is loaded on the first handshake
        this.discover = true;
    }

    /** A check with its own resolver and trust (tests use loopback resolvers and test CAs). */
    TlsCheck(HttpProber.Resolver resolver, X509TrustManager trust) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.inspector = new TlsInspector(trust);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Layer layer() {
        return Layer.TLS;
    }

    @Override
    public String title() {
        return "TLS certificates at the edge and at the origin";
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(15);
    }

    /** One endpoint to look at. */
    private record Endpoint(String role, InetAddress address, int port) {
    }

    @Override
    public CheckResult run(CheckContext ctx) {
        URI url = ctx.target().url();
        if (url == null) {
            return CheckResult.notApplicable("no URL was given");
        }
        List<Origins.Origin> origins;
        try {
            origins = Origins.parse(ctx.target().option(Origins.OPTION).orElse(null));
        } catch (IllegalArgumentException e) {
            return CheckResult.notApplicable(e.getMessage());
        }
        boolean edgeHttps = "https".equalsIgnoreCase(url.getScheme());
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1)
                : url.getHost();
        long deadline = System.nanoTime() + ctx.remaining().minus(margin(ctx.remaining())).toNanos();
        Redactor redactor = ctx.redactor();

        List<Endpoint> endpoints = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        if (edgeHttps) {
            int port = url.getPort() > 0 ? url.getPort() : 443;
            try {
                InetAddress[] all = resolve(SiteResolver.of(ctx, names(), resolver), host,
                        deadline);
                Map<HttpProber.Family, InetAddress> perFamily = new LinkedHashMap<>();
                for (InetAddress a : all) {
                    perFamily.putIfAbsent(HttpProber.Family.of(a), a);
                }
                perFamily.values().forEach(a -> endpoints.add(new Endpoint("edge", a, port)));
            } catch (UnknownHostException | TimeoutException e) {
                // the probe check reports names that do not resolve; the origins can still be looked at
            }
        }
        for (Origins.Origin o : origins) {
            if (o.https(url)) {
                endpoints.add(new Endpoint("origin", o.address(), o.port(url)));
            }
        }
        if (endpoints.isEmpty()) {
            return CheckResult.notApplicable(edgeHttps ? "the name " + host + " does not resolve"
                    : "the URL is http:// and no origin speaks https");
        }

        TlsInspector inspector = this.inspector;
        if (ctx.target().option(Trust.CA_FILE_OPTION).isPresent()) {
            try {
                inspector = new TlsInspector(Trust.of(ctx.target()));
            } catch (IllegalArgumentException e) {
                return CheckResult.notApplicable(e.getMessage());
            }
        }
        TlsInspector chosen = inspector;
        Instant now = ctx.clock().instant();
        List<Future<TlsInspector.Report>> running = new ArrayList<>();
        for (Endpoint e : endpoints) {
            running.add(WORKERS.submit(() -> chosen.inspect(host, e.address(), e.port(), now, deadline)));
        }
        List<TlsInspector.Report> edge = new ArrayList<>();
        List<TlsInspector.Report> origin = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            TlsInspector.Report r;
            try {
                r = running.get(i).get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) + 100,
                        TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                running.forEach(f -> f.cancel(true));
                Thread.currentThread().interrupt();
                return CheckResult.notApplicable("interrupted");
            } catch (ExecutionException | TimeoutException e) {
                running.get(i).cancel(true);
                continue;
            }
            (endpoints.get(i).role().equals("edge") ? edge : origin).add(r);
        }

        List<Evidence> seen = new ArrayList<>();
        for (TlsInspector.Report r : edge) {
            seen.add(new Evidence.Observation(redactor.redact("edge " + r.describe()), now));
        }
        for (TlsInspector.Report r : origin) {
            seen.add(new Evidence.Observation(redactor.redact("origin " + r.describe()), now));
        }
        boolean edgeFine = !edge.isEmpty() && edge.stream().allMatch(TlsInspector.Report::ok);
        for (TlsInspector.Report r : edge) {
            if (!r.ok() && r.connected()) {
                findings.add(TlsFindings.atEdge(r, seen));
            } else if (r.ok() && r.daysLeft() <= EXPIRY_WARNING_DAYS) {
                findings.add(TlsFindings.expiresSoon(r, seen, "edge"));
            }
        }
        for (TlsInspector.Report r : origin) {
            if (!r.ok() && r.connected()) {
                findings.add(TlsFindings.atOrigin(r, seen, edgeFine, edgeHttps));
            } else if (r.ok() && r.daysLeft() <= EXPIRY_WARNING_DAYS) {
                findings.add(TlsFindings.expiresSoon(r, seen, "origin"));
            }
        }
        if (findings.isEmpty()) {
            return CheckResult.passed(seen.toArray(Evidence[]::new));
        }
        return CheckResult.findings(findings.toArray(Finding[]::new));
    }

    private static Duration margin(Duration left) {
        Duration tenth = left.dividedBy(10);
        return tenth.compareTo(Duration.ofMillis(500)) > 0 ? Duration.ofMillis(500) : tenth;
    }

    private static InetAddress[] resolve(HttpProber.Resolver resolver, String host, long deadline)
            throws UnknownHostException, TimeoutException {
        if (host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return new InetAddress[] {InetAddress.getByName(host)};
        }
        Future<InetAddress[]> f = WORKERS.submit(() -> resolver.resolve(host));
        try {
            InetAddress[] all = f.get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
                    TimeUnit.MILLISECONDS);
            if (all == null || all.length == 0) {
                throw new UnknownHostException(host);
            }
            return all;
        } catch (ExecutionException e) {
            throw new UnknownHostException(host + ": " + e.getCause());
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted");
        } catch (TimeoutException e) {
            f.cancel(true);
            throw e;
        }
    }

    /** The words for each problem. */
    static final class TlsFindings {
        private TlsFindings() {
        }

        static Finding atEdge(TlsInspector.Report r, List<Evidence> evidence) {
            TlsInspector.Problem p = r.problems().get(0);
            String host = r.host();
            String detail = r.detail();
            return switch (p) {
                case EXPIRED, NOT_YET_VALID -> Finding.cause(CauseCode.TLS_CERTIFICATE_EXPIRED, Layer.TLS,
                                Severity.CRITICAL, 0.95, "The certificate " + host + " serves at " + r.address() + " is "
                                        + (p == TlsInspector.Problem.EXPIRED ? "expired" : "not yet valid") + ": "
                                        + detail + "; browsers refuse the site")
                        .evidence(evidence)
                        .remediation(p == TlsInspector.Problem.EXPIRED
                                        ? "Renew the certificate (certbot renew, or the host's or CDN's panel) and reload "
                                                + "the web server; then check automatic renewal runs (systemctl "
                                                + "list-timers | grep certbot)."
                                        : "Check the server's clock (timedatectl) and the certificate's start date; a "
                                                + "certificate issued for the future was made on a machine with a wrong "
                                                + "clock.")
                        .confirmWith("openssl s_client -connect " + r.address() + " -servername " + host
                                + " </dev/null | openssl x509 -noout -dates")
                        .build();
                case NAME_MISMATCH -> Finding.cause(CauseCode.TLS_HOSTNAME_MISMATCH, Layer.TLS, Severity.CRITICAL, 0.9,
                                "The certificate served at " + r.address() + " does not cover " + host + ": " + detail)
                        .evidence(evidence)
                        .remediation("Issue a certificate that includes " + host + " (and the www. name if used), or "
                                + "make this name select its own certificate (nginx server_name with its "
                                + "ssl_certificate; Apache ServerName/ServerAlias in the :443 virtual host).")
                        .confirmWith("openssl s_client -connect " + r.address() + " -servername " + host
                                + " </dev/null | openssl x509 -noout -ext subjectAltName")
                        .build();
                case SELF_SIGNED, MISSING_INTERMEDIATE, UNTRUSTED_ROOT -> Finding.cause(CauseCode.TLS_UNTRUSTED_CHAIN,
                                Layer.TLS, Severity.CRITICAL, p == TlsInspector.Problem.UNTRUSTED_ROOT ? 0.8 : 0.9,
                                "The certificate chain of " + host + " does not lead to a trusted root ("
                                        + words(p) + "): " + detail)
                        .evidence(evidence)
                        .remediation(chainSteps(p))
                        .confirmWith("openssl s_client -connect " + r.address() + " -servername " + host
                                + " -showcerts </dev/null shows the certificates the server sends (this check trusts "
                                + "the JVM's roots, which can differ from browsers')")
                        .build();
                case MUST_STAPLE_MISSING -> Finding.cause(CauseCode.TLS_HANDSHAKE_FAILURE, Layer.TLS, Severity.WARNING,
                                0.6, "The certificate of " + host + " demands OCSP stapling (must-staple), but "
                                        + r.address() + " staples no OCSP response: Firefox refuses such a site "
                                        + "(MOZILLA_PKIX_ERROR_REQUIRED_TLS_FEATURE_MISSING)")
                        .evidence(evidence)
                        .remediation("Turn OCSP stapling on (nginx: ssl_stapling on; ssl_stapling_verify on; with a "
                                        + "resolver and ssl_trusted_certificate; Apache: SSLUseStapling on with "
                                        + "SSLStaplingCache), and check the server can reach the CA's OCSP responder.",
                                "Or reissue the certificate without must-staple.")
                        .build();
                case REVOKED -> Finding.cause(CauseCode.TLS_UNTRUSTED_CHAIN, Layer.TLS, Severity.CRITICAL, 0.9,
                                "The certificate " + host + " serves at " + r.address() + " has been revoked by its CA: "
                                        + detail + "; browsers that read the staple refuse the site")
                        .evidence(evidence)
                        .remediation("Install a newly issued certificate (a revoked one cannot be brought back: certbot "
                                        + "certonly --force-renewal, or the CA's panel) and reload the web server.",
                                "If the key was compromised, make a new key for the new certificate.")
                        .confirmWith("openssl s_client -connect " + r.address() + " -servername " + host
                                + " -status </dev/null shows the stapled response: Cert Status: revoked")
                        .build();
                case STAPLE_INVALID -> Finding.cause(CauseCode.TLS_HANDSHAKE_FAILURE, Layer.TLS, Severity.WARNING,
                                r.mustStaple() ? 0.75 : 0.55, "The OCSP response " + r.address() + " staples for "
                                        + host + " cannot be relied on: " + r.staple() + (r.mustStaple()
                                        ? "; the certificate demands stapling, so Firefox refuses the site"
                                        : r.staple().contains("out-of-date")
                                        ? "; Firefox refuses a site whose staple is out of date "
                                                + "(SEC_ERROR_OCSP_OLD_RESPONSE)"
                                        : "; clients that check stapled responses cannot use it"))
                        .evidence(evidence)
                        .remediation("Let the server fetch a fresh response: it needs to reach the CA's OCSP responder "
                                        + "(nginx: ssl_stapling on; ssl_stapling_verify on; a resolver; Apache: "
                                        + "SSLUseStapling on with SSLStaplingCache); a staple file set by hand "
                                        + "(nginx ssl_stapling_file) must be renewed before its next update.",
                                "Check the server's clock (timedatectl): a wrong clock makes a current response look "
                                        + "out of date.")
                        .confirmWith("openssl s_client -connect " + r.address() + " -servername " + host
                                + " -status </dev/null shows the response's This Update and Next Update")
                        .build();
                case HANDSHAKE -> Finding.cause(CauseCode.TLS_HANDSHAKE_FAILURE, Layer.TLS, Severity.CRITICAL, 0.75,
                                "The TLS handshake with " + host + " at " + r.address() + " fails: " + detail)
                        .evidence(evidence)
                        .remediation("Check the server's protocols and ciphers: TLSv1.2 and TLSv1.3 with modern "
                                        + "suites (nginx: ssl_protocols TLSv1.2 TLSv1.3;); a server that offers only "
                                        + "TLSv1.0/1.1 is refused by every current browser.",
                                "Check the port speaks TLS at all (listen 443 ssl;).")
                        .confirmWith("openssl s_client -connect " + r.address() + " -servername " + host)
                        .build();
            };
        }

        static Finding atOrigin(TlsInspector.Report r, List<Evidence> evidence, boolean edgeFine, boolean edgeHttps) {
            TlsInspector.Problem p = r.problems().get(0);
            boolean handshake = p == TlsInspector.Problem.HANDSHAKE;
            String status = handshake ? "525 (SSL handshake failed)" : "526 (invalid SSL certificate) in Full (strict) mode";
            String summary = "The origin " + r.address() + " " + (handshake ? "fails the TLS handshake" : "serves a "
                    + "certificate " + words(p)) + " for " + r.host() + ": " + r.detail()
                    + (edgeFine ? "; the edge's own certificate is fine, so visitors' browsers are happy while the "
                            + "edge's connection to the origin fails: this is what Cloudflare's " + status
                            + " and a CDN's or load balancer's 502 mean"
                            : edgeHttps ? "" : "; an edge that connects to the origin over https fails here (Cloudflare "
                                    + status + ", CloudFront 502)");
            List<String> steps = new ArrayList<>();
            if (handshake) {
                steps.add("Make the origin answer TLS for this name on " + r.address() + " (nginx: listen 443 ssl; with "
                        + "ssl_certificate for server_name " + r.host() + "), with TLSv1.2 or TLSv1.3.");
                steps.add("Or switch the CDN's origin connection to what the origin supports (Cloudflare SSL mode; "
                        + "CloudFront origin protocol policy).");
            } else {
                steps.addAll(List.of(chainSteps(p)));
                steps.add("A Cloudflare Origin CA certificate (valid 15 years, trusted by Cloudflare only) is made for "
                        + "this leg; CloudFront needs a publicly trusted certificate that covers the origin's domain "
                        + "name.");
            }
            return Finding.cause(CauseCode.EDGE_ORIGIN_TLS_FAILURE, Layer.EDGE, Severity.CRITICAL, edgeFine ? 0.85 : 0.7,
                            summary)
                    .evidence(evidence)
                    .remediation(steps.toArray(String[]::new))
                    .confirmWith("openssl s_client -connect " + r.address() + " -servername " + r.host()
                            + " -showcerts </dev/null, run from a machine the origin lets in")
                    .build();
        }

        static Finding expiresSoon(TlsInspector.Report r, List<Evidence> evidence, String role) {
            return Finding.symptom(role.equals("edge") ? Layer.TLS : Layer.EDGE, Severity.WARNING, "The "
                            + role + " certificate of " + r.host() + " at " + r.address() + " expires in "
                            + r.daysLeft() + (r.daysLeft() == 1 ? " day" : " days") + " ("
                            + r.chain().get(0).getNotAfter().toInstant() + ")")
                    .evidence(evidence)
                    .remediation("Renew it now and check that automatic renewal works (certbot renew --dry-run); "
                            + "Let's Encrypt certificates are renewed 30 days before expiry when renewal runs.")
                    .build();
        }

        private static String words(TlsInspector.Problem p) {
            return switch (p) {
                case EXPIRED -> "that is expired";
                case NOT_YET_VALID -> "that is not yet valid";
                case NAME_MISMATCH -> "that does not cover the name";
                case SELF_SIGNED -> "that is self-signed";
                case MISSING_INTERMEDIATE -> "without its intermediate certificate";
                case UNTRUSTED_ROOT -> "from a CA that is not trusted";
                case MUST_STAPLE_MISSING -> "that demands OCSP stapling, without a staple";
                case REVOKED -> "that its CA has revoked";
                case STAPLE_INVALID -> "with an OCSP staple that cannot be relied on";
                case HANDSHAKE -> "that cannot be negotiated";
            };
        }

        private static String[] chainSteps(TlsInspector.Problem p) {
            return switch (p) {
                case MISSING_INTERMEDIATE -> new String[] {"Serve the full chain: nginx ssl_certificate must name "
                        + "fullchain.pem (not cert.pem); Apache 2.4.8+ SSLCertificateFile likewise (or "
                        + "SSLCertificateChainFile on older versions). Browsers sometimes hide this by fetching the "
                        + "intermediate themselves; CDNs, curl and apps do not."};
                case SELF_SIGNED -> new String[] {"Replace the self-signed certificate with one from a public CA "
                        + "(Let's Encrypt: certbot --nginx or --apache)."};
                case EXPIRED, NOT_YET_VALID -> new String[] {"Renew the certificate and reload the server; check "
                        + "automatic renewal (systemctl list-timers | grep certbot)."};
                case NAME_MISMATCH -> new String[] {"Issue a certificate covering the site's name, or make the name "
                        + "select the right certificate (server_name / ServerName)."};
                default -> new String[] {"Use a certificate from a CA that browsers (and the CDN) trust, and serve "
                        + "its full chain."};
            };
        }
    }

    private SiteResolver.Discovered names() {
        return discover ? SiteResolver.discovered() : SiteResolver.Discovered.NONE;
    }
}
