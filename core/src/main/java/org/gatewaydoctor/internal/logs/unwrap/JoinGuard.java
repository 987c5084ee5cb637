package org.gatewaydoctor.internal.logs.unwrap;

import java.util.List;
import org.gatewaydoctor.internal.logs.FileLogAccess;
import org.gatewaydoctor.internal.logs.format.LineFormats;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.Signature;

/**
 * The structural bound on {@link Unwrap#joinWrapped}: joining the lines of a paste never loses a signature match.
 * A join is kept only when the joined record still matches every signature that each of its lines matched on its
 * own, and no signature was matched by two of them (a record counts a signature once: two lines that each match it
 * are two entries). A line joined into a record it is no part of (an entry whose header a paste or transfer
 * damaged) changes the record's format or carries the second match of a signature, so whatever shape of damage
 * made {@link Unwrap}'s rules take it for a wrapped rest, the join is refused; a genuine wrap, whose joined record
 * is the entry the software wrote, keeps its lines' matches and gains the ones the wrap had cut.
 *
 * <p>A line and a record are read as the scanner reads a line: its format (once peeled, when it is of no known
 * format as it is), the signatures that apply to it (all of them for a fragment), each one's literal in the text
 * and its pattern found in the peeled text; the first {@link FileLogAccess#MAX_LINE} characters, as the scanner
 * decodes them. Only what a join needs is read: a line's matches when it is a candidate, and a record's matches of
 * the signatures its lines matched. The time window, the site and the slow query log's statements are not
 * modelled (they do not depend on the join). Immutable and thread-safe; {@link Record}s are not.
 *
 * <pre>{@code
 * int end = Unwrap.joinWrapped(buf, end, buf.length, JoinGuard.of(catalog.signatures()));
 * }</pre>
 */
public final class JoinGuard {

    private final Signature[] signatures;

    private JoinGuard(List<Signature> signatures) {
        this.signatures = signatures.toArray(new Signature[0]);
    }

    /** The guard of a scan searching {@code signatures}. */
    public static JoinGuard of(List<Signature> signatures) {
        return new JoinGuard(List.copyOf(signatures));
    }

    /** A line or a record as the scanner reads it: the text its literals are found in, the peeled text, the format. */
    private record Reading(String text, String body, LogFormat format, boolean fragment) {
    }

    private static Reading read(String line) {
        String text = line.length() > FileLogAccess.MAX_LINE ? line.substring(0, FileLogAccess.MAX_LINE) : line;
        if (!text.isEmpty() && text.charAt(text.length() - 1) == '\r') {
            text = text.substring(0, text.length() - 1);
        }
        LogFormat format = LineFormats.detect(text);
        String body = text;
        if (format == LogFormat.UNKNOWN) {
            Unwrap.Peeled p = Unwrap.peel(text);
            if (p != null) {
                body = p.text();
                format = p.format();
            }
        }
        return new Reading(text, body, format, format == LogFormat.UNKNOWN && Unwrap.mayBeFragment(body));
    }

    private boolean matches(Reading r, int sig) {
        Signature s = signatures[sig];
        return (r.fragment() || s.appliesTo(r.format())) && r.text().contains(s.literal())
                && (s.pattern() == null || s.pattern().matcher(r.body()).find());
    }

    /** The record being joined: how many of its lines, each read on its own, match each signature. */
    final class Record {
        private final int[] counts = new int[signatures.length];

        private Record(String first) {
            add(read(first));
        }

        private void add(Reading line) {
            for (int i = 0; i < counts.length; i++) {
                if (matches(line, i)) {
                    counts[i]++;
                }
            }
        }
    }

    /** A record that starts with the physical line {@code first}. */
    Record start(String first) {
        return new Record(first);
    }

    /**
     * Whether the record joined so far, with the physical line {@code next} joined into it, giving {@code joined},
     * keeps every match of its lines on their own. When it does, {@code next} is counted into {@code record}.
     */
    boolean keeps(Record record, String joined, String next) {
        int[] with = record.counts.clone();
        Reading line = read(next);
        Reading whole = null;
        for (int i = 0; i < with.length; i++) {
            if (matches(line, i)) {
                with[i]++;
            }
            if (with[i] > 1) {
                return false;
            }
            if (with[i] == 1) {
                if (whole == null) {
                    whole = read(joined);
                }
                if (!matches(whole, i)) {
                    return false;
                }
            }
        }
        System.arraycopy(with, 0, record.counts, 0, with.length);
        return true;
    }
}
