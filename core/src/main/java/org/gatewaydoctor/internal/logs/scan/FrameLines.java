package org.gatewaydoctor.internal.logs.scan;

import java.util.regex.Pattern;
import org.gatewaydoctor.internal.logs.FileLogAccess;
import org.gatewaydoctor.logs.Signature;

/**
 * PHP stack-trace lines handled on their raw bytes when no signature among their literals' can match them: the
 * literal of PHP-FPM's slowlog stack lines ({@code [0x00007f3b5c814000] fetch_related() /var/www/.../wp-content/
 * plugins/x/a.php:88}, literal {@code /wp-content/plugins/}) also occurs in the stack traces of PHP's uncaught errors
 * that nginx relays ({@code #0 /var/www/.../wp-content/plugins/x/a.php(5): f()}, {@code   thrown in ... on line 8"
 * while reading ...}); on a busy WordPress host that is tens of thousands of lines per GiB, each decoded,
 * format-checked, peeled and matched for no hit.
 *
 * <p>What {@code ScanEngine}'s {@code handleLine} does with a line of one of the two {@link #shape}s, all of whose
 * literals are of signatures that {@link #opensFrame}, step by step (the line is at most
 * {@link FileLogAccess#MAX_LINE} bytes without its final CR, so decoded whole; all its bytes are printable ASCII,
 * so the decoded text is those bytes; it holds no {@code [}, no backtick, no backslash and does not end with
 * {@code $}):
 * <ul>
 *   <li>{@link #NUMBERED}, {@code #<digit>...}: {@code LineFormats.detect} gives UNKNOWN ({@code #} opens no clock,
 *       no syslog envelope; a slow query log's lines start with {@code "# "}; an access log's clock needs a
 *       {@code [}); {@code Unwrap.peel} gives null (no ESC; no {@code [} for lost colour codes; no wrapper starts
 *       with {@code #}: no CR, quote, indentation, bullet, vagrant, code, JSON, tab export, compose bar (a name
 *       character first), number or tag; no cut mark at the end). So the text is the line, its format UNKNOWN,
 *       not peeled: the slow query statement check runs ({@code SlowQueryRecords.inEntry}), then, the line being a
 *       fragment (no backtick), the first signature dates it by its record ({@code RecordClock.timeOf}), and each
 *       pattern is run on the line;
 *   <li>{@link #THROWN}, spaces then {@code thrown in }: detect gives UNKNOWN (a space opens nothing, no
 *       {@code [}); peel takes the indentation off and stops there: {@code thrown in ...} is of no format (no
 *       syslog clock or tag: {@code thrown} is followed by a space, not {@code :} or {@code [}; no {@code [}), and
 *       no wrapper ({@code thrown} is followed by {@code  i}, not a compose bar's {@code |}, nor a tag's {@code [});
 *       so a peeled text of UNKNOWN format without a time: no statement check (the line was peeled), the first
 *       signature dates it by its record, and each pattern is run on the text;
 *   <li>no pattern matches: each starts with the literal {@code [0x} (no flags) and the text holds no {@code [}.
 * </ul>
 * So the line gives no hit, and what it changes is only the record clock's memory of its last search: the scan
 * calls {@link RecordClock#timeOf} for it exactly when the full path would, and skips the rest.
 * {@link RecordClock#clock}, looking for the record's time above a line, likewise knows a numbered line's head has
 * no clock (no format, nothing peeled) without decoding it.
 * {@code FrameLinesEquivalenceTest} (benchmarks) compares with the full path ({@code ScanEngine#settingFrameLinesAside})
 * on every real fixture, the corpus and mutated lines; {@code FrameLinesTest} checks each step above on its own.
 */
public final class FrameLines {

    /** Not one of the shapes below: the line is handled as any other. */
    public static final int OTHER = 0;
    /** {@code #<digit>...}: a numbered stack frame, read as it is. */
    public static final int NUMBERED = 1;
    /** Spaces, then {@code thrown in }: the end of a stack trace, read without its indentation. */
    public static final int THROWN = 2;

    private static final byte[] THROWN_IN = "thrown in ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private FrameLines() {
    }

    /** Whether every match of {@code s}'s pattern contains the text {@code [0x} (false when it has none). */
    public static boolean opensFrame(Signature s) {
        Pattern p = s.pattern();
        if (p == null || p.flags() != 0) {
            return false;
        }
        String src = p.pattern();
        return src.startsWith("^\\[0x") || src.startsWith("\\[0x");
    }

    /**
     * The shape of the line {@code b[from, to)} (its bytes as decoded: without the line break and a final CR):
     * {@link #NUMBERED}, {@link #THROWN} or {@link #OTHER}; see the class comment.
     */
    public static int shape(byte[] b, int from, int to) {
        int n = to - from;
        if (n < 2 || n > FileLogAccess.MAX_LINE || b[to - 1] == '$') {
            return OTHER;
        }
        int shape;
        if (b[from] == '#') {
            if (b[from + 1] < '0' || b[from + 1] > '9') {
                return OTHER;
            }
            shape = NUMBERED;
        } else if (b[from] == ' ') {
            int i = from;
            while (i < to && b[i] == ' ') {
                i++;
            }
            if (to - i < THROWN_IN.length) {
                return OTHER;
            }
            for (int k = 0; k < THROWN_IN.length; k++) {
                if (b[i + k] != THROWN_IN[k]) {
                    return OTHER;
                }
            }
            shape = THROWN;
        } else {
            return OTHER;
        }
        for (int i = from; i < to; i++) {
            byte c = b[i];
            // printable ASCII (no ESC, tab, CR, NUL, UTF-8), no [ (nor [0x), backtick or backslash
            if (c < 0x20 || c > 0x7e || c == '[' || c == '`' || c == '\\') {
                return OTHER;
            }
        }
        return shape;
    }
}
