package org.gatewaydoctor.checks.http.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gatewaydoctor.model.ErrorSource;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.junit.jupiter.api.Test;

/** The messy inputs of issue 10: shapes, relaying, shared templates, look-alike vendors. */
class ErrorPageClassifierTest {

    private static final ErrorPageClassifier C = ErrorPageClassifier.standard();

    /** nginx's default 502 page (ngx_http_special_response.c) with a footer of the caller's choice. */
    static String nginxTemplate(String footer) {
        return "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>" + footer + "</center>\r\n</body>\r\n</html>\r\n"
                + "<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n";
    }

    /** Varnish's builtin.vcl vcl_backend_error page. */
    static final String VARNISH_503 = "<!DOCTYPE html>\n<html>\n  <head>\n    <title>503 Backend fetch failed</title>\n"
            + "  </head>\n  <body>\n    <h1>Error 503 Backend fetch failed</h1>\n    <p>Backend fetch failed</p>\n"
            + "    <h3>Guru Meditation:</h3>\n    <p>XID: 32770</p>\n    <hr>\n    <p>Varnish cache server</p>\n"
            + "  </body>\n</html>\n";

    static final String WORDPRESS_CRITICAL = "<!DOCTYPE html>\n<html dir='ltr'>\n<head>\n<title>WordPress &rsaquo; Error"
            + "</title>\n</head>\n<body id=\"error-page\">\n<div class=\"wp-die-message\"><p>There has been a critical "
            + "error on this website.</p><p><a href=\"https://wordpress.org/documentation/article/faq-troubleshooting/\">"
            + "Learn more about troubleshooting WordPress.</a></p></div></body>\n</html>\n";

    private static Attribution classify(String capture) {
        return C.classify(CapturedResponse.parse(capture));
    }

    @Test
    void anHttp2StatusLineWithLowerCaseHeadersIsReadLikeHttp11() {
        Attribution a = classify("HTTP/2 502 \r\nserver: nginx/1.22.1\r\ncontent-type: text/html\r\n\r\n"
                + nginxTemplate("nginx/1.22.1"));

        assertEquals("nginx", a.source().vendor());
        assertEquals(502, a.source().status());
        assertEquals(ErrorSource.Hop.PROXY, a.source().hop());
        assertTrue(a.source().markers().contains("header server: nginx/1.22.1"), a.source().markers().toString());
    }

    @Test
    void headerCaseAndOrderDoNotChangeTheAnswer() {
        String body = nginxTemplate("cloudflare");
        Attribution a = classify("HTTP/1.1 502 Bad Gateway\r\nServer: cloudflare\r\nCF-RAY: 8ecd1a2b3c4d5e6f-AMS\r\n"
                + "Content-Type: text/html\r\n\r\n" + body);
        Attribution b = classify("HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/html\r\ncf-ray: 8ecd1a2b3c4d5e6f-AMS\r\n"
                + "SERVER: cloudflare\r\n\r\n" + body);

        assertEquals("cloudflare", a.source().vendor());
        assertEquals(a.source().vendor(), b.source().vendor());
        assertEquals(a.source().confidence(), b.source().confidence());
        assertEquals(a.cause(), b.cause());
        assertEquals("8ecd1a2b3c4d5e6f-AMS", b.source().reference());
    }

    @Test
    void headersAloneNameCloudflareAndItsStatusMeaning() {
        Attribution a = classify("HTTP/1.1 524 Origin Time-out\r\nServer: cloudflare\r\nCF-RAY: 7d1c2b3a4f5e6d7c-LHR\r\n"
                + "Content-Length: 0\r\n\r\n");

        assertEquals("cloudflare", a.source().vendor());
        assertEquals("edge.origin_timeout", a.cause().value());
        assertTrue(a.source().confidence() < 0.9, "known from headers only: " + a.source().confidence());
        assertTrue(a.nextSteps().stream().anyMatch(s -> s.contains("7d1c2b3a4f5e6d7c-LHR")), a.nextSteps().toString());
    }

    @Test
    void anEmptyBodyFromAnAlbIsAttributedByItsServerHeaderWithTheStatusMeaning() {
        Attribution a = classify("HTTP/1.1 503 Service Temporarily Unavailable\r\nServer: awselb/2.0\r\n"
                + "Content-Length: 0\r\n\r\n");

        assertEquals("aws-alb", a.source().vendor());
        assertEquals(ErrorSource.Hop.LOAD_BALANCER, a.source().hop());
        assertEquals("proxy.no_healthy_upstream", a.cause().value());
    }

    @Test
    void anAlbPageWithItsServerHeaderGetsTheStatusSpecificMeaning() {
        Attribution a = classify("HTTP/1.1 504 Gateway Time-out\r\nServer: awselb/2.0\r\n\r\n<html>\r\n<head><title>504 "
                + "Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n"
                + "</body>\r\n</html>\r\n");

        assertEquals("aws-alb", a.source().vendor());
        assertEquals("proxy.upstream_timeout", a.cause().value());
        assertTrue(a.source().confidence() >= 0.9);
    }

    @Test
    void aTruncatedNginxPageIsStillNginxByItsServerHeader() {
        String cut = nginxTemplate("nginx").substring(0, 90);
        Attribution a = classify("HTTP/1.1 502 Bad Gateway\r\nServer: nginx\r\nContent-Length: 552\r\n\r\n" + cut);

        assertEquals("nginx", a.source().vendor());
        assertTrue(CapturedResponse.parse("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 552\r\n\r\n" + cut).truncated());
    }

    @Test
    void aTruncatedCloudflarePageStillNamesItsStatusAndCause() {
        Attribution a = classify("<!DOCTYPE html><html><head><title>shop.example | 521: Web server is down</title></head>"
                + "<body><span>Web server is down</span> <span>Error code 521</span><p>Visit cloudflare.com for");

        assertEquals("cloudflare", a.source().vendor());
        assertEquals(521, a.source().status());
        assertEquals("edge.origin_unreachable", a.cause().value());
    }

    @Test
    void theSameNginxTemplateIsAttributedByItsFooter() {
        assertEquals("nginx", classify(nginxTemplate("nginx")).source().vendor());
        assertEquals("nginx", classify(nginxTemplate("openresty/1.21.4.1")).source().vendor());
        assertEquals("cloudflare", classify(nginxTemplate("cloudflare")).source().vendor());
        assertEquals("azure-application-gateway",
                classify(nginxTemplate("Microsoft-Azure-Application-Gateway/v2")).source().vendor());
        Attribution alb = classify("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                + "<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n");
        assertEquals("aws-alb", alb.source().vendor(), "no footer at all: AWS's load balancer");
    }

    @Test
    void aPageRelayedByAnotherHopIsAttributedToTheWriterAndNamesTheRelayer() {
        Attribution a = classify("HTTP/1.1 502 Bad Gateway\r\nServer: cloudflare\r\nCF-RAY: 8ecd1a2b3c4d5e6f-AMS\r\n"
                + "cf-cache-status: DYNAMIC\r\n\r\n" + nginxTemplate("nginx/1.22.1"));

        assertEquals("nginx", a.source().vendor());
        assertEquals("cloudflare", a.source().relayedBy());
        assertTrue(a.meaning().contains("cloudflare only passed this page on"), a.meaning());
    }

    @Test
    void wordpressPagesMeanPhpAnsweredAndNameTheOutermostRelayer() {
        Attribution a = classify("HTTP/2 500\r\nserver: cloudflare\r\ncf-ray: 8ecd1a2b3c4d5e6f-AMS\r\nx-powered-by: "
                + "PHP/8.2.7\r\n\r\n" + WORDPRESS_CRITICAL);

        assertEquals("wordpress", a.source().vendor());
        assertEquals(ErrorSource.Hop.ORIGIN_APP, a.source().hop());
        assertEquals("cloudflare", a.source().relayedBy());
        assertEquals("app.fatal_error", a.cause().value());
        assertEquals(Layer.APPLICATION, a.finding(null).layer());
    }

    @Test
    void fastlyAndVarnishShareAPageAndAreToldApartByXServedBy() {
        Attribution fastly = classify("HTTP/1.1 503 Backend fetch failed\r\nX-Served-By: cache-fra-eddf8230089-FRA\r\n"
                + "X-Cache: MISS\r\n\r\n" + VARNISH_503);
        Attribution varnish = classify("HTTP/1.1 503 Backend fetch failed\r\nX-Varnish: 32770\r\n"
                + "Via: 1.1 varnish (Varnish/7.1)\r\n\r\n" + VARNISH_503);
        Attribution bodyOnly = classify(VARNISH_503);

        assertEquals("fastly", fastly.source().vendor());
        assertEquals(ErrorSource.Hop.EDGE, fastly.source().hop());
        assertEquals("varnish", varnish.source().vendor());
        assertEquals(ErrorSource.Hop.PROXY, varnish.source().hop());
        assertEquals("varnish", bodyOnly.source().vendor());
        assertEquals("32770", varnish.source().reference());
    }

    @Test
    void googlesLoadBalancerServingAnEnvoyBodyIsGoogleNotEnvoy() {
        String body = "upstream connect error or disconnect/reset before headers. reset reason: connection failure";
        Attribution google = classify("HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain\r\nvia: 1.1 google\r\n"
                + "\r\n" + body);
        Attribution envoy = classify("HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain\r\nserver: envoy\r\n"
                + "\r\n" + body);

        assertEquals("google-frontend", google.source().vendor());
        assertEquals(ErrorSource.Hop.LOAD_BALANCER, google.source().hop());
        assertEquals("envoy", envoy.source().vendor());
        assertEquals("proxy.upstream_refused", envoy.cause().value());
    }

    @Test
    void browserTextOfAnApachePageIsEnough() {
        Attribution a = classify("Service Unavailable\n\nThe server is temporarily unable to service your request due to "
                + "maintenance downtime or capacity problems. Please try again later.\n\nApache/2.4.62 (Debian) Server at "
                + "127.0.0.1 Port 8080");

        assertEquals("apache", a.source().vendor());
        assertEquals(503, a.source().status());
        assertEquals("proxy.upstream_refused", a.cause().value());
    }

    @Test
    void nothingRecognisableIsUnknownWithZeroConfidence() {
        Attribution a = classify("HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\n\r\nsomething broke");

        assertEquals(ErrorSource.UNKNOWN, a.source().vendor());
        assertEquals(0.0, a.source().confidence());
        assertEquals(502, a.source().status());
        assertNull(a.cause());
        Finding f = a.finding(null);
        assertTrue(f.isSymptom());
        assertEquals(Severity.CRITICAL, f.severity());
    }

    @Test
    void theFindingCarriesTheErrorSourceAsEvidence() {
        Attribution a = classify("HTTP/1.1 504 Gateway Time-out\r\n\r\n<html><body><h1>504 Gateway Time-out</h1>\n"
                + "The server didn't respond in time.\n</body></html>\n");
        Finding f = a.finding(null);

        assertEquals("haproxy", a.source().vendor());
        assertEquals("proxy.upstream_timeout", f.cause().value());
        assertEquals(504, f.httpStatus());
        assertTrue(f.evidence().get(0) instanceof Evidence.ErrorPage page && page.source().equals(a.source()));
        assertFalse(f.remediation().isEmpty());
    }

    @Test
    void classifyTakesTheProbesHeaderMapInAnyCase() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Server", List.of("cloudflare"));
        headers.put("CF-Ray", List.of("8ecd1a2b3c4d5e6f-AMS"));
        Attribution a = C.classify(526, headers, "");

        assertEquals("cloudflare", a.source().vendor());
        assertEquals("edge.origin_tls_failure", a.cause().value());
    }

    @Test
    void hugeAndBinaryInputsEndQuicklyWithBoundedResults() {
        String junk = "\u0000\u00ff<<<>>>&#99999999;".repeat(700_000);
        Attribution a = classify("HTTP/1.1 502 Bad Gateway\r\n" + "X-Junk: y\r\n".repeat(100_000) + "\r\n" + junk);

        assertEquals(ErrorSource.UNKNOWN, a.source().vendor());
        CapturedResponse r = CapturedResponse.parse("HTTP/1.1 502 Bad Gateway\r\n" + "X-Junk: y\r\n".repeat(100_000));
        assertEquals(CapturedResponse.MAX_HEADERS, r.headers().size());
        assertTrue(CapturedResponse.parse(junk).body().length() <= CapturedResponse.MAX_BODY_CHARS);
    }

    @Test
    void headersCopiedFromABrowsersDeveloperToolsPanelAreRead() {
        // Chrome's Network panel as text: General section, then response headers, one line name, one line value.
        CapturedResponse r = CapturedResponse.parse("Request URL\nhttps://shop.example.org/\nRequest Method\nGET\n"
                + "Status Code\n522 \nRemote Address\n203.0.113.9:443\nReferrer Policy\nstrict-origin-when-cross-origin\n"
                + "cache-control\nno-store\ncf-ray\na0e73a7a382dfb8f-AMS\ncontent-type\ntext/html; charset=UTF-8\n"
                + "server\ncloudflare\n");

        assertEquals(522, r.status());
        assertEquals("cloudflare", r.header("Server").orElseThrow());
        assertEquals("a0e73a7a382dfb8f-AMS", r.header("cf-ray").orElseThrow());
        Attribution a = C.classify(r);
        assertEquals("cloudflare", a.source().vendor());
        assertEquals("edge.origin_unreachable", a.cause().value());
    }

    @Test
    void ordinaryTextIsNotMistakenForDeveloperToolsPairs() {
        CapturedResponse r = CapturedResponse.parse("Web server is down\nError code 521\nVisit cloudflare.com for more "
                + "information.\n2024-11-08 23:05:59 UTC\n");

        assertEquals(List.of(), r.headers());
        assertEquals(CapturedResponse.Shape.TEXT_BODY, r.shape());
    }
}
