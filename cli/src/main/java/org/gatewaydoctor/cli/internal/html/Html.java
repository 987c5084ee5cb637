package org.gatewaydoctor.cli.internal.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * Escaping and the page frame shared by the diagnosis and the scan report.
 *
 * <p>{@link #text(String)} is the only way outside text reaches a page: {@code & < > " '} become
 * entities, control characters other than tab and line feed become visible escapes ({@code \x1b}, {@code \}{@code u009b}), unpaired
 * surrogates become U+FFFD, and a text longer than {@link #MAX_TEXT} characters is cut with a note of how
 * much was left out.
 */
final class Html {

    /** The longest text shown whole; a log line longer than this is cut (the JSON has it all). */
    static final int MAX_TEXT = 4000;

    private static final String CSS = resource("report.css");
    private static final String JS = resource("report.js");

    private Html() {
    }

    /** {@code s} escaped for element content and quoted attribute values; {@code null} is empty. */
    static String text(String s) {
        if (s == null) {
            return "";
        }
        int n = Math.min(s.length(), MAX_TEXT);
        StringBuilder sb = new StringBuilder(n + 16);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if ((c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7f && c <= 0x9f)) {
                        sb.append(c < 0x80 ? String.format(Locale.ROOT, "\\x%02x", (int) c)
                                : String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                        sb.append('\uFFFD');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        if (s.length() > n) {
            sb.append("… [").append(s.length() - n).append(" more characters]");
        }
        return sb.toString();
    }

    /** A number for SVG coordinates: at most two decimals, no exponent, dot as separator. */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** The whole page: head with the policy, styles and title, then {@code body} and the script. */
    static String page(String title, String bodyClass, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta name=\"color-scheme\" content=\"light dark\">\n"
                + "<meta name=\"referrer\" content=\"no-referrer\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"" + policy() + "\">\n"
                + "<meta name=\"generator\" content=\"gateway-doctor\">\n"
                + "<link rel=\"icon\" href=\"data:,\">\n"
                + "<title>" + text(title) + "</title>\n"
                + "<style>" + CSS + "</style>\n</head>\n"
                + "<body class=\"" + text(bodyClass) + "\">\n" + body
                + "<script>" + JS + "</script>\n</body>\n</html>\n";
    }

    /**
     * Nothing may load from anywhere; only this page's own style sheet and script (by hash) run, and
     * images only from {@code data:} (the empty favicon).
     */
    static String policy() {
        return "default-src 'none'; style-src '" + hash(CSS) + "'; script-src '" + hash(JS)
                + "'; img-src data:; base-uri 'none'; form-action 'none'";
    }

    private static String hash(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = Html.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + Html.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
