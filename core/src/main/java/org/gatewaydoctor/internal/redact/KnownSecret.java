package org.gatewaydoctor.internal.redact;

/**
 * One registered secret value and its Knuth-Morris-Pratt failure table: found in linear time in
 * the text as written and in the text with its escapes undone ({@link Unescaped}), so that
 * {@code p\/ss}, {@code p%2Fss}, {@code p\x2Fss}, {@code p&#47;ss} and p&#92;u002fss are all
 * {@code p/ss}. A prefix of at least {@value #MIN_PREFIX} characters followed by {@code ...} is
 * masked too: PHP cuts string arguments in stack traces that way.
 */
final class KnownSecret {

    static final int MIN_PREFIX = 8;

    private final String value;
    private final int[] failure;

    KnownSecret(String value) {
        this.value = value;
        this.failure = new int[value.length()];
        int k = 0;
        for (int i = 1; i < value.length(); i++) {
            while (k > 0 && value.charAt(i) != value.charAt(k)) {
                k = failure[k - 1];
            }
            if (value.charAt(i) == value.charAt(k)) {
                k++;
            }
            failure[i] = k;
        }
    }

    String value() {
        return value;
    }

    /** Adds the ranges of {@code text} (positions mapped by {@code map}) where this secret occurs. */
    void find(CharSequence text, Unescaped.Map map, Spans spans) {
        int m = value.length();
        int n = text.length();
        int k = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            while (k > 0 && c != value.charAt(k)) {
                k = failure[k - 1];
            }
            if (c == value.charAt(k)) {
                k++;
            }
            if (k == m) {
                spans.add(map.start(i - m + 1), map.end(i));
                k = failure[k - 1];
            } else if (k >= MIN_PREFIX && isEllipsis(text, i + 1)) {
                spans.add(map.start(i - k + 1), map.end(i));
            }
        }
    }

    private static boolean isEllipsis(CharSequence text, int at) {
        return at + 3 <= text.length() && text.charAt(at) == '.' && text.charAt(at + 1) == '.'
                && text.charAt(at + 2) == '.';
    }
}
