package org.gatewaydoctor.internal.logs.scan;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.gatewaydoctor.logs.LogFormat;

/**
 * Which web site (virtual host) a log line is about, when the line says so:
 *
 * <ul>
 *   <li>nginx's error log appends the request's context (ngx_http_log_error_handler in
 *       {@code src/http/ngx_http_request.c}): {@code , server: %V} (the first {@code server_name} of the
 *       {@code server} block) and, when the request had one, {@code , host: "%V"} (the {@code Host} header);
 *   <li>Apache's {@code vhost_combined} access log starts with {@code %v:%p}, the virtual host's name and port;
 *   <li>Apache's error log names the virtual host when its {@code ErrorLogFormat} has {@code %v} (see
 *       {@link #apacheVhost}).
 * </ul>
 *
 * <p>A value names a site only if it is a host name with a dot that is not an IP address: nginx writes
 * {@code server: } empty, {@code _} or {@code localhost} for catch-all blocks, and a {@code host:} that is an
 * address says nothing about which site was meant. A line naming no site belongs to every site (it is kept).
 */
public final class Sites {

    private static final String SERVER = ", server: ";
    private static final String HOST = ", host: \"";

    private Sites() {
    }

    /** What a line names: the {@code server} block and the {@code host} asked for, each null when absent. */
    public record Named(String server, String host) {
        /** The site to report the line under: the host asked for if it names a site, else the server's name. */
        public String label() {
            return host != null ? host : server;
        }

        /** Whether the line is about one of {@code names} (lower case): either of its names is one of them. */
        public boolean isAbout(Set<String> names) {
            return (server != null && names.contains(server)) || (host != null && names.contains(host));
        }
    }

    /** The site names of {@code text}, a line of {@code format}; null when it names no site. */
    public static Named of(LogFormat format, String text) {
        if (format == LogFormat.NGINX_ERROR) {
            return nginx(text);
        }
        if (format == LogFormat.HTTP_ACCESS) {
            return vhostCombined(text);
        }
        if (format == LogFormat.APACHE_ERROR) {
            return apacheVhost(text);
        }
        return null;
    }

    /** The leading bracketed fields read for a vhost, at most. */
    private static final int MAX_APACHE_FIELDS = 8;

    /**
     * The virtual host of an Apache error-log line written with an {@code ErrorLogFormat} that has {@code %v}
     * (the {@code ServerName} of the virtual host, {@code server.c}'s {@code log_server_name}): the first of the
     * line's leading bracketed fields ({@code [Mon Dec 07 ...] [proxy_fcgi:error] [pid 12:tid 34] [%v] ...})
     * that is a site name, alone or with {@code :port} ({@code %v:%p}). The default format has none: its
     * fields hold spaces ({@code [pid 12:tid 34]}, {@code [client 1.2.3.4:5]}) or no dot ({@code [core:error]}).
     */
    static Named apacheVhost(String text) {
        int i = 0;
        for (int n = 0; n < MAX_APACHE_FIELDS && i < text.length() && text.charAt(i) == '['; n++) {
            int end = text.indexOf(']', i + 1);
            if (end < 0) {
                return null;
            }
            String field = text.substring(i + 1, end);
            if (field.indexOf(' ') < 0) {
                String name = siteName(withoutPort(field));
                if (name != null) {
                    return new Named(name, null);
                }
            }
            i = end + 1;
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
        }
        return null;
    }

    static Named nginx(String text) {
        int s = text.lastIndexOf(SERVER);
        if (s < 0) {
            return null;
        }
        int from = s + SERVER.length();
        int end = text.indexOf(',', from);
        String server = siteName(text.substring(from, end < 0 ? text.length() : end));
        String host = null;
        int h = text.indexOf(HOST, from);
        if (h >= 0) {
            int hf = h + HOST.length();
            int he = text.indexOf('"', hf);
            if (he > hf) {
                host = siteName(withoutPort(text.substring(hf, he)));
            }
        }
        return server == null && host == null ? null : new Named(server, host);
    }

    private static final byte[] SERVER_BYTES = SERVER.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HOST_BYTES = HOST.getBytes(StandardCharsets.US_ASCII);

    /**
     * {@link #nginx(String)} of the text {@code b[off, off + len)} decodes to, for bytes that are all ASCII and none
     * NUL (the text is then those bytes, one character each): the same search on the bytes ({@code , server: } from
     * the end and {@code , host: "} after it, eight bytes at a time), only the site names made into text.
     */
    static Named nginx(byte[] b, int off, int len) {
        int end = off + len;
        int s = Bytes.lastIndexOf(b, off, end, SERVER_BYTES, 0);
        if (s < 0) {
            return null;
        }
        int from = s + SERVER_BYTES.length;
        int comma = Bytes.indexOf(b, from, end, (byte) ',');
        String server = siteName(b, from, comma < 0 ? end : comma);
        String host = null;
        int h = Bytes.indexOf(b, from, end, HOST_BYTES, 0);
        if (h >= 0) {
            int hf = h + HOST_BYTES.length;
            int he = Bytes.indexOf(b, hf, end, (byte) '"');
            if (he > hf) {
                host = siteName(b, hf, withoutPort(b, hf, he));
            }
        }
        return server == null && host == null ? null : new Named(server, host);
    }

    /** {@link #withoutPort(String)} of ASCII {@code b[from, to)}: where the name without its port ends. */
    private static int withoutPort(byte[] b, int from, int to) {
        if (b[from] == '[') {
            return to;
        }
        int first = Bytes.indexOf(b, from, to, (byte) ':');
        if (first <= from) {
            return to; // none, or at the start (lastIndexOf > 0 fails)
        }
        for (int i = to - 1; i > first; i--) {
            if (b[i] == ':') {
                return to; // more than one
            }
        }
        return first;
    }

    /** {@link #siteName(String)} of ASCII {@code b[from, to)} (no NUL): the same checks, one string made. */
    private static String siteName(byte[] b, int from, int to) {
        // strip(): Character.isWhitespace below 128 is \t-\r, \u001c-\u001f and the space
        while (from < to && whitespace(b[from])) {
            from++;
        }
        while (to > from && whitespace(b[to - 1])) {
            to--;
        }
        if (to > from && b[to - 1] == '.') {
            to--;
        }
        int n = to - from;
        if (n == 0 || n > 253) {
            return null;
        }
        boolean dot = false;
        boolean digitsAndDots = true;
        boolean upper = false;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == ':') {
                return null;
            }
            boolean lower = c >= 'a' && c <= 'z';
            boolean up = c >= 'A' && c <= 'Z';
            boolean digit = c >= '0' && c <= '9';
            if (!(lower || up || digit || c == '-' || c == '.' || c == '_' || c == '*')) {
                return null;
            }
            dot |= c == '.';
            upper |= up;
            if (!(c == '.' || digit)) {
                digitsAndDots = false;
            }
        }
        if (!dot || digitsAndDots) {
            return null;
        }
        if (!upper) {
            return new String(b, from, n, StandardCharsets.ISO_8859_1);
        }
        byte[] low = new byte[n];
        for (int i = 0; i < n; i++) {
            byte c = b[from + i];
            low[i] = c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
        }
        return new String(low, StandardCharsets.ISO_8859_1);
    }

    private static boolean whitespace(byte c) {
        return c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
    }

    static Named vhostCombined(String text) {
        int sp = text.indexOf(' ');
        if (sp <= 0 || text.charAt(0) == '[') {
            return null;
        }
        String first = text.substring(0, sp);
        int colon = first.lastIndexOf(':');
        if (colon <= 0 || colon == first.length() - 1) {
            return null;
        }
        for (int i = colon + 1; i < first.length(); i++) {
            if (first.charAt(i) < '0' || first.charAt(i) > '9') {
                return null;
            }
        }
        String name = siteName(first.substring(0, colon));
        return name == null ? null : new Named(name, null);
    }

    static String withoutPort(String host) {
        if (host.startsWith("[")) {
            return host; // an IPv6 literal: never a site name anyway
        }
        int colon = host.lastIndexOf(':');
        return colon > 0 && host.indexOf(':') == colon ? host.substring(0, colon) : host;
    }

    /** {@code value} in lower case if it is a host name that can name a site (a dot, not an address); else null. */
    public static String siteName(String value) {
        String v = value.strip();
        if (v.endsWith(".")) {
            v = v.substring(0, v.length() - 1);
        }
        if (v.isEmpty() || v.length() > 253 || v.indexOf('.') < 0 || v.indexOf(':') >= 0) {
            return null;
        }
        boolean digitsAndDots = true;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '*')) {
                return null;
            }
            if (!(c == '.' || (c >= '0' && c <= '9'))) {
                digitsAndDots = false;
            }
        }
        return digitsAndDots ? null : v.toLowerCase(Locale.ROOT);
    }
}
