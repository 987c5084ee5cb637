package org.gatewaydoctor.checks.http.internal.config;

import java.util.Locale;

/**
 * What a proxy speaks to its upstream: the scheme of {@code proxy_pass https://...}, the protocol a
 * {@code fastcgi_pass} implies, the scheme of Apache's {@code fcgi://}. A mismatch with what the upstream
 * listens for (FastCGI to an HTTP port, HTTP to PHP-FPM's socket, TLS to a plain port) is a 502.
 */
public enum Protocol {
    HTTP("http", false, 80),
    HTTPS("https", true, 443),
    FASTCGI("fcgi", false, 8000),
    UWSGI("uwsgi", false, 3031),
    /** uWSGI over TLS (nginx {@code suwsgi://}). */
    SUWSGI("suwsgi", true, 0),
    SCGI("scgi", false, 4000),
    GRPC("grpc", false, 0),
    GRPCS("grpcs", true, 0),
    AJP("ajp", false, 8009),
    WS("ws", false, 80),
    WSS("wss", true, 443),
    H2C("h2c", false, 80),
    H2("h2", true, 443),
    /** A scheme this list does not know, or a balancer whose members carry their own. */
    OTHER("", false, 0);

    private final String scheme;
    private final boolean tls;
    private final int apacheDefaultPort;

    Protocol(String scheme, boolean tls, int apacheDefaultPort) {
        this.scheme = scheme;
        this.tls = tls;
        this.apacheDefaultPort = apacheDefaultPort;
    }

    /** The URL scheme ({@code fcgi} for FastCGI, as Apache writes it); empty for {@link #OTHER}. */
    public String scheme() {
        return scheme;
    }

    /** Whether the hop is TLS. */
    public boolean tls() {
        return tls;
    }

    /**
     * The port Apache's mod_proxy assumes when a URL has none ({@code ap_proxy_port_of_scheme}: fcgi 8000,
     * scgi 4000, ajp 8009, uwsgi 3031); 0 when it has none.
     */
    public int apacheDefaultPort() {
        return apacheDefaultPort;
    }

    /** The protocol of a URL scheme (any case; {@code fcgi} is FastCGI); {@link #OTHER} when unknown. */
    public static Protocol ofScheme(String scheme) {
        String s = scheme.toLowerCase(Locale.ROOT);
        for (Protocol p : values()) {
            if (p != OTHER && p.scheme.equals(s)) {
                return p;
            }
        }
        return OTHER;
    }
}
