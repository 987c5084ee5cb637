package org.gatewaydoctor.facts;

/** The protocol a proxy speaks to its upstream. */
public enum UpstreamProtocol {
    /** FastCGI ({@code fastcgi_pass}, {@code fcgi://}, {@code proxy:unix:...|fcgi://}). */
    FASTCGI,
    /** Plain HTTP ({@code proxy_pass http://}, HAProxy servers without {@code ssl}). */
    HTTP,
    /** HTTP over TLS ({@code proxy_pass https://}, HAProxy {@code ssl}). */
    HTTPS,
    /** uWSGI. */
    UWSGI,
    /** SCGI. */
    SCGI,
    /** gRPC. */
    GRPC,
    /** AJP (Apache mod_proxy_ajp). */
    AJP,
    /** Anything else the proxy supports. */
    OTHER
}
