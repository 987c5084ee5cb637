package org.gatewaydoctor.internal.redact;

/**
 * A text with one level of escaping undone, and where each of its characters came from: backslash
 * escapes ({@code \/ \" \\ \n \xHH }, &#92;uHHHH, as JSON, PHP, nginx and HAProxy write them), percent
 * encoding ({@code %2F}) and HTML character references ({@code &amp; &quot; &#39; &#x2F;}).
 * Built in one pass.
 */
final class Unescaped {

    /** Maps positions of a derived text to positions of the original. */
    interface Map {
        /** Where the character at {@code i} starts in the original. */
        int start(int i);

        /** Where the character at {@code i} ends (exclusive) in the original. */
        int end(int i);

        Map IDENTITY = new Map() {
            @Override
            public int start(int i) {
                return i;
            }

            @Override
            public int end(int i) {
                return i + 1;
            }
        };
    }

    private final String text;
    private final int[] starts;
    private final int[] ends;

    private Unescaped(String text, int[] starts, int[] ends) {
        this.text = text;
        this.starts = starts;
        this.ends = ends;
    }

    String text() {
        return text;
    }

    /** Positions in the text this one was decoded from, through {@code outer} to the original. */
    Map map(Map outer) {
        return new Map() {
            @Override
            public int start(int i) {
                return outer.start(starts[i]);
            }

            @Override
            public int end(int i) {
                return outer.end(ends[i] - 1);
            }
        };
    }

    /** Whether {@code t} has anything to decode. */
    static boolean hasEscapes(CharSequence t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\\' || c == '%' || c == '&') {
                return true;
            }
        }
        return false;
    }

    static Unescaped of(CharSequence t) {
        int n = t.length();
        StringBuilder out = new StringBuilder(n);
        int[] starts = new int[n];
        int[] ends = new int[n];
        int i = 0;
        while (i < n) {
            char c = t.charAt(i);
            int width = 1;
            char d = c;
            if (c == '\\' && i + 1 < n) {
                char e = t.charAt(i + 1);
                width = 2;
                switch (e) {
                    case 'n' -> d = '\n';
                    case 't' -> d = '\t';
                    case 'r' -> d = '\r';
                    case 'x' -> {
                        int v = hex(t, i + 2, 2);
                        if (v >= 0) {
                            d = (char) v;
                            width = 4;
                        } else {
                            d = e;
                        }
                    }
                    case 'u' -> {
                        int v = hex(t, i + 2, 4);
                        if (v >= 0) {
                            d = (char) v;
                            width = 6;
                        } else {
                            d = e;
                        }
                    }
                    default -> d = e;
                }
            } else if (c == '%') {
                int v = hex(t, i + 1, 2);
                if (v >= 0) {
                    d = (char) v;
                    width = 3;
                }
            } else if (c == '&') {
                int semi = -1;
                for (int k = i + 1; k < n && k <= i + 9; k++) {
                    if (t.charAt(k) == ';') {
                        semi = k;
                        break;
                    }
                }
                if (semi > 0) {
                    int v = entity(t.subSequence(i + 1, semi).toString());
                    if (v >= 0) {
                        d = (char) v;
                        width = semi + 1 - i;
                    }
                }
            }
            starts[out.length()] = i;
            ends[out.length()] = i + width;
            out.append(d);
            i += width;
        }
        return new Unescaped(out.toString(), starts, ends);
    }

    private static int entity(String name) {
        switch (name) {
            case "amp" -> {
                return '&';
            }
            case "quot" -> {
                return '"';
            }
            case "apos" -> {
                return '\'';
            }
            case "lt" -> {
                return '<';
            }
            case "gt" -> {
                return '>';
            }
            default -> {
            }
        }
        if (name.length() >= 2 && name.charAt(0) == '#') {
            try {
                int v = name.charAt(1) == 'x' || name.charAt(1) == 'X'
                        ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
                return v >= 0 && v < 0x10000 ? v : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    private static int hex(CharSequence t, int from, int digits) {
        if (from + digits > t.length()) {
            return -1;
        }
        int v = 0;
        for (int k = from; k < from + digits; k++) {
            int h = Chars.hex(t.charAt(k));
            if (h < 0) {
                return -1;
            }
            v = v * 16 + h;
        }
        return v;
    }
}
