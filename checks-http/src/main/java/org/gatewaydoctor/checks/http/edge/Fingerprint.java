package org.gatewaydoctor.checks.http.edge;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.gatewaydoctor.model.ErrorSource;

/**
 * One entry of the error-page catalogue: either a vendor's <em>page</em> (the body it writes for an
 * error, with the status and headers that go with it) or a vendor's <em>headers</em> (the fields that
 * show it is on the path, and those that show it generated a response itself).
 *
 * <p>Entries are data: the built-in catalogue is {@code org/gatewaydoctor/checks/http/edge/fingerprints.json}
 * in this module; third parties add entries in a {@code META-INF/gateway-doctor/fingerprints.json} of
 * their own jar or through a {@link FingerprintProvider}. Every entry cites where its texts come from
 * ({@link #source()}).
 *
 * @param id stable, unique id, e.g. {@code cloudflare.521}
 * @param kind page or headers
 * @param vendor the vendor id ({@link ErrorSource#VENDORS} for the built-in ones)
 * @param hop the kind of hop the vendor is
 * @param statuses for a page: the statuses it is served with (empty: any); for headers: statuses only
 *     this vendor produces (a Cloudflare 52x), which show it wrote the response
 * @param headers for a page: header markers that must all be present; for headers: markers of which any
 *     one shows the vendor is on the path
 * @param writer for headers: markers of which any one shows the vendor generated the response itself
 *     (e.g. {@code server: CloudFront}, which CloudFront sets only on its own pages)
 * @param body for a page: body markers; the first is the page's signature and must always match
 * @param minBody for a page: how many body markers must match ({@code 0}: all of a full body, one of a
 *     body cut short or of text a browser displayed)
 * @param reference where the id to quote to support is: a header marker (its value) or a body marker
 *     with a regular expression whose first group is the id; {@code null} when the vendor has none
 * @param confidence how sure a full match is, 0..1
 * @param cause the cause code the page means, {@code null} when the page alone names none
 * @param title the page in a few words, e.g. {@code Cloudflare 521: web server is down}
 * @param meaning what it means, in our words
 * @param next the next steps, in order
 * @param source where the texts come from: the vendor's documentation, a source file or a public capture
 */
public record Fingerprint(
        String id,
        Kind kind,
        String vendor,
        ErrorSource.Hop hop,
        List<Integer> statuses,
        List<Marker> headers,
        List<Marker> writer,
        List<Marker> body,
        int minBody,
        Marker reference,
        double confidence,
        String cause,
        String title,
        String meaning,
        List<String> next,
        String source) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    /** Page or headers. */
    public enum Kind {
        /** A body the vendor writes for an error. */
        PAGE,
        /** Header fields that show the vendor is on the path. */
        HEADERS
    }

    public Fingerprint {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(hop, "hop");
        Objects.requireNonNull(source, "source");
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id must be lower-case letters, digits, '.', '-' or '_': " + id);
        }
        // Validates the vendor id the same way the model does.
        new ErrorSource(Objects.requireNonNull(vendor, "vendor"), hop, null, 0, List.of(), null, null);
        statuses = List.copyOf(statuses == null ? List.of() : statuses);
        headers = List.copyOf(headers == null ? List.of() : headers);
        writer = List.copyOf(writer == null ? List.of() : writer);
        body = List.copyOf(body == null ? List.of() : body);
        next = List.copyOf(next == null ? List.of() : next);
        title = title == null ? id : title;
        meaning = meaning == null ? "" : meaning;
        if (!(confidence > 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException(id + ": confidence must be within (0, 1]: " + confidence);
        }
        if (source.isBlank()) {
            throw new IllegalArgumentException(id + ": every entry must cite its source");
        }
        if (minBody < 0 || minBody > body.size()) {
            throw new IllegalArgumentException(id + ": minBody must be within 0.." + body.size());
        }
        if (kind == Kind.PAGE && body.isEmpty() && headers.isEmpty()) {
            throw new IllegalArgumentException(id + ": a page needs body or header markers");
        }
        if (kind == Kind.HEADERS && headers.isEmpty()) {
            throw new IllegalArgumentException(id + ": a headers entry needs header markers");
        }
        for (Marker m : headers) {
            if (m.header() == null) {
                throw new IllegalArgumentException(id + ": headers holds a body marker");
            }
        }
        for (Marker m : writer) {
            if (m.header() == null) {
                throw new IllegalArgumentException(id + ": writer holds a body marker");
            }
        }
        for (Marker m : body) {
            if (m.header() != null) {
                throw new IllegalArgumentException(id + ": body holds a header marker");
            }
        }
        for (int s : statuses) {
            if (s < 100 || s > 999) {
                throw new IllegalArgumentException(id + ": status out of range: " + s);
            }
        }
    }

    /**
     * One thing to look for. Exactly one of {@code header}, {@code text}, {@code html}, {@code regex}
     * says where:
     * <ul>
     *   <li>{@code header}: a header field by name (any case); with {@code matches}, its value must match
     *       that regular expression (searched, case-insensitive), else its presence is enough;</li>
     *   <li>{@code text}: a phrase in the page's text as a browser shows it (tags removed, entities decoded,
     *       white space collapsed, case and typographic quotes ignored), so it also matches copied text;</li>
     *   <li>{@code html}: a piece of the raw HTML (white space collapsed, case ignored), for markup
     *       without words (a footer's {@code <hr><center>});</li>
     *   <li>{@code regex}: a regular expression searched in the page's text (as for {@code text}).</li>
     * </ul>
     *
     * @param header header name, lower-cased
     * @param matches regular expression for the header's value, or {@code null}
     * @param text phrase
     * @param html raw HTML piece
     * @param regex regular expression on the text
     */
    public record Marker(String header, String matches, String text, String html, String regex) {
        public Marker {
            int set = (header != null ? 1 : 0) + (text != null ? 1 : 0) + (html != null ? 1 : 0)
                    + (regex != null ? 1 : 0);
            if (set != 1) {
                throw new IllegalArgumentException("a marker has exactly one of header, text, html, regex");
            }
            if (matches != null && header == null) {
                throw new IllegalArgumentException("'matches' goes with 'header'");
            }
            header = header == null ? null : header.toLowerCase(Locale.ROOT);
            for (String r : new String[] {matches, regex}) {
                if (r != null) {
                    try {
                        Pattern.compile(r);
                    } catch (PatternSyntaxException e) {
                        throw new IllegalArgumentException("invalid regular expression " + r + ": " + e.getDescription());
                    }
                }
            }
            if (text != null && text.isBlank() || html != null && html.isBlank()) {
                throw new IllegalArgumentException("a marker's text must not be blank");
            }
        }

        /** A header that must be present. */
        public static Marker header(String name) {
            return new Marker(name, null, null, null, null);
        }

        /** A header whose value matches {@code regex}. */
        public static Marker header(String name, String regex) {
            return new Marker(name, regex, null, null, null);
        }

        /** A phrase of the displayed text. */
        public static Marker text(String phrase) {
            return new Marker(null, null, phrase, null, null);
        }

        /** A piece of raw HTML. */
        public static Marker html(String piece) {
            return new Marker(null, null, null, piece, null);
        }

        /** A regular expression on the displayed text. */
        public static Marker regex(String regex) {
            return new Marker(null, null, null, null, regex);
        }

        /** How the marker reads in a diagnosis, e.g. {@code header server: cloudflare}. */
        public String describe() {
            if (header != null) {
                return "header " + header + (matches == null ? "" : " ~ " + matches);
            }
            if (text != null) {
                return "body: " + text;
            }
            return html != null ? "html: " + html : "body ~ " + regex;
        }
    }
}
