package org.gatewaydoctor.checks.http.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.gatewaydoctor.checks.http.internal.HaproxyLogFormat.Compiled;
import org.gatewaydoctor.checks.http.internal.HaproxyLogFormat.Custom;
import org.gatewaydoctor.checks.http.internal.HaproxyLogFormat.Fields;
import org.gatewaydoctor.checks.http.internal.signatures.HaproxySignatureProvider;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.ScannedFile;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.spi.LogAccess;

/**
 * HAProxy log lines of a custom layout ({@link HaproxyLogFormat}) read into the same signature hits the
 * catalogue gives lines of the default {@code option httplog} layout, so that one table of causes
 * ({@link HaproxyLog}) serves both. The catalogue cannot read them (its literals are the default layout's
 * fixed text around the state); this reads the target's logs once, bounded by {@link LogAccess}.
 *
 * <p>A line the catalogue's own pattern matches is left to the catalogue (counted once). What the layout
 * does not log stays unknown: without {@code %ts}/{@code %tsc} no state, so no cause; without {@code %ST} a
 * {@code ----} line cannot say it relayed a 5xx.
 */
public final class HaproxyCustomLog {

    /** Distinct values kept per field (the rest counted under {@code (other)}), as the scanner does. */
    static final int MAX_FIELD_VALUES = 20;
    private static final int HEAD = 2;
    private static final int TAIL = 3;

    private HaproxyCustomLog() {
    }

    /**
     * What was read.
     *
     * @param scan {@code scan} with the hits of the custom lines added (and HAProxy among the formats of the
     *     files they were in)
     * @param lines how many lines of a custom layout were read
     * @param notes what the layouts could not tell, in full sentences
     */
    public record Result(LogScan scan, long lines, List<String> notes) {
    }

    /** Reads the lines of {@code logs} of the layouts {@code formats} and adds their hits to {@code scan}. */
    public static Result read(LogAccess logs, LogScan scan, Map<Compiled, List<Custom>> formats, ZoneId zone,
                              UnaryOperator<String> redact) throws InterruptedException {
        Map<String, Signature> catalogue = new LinkedHashMap<>();
        new HaproxySignatureProvider().signatures().forEach(s -> catalogue.put(s.id(), s));
        Map<String, Acc> acc = new LinkedHashMap<>();
        Map<String, Long> perFile = new LinkedHashMap<>();
        long[] count = new long[1];
        try {
            logs.forEachLine(new LogAccess.LogLineVisitor() {
                @Override
                public void line(Path file, long lineNumber, String text, boolean truncated) {
                    for (Compiled c : formats.keySet()) {
                        Fields f = c.match(text).orElse(null);
                        if (f == null) {
                            continue;
                        }
                        count[0]++;
                        perFile.merge(file.toString(), 1L, Long::sum);
                        String id = signature(f);
                        Signature s = id == null ? null : catalogue.get(id);
                        if (s != null && (s.pattern() == null || !s.pattern().matcher(text).find())) {
                            Instant at = f.at(zone);
                            if (at == null) {
                                at = HaproxyLogFormat.headerTime(text);
                            }
                            acc.computeIfAbsent(id, k -> new Acc(s)).add(f, new Evidence.LogLine(file.toString(),
                                    lineNumber, at, redact.apply(text)), at);
                        }
                        break;
                    }
                }
            });
        } catch (IOException e) {
            // what was read counts; the scan of the same files reports unreadable ones
        }
        List<String> notes = new ArrayList<>();
        formats.forEach((c, proxies) -> {
            String names = proxies.stream().map(Custom::proxy).distinct().collect(Collectors.joining(", "));
            if (!c.hasState()) {
                notes.add("the log-format of " + names + " (" + proxies.get(0).file() + ":" + proxies.get(0).line()
                        + ") does not log the termination state (%ts or %tsc), so its lines cannot say who ended a "
                        + "request: add %tsc to read them");
            }
        });
        if (acc.isEmpty() && perFile.isEmpty()) {
            return new Result(scan, 0, notes);
        }
        List<SignatureHits> hits = new ArrayList<>();
        Map<String, SignatureHits> mine = new LinkedHashMap<>();
        acc.forEach((id, a) -> mine.put(id, a.hits()));
        for (SignatureHits h : scan.signatures()) {
            SignatureHits m = mine.remove(h.id());
            hits.add(m == null ? h : merge(h, m));
        }
        hits.addAll(mine.values());
        hits.sort((x, y) -> Long.compare(y.count(), x.count()));
        List<ScannedFile> files = new ArrayList<>();
        Map<String, Long> left = new LinkedHashMap<>(perFile);
        for (ScannedFile f : scan.files()) {
            Long n = left.remove(f.path());
            files.add(n == null ? f : withHaproxy(f, n));
        }
        left.forEach((path, n) -> files.add(new ScannedFile(path, Map.of(LogFormat.HAPROXY, n), 0, n, true, List.of())));
        LogScan out = new LogScan(scan.bytesScanned(), scan.linesScanned(), scan.elapsed(), files, hits,
                scan.timeline(), scan.problems(), scan.sites());
        return new Result(out, count[0], notes);
    }

    private static ScannedFile withHaproxy(ScannedFile f, long n) {
        if (f.formats().containsKey(LogFormat.HAPROXY)) {
            return f;
        }
        Map<LogFormat, Long> formats = new EnumMap<>(LogFormat.class);
        formats.putAll(f.formats());
        formats.put(LogFormat.HAPROXY, n);
        return new ScannedFile(f.path(), formats, f.bytes(), f.lines(), f.complete(), f.problems());
    }

    /** The catalogue's signature for a line's termination state (HaproxySignatureProvider's table), or null. */
    static String signature(Fields f) {
        if (f.state() == null) {
            return null;
        }
        String name = switch (f.state()) {
            case "SC" -> "<NOSRV>".equals(f.server()) ? "no-server" : "server-refused";
            case "sC" -> "connect-timeout";
            case "SH" -> "server-closed";
            case "sH" -> "server-timeout";
            case "PH" -> "response-blocked";
            case "SD" -> "server-aborted-body";
            case "sD" -> "server-timeout-body";
            case "sQ" -> "queue-timeout";
            case "PC" -> "proxy-socket-limit";
            case "RC" -> "proxy-resource-exhausted";
            case "CD" -> "client-aborted-body";
            case "--" -> f.status() != null && f.status().length() == 3 && f.status().startsWith("5") ? "relayed-error"
                    : null;
            default -> null;
        };
        return name == null ? null : HaproxySignatureProvider.PREFIX + name;
    }

    /** One signature's matches, as the scanner aggregates them. */
    private static final class Acc {
        private final Signature signature;
        private long count;
        private Instant first;
        private Instant last;
        private final List<Evidence.LogLine> head = new ArrayList<>();
        private final List<Evidence.LogLine> tail = new ArrayList<>();
        private final NavigableMap<Instant, Long> perMinute = new TreeMap<>();
        private final Map<String, Map<String, Long>> fields = new LinkedHashMap<>();

        Acc(Signature signature) {
            this.signature = signature;
        }

        void add(Fields f, Evidence.LogLine line, Instant at) {
            count++;
            if (at != null) {
                first = first == null || at.isBefore(first) ? at : first;
                last = last == null || at.isAfter(last) ? at : last;
                perMinute.merge(at.truncatedTo(ChronoUnit.MINUTES), 1L, Long::sum);
            }
            if (head.size() < HEAD) {
                head.add(line);
            } else {
                tail.add(line);
                if (tail.size() > TAIL) {
                    tail.remove(0);
                }
            }
            field("backend", f.backend());
            field("server", f.server());
            field("frontend", f.frontend());
            field("status", f.status());
            field("state", f.state() + "--");
        }

        private void field(String name, String value) {
            if (value == null || value.isEmpty()) {
                return;
            }
            Map<String, Long> values = fields.computeIfAbsent(name, k -> new LinkedHashMap<>());
            if (values.containsKey(value) || values.size() < MAX_FIELD_VALUES) {
                values.merge(value, 1L, Long::sum);
            } else {
                values.merge("(other)", 1L, Long::sum);
            }
        }

        SignatureHits hits() {
            List<Evidence.LogLine> samples = new ArrayList<>(head);
            samples.addAll(tail);
            return new SignatureHits(signature, count, first, last, samples, perMinute, fields);
        }
    }

    /** The catalogue's hits of a signature and this reader's, as one. */
    private static SignatureHits merge(SignatureHits a, SignatureHits b) {
        Instant first = a.firstSeen() == null ? b.firstSeen() : b.firstSeen() == null ? a.firstSeen()
                : a.firstSeen().isBefore(b.firstSeen()) ? a.firstSeen() : b.firstSeen();
        Instant last = a.lastSeen() == null ? b.lastSeen() : b.lastSeen() == null ? a.lastSeen()
                : a.lastSeen().isAfter(b.lastSeen()) ? a.lastSeen() : b.lastSeen();
        List<Evidence.LogLine> samples = new ArrayList<>(a.samples());
        samples.addAll(b.samples());
        NavigableMap<Instant, Long> perMinute = new TreeMap<>(a.perMinute());
        b.perMinute().forEach((k, v) -> perMinute.merge(k, v, Long::sum));
        Map<String, Map<String, Long>> fields = new LinkedHashMap<>();
        a.fields().forEach((k, v) -> fields.put(k, new LinkedHashMap<>(v)));
        b.fields().forEach((k, v) -> v.forEach((val, n) -> fields.computeIfAbsent(k, x -> new LinkedHashMap<>())
                .merge(val, n, Long::sum)));
        return new SignatureHits(a.signature(), a.count() + b.count(), first, last, samples, perMinute, fields);
    }
}
