package org.gatewaydoctor.internal.redact;

/**
 * Private keys in PEM form ({@code -----BEGIN RSA PRIVATE KEY-----}, {@code OPENSSH}, {@code EC},
 * {@code ENCRYPTED}, PGP's {@code PRIVATE KEY BLOCK}), across lines or with {@code \n} escaped on one
 * line: everything between the armour lines is masked, to the end of the text when the end line is
 * missing (a cut log line). The armour lines stay, so the reader sees that a key was there.
 */
final class KeyMaterial {

    private static final String BEGIN = "-----BEGIN ";
    private static final String DASHES = "-----";

    private KeyMaterial() {
    }

    static void scan(CharSequence t, Spans spans) {
        int n = t.length();
        int from = 0;
        while (from < n) {
            int begin = Chars.indexOf(t, BEGIN, from, n);
            if (begin < 0) {
                return;
            }
            int labelStart = begin + BEGIN.length();
            int labelEnd = Chars.indexOf(t, DASHES, labelStart, Math.min(n, labelStart + 64));
            if (labelEnd < 0) {
                from = labelStart;
                continue;
            }
            if (Chars.indexOf(t, "PRIVATE KEY", labelStart, labelEnd) < 0) {
                from = labelEnd + DASHES.length();
                continue;
            }
            int bodyStart = labelEnd + DASHES.length();
            int end = Chars.indexOf(t, "-----END ", bodyStart, n);
            spans.add(bodyStart, end < 0 ? n : end);
            if (end < 0) {
                return;
            }
            from = end + 9;
        }
    }
}
