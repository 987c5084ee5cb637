package org.gatewaydoctor.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Who wrote an error response a visitor got: the vendor and hop whose page it is, how sure the
 * attribution is, what decided it, and the hop that merely passed it on.
 *
 * <p>"The message names the messenger": a Cloudflare-branded 502 and nginx's plain "502 Bad Gateway"
 * point at different hops, and a WordPress "critical error" page means PHP answered and the gateway is
 * not at fault.
 *
 * <pre>{@code
 * new ErrorSource("cloudflare", ErrorSource.Hop.EDGE, 522, 0.95,
 *         List.of("header cf-ray: 8d2f0c1a5b3e1f2a-FRA", "body: Error code 522"), null, "8d2f0c1a5b3e1f2a-FRA");
 * }</pre>
 *
 * @param vendor stable vendor id, one of {@link #VENDORS} for the built-in catalogue (third-party
 *     catalogues may add their own lower-case ids); {@value #UNKNOWN} when nothing identified the writer
 * @param hop the kind of hop that wrote the page
 * @param status the HTTP status of the response, {@code null} when it was not given (a body alone)
 * @param confidence how sure the attribution is, 0..1
 * @param markers what decided it, most telling first, e.g. {@code header server: cloudflare}
 * @param relayedBy the vendor id of a hop in front that passed the page on unchanged (its headers are
 *     on the response, the body is not its own), {@code null} when none was seen
 * @param reference the id to quote to the vendor's support (Cloudflare Ray ID, Akamai reference,
 *     CloudFront request id, Azure ref), {@code null} when the response carries none
 */
@JsonPropertyOrder({"vendor", "hop", "status", "confidence", "markers", "relayedBy", "reference"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorSource(
        String vendor,
        Hop hop,
        Integer status,
        double confidence,
        List<String> markers,
        String relayedBy,
        String reference) {

    /** The vendor id for a response nothing identified. */
    public static final String UNKNOWN = "unknown";

    /** The stable vendor ids of the built-in catalogue. */
    public static final List<String> VENDORS = List.of("cloudflare", "cloudfront", "aws-alb", "google-frontend",
            "fastly", "varnish", "akamai", "haproxy", "envoy", "nginx", "apache", "litespeed", "traefik", "caddy",
            "heroku", "azure-front-door", "azure-application-gateway", "bunnycdn", "sucuri", "wordpress", "knative",
            UNKNOWN);

    private static final Pattern VENDOR_ID = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");

    public ErrorSource {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(hop, "hop");
        if (!VENDOR_ID.matcher(vendor).matches()) {
            throw new IllegalArgumentException("vendor must be a lower-case id like 'cloudflare': " + vendor);
        }
        if (relayedBy != null && !VENDOR_ID.matcher(relayedBy).matches()) {
            throw new IllegalArgumentException("relayedBy must be a lower-case vendor id: " + relayedBy);
        }
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be within 0..1: " + confidence);
        }
        if (status != null && (status < 100 || status > 999)) {
            throw new IllegalArgumentException("status out of range: " + status);
        }
        markers = List.copyOf(markers == null ? List.of() : markers);
    }

    /** Whether a vendor was identified. */
    @JsonIgnore
    public boolean isKnown() {
        return !UNKNOWN.equals(vendor);
    }

    /** The hop that passed the page on, if any. */
    @JsonIgnore
    public Optional<String> relayer() {
        return Optional.ofNullable(relayedBy);
    }

    /** A copy whose free text (markers, reference) went through {@code redactor}. */
    public ErrorSource redacted(UnaryOperator<String> redactor) {
        return new ErrorSource(vendor, hop, status, confidence, markers.stream().map(redactor).toList(), relayedBy,
                reference == null ? null : redactor.apply(reference));
    }

    /** One line for text output, e.g. {@code 522 written by cloudflare (edge), relayed by nothing}. */
    @JsonIgnore
    public String describe() {
        return (status == null ? "error page" : status + " page") + " written by " + vendor + " (" + hop.id() + ")"
                + (relayedBy == null ? "" : ", passed on by " + relayedBy)
                + (reference == null ? "" : ", reference " + reference);
    }

    /** The kind of hop that wrote an error page. JSON uses the lower-case ids. */
    public enum Hop {
        /** A CDN or edge network (Cloudflare, CloudFront, Fastly, Akamai...). */
        EDGE("edge", Layer.EDGE),
        /** A load balancer (AWS ALB, Google's front end, HAProxy, Azure Application Gateway...). */
        LOAD_BALANCER("load_balancer", Layer.LOAD_BALANCER),
        /** The web server or reverse proxy in front of the application (nginx, Apache, Varnish...). */
        PROXY("proxy", Layer.PROXY),
        /** The application itself answered (WordPress): the gateways in front are not at fault. */
        ORIGIN_APP("origin_app", Layer.APPLICATION);

        private final String id;
        private final Layer layer;

        Hop(String id, Layer layer) {
            this.id = id;
            this.layer = layer;
        }

        /** The JSON id: {@code edge}, {@code load_balancer}, {@code proxy}, {@code origin_app}. */
        @JsonValue
        public String id() {
            return id;
        }

        /** The hop of the request path this is. */
        public Layer layer() {
            return layer;
        }

        /**
         * Parses an id as produced by {@link #id()} (or the constant name).
         *
         * @throws IllegalArgumentException for an unknown hop
         */
        @JsonCreator
        public static Hop of(String text) {
            for (Hop h : values()) {
                if (h.id.equalsIgnoreCase(text) || h.name().equalsIgnoreCase(text)) {
                    return h;
                }
            }
            throw new IllegalArgumentException("unknown hop '" + text + "' (edge, load_balancer, proxy, origin_app)");
        }
    }
}
