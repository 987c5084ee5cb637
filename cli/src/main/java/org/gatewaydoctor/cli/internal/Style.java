package org.gatewaydoctor.cli.internal;

import org.gatewaydoctor.model.Verdict;

/** ANSI colours for text output, or none at all. */
final class Style {

    private static final String RESET = "\u001b[0m";

    private final boolean on;

    Style(boolean on) {
        this.on = on;
    }

    String verdict(Verdict verdict, String text) {
        return switch (verdict) {
            case HEALTHY -> wrap("1;32", text);
            case DEGRADED -> wrap("1;33", text);
            case FAILING -> wrap("1;31", text);
            case INCONCLUSIVE -> wrap("1;35", text);
        };
    }

    String heading(String text) {
        return wrap("1", text);
    }

    String code(String text) {
        return wrap("36", text);
    }

    String dim(String text) {
        return wrap("2", text);
    }

    String warn(String text) {
        return wrap("33", text);
    }

    String bad(String text) {
        return wrap("31", text);
    }

    /** The colour sequences this class writes, and nothing else. */
    private static final java.util.regex.Pattern OWN_SGR = java.util.regex.Pattern.compile(
            "\u001b\\[(?:0|1|2|31|33|36|1;3[1-5])m");

    /**
     * {@code text} with every control character (C0, DEL, C1) shown visibly as a backslash escape
     * ({@code \x1b} for ESC, {@code \x07} for BEL, {@code \}{@code u009b} for CSI) instead of reaching the terminal: log lines and configuration text are written by
     * visitors and attackers, and an ESC or BEL in them could set the window title, write the clipboard
     * (OSC 52) or move the cursor. Line breaks and tabs stay; so do the colour sequences of this class,
     * which are the only escape sequences text output contains.
     */
    static String visible(String text) {
        StringBuilder sb = null;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f);
            if (control && c == 0x1b) {
                java.util.regex.Matcher m = OWN_SGR.matcher(text).region(i, n);
                if (m.lookingAt()) {
                    if (sb != null) {
                        sb.append(text, i, m.end());
                    }
                    i = m.end() - 1;
                    continue;
                }
            }
            if (control) {
                if (sb == null) {
                    sb = new StringBuilder(n + 16).append(text, 0, i);
                }
                sb.append(c < 0x80 ? String.format(java.util.Locale.ROOT, "\\x%02x", (int) c)
                        : String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? text : sb.toString();
    }

    private String wrap(String sgr, String text) {
        // what is painted is shown visibly first, so that it cannot carry escape sequences of its own
        String shown = visible(text).replace("\u001b", "\\x1b");
        return on && !shown.isEmpty() ? "\u001b[" + sgr + "m" + shown + RESET : shown;
    }
}
