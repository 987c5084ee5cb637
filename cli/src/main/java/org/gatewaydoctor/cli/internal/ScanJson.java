package org.gatewaydoctor.cli.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gatewaydoctor.json.DiagnosisJson;
import org.gatewaydoctor.logs.LogEvent;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.ScannedFile;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;

/**
 * The JSON form of {@code gateway-doctor scan}: a document of its own (not a diagnosis), written
 * with gateway-doctor's mapper ({@link DiagnosisJson#writeValue(Object)}: instants ISO-8601 UTC,
 * maps ordered by key). A {@link Signature} is written field by field, its pattern as the pattern's
 * text. Keys are always present; values that are unknown are {@code null}.
 *
 * <pre>{@code
 * {
 *   "schemaVersion" : 1,
 *   "complete" : true,
 *   "sources" : [ "/var/log/nginx" ],
 *   "zone" : "Europe/Berlin",
 *   "since" : "2026-11-21T08:00:00Z",
 *   "until" : null,
 *   "signaturesSearched" : 87,
 *   "bytesScanned" : 1048576,
 *   "linesScanned" : 5120,
 *   "elapsedMillis" : 41,
 *   "matches" : 3,
 *   "signatures" : [ {
 *     "id" : "nginx.connect-eagain", "layer" : "PROXY", "title" : "...", "httpStatus" : 502,
 *     "causes" : [ "phpfpm.pool_exhausted" ], "formats" : [ "NGINX_ERROR" ],
 *     "literal" : "failed (11: Resource temporarily unavailable)", "pattern" : "connect\\(\\) to (?<upstream>\\S+) ...",
 *     "count" : 3, "firstSeen" : "2026-11-21T08:12:03Z", "lastSeen" : "2026-11-21T08:12:09Z",
 *     "samples" : [ { "file" : "/var/log/nginx/error.log", "line" : 17, "at" : "2026-11-21T08:12:03Z", "text" : "..." } ],
 *     "perMinute" : { "2026-11-21T08:12:00Z" : 3 },
 *     "fields" : { "upstream" : { "unix:/run/php/php8.2-fpm.sock" : 3 } }
 *   } ],
 *   "timeline" : [ { "at" : "...", "signature" : "nginx.connect-eagain", "file" : "...", "line" : 17, "text" : "...", "fields" : { } } ],
 *   "timelineTotal" : 3,
 *   "files" : [ { "path" : "/var/log/nginx/error.log", "formats" : { "NGINX_ERROR" : 200 }, "bytes" : 1048576,
 *                 "lines" : 5120, "complete" : true, "problems" : [ ] } ],
 *   "problems" : [ ]
 * }
 * }</pre>
 */
public final class ScanJson {

    /** Version of this document's shape; raised on any incompatible change. */
    public static final int SCHEMA_VERSION = 1;

    private ScanJson() {
    }

    /** The whole document. */
    @JsonPropertyOrder({"schemaVersion", "complete", "sources", "zone", "since", "until", "signaturesSearched",
        "bytesScanned", "linesScanned", "elapsedMillis", "matches", "signatures", "timeline", "timelineTotal", "files",
        "problems"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Document(int schemaVersion, boolean complete, List<String> sources, String zone, Instant since,
                           Instant until, int signaturesSearched, long bytesScanned, long linesScanned,
                           long elapsedMillis, long matches, List<SignatureJson> signatures, List<EventJson> timeline,
                           long timelineTotal, List<FileJson> files, List<String> problems) {
    }

    /** One signature that matched, with everything it matched. */
    @JsonPropertyOrder({"id", "layer", "title", "httpStatus", "causes", "formats", "literal", "pattern", "count",
        "firstSeen", "lastSeen", "samples", "perMinute", "fields"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SignatureJson(String id, String layer, String title, Integer httpStatus, List<String> causes,
                                List<String> formats, String literal, String pattern, long count, Instant firstSeen,
                                Instant lastSeen, List<LineJson> samples, Map<String, Long> perMinute,
                                Map<String, Map<String, Long>> fields) {
    }

    /** A matched line with where it is. */
    @JsonPropertyOrder({"file", "line", "at", "text"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record LineJson(String file, long line, Instant at, String text) {
    }

    /** A dated match on the merged timeline. */
    @JsonPropertyOrder({"at", "signature", "file", "line", "text", "fields"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record EventJson(Instant at, String signature, String file, long line, String text,
                            Map<String, String> fields) {
    }

    /** What was read of one source. */
    @JsonPropertyOrder({"path", "formats", "bytes", "lines", "complete", "problems"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record FileJson(String path, Map<String, Long> formats, long bytes, long lines, boolean complete,
                           List<String> problems) {
    }

    /**
     * The document of {@code scan}.
     *
     * @param scan what was found
     * @param sources the sources as given on the command line
     * @param zone the zone log times without one were read in
     * @param window the time window read
     * @param searched how many signatures were looked for
     * @param complete whether every source was read to its end
     */
    public static Document document(LogScan scan, List<String> sources, ZoneId zone, TimeWindow window,
                                    int searched, boolean complete) {
        List<SignatureJson> signatures = new ArrayList<>();
        long matches = 0;
        long dated = 0;
        for (SignatureHits h : scan.signatures()) {
            signatures.add(signature(h));
            matches += h.count();
            dated += h.perMinute().values().stream().mapToLong(Long::longValue).sum();
        }
        List<EventJson> timeline = new ArrayList<>();
        for (LogEvent e : scan.timeline()) {
            timeline.add(new EventJson(e.at(), e.signatureId(), e.line().file(), e.line().line(), e.line().text(),
                    new TreeMap<>(e.fields())));
        }
        List<FileJson> files = new ArrayList<>();
        for (ScannedFile f : scan.files()) {
            Map<String, Long> formats = new TreeMap<>();
            f.formats().forEach((format, n) -> formats.put(format.name(), n));
            files.add(new FileJson(f.path(), formats, f.bytes(), f.lines(), f.complete(), f.problems()));
        }
        return new Document(SCHEMA_VERSION, complete, List.copyOf(sources), zone.getId(), window.since(),
                window.until(), searched, scan.bytesScanned(), scan.linesScanned(), scan.elapsed().toMillis(), matches,
                signatures, timeline, Math.max(dated, timeline.size()), files, scan.problems());
    }

    static SignatureJson signature(SignatureHits h) {
        Signature s = h.signature();
        List<LineJson> samples = new ArrayList<>();
        for (Evidence.LogLine l : h.samples()) {
            samples.add(new LineJson(l.file(), l.line(), l.timestamp(), l.text()));
        }
        Map<String, Long> perMinute = new LinkedHashMap<>();
        h.perMinute().forEach((minute, n) -> perMinute.put(minute.toString(), n));
        Map<String, Map<String, Long>> fields = new TreeMap<>();
        h.fields().forEach((field, values) -> fields.put(field, new TreeMap<>(values)));
        return new SignatureJson(s.id(), s.layer().name(), s.title(), s.httpStatus(),
                s.causes().stream().map(CauseCode::value).toList(),
                s.formats().stream().map(LogFormat::name).sorted().toList(), s.literal(),
                s.pattern() == null ? null : s.pattern().pattern(), h.count(), h.firstSeen(), h.lastSeen(), samples,
                perMinute, fields);
    }

    /**
     * Writes (and drops) a small document with every part the scan's document has, so that the mapper has made
     * its serializers for these records before the real document is written: started on another thread while
     * the command reads its arguments, signatures and logs, it takes that work off the end of the command.
     * Writing the real document does not depend on it (nor on whether it ran or failed).
     */
    static void warmUp() {
        try {
            Instant t = Instant.EPOCH;
            Map<String, Long> perMinute = new LinkedHashMap<>();
            perMinute.put(t.toString(), 1L);
            Map<String, Map<String, Long>> fields = new TreeMap<>();
            fields.put("f", new TreeMap<>(Map.of("v", 1L)));
            List<SignatureJson> signatures = new ArrayList<>();
            List<LineJson> samples = new ArrayList<>();
            samples.add(new LineJson("f", 1, t, "x"));
            signatures.add(new SignatureJson("a", "PROXY", "t", 502, List.of("c"), List.of("NGINX_ERROR"), "l", "p", 1,
                    t, t, samples, perMinute, fields));
            List<EventJson> timeline = new ArrayList<>();
            timeline.add(new EventJson(t, "a", "f", 1, "x", new TreeMap<>(Map.of("k", "v"))));
            List<FileJson> files = new ArrayList<>();
            files.add(new FileJson("f", new TreeMap<>(Map.of("NGINX_ERROR", 1L)), 1, 1, true, new ArrayList<>()));
            write(new Document(SCHEMA_VERSION, true, List.of("f"), "UTC", null, null, 1, 1, 1, 1, 1, signatures,
                    timeline, 1, files, new ArrayList<>()));
        } catch (RuntimeException ignored) {
            // only a head start: the real document is written (or fails) as it would without it
        }
    }

    /** The document as indented JSON. */
    public static String write(Document document) {
        return DiagnosisJson.writeValue(document);
    }
}
