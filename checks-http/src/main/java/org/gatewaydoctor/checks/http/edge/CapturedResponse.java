package org.gatewaydoctor.checks.http.edge;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP response as a person saved it: a {@code curl -si} capture, headers only ({@code curl -I}), a
 * body only (HTML, or the text a browser displayed), an {@code HTTP/2 502} status line, headers in any
 * case and order, a body cut short. {@link #parse(String)} accepts all of these; what was missing is
 * simply absent.
 *
 * <pre>{@code
 * CapturedResponse r = CapturedResponse.parse(Files.readString(Path.of("502.txt")));
 * r.status();            // Optional[502], empty for a body alone
 * r.header("server");    // Optional[cloudflare]; names are case-insensitive
 * }</pre>
 *
 * @param status the HTTP status, {@code null} when the capture has no status line
 * @param headers header fields in capture order, names lower-cased
 * @param body the body as text ({@code ""} when there is none)
 * @param truncated whether the body is known to be cut short (shorter than its Content-Length, an HTML
 *     document without its end, or longer than {@link #MAX_BODY_CHARS})
 * @param shape what the capture held
 */
public record CapturedResponse(Integer status, List<Header> headers, String body, boolean truncated, Shape shape) {

    /** Most characters of body kept; the rest is cut (and {@link #truncated()} set). */
    public static final int MAX_BODY_CHARS = 256 * 1024;
    /** Most header fields kept. */
    public static final int MAX_HEADERS = 200;

    private static final Pattern STATUS_LINE = Pattern.compile(
            "^(?:<\\s*)?HTTP/(?:\\d(?:\\.\\d)?)\\s+(\\d{3})(?:\\s.*)?$", Pattern.CASE_INSENSITIVE);
    /** A status given as a pseudo-header or by browser developer tools ({@code :status: 502}, {@code Status Code: 502 Bad Gateway}). */
    private static final Pattern STATUS_FIELD = Pattern.compile(
            "^(?:<\\s*)?(?::status|status|status code)\\s*:\\s*(\\d{3})\\b.*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_LINE = Pattern.compile("^(?:<\\s*)?([A-Za-z0-9][A-Za-z0-9_-]{0,63})\\s*:\\s?(.*)$");

    /** One header field. */
    public record Header(String name, String value) {
        public Header {
            name = Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT);
            value = Objects.requireNonNull(value, "value").strip();
        }
    }

    /** What a capture held. */
    public enum Shape {
        /** Status line, headers and a body. */
        FULL,
        /** Status line and/or headers, no body ({@code curl -I}, or a response with an empty body). */
        HEADERS_ONLY,
        /** An HTML body without status line or headers. */
        HTML_BODY,
        /** Plain text without status line or headers (a text body, or what a browser displayed). */
        TEXT_BODY,
        /** Nothing at all. */
        EMPTY
    }

    public CapturedResponse {
        headers = List.copyOf(headers == null ? List.of() : headers);
        body = body == null ? "" : body;
        Objects.requireNonNull(shape, "shape");
        if (status != null && (status < 100 || status > 999)) {
            throw new IllegalArgumentException("status out of range: " + status);
        }
    }

    /** The status, if the capture had one. */
    public Optional<Integer> statusCode() {
        return Optional.ofNullable(status);
    }

    /** The first value of header {@code name} (any case). */
    public Optional<String> header(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return headers.stream().filter(h -> h.name().equals(n)).map(Header::value).findFirst();
    }

    /** All values of header {@code name} (any case), in capture order. */
    public List<String> headerValues(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return headers.stream().filter(h -> h.name().equals(n)).map(Header::value).toList();
    }

    /** The headers as a map from lower-case name to values. */
    public Map<String, List<String>> headerMap() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Header h : headers) {
            map.computeIfAbsent(h.name(), k -> new ArrayList<>()).add(h.value());
        }
        return map;
    }

    /**
     * A response received over the wire (the live probe): status, headers by name (any case), body.
     *
     * @param truncated whether the reader stopped before the end of the body
     */
    public static CapturedResponse of(int status, Map<String, List<String>> headers, String body, boolean truncated) {
        List<Header> list = new ArrayList<>();
        if (headers != null) {
            headers.forEach((name, values) -> {
                if (name != null && values != null) {
                    values.forEach(v -> list.add(new Header(name, v == null ? "" : v)));
                }
            });
        }
        String b = body == null ? "" : body;
        boolean cut = truncated || b.length() > MAX_BODY_CHARS;
        if (b.length() > MAX_BODY_CHARS) {
            b = b.substring(0, MAX_BODY_CHARS);
        }
        return new CapturedResponse(status, list.size() > MAX_HEADERS ? list.subList(0, MAX_HEADERS) : list, b,
                cut || looksCut(b, list), b.isBlank() ? Shape.HEADERS_ONLY : Shape.FULL);
    }

    /** Parses a saved response given as bytes (decoded as UTF-8, invalid bytes replaced). */
    public static CapturedResponse parse(byte[] capture) {
        return parse(new String(capture, StandardCharsets.UTF_8));
    }

    /**
     * Parses a saved response in any of the shapes described above. Never throws for odd input: text
     * that is neither a status line nor headers is taken as a body.
     */
    public static CapturedResponse parse(String capture) {
        String text = capture == null ? "" : capture;
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.length() > MAX_BODY_CHARS + 64 * 1024) {
            text = text.substring(0, MAX_BODY_CHARS + 64 * 1024);
        }
        List<String> lines = unquote(splitLines(text));
        int i = 0;
        while (i < lines.size() && lines.get(i).isBlank()) {
            i++;
        }
        if (i == lines.size()) {
            return new CapturedResponse(null, List.of(), "", false, Shape.EMPTY);
        }
        Integer status = null;
        List<Header> headers = new ArrayList<>();
        int bodyStart = -1;
        int pairsEnd = devtoolsPairs(lines, i);
        if (pairsEnd > i) {
            // Browser developer tools panel text: a name line, then its value line.
            for (int j = i; j + 1 < pairsEnd; j += 2) {
                String name = lines.get(j).strip();
                String value = lines.get(j + 1).strip();
                if (name.equalsIgnoreCase("status code") || name.equalsIgnoreCase("status")) {
                    Matcher m = LEADING_STATUS.matcher(value);
                    if (m.find()) {
                        status = Integer.valueOf(m.group(1));
                    }
                } else if (!name.contains(" ") && headers.size() < MAX_HEADERS) {
                    headers.add(new Header(name, value));
                }
            }
            bodyStart = pairsEnd;
            while (bodyStart < lines.size() && lines.get(bodyStart).isBlank()) {
                bodyStart++;
            }
        } else if (isStatusLine(lines.get(i)) || startsHeaderBlock(lines, i)) {
            // One or more header blocks (100 Continue, a proxy's "Connection established", redirects
            // followed by curl -L): the last one describes the body that follows.
            int j = i;
            while (j < lines.size()) {
                String line = stripCurlPrefix(lines.get(j));
                Matcher sm = STATUS_LINE.matcher(line);
                if (sm.matches()) {
                    status = Integer.valueOf(sm.group(1));
                    headers.clear();
                    j++;
                    continue;
                }
                if (line.isBlank()) {
                    // End of this header block; another may follow.
                    int k = j;
                    while (k < lines.size() && lines.get(k).isBlank()) {
                        k++;
                    }
                    if (k < lines.size() && STATUS_LINE.matcher(stripCurlPrefix(lines.get(k))).matches()) {
                        j = k;
                        continue;
                    }
                    bodyStart = k;
                    break;
                }
                Matcher fm = STATUS_FIELD.matcher(line);
                if (fm.matches() && headers.stream().noneMatch(h -> h.name().equals("status"))) {
                    if (status == null) {
                        status = Integer.valueOf(fm.group(1));
                    }
                    j++;
                    continue;
                }
                Matcher hm = HEADER_LINE.matcher(line.strip());
                if (hm.matches()) {
                    if (headers.size() < MAX_HEADERS) {
                        headers.add(new Header(hm.group(1), hm.group(2)));
                    }
                } else if ((line.startsWith(" ") || line.startsWith("\t")) && !headers.isEmpty()) {
                    Header last = headers.remove(headers.size() - 1);
                    headers.add(new Header(last.name(), last.value() + " " + line.strip()));
                } else {
                    // Not a header: the body starts without a blank line (a hand-edited capture).
                    bodyStart = j;
                    break;
                }
                j++;
            }
        } else {
            bodyStart = i;
        }
        String body = "";
        if (bodyStart >= 0 && bodyStart < lines.size()) {
            body = String.join("\n", lines.subList(bodyStart, lines.size())).strip();
        }
        boolean cut = body.length() > MAX_BODY_CHARS;
        if (cut) {
            body = body.substring(0, MAX_BODY_CHARS);
        }
        Shape shape;
        if (status == null && headers.isEmpty()) {
            shape = body.isEmpty() ? Shape.EMPTY : isHtml(body) ? Shape.HTML_BODY : Shape.TEXT_BODY;
        } else {
            shape = body.isEmpty() ? Shape.HEADERS_ONLY : Shape.FULL;
        }
        return new CapturedResponse(status, headers, body, cut || looksCut(body, headers), shape);
    }

    /**
     * Undoes two ways captures get wrapped: curl -v (request lines start with "> ", response lines with
     * "< ", notes with "* ") keeps only the response; a capture quoted in Markdown (every line starts
     * with ">") loses the quote marks.
     */
    private static List<String> unquote(List<String> lines) {
        boolean curlVerbose = lines.stream().anyMatch(l -> l.startsWith("< HTTP/") || l.startsWith("< http/"));
        if (curlVerbose) {
            List<String> out = new ArrayList<>();
            for (String l : lines) {
                if (l.startsWith("> ") || l.equals(">") || l.startsWith("* ") || l.startsWith("{ ")
                        || l.startsWith("} ")) {
                    continue;
                }
                out.add(l);
            }
            return out;
        }
        boolean quoted = lines.stream().filter(l -> !l.isBlank()).count() > 0
                && lines.stream().filter(l -> !l.isBlank()).allMatch(l -> l.startsWith(">"));
        if (quoted) {
            return lines.stream().map(l -> l.startsWith("> ") ? l.substring(2) : l.startsWith(">") ? l.substring(1) : l)
                    .toList();
        }
        return lines;
    }

    private static String stripCurlPrefix(String line) {
        // curl -v prints "< " before received lines; a trailing CR was already dropped.
        return line.startsWith("< ") ? line.substring(2) : line.equals("<") ? "" : line;
    }

    private static final Pattern LEADING_STATUS = Pattern.compile("^(\\d{3})\\b");
    private static final Pattern PANEL_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,63}|[A-Z][a-z]+(?: [A-Za-z]+){1,2}");
    private static final java.util.Set<String> COMMON_HEADERS = java.util.Set.of("server", "date", "content-type",
            "content-length", "cache-control", "via", "vary", "age", "alt-svc", "cf-ray", "cf-cache-status", "x-cache",
            "x-served-by", "x-amz-cf-id", "x-amz-cf-pop", "expires", "pragma", "status code", "request url",
            "request method", "remote address", "referrer policy", "strict-transport-security", "x-varnish");

    /**
     * The end (exclusive) of a block of developer-tools panel text starting at {@code i} (a header name on
     * one line, its value on the next, e.g. {@code server} / {@code cloudflare}), or {@code i} when the text
     * does not start like that: at least three pairs, two of them well-known names, no colon in a name line.
     */
    private static int devtoolsPairs(List<String> lines, int i) {
        int j = i;
        int pairs = 0;
        int known = 0;
        while (j + 1 < lines.size()) {
            String name = lines.get(j).strip();
            String value = lines.get(j + 1);
            if (name.isEmpty() || value.isBlank() || !PANEL_NAME.matcher(name).matches()) {
                break;
            }
            if (COMMON_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                known++;
            }
            pairs++;
            j += 2;
        }
        return pairs >= 3 && known >= 2 ? j : i;
    }

    private static boolean isStatusLine(String line) {
        return STATUS_LINE.matcher(stripCurlPrefix(line)).matches()
                || STATUS_FIELD.matcher(stripCurlPrefix(line)).matches();
    }

    /** Two or more {@code name: value} lines at the start, or one followed by a blank line: headers without a status line. */
    private static boolean startsHeaderBlock(List<String> lines, int i) {
        int n = 0;
        for (int j = i; j < lines.size() && n < 2; j++) {
            String line = stripCurlPrefix(lines.get(j));
            if (line.isBlank()) {
                return n >= 1 && j > i && knownHeaderName(lines.get(i));
            }
            if (!HEADER_LINE.matcher(line).matches() || line.contains("<") && !lines.get(j).startsWith("<")) {
                return false;
            }
            n++;
        }
        return n >= 2;
    }

    private static boolean knownHeaderName(String line) {
        Matcher m = HEADER_LINE.matcher(stripCurlPrefix(line));
        return m.matches() && m.group(1).contains("-") || m.matches()
                && List.of("server", "date", "via", "age", "vary", "connection").contains(
                        m.group(1).toLowerCase(Locale.ROOT));
    }

    private static boolean isHtml(String body) {
        String head = body.substring(0, Math.min(body.length(), 512)).toLowerCase(Locale.ROOT);
        return head.contains("<html") || head.contains("<!doctype") || head.contains("<body")
                || head.contains("<head") || head.contains("<h1") || head.contains("<title");
    }

    private static boolean looksCut(String body, List<Header> headers) {
        if (body.isEmpty()) {
            return false;
        }
        for (Header h : headers) {
            if (h.name().equals("content-length")) {
                try {
                    long declared = Long.parseLong(h.value().strip());
                    if (body.getBytes(StandardCharsets.UTF_8).length + 64 < declared) {
                        return true;
                    }
                } catch (NumberFormatException ignored) {
                    // not a number: say nothing
                }
            }
        }
        String lower = body.toLowerCase(Locale.ROOT);
        return (lower.startsWith("<html") || lower.startsWith("<!doctype")) && !lower.contains("</html")
                && !lower.contains("</body");
    }

    private static List<String> splitLines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '\n') {
                int end = k > start && text.charAt(k - 1) == '\r' ? k - 1 : k;
                out.add(text.substring(start, end));
                start = k + 1;
            }
        }
        String last = text.substring(start);
        out.add(last.endsWith("\r") ? last.substring(0, last.length() - 1) : last);
        return out;
    }
}
