package org.gatewaydoctor.cli.internal.html;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.gatewaydoctor.cli.internal.ScanJson;
import org.gatewaydoctor.model.Layer;

/**
 * A log scan as one self-contained HTML page, from the same document {@code scan --format json} writes:
 * what matched and how bad it is; one chart of all matches per minute (by the status visitors get), the
 * dated matches by hop and the changes (restarts, reloads) as markers; per signature its meaning, count,
 * first and last time, a per-minute histogram, what it was about and sample lines; the merged timeline;
 * and what was read.
 */
public final class ScanHtml {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final int MAX_FIELDS = 8;
    private static final int MAX_VALUES = 5;
    private static final String NO_STATUS = "no status";

    private final ScanJson.Document doc;
    private final Provenance provenance;
    private final ZoneId zone;
    private final Map<String, ScanJson.SignatureJson> byId = new HashMap<>();
    private final StringBuilder out = new StringBuilder(64 * 1024);

    private ScanHtml(ScanJson.Document doc, Provenance provenance) {
        this.doc = doc;
        this.provenance = provenance;
        this.zone = ZoneId.of(doc.zone());
        doc.signatures().forEach(s -> byId.put(s.id(), s));
    }

    /** The whole page. */
    public static String render(ScanJson.Document document, Provenance provenance) {
        return new ScanHtml(document, provenance).page();
    }

    private String page() {
        out.append("<main>\n");
        header();
        overview();
        signatures();
        timeline();
        files();
        footer();
        out.append("</main>\n");
        return Html.page((doc.signatures().isEmpty() ? "Nothing found" : doc.signatures().size() + " signatures found")
                + " — gateway-doctor scan", "scan", out.toString());
    }

    private void header() {
        boolean serverError = doc.signatures().stream().anyMatch(s -> s.httpStatus() != null && s.httpStatus() >= 500);
        String verdict = doc.signatures().isEmpty() ? "HEALTHY" : serverError ? "FAILING" : "DEGRADED";
        out.append("<header>\n<p><span class=\"verdict v-").append(verdict).append("\" id=\"verdict\">")
                .append(doc.signatures().isEmpty() ? "NOTHING FOUND" : "FOUND").append("</span> <span class=\"muted\">")
                .append("gateway-doctor log scan</span></p>\n<h1 id=\"headline\">");
        if (doc.signatures().isEmpty()) {
            out.append(Html.text("None of " + doc.signaturesSearched() + " known failure signatures occurs in the logs read."));
        } else {
            Map<Integer, Long> byStatus = new TreeMap<>();
            doc.signatures().stream().filter(s -> s.httpStatus() != null)
                    .forEach(s -> byStatus.merge(s.httpStatus(), s.count(), Long::sum));
            List<String> parts = new ArrayList<>();
            byStatus.forEach((status, n) -> parts.add(status + " × " + n));
            out.append(Html.text(doc.signatures().size() + (doc.signatures().size() == 1 ? " known failure signature, "
                    : " known failure signatures, ") + doc.matches() + (doc.matches() == 1 ? " match" : " matches")
                    + (parts.isEmpty() ? "" : "; visitors got " + String.join(", ", parts)) + "."));
        }
        out.append("</h1>\n<dl class=\"meta\">");
        meta("Sources", String.join(", ", doc.sources().stream().map(s -> "<code>" + Html.text(s) + "</code>").toList()));
        meta("Read", Html.text(doc.files().size() + (doc.files().size() == 1 ? " file, " : " files, ") + doc.bytesScanned()
                + " bytes, " + doc.linesScanned() + " lines in " + doc.elapsedMillis() + " ms; " + doc.signaturesSearched()
                + " signatures searched"));
        meta("Times in", Html.text(zone.getId()));
        if (doc.since() != null || doc.until() != null) {
            meta("Window", Html.text((doc.since() == null ? "start" : when(doc.since())) + " to "
                    + (doc.until() == null ? "now" : when(doc.until()))));
        }
        if (!doc.complete()) {
            meta("Incomplete", "<span class=\"st-bad\">not every source was read to its end; counts are lower bounds"
                    + "</span>");
        }
        out.append("</dl>\n</header>\n");
    }

    private void meta(String name, String html) {
        out.append("<dt>").append(Html.text(name)).append("</dt><dd>").append(html).append("</dd>");
    }

    private String when(Instant t) {
        return DATE_TIME.format(t.atZone(zone));
    }

    private static String series(ScanJson.SignatureJson s) {
        return s.httpStatus() == null ? NO_STATUS : Integer.toString(s.httpStatus());
    }

    private static String seriesClass(String series) {
        return DiagnosisHtml.STATUSES.contains(series) ? "bar-" + series : "bar-other";
    }

    private String lane(String signatureId) {
        ScanJson.SignatureJson s = byId.get(signatureId);
        return s == null ? "other" : DiagnosisHtml.hopName(Layer.valueOf(s.layer()));
    }

    private void overview() {
        TimeChart chart = new TimeChart(zone, DiagnosisHtml.STATUSES);
        for (ScanJson.SignatureJson s : doc.signatures()) {
            s.perMinute().forEach((minute, n) -> chart.bar(new TimeChart.Bar(Instant.parse(minute), series(s), n)));
        }
        for (ScanJson.EventJson e : doc.timeline()) {
            if (e.at() == null) {
                continue;
            }
            java.util.Optional<String> change = Changes.of(e.text());
            if (change.isPresent()) {
                chart.change(new TimeChart.Change(e.at(), TIME.format(e.at().atZone(zone)) + "  " + change.get()));
            } else {
                chart.event(new TimeChart.Event(e.at(), lane(e.signature()), true, TIME.format(e.at().atZone(zone)) + "  "
                        + e.signature()));
            }
        }
        out.append("<section id=\"overview\">\n<h2>Over time</h2>\n");
        if (chart.isEmpty()) {
            out.append("<p class=\"muted\">No dated match.</p>\n</section>\n");
            return;
        }
        chart.lanes(List.of(Layer.values()).stream().map(DiagnosisHtml::hopName).toList());
        LocalDate day = chart.firstDay();
        out.append("<p class=\"muted\">Bars: matches per minute, by the status visitors get. Dots: the dated matches of "
                + "the timeline, by hop. Dashed lines: restarts, reloads and stops. Times in ")
                .append(Html.text(zone.getId())).append(day == null ? "" : ", from " + day).append(".</p>\n");
        out.append(chart.svg("Matches per minute, by status; matches by hop; changes", ScanHtml::seriesClass));
        out.append("<div class=\"legend\">");
        for (String s : chart.series()) {
            out.append("<span><span class=\"key key-").append(DiagnosisHtml.STATUSES.contains(s) ? s : "other")
                    .append("\"></span>").append(Html.text(s)).append("</span>");
        }
        out.append("<span><span class=\"key key-cause\"></span>match</span>"
                + "<span><span class=\"key key-change\"></span>change</span></div>\n</section>\n");
    }

    private void signatures() {
        if (doc.signatures().isEmpty()) {
            return;
        }
        out.append("<section id=\"signatures\">\n<h2>Signatures</h2>\n");
        for (ScanJson.SignatureJson s : doc.signatures()) {
            boolean serverError = s.httpStatus() != null && s.httpStatus() >= 500;
            out.append("<div class=\"sig\" data-signature=\"").append(Html.text(s.id())).append("\">\n<h3><code class=\"")
                    .append(serverError ? "st-bad" : "").append("\">").append(Html.text(s.id())).append("</code> × ")
                    .append(s.count()).append(" <span class=\"muted\">(")
                    .append(Html.text(DiagnosisHtml.hopName(Layer.valueOf(s.layer()))
                            + (s.httpStatus() == null ? "" : ", visitors get " + s.httpStatus()))).append(")</span></h3>\n");
            out.append("<p>").append(Html.text(s.title()));
            if (!s.causes().isEmpty()) {
                out.append(" <span class=\"muted\">→ ").append(String.join(", ", s.causes().stream()
                        .map(c -> "<code>" + Html.text(c) + "</code>").toList())).append("</span>");
            }
            out.append("</p>\n<p class=\"muted\">").append(Html.text(seen(s))).append("</p>\n");
            if (!s.perMinute().isEmpty()) {
                TimeChart h = new TimeChart(zone, List.of(series(s))).barsHeight(60);
                s.perMinute().forEach((minute, n) -> h.bar(new TimeChart.Bar(Instant.parse(minute), series(s), n)));
                out.append("<div class=\"hist\">").append(h.svg("Matches of " + s.id() + " per minute",
                        ScanHtml::seriesClass)).append("</div>\n");
            }
            fields(s);
            if (!s.samples().isEmpty()) {
                out.append("<ul class=\"evidence\">\n");
                for (ScanJson.LineJson l : s.samples()) {
                    out.append("<li data-kind=\"log_line\"><span class=\"loc\">").append(Html.text(l.file()
                            + (l.line() > 0 ? ":" + l.line() : "") + (l.at() == null ? "" : "  ·  " + when(l.at()))))
                            .append("</span><code class=\"line\">").append(Html.text(l.text())).append("</code></li>\n");
                }
                out.append("</ul>\n");
            }
            out.append("</div>\n");
        }
        out.append("</section>\n");
    }

    private String seen(ScanJson.SignatureJson s) {
        if (s.firstSeen() == null) {
            return "no readable time on these lines";
        }
        if (s.firstSeen().equals(s.lastSeen())) {
            return "at " + when(s.firstSeen());
        }
        return "first " + when(s.firstSeen()) + ", last " + when(s.lastSeen());
    }

    private void fields(ScanJson.SignatureJson s) {
        if (s.fields().isEmpty()) {
            return;
        }
        out.append("<table class=\"fields\">\n<tbody>\n");
        int shown = 0;
        for (Map.Entry<String, Map<String, Long>> f : s.fields().entrySet()) {
            if (shown++ == MAX_FIELDS) {
                break;
            }
            List<Map.Entry<String, Long>> values = f.getValue().entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .toList();
            List<String> parts = new ArrayList<>();
            values.stream().limit(MAX_VALUES).forEach(v -> parts.add("<code>" + Html.text(v.getKey()) + "</code> × "
                    + v.getValue()));
            if (values.size() > MAX_VALUES) {
                parts.add(Html.text("and " + (values.size() - MAX_VALUES) + " more"));
            }
            out.append("<tr><th>").append(Html.text(f.getKey())).append("</th><td class=\"text\">")
                    .append(String.join(", ", parts)).append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n");
    }

    private void timeline() {
        if (doc.timeline().isEmpty()) {
            return;
        }
        out.append("<section id=\"timeline\">\n<h2>Timeline (").append(doc.timeline().size())
                .append(doc.timelineTotal() > doc.timeline().size() ? " most recent of " + doc.timelineTotal() : "")
                .append(")</h2>\n<table id=\"events\" data-filter=\"events\">\n<thead><tr><th>time</th><th>signature</th>"
                        + "<th>line</th></tr></thead>\n<tbody>\n");
        for (ScanJson.EventJson e : doc.timeline()) {
            out.append("<tr").append(e.at() == null ? "" : " data-minute=\"" + e.at().truncatedTo(ChronoUnit.MINUTES) + "\"")
                    .append("><td class=\"num\">").append(e.at() == null ? "" : Html.text(when(e.at())))
                    .append("</td><td><code>").append(Html.text(e.signature())).append("</code></td><td class=\"text\">")
                    .append("<span class=\"muted mono\">").append(Html.text(e.file() + (e.line() > 0 ? ":" + e.line() : "")))
                    .append("</span><br><code class=\"line\">").append(Html.text(e.text())).append("</code></td></tr>\n");
        }
        out.append("</tbody>\n</table>\n</section>\n");
    }

    private void files() {
        out.append("<section id=\"files\">\n<h2>What was read</h2>\n<table>\n<thead><tr><th>source</th><th>formats</th>"
                + "<th class=\"num\">bytes</th><th class=\"num\">lines</th><th>read whole</th></tr></thead>\n<tbody>\n");
        for (ScanJson.FileJson f : doc.files()) {
            List<String> formats = new ArrayList<>();
            f.formats().forEach((k, v) -> formats.add(k.toLowerCase(Locale.ROOT) + " × " + v));
            out.append("<tr><td class=\"text\"><code>").append(Html.text(f.path())).append("</code>");
            f.problems().forEach(p -> out.append("<br><span class=\"st-bad\">").append(Html.text(p)).append("</span>"));
            out.append("</td><td>").append(Html.text(String.join(", ", formats))).append("</td><td class=\"num\">")
                    .append(f.bytes()).append("</td><td class=\"num\">").append(f.lines()).append("</td><td class=\"")
                    .append(f.complete() ? "st-good\">yes" : "st-bad\">no").append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n");
        if (!doc.problems().isEmpty()) {
            out.append("<ul>\n");
            doc.problems().forEach(p -> out.append("<li>").append(Html.text(p)).append("</li>\n"));
            out.append("</ul>\n");
        }
        out.append("</section>\n");
    }

    private void footer() {
        out.append("<footer id=\"provenance\">\n<p>Produced by <code>").append(Html.text(provenance.command()))
                .append("</code></p>\n<p>gateway-doctor ").append(Html.text(provenance.version())).append(" · Java ")
                .append(Html.text(provenance.java())).append(" · scan document schema version ").append(doc.schemaVersion())
                .append("</p>\n<p>The same scan as <code>--format json</code>; secrets are redacted the same way.</p>\n"
                        + "</footer>\n");
    }
}
