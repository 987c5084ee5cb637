package org.gatewaydoctor.checks.http.edge.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A body in the two forms markers are matched against: the text a browser would show (tags, comments,
 * scripts and styles removed, entities decoded, white space collapsed, lower case, typographic quotes
 * made plain) and the raw HTML with white space collapsed.
 */
public final class PageText {

    private static final Pattern COMMENT = Pattern.compile("<!--.*?(?:-->|$)", Pattern.DOTALL);
    private static final Pattern SCRIPT = Pattern.compile("<(script|style)\\b[^>]*>.*?(?:</\\1\\s*>|$)",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern TAG = Pattern.compile("</?[a-zA-Z!?][^>]*(?:>|$)");
    private static final Pattern ENTITY = Pattern.compile("&(#x?[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private final String text;
    private final String html;
    private final String display;

    private PageText(String text, String html, String display) {
        this.text = text;
        this.html = html;
        this.display = display;
    }

    /** Both forms of {@code body}. */
    public static PageText of(String body) {
        String raw = body == null ? "" : body;
        String noComments = COMMENT.matcher(raw).replaceAll(" ");
        String noScripts = SCRIPT.matcher(noComments).replaceAll(" ");
        String noTags = TAG.matcher(noScripts).replaceAll(" ");
        String decoded = decode(noTags);
        String html = SPACE.matcher(raw.toLowerCase(Locale.ROOT)).replaceAll(" ").replace("> <", "><").strip();
        String display = SPACE.matcher(decoded).replaceAll(" ").strip();
        return new PageText(ends(normalise(decoded)), ends(html), ends(display));
    }

    /** Most characters markers are matched against: error pages are small; their start and end carry them. */
    static final int MAX_MATCHED = 64 * 1024;
    private static final int TAIL = 16 * 1024;

    /** The first 48 KiB and the last 16 KiB of a long text (titles at the start, footers at the end). */
    private static String ends(String s) {
        if (s.length() <= MAX_MATCHED) {
            return s;
        }
        return s.substring(0, MAX_MATCHED - TAIL) + " " + s.substring(s.length() - TAIL);
    }

    /** Normalises a phrase the way text is normalised (for markers). */
    public static String normalise(String phrase) {
        String s = phrase.replace('\u2019', '\'').replace('\u2018', '\'').replace('\u201c', '"')
                .replace('\u201d', '"').replace('\u00a0', ' ').replace('\u2013', '-').replace('\u2014', '-');
        return SPACE.matcher(s.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }

    /** Normalises an HTML piece the way HTML is normalised (for markers). */
    public static String normaliseHtml(String piece) {
        return SPACE.matcher(piece.toLowerCase(Locale.ROOT)).replaceAll(" ").replace("> <", "><").strip();
    }

    /** The displayed text, normalised. */
    public String text() {
        return text;
    }

    /** The displayed text with its case kept (for ids such as a CloudFront request id), white space collapsed. */
    public String display() {
        return display;
    }

    /** The raw HTML, white space collapsed, lower case. */
    public String html() {
        return html;
    }

    private static String decode(String s) {
        Matcher m = ENTITY.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            String e = m.group(1);
            String rep;
            if (e.startsWith("#")) {
                try {
                    int cp = e.startsWith("#x") || e.startsWith("#X") ? Integer.parseInt(e.substring(2), 16)
                            : Integer.parseInt(e.substring(1));
                    rep = Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : " ";
                } catch (NumberFormatException ex) {
                    rep = m.group();
                }
            } else {
                rep = switch (e.toLowerCase(Locale.ROOT)) {
                    case "amp" -> "&";
                    case "lt" -> "<";
                    case "gt" -> ">";
                    case "quot" -> "\"";
                    case "apos", "rsquo", "lsquo" -> "'";
                    case "nbsp" -> " ";
                    case "ldquo", "rdquo" -> "\"";
                    case "ndash", "mdash" -> "-";
                    case "hellip" -> "...";
                    case "middot" -> "\u00b7";
                    default -> m.group();
                };
            }
            m.appendReplacement(out, Matcher.quoteReplacement(rep));
        }
        m.appendTail(out);
        return out.toString();
    }
}
