package org.gatewaydoctor.model;

/**
 * A hop on the path a request takes from the visitor to the data, in path order.
 *
 * <p>The declaration order is the request path: {@link #DNS} first, {@link #DATABASE} last;
 * {@link #HOST} stands apart (the machine that runs the origin). Ranking uses the position to
 * prefer the deepest explanation when two causes are otherwise equally likely, because a failure
 * deep in the chain shows up as symptoms in every hop in front of it.
 */
public enum Layer {
    /** Name resolution of the site and of upstream host names. */
    DNS("dns"),
    /** A CDN or edge proxy in front of the origin (Cloudflare, CloudFront, Fastly...). */
    EDGE("edge"),
    /** TLS between the visitor (or the edge) and the origin. */
    TLS("tls"),
    /** A load balancer in front of the web servers (HAProxy, cloud load balancers). */
    LOAD_BALANCER("load-balancer"),
    /** The web server or reverse proxy that talks to the application (nginx, Apache). */
    PROXY("proxy"),
    /** The PHP FastCGI process manager and its pools. */
    PHP_FPM("php-fpm"),
    /** The application itself (WordPress core, plugins, themes). */
    APPLICATION("application"),
    /** The application's database (MariaDB/MySQL). */
    DATABASE("database"),
    /** The origin machine: memory, CPU, disks. */
    HOST("host");

    private final String label;

    Layer(String label) {
        this.label = label;
    }

    /** A short lower-case label for text output. (JSON uses the constant's name, e.g. {@code PHP_FPM}.) */
    public String label() {
        return label;
    }

    /**
     * Parses a label as produced by {@link #label()} or an enum constant name.
     *
     * @throws IllegalArgumentException for an unknown layer
     */
    public static Layer fromLabel(String text) {
        for (Layer layer : values()) {
            if (layer.label.equalsIgnoreCase(text) || layer.name().equalsIgnoreCase(text)) {
                return layer;
            }
        }
        throw new IllegalArgumentException("unknown layer '" + text + "'");
    }
}
