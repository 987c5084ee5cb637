package org.gatewaydoctor.cli.internal;

/** The lines of a text report, with at most one blank line between sections. */
final class Out {

    private final StringBuilder sb = new StringBuilder();
    private boolean blankPending;

    /** One line; a pending blank line goes before it, unless it is the first. */
    void line(String text) {
        if (blankPending && sb.length() > 0) {
            sb.append('\n');
        }
        blankPending = false;
        sb.append(text).append('\n');
    }

    /** A blank line before the next line, however often it is asked for. */
    void blank() {
        blankPending = true;
    }

    /** {@code s} padded with spaces to {@code width} characters. */
    static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
