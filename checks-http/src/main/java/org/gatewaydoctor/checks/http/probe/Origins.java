package org.gatewaydoctor.checks.http.probe;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The origin servers behind an edge, as the user names them ({@code --origin IP[:PORT]}, repeatable, or the
 * {@value #OPTION} target option: comma-separated). An origin is an IP address (never a name: the point is
 * to bypass the DNS that sends visitors to the edge), an optional port, and optionally {@code http://} or
 * {@code https://} when the origin speaks another scheme than the site's URL.
 *
 * <pre>{@code
 * Target.builder().url("https://example.org/").option(Origins.OPTION, "203.0.113.7, https://[2001:db8::7]:8443")
 * }</pre>
 */
public final class Origins {

    /** Target option: the origins, comma-separated. */
    public static final String OPTION = "http.origin";
    /** Target option: the dynamic page requested beside the home page ({@value #DEFAULT_DYNAMIC_PATH} by default). */
    public static final String DYNAMIC_PATH_OPTION = "http.dynamic-path";
    /** The default dynamic page: WordPress's login page is never cached. */
    public static final String DEFAULT_DYNAMIC_PATH = "/wp-login.php";
    /** Target option: how many spaced requests the intermittency check sends (2 to 1000). */
    public static final String SAMPLES_OPTION = "http.samples";
    /** Target option: the interval between samples, ISO-8601 ({@code PT2S}) or milliseconds. */
    public static final String INTERVAL_OPTION = "http.interval";

    private Origins() {
    }

    /**
     * One origin.
     *
     * @param address its IP address
     * @param port the port, 0 for the URL's
     * @param https {@code null} for the URL's scheme, else whether to speak TLS
     * @param text as the user wrote it
     */
    public record Origin(InetAddress address, int port, Boolean https, String text) {
        public Origin {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(text, "text");
        }

        /** The prober's leg to this origin. */
        public HttpProber.Leg leg() {
            return new HttpProber.Leg(address, port, https);
        }

        /** Whether requests for {@code url} to this origin use TLS. */
        public boolean https(URI url) {
            return https != null ? https : "https".equalsIgnoreCase(url.getScheme());
        }

        /** The port requests for {@code url} go to. */
        public int port(URI url) {
            if (port > 0) {
                return port;
            }
            boolean urlHttps = "https".equalsIgnoreCase(url.getScheme());
            if (https == null || https == urlHttps) {
                return url.getPort() > 0 ? url.getPort() : urlHttps ? 443 : 80;
            }
            return https ? 443 : 80;
        }
    }

    /** The origins in the target option's value; empty for {@code null} or blank. */
    public static List<Origin> parse(String value) {
        List<Origin> out = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        for (String part : value.split("[,\\s]+")) {
            if (!part.isEmpty()) {
                out.add(parseOne(part));
            }
        }
        return out;
    }

    /**
     * One origin: {@code 203.0.113.7}, {@code 203.0.113.7:8080}, {@code [2001:db8::7]:443}, {@code 2001:db8::7},
     * {@code https://203.0.113.7:8443}.
     *
     * @throws IllegalArgumentException with a message for the user when it is not one
     */
    public static Origin parseOne(String text) {
        String s = text.trim();
        Boolean https = null;
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://")) {
            https = true;
            s = s.substring(8);
        } else if (lower.startsWith("http://")) {
            https = false;
            s = s.substring(7);
        }
        if (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        String host;
        int port = 0;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw bad(text, "an IPv6 address in brackets lacks its ']'");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw bad(text, "expected :PORT after the address");
                }
                port = port(text, rest.substring(1));
            }
        } else if (s.indexOf(':') != s.lastIndexOf(':')) {
            host = s; // a bare IPv6 address
        } else {
            int colon = s.indexOf(':');
            host = colon < 0 ? s : s.substring(0, colon);
            if (colon >= 0) {
                port = port(text, s.substring(colon + 1));
            }
        }
        if (!literal(host)) {
            throw bad(text, "an origin is an IP address (IPv4, or IPv6 in brackets with a port), not a name");
        }
        try {
            return new Origin(InetAddress.getByName(host), port, https, text.trim());
        } catch (UnknownHostException e) {
            throw bad(text, "not an IP address");
        }
    }

    private static boolean literal(String host) {
        if (host.indexOf(':') >= 0) {
            return host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    private static int port(String text, String digits) {
        try {
            int p = Integer.parseInt(digits);
            if (p < 1 || p > 65535) {
                throw bad(text, "the port must be within 1..65535");
            }
            return p;
        } catch (NumberFormatException e) {
            throw bad(text, "the port is not a number");
        }
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("invalid origin '" + text + "': " + why
                + " (e.g. 203.0.113.7, 203.0.113.7:8080, [2001:db8::7]:443, https://203.0.113.7)");
    }
}
