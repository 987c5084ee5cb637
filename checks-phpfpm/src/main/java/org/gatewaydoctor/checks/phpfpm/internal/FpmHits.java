package org.gatewaydoctor.checks.phpfpm.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.gatewaydoctor.checks.phpfpm.internal.signatures.PhpFpmSignatureProvider;
import org.gatewaydoctor.logs.LogEvent;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.model.Evidence;

/**
 * The PHP-FPM part of a log scan, by signature id, and what its fields say about who is to blame.
 *
 * <p>A worker's own lines carry no time; such a line takes the time of the closest earlier dated
 * PHP-FPM event of the same file on the scan's timeline (it was written about then).
 */
public final class FpmHits {

    /** Sample lines kept per group: the earliest and the latest. */
    static final int SAMPLES = 5;
    /** Longest sample text kept as evidence, in characters. */
    static final int MAX_TEXT = 2000;
    private static final Pattern REST = Pattern.compile("/wp-json/([A-Za-z0-9._-]{1,80})/");

    private static final Map<String, Signature> SIGNATURES = new PhpFpmSignatureProvider().signatures().stream()
            .collect(Collectors.toMap(Signature::id, Function.identity()));

    private final LogScan scan;

    public FpmHits(LogScan scan) {
        this.scan = scan;
    }

    /**
     * What the signatures {@code ids} found, merged into one {@link SignatureHits} (of the first id's
     * signature), worker lines dated; a count of 0 when none matched.
     */
    public SignatureHits get(String... ids) {
        long count = 0;
        Instant first = null;
        Instant last = null;
        List<Evidence.LogLine> samples = new ArrayList<>();
        NavigableMap<Instant, Long> perMinute = new TreeMap<>();
        Map<String, Map<String, Long>> fields = new HashMap<>();
        for (String id : ids) {
            Optional<SignatureHits> found = scan.hits(id);
            if (found.isEmpty()) {
                continue;
            }
            SignatureHits h = found.get();
            count += h.count();
            h.perMinute().forEach((m, n) -> perMinute.merge(m, n, Long::sum));
            h.fields().forEach((f, values) -> values.forEach((v, n) ->
                    fields.computeIfAbsent(f, k -> new HashMap<>()).merge(v, n, Long::sum)));
            List<Instant> times = new ArrayList<>(Arrays.asList(h.firstSeen(), h.lastSeen()));
            for (Evidence.LogLine l : h.samples()) {
                Evidence.LogLine dated = dated(l);
                samples.add(dated);
                times.add(dated.timestamp());
            }
            for (Instant t : times) {
                first = t == null || first != null && !t.isBefore(first) ? first : t;
                last = t == null || last != null && !t.isAfter(last) ? last : t;
            }
        }
        return new SignatureHits(SIGNATURES.get(ids[0]), count, first, last, samples, perMinute, fields);
    }

    /**
     * The last line the signatures {@code ids} matched: the latest in time and, as PHP-FPM stamps whole seconds,
     * among lines of the same second in one file the one further down; empty when none matched.
     */
    public Optional<Evidence.LogLine> last(String... ids) {
        Evidence.LogLine last = null;
        for (Evidence.LogLine l : get(ids).samples()) {
            if (last == null || after(l, last)) {
                last = l;
            }
        }
        return Optional.ofNullable(last);
    }

    /**
     * Whether line {@code a} was written after line {@code b}: later in time, or in the same file further down
     * when their times are equal or unknown. Lines of the same second in different files are not ordered.
     */
    public static boolean after(Evidence.LogLine a, Evidence.LogLine b) {
        Instant ta = a.timestamp();
        Instant tb = b.timestamp();
        if (ta != null && tb != null && !ta.equals(tb)) {
            return ta.isAfter(tb);
        }
        if (ta == null && tb != null) {
            return false;
        }
        if (tb == null && ta != null) {
            return true;
        }
        return a.file().equals(b.file()) && a.line() > b.line();
    }

    /** The newest dated PHP-FPM event, or null. */
    public Instant newest() {
        return mine().map(SignatureHits::lastSeen).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
    }

    /** The files PHP-FPM signatures matched in. */
    public Set<String> files() {
        Set<String> out = new LinkedHashSet<>();
        mine().forEach(h -> h.samples().forEach(l -> out.add(l.file())));
        return out;
    }

    private java.util.stream.Stream<SignatureHits> mine() {
        return scan.signatures().stream().filter(h -> h.id().startsWith(PhpFpmSignatureProvider.PREFIX));
    }

    /** {@code line}, with the time of the event before it in its file when it has none of its own. */
    private Evidence.LogLine dated(Evidence.LogLine line) {
        if (line.timestamp() != null) {
            return line;
        }
        Instant before = null;
        long closest = -1;
        for (LogEvent e : scan.timeline()) {
            Evidence.LogLine l = e.line();
            if (l.file().equals(line.file()) && l.line() < line.line() && l.line() > closest
                    && e.signatureId().startsWith(PhpFpmSignatureProvider.PREFIX)) {
                closest = l.line();
                before = e.at();
            }
        }
        return before == null ? line : new Evidence.LogLine(line.file(), line.line(), before, line.text(), line.origin());
    }

    /**
     * Who a group of requests belongs to, the most frequent first: {@code plugin x}, {@code theme y}
     * (of the script or request), {@code REST namespace z} (a {@code /wp-json/z/} request),
     * {@code AJAX action a} (an {@code admin-ajax.php?action=a} request); else {@code script /path} of
     * the first group. Among equally frequent ones, plugins come first.
     */
    public static Optional<String> subject(SignatureHits... groups) {
        Map<String, Long> who = new HashMap<>();
        for (SignatureHits g : groups) {
            values(g, "plugin").forEach((v, n) -> who.merge("plugin " + v, n, Long::sum));
            values(g, "theme").forEach((v, n) -> who.merge("theme " + v, n, Long::sum));
            values(g, "request").forEach((v, n) -> {
                Matcher m = REST.matcher(v);
                if (m.find()) {
                    who.merge("REST namespace " + m.group(1), n, Long::sum);
                }
            });
            values(g, "action").forEach((v, n) -> who.merge("AJAX action " + v, n, Long::sum));
        }
        List<String> kinds = List.of("plugin ", "theme ", "REST namespace ", "AJAX action ");
        // most frequent, then by kind, then alphabetical; written out: Comparator.comparing chains are
        // serializable lambdas, which the class-data archive cannot hold
        ToIntFunction<String> kind = k -> kinds.stream().filter(k::startsWith).findFirst().map(kinds::indexOf)
                .orElse(kinds.size());
        Comparator<Map.Entry<String, Long>> order = (a, b) -> {
            int c = b.getValue().compareTo(a.getValue());
            if (c == 0) {
                c = Integer.compare(kind.applyAsInt(a.getKey()), kind.applyAsInt(b.getKey()));
            }
            return c != 0 ? c : a.getKey().compareTo(b.getKey());
        };
        Optional<String> top = who.entrySet().stream().filter(e -> !e.getKey().endsWith("(other)")).sorted(order)
                .map(Map.Entry::getKey).findFirst();
        return top.or(() -> groups.length == 0 ? Optional.empty() : top(groups[0], "script").map(s -> "script " + s));
    }

    /** The plugin or theme PHP errors were in, else the file they name. */
    public static Optional<String> component(SignatureHits errors) {
        return subject(errors).or(() -> top(errors, "file"));
    }

    /** The distinct values of {@code field} and how often each was seen. */
    public static Map<String, Long> values(SignatureHits h, String field) {
        return h.fields().getOrDefault(field, Map.of());
    }

    /** The most frequent value of {@code field} (alphabetically first among equals). */
    public static Optional<String> top(SignatureHits h, String field) {
        return h.topValue(field).filter(v -> !v.isEmpty());
    }

    /** {@code base} for one line, growing towards {@code max} as lines add up. */
    public static double confidence(SignatureHits h, double base, double max) {
        double grown = h.count() <= 1 ? base : base + (max - base) * (1.0 - Math.exp(-(h.count() - 1) / 4.0));
        return Math.min(max, Math.round(grown * 1000.0) / 1000.0);
    }

    /** The earliest line and the latest ones, oldest first, cut to {@value #MAX_TEXT} characters. */
    public static List<Evidence.LogLine> samples(SignatureHits h) {
        // oldest first (undated last), then by line; written out like the order in subject()
        List<Evidence.LogLine> sorted = h.samples().stream().sorted((a, b) -> {
            Instant x = a.timestamp();
            Instant y = b.timestamp();
            int c = x == null ? (y == null ? 0 : 1) : y == null ? -1 : x.compareTo(y);
            return c != 0 ? c : Long.compare(a.line(), b.line());
        }).toList();
        List<Evidence.LogLine> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            if (i == 0 || i >= sorted.size() - (SAMPLES - 1)) {
                Evidence.LogLine l = sorted.get(i);
                out.add(l.text().length() > MAX_TEXT ? l.withText(l.text().substring(0, MAX_TEXT) + " [... cut]") : l);
            }
        }
        return out;
    }
}
