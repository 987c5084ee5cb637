package org.gatewaydoctor.internal.logs.unwrap;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import org.gatewaydoctor.internal.logs.format.LineFormats;
import org.gatewaydoctor.logs.LogFormat;

/**
 * Peels what surrounds a log line when it reaches us through a container runtime, an orchestrator, a
 * relay or a paste, and joins lines a mail client or forum wrapped.
 *
 * <h2>Wrappers and decoration, tried from the outside in (at most {@value #MAX_LAYERS} layers)</h2>
 * <ul>
 *   <li>ANSI escape sequences anywhere ({@code ESC [ ... letter}), colour sequences whose ESC a paste lost at the
 *       head of a line ({@code [36;1mweb_1  |[0m }), a trailing CR;
 *   <li>markdown quotes ({@code > }, repeated), code-block indentation (spaces, tabs), inline-code backticks
 *       around a whole line;
 *   <li>{@code docker compose logs} / Swarm / older compose: {@code web-1  | }, {@code nginx_1 | },
 *       {@code app.1.xyz@node    | }: the name becomes the line's source, the runtime its {@link Peeled#wrapper()};
 *   <li>the json-file driver's {@code {"log":"...\n","stream":"stderr","time":"..."}}: the JSON string
 *       is unescaped, its time kept;
 *   <li>CRI / containerd files: {@code 2024-05-02T10:11:12.123456789Z stderr F };
 *   <li>{@code kubectl logs --timestamps} and other RFC 3339 prefixes ({@code 2024-05-02T10:11:12Z },
 *       {@code 2024-05-02 17:58:40 }), kept as the line's time;
 *   <li>a UI export's {@code date<TAB>stderr<TAB>};
 *   <li>list bullets ({@code - }, {@code * }), vagrant's {@code ==> machine1: };
 *   <li>a relay's or supervisor's {@code [SYSLOG] tag[pid]: } or {@code tag[pid]: }: the tag becomes the source;
 *   <li>line numbers a web page or an editor added ({@code 12: }, {@code 12 | }, {@code 12. }), only
 *       when what follows is a line of a known format.
 * </ul>
 *
 * A line that is still of no known format after peeling is a <em>fragment</em> (its date, pid or
 * level were cut off by the person who pasted it): the scanner still matches it against every
 * signature, and its time is the wrapper's, or unknown.
 */
public final class Unwrap {

    /** Wrappers inside wrappers are followed this deep. */
    static final int MAX_LAYERS = 6;
    /** Sources larger than this are never joined (pastes and excerpts are small). */
    public static final int JOIN_MAX_BYTES = 1 << 20;
    /**
     * Lines are not joined into a record beyond this many characters: the longest entries a wrap cuts are Apache's
     * error lines (at most 8 KiB, {@code MAX_STRING_LEN}) and access records with a long request line (nginx's
     * {@code large_client_header_buffers}, 8 KiB); nginx's error lines are at most 2 KiB ({@code NGX_MAX_ERROR_STR}).
     * It also bounds the work of a join, which reads the record so far for each line joined into it.
     */
    static final int JOIN_MAX_RECORD = 16 * 1024;

    /** {@code docker compose logs} (and the old {@code docker-compose}): the source is the container. */
    public static final String COMPOSE = "compose";
    /** {@code docker service logs} of a Swarm service: the source is the task ({@code app.1.xk2m@node-3}). */
    public static final String SWARM = "swarm";
    /** Docker's json-file log driver. */
    public static final String JSON_FILE = "json-file";
    /**
     * A CRI container log file as containerd and CRI-O write it on a Kubernetes node: Go's RFC 3339 time in UTC,
     * ending in {@code Z}.
     */
    public static final String CRI = "cri";
    /**
     * The same layout as podman's {@code k8s-file} log driver (conmon) writes it: the time with its zone offset,
     * {@code +00:00} also in UTC (seen in this project's own captures).
     */
    public static final String PODMAN = "podman";
    /** {@code docker logs --timestamps} or {@code kubectl logs --timestamps}: which one the line does not tell. */
    public static final String TIMESTAMPS = "timestamps";
    /** A syslog relay's or supervisor's {@code tag[pid]: }. */
    public static final String RELAY = "relay";
    /** {@code vagrant}'s {@code ==> machine: }. */
    public static final String VAGRANT = "vagrant";

    private Unwrap() {
    }

    /**
     * What is left of a line once its wrappers are peeled.
     *
     * @param text the innermost line
     * @param format its format, {@link LogFormat#UNKNOWN} for a fragment
     * @param at the time a wrapper gave the line, or null
     * @param source the container, service or program a wrapper named, or null
     * @param wrapper what wrapped the line, outermost first: {@link #COMPOSE}, {@link #SWARM}, {@link #JSON_FILE},
     *     {@link #CRI}, {@link #PODMAN}, {@link #TIMESTAMPS}, {@link #RELAY}, {@link #VAGRANT}; null for decoration only
     */
    public record Peeled(String text, LogFormat format, Instant at, String source, String wrapper) {
        /** Whether the line is of no known format even once peeled. */
        public boolean fragment() {
            return format == LogFormat.UNKNOWN;
        }
    }

    /**
     * Peels {@code line}. Returns null when there is nothing to peel: the line is of a known format as
     * it is, or of no known format and wrapped in nothing this class knows (the caller keeps it as it
     * is, as a fragment).
     */
    public static Peeled peel(String line) {
        if (line == null || line.isEmpty()) {
            return null;
        }
        String s = line.indexOf('\u001b') >= 0 ? stripAnsi(line) : line;
        if (s.startsWith("[") && LOST_ESC.matcher(s).lookingAt()) {
            s = stripLostEscapes(s);
        }
        Instant at = null;
        String source = null;
        String wrapper = null;
        boolean changed = s != line;
        for (int layer = 0; layer < MAX_LAYERS; layer++) {
            LogFormat f = LineFormats.detect(s);
            if (f != LogFormat.UNKNOWN) {
                return changed ? new Peeled(s, f, at, source, wrapper) : null;
            }
            Step step = step(s);
            if (step == null) {
                break;
            }
            s = step.rest;
            changed = true;
            if (step.at != null && at == null) {
                at = step.at;
            }
            if (step.source != null && source == null) {
                source = step.source;
            }
            if (step.wrapper != null && wrapper == null) {
                wrapper = step.wrapper;
            }
        }
        String trimmed = trimCut(s);
        if (!changed && trimmed.equals(line)) {
            return null;
        }
        return new Peeled(trimmed, LineFormats.detect(trimmed), at, source, wrapper);
    }

    /** One wrapper taken off. */
    private record Step(String rest, Instant at, String source, String wrapper) {
        Step(String rest, Instant at, String source) {
            this(rest, at, source, null);
        }
    }

    private static Step step(String s) {
        int n = s.length();
        if (n == 0) {
            return null;
        }
        char c = s.charAt(0);
        // CR, markdown quote, indentation
        if (s.charAt(n - 1) == '\r') {
            return new Step(s.substring(0, n - 1), null, null);
        }
        if (c == '>') {
            int i = 1;
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '>')) {
                i++;
            }
            return new Step(s.substring(i), null, null);
        }
        if (c == ' ' || c == '\t' || c == '\u00a0') {
            int i = 0;
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\u00a0')) {
                i++;
            }
            return i < n ? new Step(s.substring(i), null, null) : null;
        }
        if ((c == '-' || c == '*' || c == '\u2022') && n > 2 && s.charAt(1) == ' ') {
            return new Step(s.substring(2), null, null); // a list bullet
        }
        if (c == '=' && s.startsWith("==> ")) {
            // vagrant's "==> machine1: " (tail's "==> file <==" headers carry no log line)
            int colon = s.indexOf(": ", 4);
            if (colon > 4 && colon < 64 && s.indexOf(' ', 4) > colon - 1) {
                return new Step(s.substring(colon + 2), null, s.substring(4, colon), VAGRANT);
            }
            return null;
        }
        if (c == '`') {
            // inline code around a whole line (or its start): `2018/07/14 07:13:11 [crit] ...`
            int i = 0;
            while (i < n && s.charAt(i) == '`') {
                i++;
            }
            int j = n;
            while (j > i && (s.charAt(j - 1) == '`' || s.charAt(j - 1) == ' ')) {
                j--;
            }
            return i < j ? new Step(s.substring(i, j), null, null) : null;
        }
        if (c == '{' && s.startsWith("{\"log\":\"")) {
            return jsonFile(s);
        }
        Step t = tabExport(s);
        if (t != null) {
            return t;
        }
        t = composeBar(s);
        if (t != null) {
            return t;
        }
        if (Character.isDigit(c)) {
            t = isoPrefix(s);
            if (t != null) {
                return t;
            }
            t = lineNumber(s);
            if (t != null) {
                return t;
            }
        }
        return tagPid(s);
    }

    /** {@code name  | rest}, {@code name_1 | rest}, {@code app.1.abc@node    | rest}. */
    private static Step composeBar(String s) {
        int n = Math.min(s.length(), 160);
        int i = 0;
        while (i < n && isNameChar(s.charAt(i))) {
            i++;
        }
        if (i == 0 || i >= n) {
            return null;
        }
        int nameEnd = i;
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        if (i >= n || s.charAt(i) != '|' || (i == nameEnd && nameEnd > 0 && !Character.isLetter(s.charAt(0)))) {
            return null;
        }
        if (i == nameEnd) {
            return null; // "a|b" is no compose prefix: compose pads the name and adds " | "
        }
        int rest = i + 1;
        if (rest < s.length() && s.charAt(rest) == ' ') {
            rest++;
        }
        String name = s.substring(0, nameEnd);
        return new Step(s.substring(rest), null, name, name.indexOf('@') > 0 ? SWARM : COMPOSE);
    }

    private static boolean isNameChar(char ch) {
        return ch < 128 && (Character.isLetterOrDigit(ch) || ch == '_' || ch == '-' || ch == '.' || ch == '@');
    }

    /** {@code 2024-11-12 14:08:57<TAB>stderr<TAB>rest} as UIs export container logs. */
    private static Step tabExport(String s) {
        int tab = s.indexOf('\t');
        if (tab <= 0 || tab > 40) {
            return null;
        }
        for (String stream : new String[] {"\tstderr\t", "\tstdout\t"}) {
            if (s.startsWith(stream, tab)) {
                return new Step(s.substring(tab + stream.length()), null, null);
            }
        }
        return null;
    }

    /**
     * RFC 3339 ({@code kubectl --timestamps}), CRI ({@code ... stderr F }) and {@code 2024-07-09 17:58:40 }
     * prefixes. The zone of the latter is unknown: it is read as UTC.
     */
    private static Step isoPrefix(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        char sep = s.charAt(10);
        if (sep != 'T' && sep != ' ') {
            return null;
        }
        int end = s.indexOf(' ', 11);
        if (sep == ' ') {
            end = s.indexOf(' ', 11);
        }
        if (end < 0) {
            return null;
        }
        String stamp = s.substring(0, end);
        Instant at = instant(stamp);
        if (at == null) {
            return null;
        }
        int rest = end + 1;
        // CRI: "stdout F " / "stderr P "
        String wrapper = TIMESTAMPS;
        if (s.startsWith("stdout ", rest) || s.startsWith("stderr ", rest)) {
            int r = rest + 7;
            if (r + 1 < n && (s.charAt(r) == 'F' || s.charAt(r) == 'P') && s.charAt(r + 1) == ' ') {
                rest = r + 2;
                wrapper = stamp.endsWith("Z") ? CRI : PODMAN;
            }
        }
        return new Step(s.substring(Math.min(rest, n)), at, null, sep == 'T' ? wrapper : null);
    }

    private static Instant instant(String stamp) {
        try {
            return OffsetDateTime.parse(stamp.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(stamp.replace(' ', 'T')).atZone(ZoneId.of("UTC")).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** {@code 12: }, {@code 12 | }, {@code 12. }, {@code 12  } before a line of a known format. */
    private static Step lineNumber(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && i < 6 && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0 || i >= n) {
            return null;
        }
        int j = i;
        if (s.charAt(j) == ':' || s.charAt(j) == '.' || s.charAt(j) == '|') {
            j++;
        }
        int spaces = 0;
        while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t' || s.charAt(j) == '|')) {
            j++;
            spaces++;
        }
        if (spaces == 0 || j >= n) {
            return null;
        }
        String rest = s.substring(j);
        Peeled inner = peelKnown(rest);
        return inner == null ? null : new Step(rest, null, null);
    }

    /** Whether {@code s} peels to a line of a known format, without line-number rules (no recursion). */
    private static Peeled peelKnown(String s) {
        String t = s;
        for (int layer = 0; layer < 3; layer++) {
            if (LineFormats.detect(t) != LogFormat.UNKNOWN) {
                return new Peeled(t, LineFormats.detect(t), null, null, null);
            }
            Step step = null;
            char c = t.isEmpty() ? 0 : t.charAt(0);
            if (c == '>' || c == ' ' || c == '\t') {
                step = step(t);
            } else if (c != 0 && !Character.isDigit(c)) {
                step = composeBar(t);
            }
            if (step == null) {
                return null;
            }
            t = step.rest;
        }
        return null;
    }

    /** {@code [SYSLOG] php-fpm[96]: rest} and {@code nginx[29]: rest} (a relay or supervisor without a syslog header). */
    private static Step tagPid(String s) {
        int i = 0;
        if (s.startsWith("[")) {
            int close = s.indexOf("] ");
            if (close < 2 || close > 12) {
                return null;
            }
            for (int k = 1; k < close; k++) {
                if (!Character.isUpperCase(s.charAt(k))) {
                    return null;
                }
            }
            i = close + 2;
        }
        int start = i;
        int n = Math.min(s.length(), i + 64);
        while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '-' || s.charAt(i) == '_'
                || s.charAt(i) == '.' || s.charAt(i) == '/')) {
            i++;
        }
        if (i == start || i >= n || s.charAt(i) != '[') {
            return null;
        }
        int tagEnd = i;
        i++;
        int digits = i;
        while (i < n && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == digits || i + 2 > s.length() || s.charAt(i) != ']' || s.charAt(i + 1) != ':') {
            return null;
        }
        int rest = i + 2;
        if (rest < s.length() && s.charAt(rest) == ' ') {
            rest++;
        }
        return new Step(s.substring(rest), null, s.substring(start, tagEnd), RELAY);
    }

    /** The json-file driver: {@code {"log":"...","stream":"stderr","time":"2024-...Z"}}. */
    private static Step jsonFile(String s) {
        int i = 8;
        StringBuilder b = new StringBuilder(s.length());
        int n = s.length();
        while (i < n) {
            char ch = s.charAt(i);
            if (ch == '"') {
                break;
            }
            if (ch == '\\' && i + 1 < n) {
                char e = s.charAt(++i);
                switch (e) {
                    case 'n', 'r' -> {
                        // the line's own end
                    }
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (i + 4 < n) {
                            try {
                                b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                            } catch (NumberFormatException x) {
                                b.append('?');
                            }
                            i += 4;
                        }
                    }
                    default -> b.append(e);
                }
            } else {
                b.append(ch);
            }
            i++;
        }
        Instant at = null;
        int time = s.indexOf("\"time\":\"", i);
        if (time > 0) {
            int q = s.indexOf('"', time + 8);
            if (q > 0) {
                at = instant(s.substring(time + 8, q));
            }
        }
        return new Step(b.toString(), at, null, JSON_FILE);
    }

    /**
     * Whether a line of no known format may still be a log fragment and be matched against every
     * signature: prose that quotes a message in inline code ({@code gives `upstream prematurely closed
     * connection`}) is not. Lines whose code quotes wrap the whole line were peeled before.
     */
    public static boolean mayBeFragment(String text) {
        return text != null && text.indexOf('`') < 0;
    }

    /** A colour (SGR) sequence whose ESC byte a paste lost: {@code [36;1m}, {@code [0m}. */
    private static final java.util.regex.Pattern LOST_ESC = java.util.regex.Pattern.compile("\\[[0-9]{1,3}(?:;[0-9]{1,3})*m");

    /**
     * Removes colour sequences whose ESC byte was lost from the head of a line that opens with one, as posted
     * {@code docker-compose logs} output shows them ({@code [36;1mfirefly_core_1_1  |[0m [2023-07-03T...},
     * hyperledger/firefly#1361): compose colours only its bar, so only the first 160 characters are looked at.
     */
    private static String stripLostEscapes(String s) {
        int head = Math.min(s.length(), 160);
        return LOST_ESC.matcher(s.substring(0, head)).replaceAll("") + s.substring(head);
    }

    /** Removes ANSI escape sequences (CSI: ESC [ params letter; and two-character escapes). */
    static String stripAnsi(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch != '\u001b') {
                b.append(ch);
                continue;
            }
            if (i + 1 < n && s.charAt(i + 1) == '[') {
                int j = i + 2;
                while (j < n && (s.charAt(j) < '@' || s.charAt(j) > '~')) {
                    j++;
                }
                i = j;
            } else {
                i++;
            }
        }
        return b.toString();
    }

    /** A line cut at the terminal width ({@code less -S}: {@code $}; others: {@code >} or {@code …}) loses the mark. */
    private static String trimCut(String s) {
        int n = s.length();
        if (n > 40 && (s.charAt(n - 1) == '$' || s.charAt(n - 1) == '\u2026')) {
            return s.substring(0, n - 1);
        }
        return s;
    }

    // ---------------------------------------------------------------------------------- joining

    /**
     * Joins lines that were wrapped after the software wrote them, keeping the number of lines (a
     * joined continuation leaves an empty line behind, so line numbers still point into the source).
     * A line continues the one before when, its wrapper and indentation taken off, it starts with
     * words nginx and Apache put in the middle of a message ({@code while reading ...}, {@code client: },
     * {@code upstream: }, {@code HTTP/1.1"} ...), or the line before ends inside a message (with
     * {@code ,} {@code (} or {@code :}, and it does not open with {@code [}), or it goes on in lower case
     * or digits after a log line (a wrapped entry; prose starts with a capital). A line of a terminal's width
     * (80 or 132 columns) was cut inside a word: it is joined without a space. and it is of no known format itself.
     * Whatever its first character (a script's path, a capital, a bracket), a line continues a row a mail client
     * broke at a blank (the blank kept at the row's end, as {@code fold -s} and {@code format=flowed} leave it), a
     * row such a wrap cut inside a word longer than its fill column (as wide as the record's widest soft-broken row),
     * or a row a hard wrap cut (a terminal's width, or two rows as wide, a web console's): those rows are put back
     * together as they were, with the blanks they hold (PHP's {@code "error:  Allowed"}), unless the line opens
     * with an entry's header. Lines are not joined into a record longer than {@value #JOIN_MAX_RECORD} characters.
     *
     * <p>When the last line has no line break and is joined into the one before, the data returned ends with a
     * line break: the emptied last line is not in the bytes, and the caller still counts it (a file's line
     * count stays true).
     *
     * @return the new end of the data in {@code buf} (may be larger by at most one byte per joined line;
     *     the caller ensures room); {@code end} when nothing was joined, but also when only hard wraps were
     *     (joined without a space, they move a line break and keep the length): the end does not tell whether
     *     lines were joined, the bytes do
     */
    public static int joinWrapped(byte[] buf, int end, int capacity) {
        return joinWrapped(buf, end, capacity, null);
    }

    /**
     * As {@link #joinWrapped(byte[], int, int)}, keeping only the joins that {@code guard} keeps: a line is joined
     * into a record only when the joined record still matches every signature the record so far and the line matched
     * on their own, or makes a match neither had (see {@link JoinGuard}). A join the guard refuses is tried again with
     * up to {@value #LOOKAHEAD} more rows the shape rules join after it, kept when the guard keeps them all at once (a
     * message a mail client broke, read row by row, matches other signatures than in full); otherwise the first line
     * refused ends the record. The scanner joins with the guard of its catalogue.
     *
     * @param guard the signatures' guard, or null to join by the shape of the lines alone
     */
    public static int joinWrapped(byte[] buf, int end, int capacity, JoinGuard guard) {
        if (end <= 0 || end > JOIN_MAX_BYTES) {
            return end;
        }
        String all = new String(buf, 0, end, StandardCharsets.UTF_8);
        String[] lines = all.split("\n", -1);
        boolean any = false;
        StringBuilder out = new StringBuilder(all.length() + 64);
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            int joined = 0;
            StringBuilder cur = new StringBuilder(line);
            JoinGuard.Record record = null;
            Rows wrap = new Rows();
            while (i + joined + 1 < lines.length && cur.length() + lines[i + joined + 1].length() < JOIN_MAX_RECORD
                    && continues(cur, lines[i + joined], lines[i + joined + 1], wrap)) {
                String before = guard == null ? null : cur.toString();
                int at = append(cur, line, lines[i + joined], lines[i + joined + 1], wrap);
                if (guard != null) {
                    if (record == null) {
                        record = guard.start(line);
                    }
                    // a join that loses a match may be the first of a few that make one (a message a mail client
                    // broke into rows, read row by row, matches other signatures than in full): the rows after it
                    // that the shape rules join are tried with it, up to LOOKAHEAD of them
                    int rows = 1;
                    Rows tried = wrap.copy();
                    while (!guard.keeps(record, cur.toString(), at, rowsOf(lines, i + joined + 1, rows))) {
                        int k = i + joined + rows;
                        tried.past(lines[k - 1], lines[k]);
                        if (rows > LOOKAHEAD || k + 1 >= lines.length
                                || cur.length() + lines[k + 1].length() >= JOIN_MAX_RECORD
                                || !continues(cur, lines[k], lines[k + 1], tried)) {
                            rows = 0;
                            break;
                        }
                        append(cur, line, lines[k], lines[k + 1], tried);
                        rows++;
                    }
                    if (rows == 0) {
                        // the joined record would lose a match of its lines: the line is an entry of its own
                        cur.setLength(0);
                        cur.append(before);
                        break;
                    }
                    for (int r = 0; r < rows; r++) {
                        wrap.past(lines[i + joined], lines[i + joined + 1]);
                        joined++;
                    }
                    continue;
                }
                wrap.past(lines[i + joined], lines[i + joined + 1]);
                joined++;
            }
            out.append(cur);
            for (int k = 0; k < joined; k++) {
                out.append('\n');
            }
            if (joined > 0) {
                any = true;
            }
            i += joined + 1;
            if (i < lines.length) {
                out.append('\n');
            }
        }
        if (!any) {
            return end;
        }
        byte[] b = out.toString().getBytes(StandardCharsets.UTF_8);
        if (b.length > capacity) {
            return end;
        }
        System.arraycopy(b, 0, buf, 0, b.length);
        return b.length;
    }

    /** Rows the guard's lookahead tries after a join that loses a match. */
    static final int LOOKAHEAD = 4;

    /** {@code count} physical lines from {@code from}. */
    private static String[] rowsOf(String[] lines, int from, int count) {
        return java.util.Arrays.copyOfRange(lines, from, from + count);
    }

    /** What the rows of a record joined so far tell of the wrap that cut it. */
    private static final class Rows {
        /** The widest row a mail client filled (broke at a blank or cut in a word); 0 when none was. */
        int filled;
        /** The width a hard wrap cut the record's rows at (two rows as wide, the first joined); 0 when none did. */
        int column;

        Rows copy() {
            Rows r = new Rows();
            r.filled = filled;
            r.column = column;
            return r;
        }

        /** The record joined past the physical line {@code raw}, {@code next} joined after it. */
        void past(String raw, String next) {
            if (softBreak(raw) || cutInAWord(raw, filled)) {
                filled = Math.max(filled, raw.length());
            }
            if (column == 0 && hardCut(raw, next, 0)) {
                column = raw.length();
            }
        }
    }

    /**
     * Whether a hard wrap at some width cut {@code raw} (a web console's or a terminal's copy, the width unknown):
     * the rows it cuts are all as wide as the width but the last, so {@code raw} is as wide as the row after it, or as
     * the record's rows were cut at before ({@code column}), and the row after is no wider. Rows of at least
     * {@value #HARD_CUT_MIN} characters only.
     */
    private static boolean hardCut(String raw, String next, int column) {
        int w = raw.length();
        return w >= HARD_CUT_MIN && (w == next.length() || w == column && next.length() <= w);
    }

    /** The narrowest width {@link #hardCut} takes for a hard wrap's. */
    private static final int HARD_CUT_MIN = 40;

    /**
     * Joins the physical line {@code nextLine} into the record {@code cur} (whose first physical line is {@code line}
     * and last {@code raw}). Returns where the joined text starts in {@code cur}.
     */
    private static int append(StringBuilder cur, String line, String raw, String nextLine, Rows wrap) {
        String next = stripWrapperOf(line, nextLine);
        String t = next.stripLeading();
        // a terminal's hard wrap at its width cuts inside words: no space goes back in
        boolean hardWrap = isTerminalWidth(raw.length()) && next.equals(t);
        // a mail client's soft break (fold -s, format=flowed) keeps the blank it broke at: the rows put
        // together as they are give the line back, a run of blanks ("PHP Fatal error:  Allowed") included
        boolean soft = softBreak(raw) || cutInAWord(raw, wrap.filled) || cutBeforeABlank(raw, line, next)
                || hardCut(raw, nextLine, wrap.column);
        if (soft) {
            t = next.substring(Math.min(indentation(line), indentation(next)));
        } else if (!hardWrap) {
            trimEnd(cur);
        }
        if (!soft && !hardWrap && cur.length() > 0 && !t.isEmpty() && cur.charAt(cur.length() - 1) != '('
                && t.charAt(0) != ',' && t.charAt(0) != ')') {
            cur.append(' ');
            if (PHP_LABEL.matcher(cur).find()) {
                cur.append(' '); // PHP logs "PHP %s:  %s" (main.c, php_error_cb): a wrap dropped the two blanks
            }
        }
        cur.append(t);
        return cur.length() - t.length();
    }

    /** PHP's label before its message ({@code PHP Fatal error: }), a wrap's single blank after it. */
    private static final java.util.regex.Pattern PHP_LABEL = java.util.regex.Pattern.compile(
            "PHP [A-Z][a-z]+(?: [a-z]+){0,2}: $");

    private static final String[] CONTINUATIONS = {"while ", "client: ", "server: ", "request: ", "upstream: ",
        "host: ", "referrer: ", "HTTP/1.", "HTTP/2", "connecting to upstream", "reading response header",
        "reading upstream", "sending request", "upstream", "failed (", "Connection reset by peer)",
        "Connection refused)", "No such file or directory)", "Permission denied)", "Connection timed out)"};

    /**
     * Whether {@code next} is the rest of the entry {@code prev} (the entry so far; {@code raw} is its last
     * physical line). Only what a wrap of a known shape leaves is joined: a continuation of nginx's message
     * ({@link #CONTINUATIONS}), the rest after an entry cut open at a comma, parenthesis or colon, or, for any
     * other lower-case or digit start, a line cut at a column (a terminal's 80 or 132, a mail client's 60 to
     * 79) or an entry left open inside a parenthesis or a quoted value (a forum wraps at the reader's width), when
     * {@code next} is no longer than such a wrap leaves ({@link #fitsTheColumn}, {@link #fitsTheWidth}).
     * Any first character goes on a row a mail client broke at a blank or cut in a word, or a hard wrap cut
     * ({@link #softBreak}, {@link #cutInAWord}, {@link #hardCut}), when no entry's header opens {@code next}.
     * Otherwise a long, closed line that ends in the middle of a word is a complete entry whose end was lost, not a
     * wrapped one: the line after it is an entry of its own, even with a damaged header.
     */
    private static boolean continues(CharSequence prev, String raw, String next, Rows wrap) {
        if (next.isEmpty() || prev.length() == 0) {
            return false;
        }
        String n = stripWrapperOf(prev.toString(), next);
        String t = n.stripLeading();
        if (t.isEmpty() || LineFormats.detect(t) != LogFormat.UNKNOWN) {
            return false;
        }
        Peeled p = peel(t);
        if (p != null && !p.fragment()) {
            return false;
        }
        String ps = prev.toString().stripTrailing();
        if (ps.isEmpty() || LineFormats.detect(ps) == LogFormat.MYSQL_SLOW) {
            return false; // a slow query log's statement follows its entry's header: no wrapped line
        }
        if (!looksLikeLog(ps)) {
            return false;
        }
        // a line whose header names its level is a new entry, whatever ends the line before: its date may be
        // damaged beyond recognition; so is a line that carries an access record's request and status, whatever
        // happened to the record's host and time
        if (hasLevelTag(t) || hasTimedHeader(t) || carriesAccessRequest(t)) {
            return false;
        }
        for (String c : CONTINUATIONS) {
            if (t.startsWith(c) || t.startsWith(", " + c)) {
                return true;
            }
        }
        // a line a mail client broke at a blank, or a terminal cut at its width, goes on whatever its first
        // character (a path, a capital, a bracket): a new entry opens with its header, taken above or below
        boolean soft = (softBreak(raw) || cutInAWord(raw, wrap.filled)) && fitsTheWidth(raw, next)
                || hardCut(raw, next, wrap.column);
        boolean hard = (isTerminalWidth(raw.length()) && n.equals(t) || cutBeforeABlank(raw, ps, n))
                && fitsTheColumn(raw, next);
        if ((soft || hard) && !startsWithDate(t) && !startsLikeAccessRecord(t)) {
            return true;
        }
        char last = ps.charAt(ps.length() - 1);
        if ((last == ',' || last == '(' || last == ':') && !t.startsWith("#") && !t.startsWith("[")) {
            return true;
        }
        // a line that ends closed (a quoted value, a sentence, a bracket) is complete: what follows is a new entry
        if (last == '"' || last == '\'' || last == '.' || last == ')' || last == ']' || last == '}') {
            return false;
        }
        // a line that opens with a date is a new entry, also when the date is damaged and no format takes it;
        // so is a line that opens as an access-log record ("192.0.2.7 - - [21/", "vhost:80 192.0.2.7 - alice [21/")
        if (startsWithDate(t) || startsLikeAccessRecord(t)) {
            return false;
        }
        // a wrapped entry goes on in lower case or digits (prose starts with a capital, a new entry with its header)
        char first = t.charAt(0);
        // or with an absolute path (a script's, a socket's) or a parenthesis ("(tried to allocate"): no entry's header
        // opens with either
        return (first >= 'a' && first <= 'z' || first >= '0' && first <= '9' || first == '/' || first == '(')
                && !t.startsWith("at ")
                && (cutAtAColumn(raw) && fitsTheColumn(raw, next) || leftOpen(ps) && fitsTheWidth(raw, next));
    }

    /**
     * Whether {@code next} could be what a wrap at a reader's width left of {@code raw} (a forum or a mail client
     * filling its lines, the width unknown): a wrap moved the first word of {@code next} down because it did not fit
     * after {@code raw} ({@code raw}, a blank and that word are wider than the width), and {@code next} fits the
     * width, so {@code next} is no longer than {@code raw} and its first word. A wrap that cuts inside a word (a long
     * URL) leaves {@code raw} exactly as wide as the width, and {@code next} no wider. The blanks at the break (a run
     * of them, as HAProxy's and old MySQL's headers write, up to {@value #BREAK_BLANKS}) may be dropped by the wrap or
     * the paste, so they are allowed for. A longer line after a value left open is an entry of its own whose header
     * was damaged, not the rest of the value.
     */
    static boolean fitsTheWidth(String raw, String next) {
        String n = next.stripTrailing();
        int word = 0;
        while (word < n.length() && (n.charAt(word) == ' ' || n.charAt(word) == '\t')) {
            word++;
        }
        while (word < n.length() && n.charAt(word) != ' ') {
            word++;
        }
        return n.length() <= raw.stripTrailing().length() + BREAK_BLANKS + word;
    }

    /** Blanks at a wrap's break that {@link #fitsTheWidth} allows for (dropped by the wrap or the paste). */
    private static final int BREAK_BLANKS = 8;

    /**
     * Whether {@code next} could be what a wrap at {@code raw}'s column left: a wrap at a terminal's width (or a
     * mail client's fill column, below 80) never leaves a physical line longer than that column, so a longer
     * line after a line of that length is an entry of its own (its header damaged), not the wrapped rest.
     */
    private static boolean fitsTheColumn(String raw, String next) {
        int n = raw.stripTrailing().length();
        int column = isTerminalWidth(raw.length()) ? raw.length() : isTerminalWidth(n) ? n : 80;
        return next.stripTrailing().length() <= column;
    }

    /**
     * Whether a line opens with a calendar date as log headers write it: {@code 2026-11-21}, {@code 2026/11/21}
     * (ISO, nginx) or MySQL's old {@code 261121 21:39:08}. What comes after the date is not looked at: a header
     * whose time a paste or a transfer damaged still starts a new entry.
     */
    static boolean startsWithDate(String t) {
        if (t.length() >= 10 && digits(t, 0, 4) && (t.charAt(4) == '-' || t.charAt(4) == '/')
                && digits(t, 5, 7) && t.charAt(7) == t.charAt(4) && digits(t, 8, 10)) {
            return true;
        }
        return t.length() >= 15 && digits(t, 0, 6) && t.charAt(6) == ' ' && (digits(t, 7, 9) || t.charAt(7) == ' ')
                && t.charAt(9) == ':' && digits(t, 10, 12) && t.charAt(12) == ':';
    }

    /** The level tags log headers write, as they stand in a header (MySQL/MariaDB, nginx, PHP-FPM, PHP). */
    private static final String[] LEVEL_TAGS = {"[ERROR]", "[Warning]", "[Note]", "[System]", "[emerg]", "[alert]",
        "[crit]", "[error]", "[warn]", "[notice]", "[info]", "[debug]", "[WARNING]", "[NOTICE]", "[ALERT]", "[DEBUG]",
        "] ERROR: ", "] WARNING: ", "] NOTICE: ", "] ALERT: ", "] PHP ",
        // old MySQL/MariaDB (140101  7:01:50  InnoDB: Fatal error: ...) name the storage engine after the time
        "  InnoDB: "};
    /** A syslog or journal program tag with its pid ({@code php-fpm[31336]: }): the header of an entry. */
    private static final java.util.regex.Pattern PROGRAM_PID = java.util.regex.Pattern.compile("[A-Za-z][\\w.-]{0,63}"
            + "\\[[0-9]{1,10}\\]: ");
    /** How far into a line a header's level tag may stand (after its date, host, program and pid). */
    private static final int LEVEL_TAG_WITHIN = 64;

    /**
     * Whether a line carries a log header's level tag or a syslog program tag near its start
     * ({@code 2026-1?? 0 [ERROR] ...}, {@code ...] WARNING: [pool www] ...}, {@code ... vm php-fpm[31336]: ...}):
     * it is an entry of its own whose date was damaged, never the rest of the entry before, whose message a
     * wrap cut after its header.
     */
    /**
     * Whether a line opens as the Common/Combined Log Format writes a record: host, ident and user, then the
     * bracketed time starting with the day ({@code 127.0.0.1 - - [21/}), optionally after Apache's
     * {@code %v:%p} ({@code vhost_combined}). Only the head is looked at, so a record whose time or request was
     * damaged still starts a new entry instead of being joined into the line before.
     */
    static boolean startsLikeAccessRecord(String t) {
        String head = t.length() > 320 ? t.substring(0, 320) : t;
        return ACCESS_RECORD_HEAD.matcher(head).lookingAt();
    }

    /**
     * Whether a line carries, within its first {@value #TIMED_HEADER_WITHIN} characters, the middle of an access-log
     * record: the quoted request line with its protocol and the status after it ({@code "GET /x HTTP/1.1" 503 }), as
     * the Common/Combined Log Format (Apache, nginx's {@code main}, Varnish's ncsa, HAProxy's {@code httplog clf})
     * writes it. Such a line is a record of its own whose head (host, time) a paste or transfer damaged so that
     * {@link #startsLikeAccessRecord} does not take it. The rest of a wrapped entry never carries one: a record has
     * one request, and a record cut before its request is of no known format, so nothing is joined to it; the rest
     * of a request a wrap cut ({@code heartbeat HTTP/1.1" 200 512}) lacks the opening quote and method; nginx's error
     * log quotes the request followed by a comma ({@code request: "GET / HTTP/1.1", }), not a status.
     */
    static boolean carriesAccessRequest(String t) {
        String head = t.length() > TIMED_HEADER_WITHIN ? t.substring(0, TIMED_HEADER_WITHIN) : t;
        return head.contains(" HTTP/") && ACCESS_REQUEST.matcher(head).find();
    }

    private static final java.util.regex.Pattern ACCESS_REQUEST = java.util.regex.Pattern.compile(
            "\"[A-Z]{3,20} [^\\s\"]{1,256} HTTP/\\d(?:\\.\\d)?\" [1-5]\\d{2}(?: |$)");

    private static final java.util.regex.Pattern ACCESS_RECORD_HEAD = java.util.regex.Pattern.compile(
            "(?:[\\w.:-]{1,255} )?[\\w.:%-]{1,64} \\S{1,64} \\S{1,64} \\[\\d{1,2}/");

    /**
     * A log header's time followed by its level tag ({@code 9:14:11 [ERROR]}, {@code 21:39:08 0 [Warning]},
     * {@code 10:11:12 [crit]}) within a line's first {@value #TIMED_HEADER_WITHIN} characters: the header of an entry
     * whose start a paste damaged (its date and more lost or mangled), so the line is an entry of its own even when
     * the tag stands too far in for {@link #hasLevelTag}. So is a syslog header's time, host and program tag
     * ({@code 21:38:05 vm kernel: }, {@code 21:39:08.104000+0100 vm mariadbd[812]: }): a kernel line has no pid for
     * {@link #hasLevelTag}'s program tag. So is old MySQL's and MariaDB's time before the storage engine
     * ({@code  7:01:50  InnoDB: }, {@code ut_print_timestamp}'s {@code %2d:%02d:%02d} and two blanks). The rest of a
     * wrapped entry does not carry a time and a level tag or program tag together.
     */
    static boolean hasTimedHeader(String t) {
        String head = t.length() > TIMED_HEADER_WITHIN ? t.substring(0, TIMED_HEADER_WITHIN) : t;
        return head.indexOf('[') >= 0 && TIMED_HEADER.matcher(head).find()
                || head.indexOf(':') >= 0 && SYSLOG_HEADER.matcher(head).find()
                || head.contains(OLD_MYSQL_ENGINE) && OLD_MYSQL_HEADER.matcher(head).find();
    }

    private static final String OLD_MYSQL_ENGINE = "  InnoDB: ";
    private static final java.util.regex.Pattern OLD_MYSQL_HEADER = java.util.regex.Pattern.compile(
            "\\b\\d{1,2}:\\d{2}:\\d{2}  InnoDB: ");

    /** How far into a line a damaged header's time and level tag may stand. */
    private static final int TIMED_HEADER_WITHIN = 256;
    private static final java.util.regex.Pattern TIMED_HEADER = java.util.regex.Pattern.compile(
            "\\b\\d{1,2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})? {1,2}(?:\\d{1,20} )?\\[(?:ERROR|Warning|Note|System|emerg|alert"
            + "|crit|error|warn|notice|info|debug|WARNING|NOTICE|ALERT|DEBUG)\\]");
    /** A syslog header's time (RFC 3164 or RFC 3339), host and program tag, the pid optional. */
    private static final java.util.regex.Pattern SYSLOG_HEADER = java.util.regex.Pattern.compile(
            "\\b\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?(?:Z|[+-]\\d{2}:?\\d{2})? [\\w.-]{1,255} [A-Za-z][\\w./-]{0,63}"
            + "(?:\\[\\d{1,10}\\])?: ");

    static boolean hasLevelTag(String t) {
        String head = t.length() > LEVEL_TAG_WITHIN ? t.substring(0, LEVEL_TAG_WITHIN) : t;
        for (String tag : LEVEL_TAGS) {
            if (head.contains(tag)) {
                return true;
            }
        }
        return PROGRAM_PID.matcher(head).find();
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a physical line's length is where a wrap cuts: a terminal's width, or a mail client's or forum's
     * fill column (60 to 79 characters; trailing blanks a wrap left are not counted).
     */
    private static boolean cutAtAColumn(String raw) {
        int n = raw.stripTrailing().length();
        return isTerminalWidth(raw.length()) || isTerminalWidth(n) || n >= 60 && n < 80;
    }

    /** Whether an entry so far has a parenthesis or a double-quoted value it did not close. */
    private static boolean leftOpen(String entry) {
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < entry.length(); i++) {
            char ch = entry.charAt(i);
            if (ch == '\\') {
                i++;
            } else if (ch == '"') {
                quoted = !quoted;
            } else if (!quoted && ch == '(') {
                depth++;
            } else if (!quoted && ch == ')' && depth > 0) {
                depth--;
            }
        }
        return depth > 0 || quoted;
    }

    /** Line lengths of a terminal's hard wrap (80 and 132 columns, with or without the padding kept). */
    private static boolean isTerminalWidth(int n) {
        return n == 80 || n == 132;
    }

    /** Whether a line is (or ends) a log line worth continuing: a known format, or a typical error fragment. */
    private static boolean looksLikeLog(String s) {
        Peeled p = peel(s);
        if (LineFormats.detect(s) != LogFormat.UNKNOWN || (p != null && !p.fragment())) {
            return true;
        }
        return s.contains(" failed (") || s.contains("upstream") || s.contains("[error]") || s.contains("[crit]");
    }

    /** The continuation line without the wrapper the first line has (compose's {@code name | }, a quote mark). */
    private static String stripWrapperOf(String first, String next) {
        int bar = first.indexOf(" | ");
        if (bar > 0 && bar < 80) {
            String prefix = first.substring(0, bar + 3);
            if (next.startsWith(prefix)) {
                return next.substring(prefix.length());
            }
            String name = first.substring(0, bar).strip();
            if (next.startsWith(name) && next.indexOf('|') > 0 && next.indexOf('|') < 80) {
                return next.substring(next.indexOf('|') + 1);
            }
        }
        if (first.startsWith(">") && next.startsWith(">")) {
            int i = 0;
            while (i < next.length() && (next.charAt(i) == '>' || next.charAt(i) == ' ')) {
                i++;
            }
            return next.substring(i);
        }
        return next;
    }

    /**
     * Whether a physical line ends in a soft break: a mail client filling its lines (as {@code fold -s} does, and
     * {@code format=flowed}, RFC 3676) breaks after a blank and keeps it at the row's end; log software does not end
     * its lines with one.
     */
    static boolean softBreak(String raw) {
        int n = raw.length();
        // the blank broken at, and the one before it when the break fell in a run of two (PHP's "error:  Allowed")
        return n > 2 && raw.charAt(n - 1) == ' ' && (raw.charAt(n - 2) != ' ' || raw.charAt(n - 3) != ' ');
    }

    /**
     * Whether a row of a record a mail client filled was cut inside a word: a word longer than the fill column (a
     * script's path) is cut at the column, so the row, with no blank at its end, is at least as wide as every row
     * before it that was broken at a blank ({@code filled}, the widest; 0 when none was), which are no wider than
     * the column.
     */
    private static boolean cutInAWord(String raw, int filled) {
        return filled > 0 && raw.length() >= filled && !raw.isEmpty() && raw.charAt(raw.length() - 1) != ' ';
    }

    /**
     * Whether a terminal's hard wrap at its width cut a line just before a blank: the row after a row of the width
     * opens with the one blank (besides the indentation of the record's first line, {@code line}).
     */
    private static boolean cutBeforeABlank(String raw, String line, String next) {
        int in = indentation(line);
        return isTerminalWidth(raw.length()) && indentation(next) == in + 1 && next.charAt(in) == ' ';
    }

    /** The blanks a line opens with. */
    private static int indentation(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static void trimEnd(StringBuilder b) {
        while (b.length() > 0 && (b.charAt(b.length() - 1) == ' ' || b.charAt(b.length() - 1) == '\r')) {
            b.setLength(b.length() - 1);
        }
    }
}
