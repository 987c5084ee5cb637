package org.gatewaydoctor.checks.http.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.model.CauseCode;

/**
 * Reads one server's signature hits as causes, from a table: each signature's lines count towards one
 * or more causes, each with the confidence of one line and the most many lines can reach; lines that
 * only accompany others (a per-request summary after the line that says why, a health-check alert
 * before the requests it doomed) are kept as supporting evidence of the causes they accompany, and
 * count on their own only when those causes are absent.
 */
public final class CauseTable {

    /**
     * A cause a signature's lines point to.
     *
     * @param cause the cause
     * @param base the confidence one line gives
     * @param max the most many lines give
     * @param detail what the lines say, in words (the errno is added when the lines carry one)
     */
    public record Part(CauseCode cause, double base, double max, String detail) {
        public Part {
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(detail, "detail");
            if (!(base > 0 && base <= max && max <= 1)) {
                throw new IllegalArgumentException("need 0 < base <= max <= 1: " + base + ", " + max);
            }
        }
    }

    private record Support(List<CauseCode> causes, List<Part> otherwise) {
    }

    private final String prefix;
    private final Function<SignatureHits, Map<String, Long>> subjects;
    private final Map<String, List<Part>> parts = new HashMap<>();
    private final Map<String, Support> supports = new HashMap<>();

    /**
     * An empty table for the signatures whose ids start with {@code prefix}.
     *
     * @param subjects what a hit's lines are about (addresses, backends, plugins), with counts
     */
    public CauseTable(String prefix, Function<SignatureHits, Map<String, Long>> subjects) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.subjects = Objects.requireNonNull(subjects, "subjects");
    }

    /** A part. */
    public static Part part(CauseCode cause, double base, double max, String detail) {
        return new Part(cause, base, max, detail);
    }

    /** The lines of signature {@code prefix + id} count towards {@code causes}. */
    public CauseTable on(String id, Part... causes) {
        parts.put(prefix + id, List.of(causes));
        return this;
    }

    /**
     * The lines of signature {@code prefix + id} support whichever of {@code causes} other lines name;
     * when none of them is named, they count towards {@code otherwise}.
     */
    public CauseTable supports(String id, List<CauseCode> causes, Part... otherwise) {
        supports.put(prefix + id, new Support(List.copyOf(causes), List.of(otherwise)));
        return this;
    }

    /** The causes the scan's hits point to, in a stable order. */
    public Map<CauseCode, HitGroup> classify(LogScan scan) {
        Map<CauseCode, HitGroup> out = new TreeMap<>();
        List<SignatureHits> accompanying = new ArrayList<>();
        for (SignatureHits h : scan.signatures()) {
            if (h.count() == 0 || !h.id().startsWith(prefix)) {
                continue;
            }
            if (supports.containsKey(h.id())) {
                accompanying.add(h);
            }
            add(out, h, parts.getOrDefault(h.id(), List.of()));
        }
        Map<CauseCode, HitGroup> named = new LinkedHashMap<>(out);
        for (SignatureHits h : accompanying) {
            Support s = supports.get(h.id());
            List<CauseCode> present = s.causes().stream().filter(named::containsKey).toList();
            if (present.isEmpty()) {
                add(out, h, s.otherwise());
            } else {
                present.forEach(c -> named.get(c).support(h));
            }
        }
        return out;
    }

    private void add(Map<CauseCode, HitGroup> out, SignatureHits h, List<Part> list) {
        String errno = h.topValue("errno").map(e -> " (" + e + h.topValue("errtext").map(t -> ": " + t).orElse("") + ")")
                .orElse("");
        for (Part p : list) {
            out.computeIfAbsent(p.cause(), c -> new HitGroup()).add(h, h.count(), null, subjects.apply(h),
                    p.detail() + errno, p.base(), p.max());
        }
    }
}
