package org.gatewaydoctor.checks.http.internal;

import java.util.Locale;
import org.gatewaydoctor.checks.http.probe.HttpProber;

/**
 * Who produced an HTTP answer, told from its headers and body.
 *
 * <p>Fingerprints: nginx's own error pages end with {@code <hr><center>nginx</center>} (or
 * {@code nginx/1.x.y} with server_tokens on; src/http/ngx_http_special_response.c); Apache's
 * mod_proxy 502 page is titled {@code 502 Proxy Error} with an {@code <h1>Proxy Error</h1>} and an
 * {@code <address>Apache...} footer; HAProxy sends no {@code Server} header and its built-in pages
 * (src/http.c, {@code http_err_msgs}) are {@code <html><body><h1>503 Service Unavailable</h1>} plus one
 * fixed sentence per status (checked against HAProxy 2.6.12's real 502, 503 and 504); Cloudflare adds a {@code cf-ray} header and answers
 * {@code Server: cloudflare}; CloudFront adds {@code x-amz-cf-id} and a {@code Via: ... (CloudFront)}.
 *
 * @param name e.g. {@code nginx}, {@code Apache}, {@code Cloudflare}, or the Server header, or {@code an unidentified server}
 * @param edge whether it is a CDN or edge proxy in front of the origin
 * @param originPage when an edge relays an error page the origin's proxy produced: {@code nginx} or
 *     {@code Apache}; empty otherwise
 */
public record Responder(String name, boolean edge, String originPage) {

    /** Cloudflare's name as used in findings. */
    public static final String CLOUDFLARE = "Cloudflare";
    /** HAProxy's name as used in findings. */
    public static final String HAPROXY = "HAProxy";
    /** CloudFront's name as used in findings. */
    public static final String CLOUDFRONT = "Amazon CloudFront";

    /** Identifies the producer of {@code r}. */
    public static Responder of(HttpProber.Response r) {
        String server = r.header("server");
        String serverLc = server.toLowerCase(Locale.ROOT);
        String body = r.bodyText();
        String page = nginxPage(body) ? "nginx" : apachePage(body) ? "Apache" : "";
        if (!r.header("cf-ray").isEmpty() || serverLc.equals("cloudflare")) {
            return new Responder(CLOUDFLARE, true, page);
        }
        if (!r.header("x-amz-cf-id").isEmpty() || r.header("via").toLowerCase(Locale.ROOT).contains("cloudfront")
                || r.header("x-cache").toLowerCase(Locale.ROOT).contains("cloudfront")) {
            return new Responder(CLOUDFRONT, true, page);
        }
        if (serverLc.startsWith("nginx") || serverLc.startsWith("openresty") || serverLc.isEmpty() && page.equals("nginx")) {
            return new Responder("nginx", false, "");
        }
        if (serverLc.startsWith("apache") || serverLc.isEmpty() && page.equals("Apache")) {
            return new Responder("Apache", false, "");
        }
        if (serverLc.isEmpty() && haproxyPage(body)) {
            return new Responder(HAPROXY, false, "");
        }
        if (!server.isEmpty()) {
            return new Responder(HttpProber.printable(server, 60), false, "");
        }
        return new Responder("an unidentified server", false, "");
    }

    /** Whether {@code body} is one of nginx's built-in error pages. */
    public static boolean nginxPage(String body) {
        return body.contains("<center>nginx</center>") || body.contains("<center>nginx/");
    }

    /** Whether {@code body} is one of HAProxy's built-in 502, 503 or 504 pages. */
    public static boolean haproxyPage(String body) {
        return body.startsWith("<html><body><h1>50") && (body.contains("\nNo server is available to handle this request.\n")
                || body.contains("\nThe server returned an invalid or incomplete response.\n")
                || body.contains("\nThe server didn't respond in time.\n"));
    }

    /** Whether {@code body} is Apache httpd's mod_proxy error page. */
    public static boolean apachePage(String body) {
        return body.contains("<h1>Proxy Error</h1>") || body.contains("<title>502 Proxy Error</title>")
                || body.contains("<address>Apache");
    }

    /** Whether this is nginx or Apache answering directly (no edge in front). */
    public boolean isOriginProxy() {
        return !edge && (name.equals("nginx") || name.equals("Apache"));
    }
}
