package org.gatewaydoctor.internal.logs.unwrap;

import java.util.List;
import org.gatewaydoctor.internal.logs.FileLogAccess;
import org.gatewaydoctor.internal.logs.format.LineFormats;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.Signature;

/**
 * The structural bound on {@link Unwrap#joinWrapped}: joining the lines of a paste never loses a signature match
 * without the join making one. A line is joined into the record before it when the joined record matches every
 * signature that the record so far or the line on its own matched, and the two did not both match one signature (a
 * record counts a signature once: two lines that each match it are two entries) — or, when the joined record loses
 * such a match, only when it also makes a match that neither part had: the rest of an entry whose message a wrap cut,
 * matched on its own as a fragment by some other software's signature (a PHP fatal error's rest by PHP-FPM's, say),
 * joined back into the entry the software wrote, which now matches its own signature in full (nginx's relayed PHP
 * error). A line joined into a record it is no part of (an entry whose header a paste or transfer damaged) changes
 * nothing in the record but losing the line's match, so whatever shape of damage made {@link Unwrap}'s rules take it
 * for a wrapped rest, the join is refused. A few rows may be weighed at once ({@link Unwrap#joinWrapped} tries the
 * rows after a refused join with it): each row's own matches are kept, and two rows matching one signature are two
 * entries.
 *
 * <p>A line and a record are read as the scanner reads a line: its format (once peeled, when it is of no known
 * format as it is), the signatures that apply to it (all of them for a fragment), each one's literal in the text
 * and its pattern found in the peeled text; the first {@link FileLogAccess#MAX_LINE} characters, as the scanner
 * decodes them. The record's literals are carried from line to line, so a join looks for literals only where the
 * joined line can have brought them (from a literal's length before the join on) and runs patterns only for the
 * literals the joined record holds. The time window, the site and the slow query log's statements are not modelled
 * (they do not depend on the join). Immutable and thread-safe; {@link Record}s are not.
 *
 * <pre>{@code
 * int end = Unwrap.joinWrapped(buf, end, buf.length, JoinGuard.of(catalog.signatures()));
 * }</pre>
 */
public final class JoinGuard {

    private final Signature[] signatures;
    /** The longest literal, in characters: a literal a join makes starts at most this far before the join. */
    private final int longest;

    private JoinGuard(List<Signature> signatures) {
        this.signatures = signatures.toArray(new Signature[0]);
        int n = 0;
        for (Signature s : this.signatures) {
            n = Math.max(n, s.literal().length());
        }
        this.longest = n;
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

    /** Whether {@code r}, whose text holds signature {@code sig}'s literal, matches it. */
    private boolean matchesWithLiteral(Reading r, int sig) {
        Signature s = signatures[sig];
        return (r.fragment() || s.appliesTo(r.format())) && (s.pattern() == null || s.pattern().matcher(r.body()).find());
    }

    /** The record being joined: which literals its text holds and which signatures it matches, read as one line. */
    final class Record {
        private final boolean[] literal = new boolean[signatures.length];
        private final boolean[] matched = new boolean[signatures.length];

        private Record(String first) {
            Reading r = read(first);
            for (int i = 0; i < signatures.length; i++) {
                literal[i] = r.text().contains(signatures[i].literal());
                matched[i] = literal[i] && matchesWithLiteral(r, i);
            }
        }
    }

    /** A record that starts with the physical line {@code first}. */
    Record start(String first) {
        return new Record(first);
    }

    /**
     * Whether the record joined so far, with the physical line {@code next} joined into it, giving {@code joined}
     * (whose text from {@code joinedAt} on came from {@code next}), keeps every match of the record and of the line on
     * its own, or makes one neither had (see the class comment). When it does, {@code record} becomes the joined one.
     */
    boolean keeps(Record record, String joined, int joinedAt, String next) {
        return keeps(record, joined, joinedAt, new String[] {next});
    }

    /**
     * As {@link #keeps(Record, String, int, String)} for the physical lines {@code rows} joined at once: the matches
     * each row makes on its own are the ones to keep, and two rows that match one signature are two entries.
     */
    boolean keeps(Record record, String joined, int joinedAt, String[] rows) {
        int n = signatures.length;
        Reading[] lines = new Reading[rows.length];
        for (int r = 0; r < rows.length; r++) {
            lines[r] = read(rows[r]);
        }
        Reading whole = read(joined);
        // where a literal the join made or the line brought can lie: from a literal's length before the join on
        int from = Math.max(0, Math.min(joinedAt, whole.text().length()) - longest);
        String tail = from == 0 ? whole.text() : whole.text().substring(from);
        boolean[] literal = new boolean[n];
        boolean[] matched = new boolean[n];
        boolean lost = false;
        boolean made = false;
        for (int i = 0; i < n; i++) {
            String lit = signatures[i].literal();
            boolean alone = false;
            for (Reading line : lines) {
                if (line.text().contains(lit) && matchesWithLiteral(line, i)) {
                    if (alone || record.matched[i]) {
                        return false; // two entries, each matching it, would count once
                    }
                    alone = true;
                }
            }
            literal[i] = tail.contains(lit) || record.literal[i] && whole.text().contains(lit);
            matched[i] = literal[i] && matchesWithLiteral(whole, i);
            if ((alone || record.matched[i]) && !matched[i]) {
                lost = true;
            } else if (matched[i] && !alone && !record.matched[i]) {
                made = true;
            }
        }
        if (lost && !made) {
            return false;
        }
        System.arraycopy(literal, 0, record.literal, 0, n);
        System.arraycopy(matched, 0, record.matched, 0, n);
        return true;
    }
}
