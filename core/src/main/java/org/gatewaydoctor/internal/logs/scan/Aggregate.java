package org.gatewaydoctor.internal.logs.scan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import org.gatewaydoctor.logs.LogScanner;

/**
 * What one scan task found, per signature, with line numbers relative to the task's segment.
 * Merged in segment order into the final result; every part is bounded.
 */
final class Aggregate {

    /** A matched line kept as a sample or event; the line number is fixed up after merging. */
    record Hit(int segment, long relativeLine, Instant at, String text, Map<String, String> fields) {
    }

    static final class PerSignature {
        long count;
        Instant first;
        Instant last;
        final List<Hit> head = new ArrayList<>(2);
        final ArrayList<Hit> tail = new ArrayList<>(4);
        final Map<Long, Long> perMinute = new HashMap<>();
        final Map<String, Map<String, Long>> fields = new LinkedHashMap<>();

        void add(Hit hit, int headSize, int tailSize) {
            count++;
            if (hit.at() != null) {
                if (first == null || hit.at().isBefore(first)) {
                    first = hit.at();
                }
                if (last == null || hit.at().isAfter(last)) {
                    last = hit.at();
                }
                perMinute.merge(Math.floorDiv(hit.at().getEpochSecond(), 60), 1L, Long::sum);
            }
            if (head.size() < headSize) {
                head.add(hit);
            } else {
                tail.add(hit);
                if (tail.size() > tailSize) {
                    tail.remove(0);
                }
            }
            Map<String, String> f = hit.fields();
            if (f instanceof LinkedHashMap) {
                // tallied in the order Map.copyOf(f) would give (the order of the fields' first values)
                String[] keys = order(f);
                for (String k : keys) {
                    tally(k, f.get(k));
                }
            } else {
                for (Map.Entry<String, String> e : f.entrySet()) {
                    tally(e.getKey(), e.getValue());
                }
            }
        }

        /**
         * Counts {@code value} of {@code field}; a new value beyond the kept number counts as {@code "(other)"}.
         * Always by {@code merge}: it grows a table at another size than {@code put} does (before the entry, even
         * for a key already there), and the order in which merging segments meet the values (the table's)
         * decides which of them are kept.
         */
        private void tally(String field, String value) {
            Map<String, Long> values = fields.computeIfAbsent(field, k -> new HashMap<>());
            // the size first: below the bound no lookup is needed (containsKey hashes and compares the value)
            String key = values.size() < LogScanner.MAX_FIELD_VALUES || values.containsKey(value) ? value : "(other)";
            values.merge(key, 1L, Long::sum);
        }

        /** The keys of the last hit's fields in their insertion order ({@link #order}). */
        private String[] shape;
        /** {@link #shape}'s keys in the iteration order of {@code Map.copyOf} of such a map. */
        private String[] order;

        /**
         * The keys of {@code f} in the order {@code Map.copyOf(f)} iterates them: that order depends only on the
         * keys and the order they were put in (and the JVM's constant salt), so it is worked out once per such
         * shape instead of copying every hit's fields and iterating the copy (an entry object per field).
         */
        String[] order(Map<String, String> f) {
            if (order != null && shape.length == f.size()) {
                int i = 0;
                boolean same = true;
                for (String k : f.keySet()) {
                    if (!k.equals(shape[i++])) {
                        same = false;
                        break;
                    }
                }
                if (same) {
                    return order;
                }
            }
            shape = f.keySet().toArray(new String[0]);
            order = Map.copyOf(f).keySet().toArray(new String[0]);
            return order;
        }

        void merge(PerSignature o, int headSize, int tailSize) {
            count += o.count;
            if (o.first != null && (first == null || o.first.isBefore(first))) {
                first = o.first;
            }
            if (o.last != null && (last == null || o.last.isAfter(last))) {
                last = o.last;
            }
            List<Hit> all = new ArrayList<>(tail);
            for (Hit h : o.head) {
                if (head.size() < headSize) {
                    head.add(h);
                } else {
                    all.add(h);
                }
            }
            all.addAll(o.tail);
            tail.clear();
            tail.addAll(all.subList(Math.max(0, all.size() - tailSize), all.size()));
            o.perMinute.forEach((k, v) -> perMinute.merge(k, v, Long::sum));
            o.fields.forEach((field, values) -> {
                Map<String, Long> mine = fields.computeIfAbsent(field, k -> new HashMap<>());
                values.forEach((value, n) -> {
                    String key = mine.containsKey(value) || mine.size() < LogScanner.MAX_FIELD_VALUES
                            ? value : "(other)";
                    mine.merge(key, n, Long::sum);
                });
            });
        }

        TreeMap<Instant, Long> histogram() {
            TreeMap<Instant, Long> out = new TreeMap<>();
            perMinute.forEach((minute, n) -> out.put(Instant.ofEpochSecond(minute * 60), n));
            return out;
        }
    }

    /** Failing lines of one site (see {@link Sites}). */
    static final class SiteTally {
        long count;
        Instant first;
        Instant last;
        boolean setAside;
        final java.util.TreeMap<org.gatewaydoctor.model.CauseCode, Long> causes = new java.util.TreeMap<>();
        final java.util.LinkedHashSet<String> upstreams = new java.util.LinkedHashSet<>();

        void add(Instant at, org.gatewaydoctor.model.CauseCode cause, String upstream) {
            if (cause != null) {
                causes.merge(cause, 1L, Long::sum);
            }
            if (upstream != null && upstreams.size() < org.gatewaydoctor.logs.SiteHits.MAX_UPSTREAMS) {
                upstreams.add(upstream);
            }
            add(at);
        }

        void add(Instant at) {
            count++;
            if (at != null) {
                first = first == null || at.isBefore(first) ? at : first;
                last = last == null || at.isAfter(last) ? at : last;
            }
        }

        void merge(SiteTally o) {
            count += o.count;
            first = first == null || (o.first != null && o.first.isBefore(first)) ? o.first : first;
            last = last == null || (o.last != null && o.last.isAfter(last)) ? o.last : last;
            setAside |= o.setAside;
            o.causes.forEach((c, n) -> causes.merge(c, n, Long::sum));
            for (String u : o.upstreams) {
                if (upstreams.size() < org.gatewaydoctor.logs.SiteHits.MAX_UPSTREAMS) {
                    upstreams.add(u);
                }
            }
        }
    }

    /** Sites tallied, at most this many (the rest under {@code "(other)"}). */
    static final int MAX_SITES = 200;

    /** Failing lines per site named in them. */
    final Map<String, SiteTally> sites = new HashMap<>();

    void site(String name, Instant at, boolean setAside, org.gatewaydoctor.model.CauseCode cause, String upstream) {
        String key = sites.size() < MAX_SITES || sites.containsKey(name) ? name : "(other)";
        SiteTally t = sites.computeIfAbsent(key, k -> new SiteTally());
        t.add(at, cause, upstream);
        t.setAside |= setAside;
    }

    /**
     * Where a timeline event's line lies in its plain file, so that only the events kept in the end are read
     * again ({@code ScanEngine}'s {@code reread}) instead of every event holding its line's text and fields
     * until it leaves the queue: on a dense log each scan task kept its last 2,000 events (1-2 KiB each),
     * which outlived young collections and filled the 64 MiB heap's old generation.
     *
     * @param offset the file offset of the line's first decoded byte
     * @param length how many bytes were decoded (at most {@code FileLogAccess.MAX_LINE})
     * @param matchOffset where the line's first literal starts, from {@code offset} (for {@code keep})
     * @param truncated whether the line was longer than what was decoded
     * @param check {@link #check} of the decoded bytes, to notice a file changed on disk since
     */
    record LineRef(long offset, int length, int matchOffset, boolean truncated, long check) {

        /** A cheap fingerprint of {@code b[from, from + length)}: its length and up to 64 bytes at each end. */
        static long check(byte[] b, int from, int length) {
            long h = length;
            int head = Math.min(length, 64);
            for (int i = from; i < from + head; i++) {
                h = h * 31 + b[i];
            }
            for (int i = Math.max(from + head, from + length - 64); i < from + length; i++) {
                h = h * 31 + b[i];
            }
            return h;
        }
    }

    /**
     * A dated event for the timeline: its hit, or (with {@code line}) only its place and time, its text and
     * fields to be read again if it is kept.
     */
    record Event(int signature, Hit hit, LineRef line) {
    }

    final Map<Integer, PerSignature> bySignature = new HashMap<>();
    /** The most recent events, oldest at the head of the queue. */
    final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.hit().at().compareTo(b.hit().at()));

    void add(int signature, Hit hit, int headSize, int tailSize) {
        add(signature, hit, null, headSize, tailSize);
    }

    /**
     * Counts {@code hit} and offers it to the timeline; with {@code line}, the timeline keeps only its place and
     * time (the queue orders by time alone, so it orders and drops the same events either way).
     */
    void add(int signature, Hit hit, LineRef line, int headSize, int tailSize) {
        bySignature.computeIfAbsent(signature, k -> new PerSignature()).add(hit, headSize, tailSize);
        if (hit.at() != null) {
            events.add(line == null ? new Event(signature, hit, null)
                    : new Event(signature, new Hit(hit.segment(), hit.relativeLine(), hit.at(), null, null), line));
            if (events.size() > LogScanner.MAX_TIMELINE) {
                events.poll();
            }
        }
    }

    void merge(Aggregate o, int headSize, int tailSize) {
        o.bySignature.forEach((sig, per) -> {
            PerSignature mine = bySignature.get(sig);
            if (mine == null) {
                bySignature.put(sig, per);
            } else {
                mine.merge(per, headSize, tailSize);
            }
        });
        o.sites.forEach((name, t) -> {
            String key = sites.containsKey(name) || sites.size() < MAX_SITES ? name : "(other)";
            SiteTally mine = sites.get(key);
            if (mine == null) {
                sites.put(key, t);
            } else {
                mine.merge(t);
            }
        });
        for (Event e : o.events) {
            events.add(e);
            if (events.size() > LogScanner.MAX_TIMELINE) {
                events.poll();
            }
        }
    }
}
