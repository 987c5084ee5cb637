package org.gatewaydoctor.cli.internal.html;

import static org.gatewaydoctor.cli.internal.ReportText.DATE_TIME;
import static org.gatewaydoctor.cli.internal.ReportText.REASONS;
import static org.gatewaydoctor.cli.internal.ReportText.TIME;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.gatewaydoctor.checks.http.AccessLogMinute;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.DiscoveryIssue;
import org.gatewaydoctor.model.ErrorSource;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Gap;
import org.gatewaydoctor.model.HopState;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.PathHop;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.TimelineEntry;
import org.gatewaydoctor.model.Verdict;
import org.gatewaydoctor.spi.CheckResult;

/**
 * A diagnosis as one self-contained HTML page: the verdict and headline; the hop map with the failing
 * hop and the hop that wrote the visitors' error marked; the most likely cause with its evidence, what
 * visitors see and why, the ordered fix and what would confirm it; the other causes; the incident chart
 * (5xx answers per minute by status from the access log, evidence by hop, changes as markers) with the
 * raw events below it; the checks with their durations; and the command and versions that produced it.
 *
 * <pre>{@code
 * String page = DiagnosisHtml.render(diagnosis, new Provenance("gateway-doctor diagnose --example", "0.1.0", "17"));
 * }</pre>
 */
public final class DiagnosisHtml {

    /** The request path as the hop map draws it: the visitor, then the layers in path order; the host beside. */
    private static final List<Layer> PATH = List.of(Layer.DNS, Layer.EDGE, Layer.TLS, Layer.LOAD_BALANCER, Layer.PROXY,
            Layer.PHP_FPM, Layer.APPLICATION, Layer.DATABASE);
    /** The statuses the chart colours on their own, bottom up; other 5xx share one colour. */
    static final List<String> STATUSES = List.of("502", "504", "503", "500");
    /** Masks credentials in the target's URL and paths (a log path given with {@code ?password=...}). */
    private static final org.gatewaydoctor.spi.Redactor TARGET = org.gatewaydoctor.spi.Redactor.standard();

    private final Diagnosis d;
    private final Provenance provenance;
    private final ZoneId zone;
    private final StringBuilder out = new StringBuilder(64 * 1024);

    private DiagnosisHtml(Diagnosis d, Provenance provenance) {
        this.d = d;
        this.provenance = provenance;
        this.zone = d.target().zone() == null ? ZoneOffset.UTC : d.target().zone();
    }

    /** The whole page. */
    public static String render(Diagnosis diagnosis, Provenance provenance) {
        return new DiagnosisHtml(diagnosis, provenance).page();
    }

    /** The name of a hop as the map shows it. */
    static String hopName(Layer layer) {
        return switch (layer) {
            case DNS -> "DNS";
            case EDGE -> "Edge / CDN";
            case TLS -> "TLS";
            case LOAD_BALANCER -> "Load balancer";
            case PROXY -> "Web server";
            case PHP_FPM -> "PHP-FPM";
            case APPLICATION -> "Application";
            case DATABASE -> "Database";
            case HOST -> "Host";
        };
    }

    private String page() {
        out.append("<main>\n");
        header();
        hopMap();
        causes();
        symptoms();
        timeline();
        checks();
        issues();
        footer();
        out.append("</main>\n");
        String site = d.target().url() != null ? TARGET.redact(d.target().url().toString()) : "logs";
        return Html.page(d.verdict().name() + " — " + site + " — gateway-doctor", "diagnosis", out.toString());
    }

    private void header() {
        out.append("<header>\n<p><span class=\"verdict v-").append(d.verdict().name()).append("\" id=\"verdict\">")
                .append(d.verdict().name()).append("</span> <span class=\"muted\">gateway-doctor diagnosis</span></p>\n");
        out.append("<h1 id=\"headline\">").append(Html.text(d.headline())).append("</h1>\n");
        out.append("<dl class=\"meta\">");
        // The target's paths are as the user gave them (the JSON keeps them so): masked here like the command line.
        if (d.target().url() != null) {
            meta("Site", "<code>" + Html.text(TARGET.redact(d.target().url().toString())) + "</code>");
        }
        if (!d.target().logs().isEmpty()) {
            meta("Logs", join(d.target().logs().stream()
                    .map(p -> "<code>" + Html.text(TARGET.redact(p.toString())) + "</code>").toList()));
        }
        if (!d.target().configs().isEmpty()) {
            meta("Configuration", join(d.target().configs().entrySet().stream()
                    .map(e -> Html.text(e.getKey()) + " <code>" + Html.text(TARGET.redact(e.getValue().toString()))
                            + "</code>").toList()));
        }
        meta("Diagnosed", Html.text(DATE_TIME.format(d.startedAt().atZone(zone)) + " " + zone.getId()) + " in "
                + d.elapsed().toMillis() + " ms");
        if (d.failingLayer() != null) {
            meta("Failing hop", Html.text(hopName(d.failingLayer())));
        }
        out.append("</dl>\n</header>\n");
    }

    private void meta(String name, String html) {
        out.append("<dt>").append(Html.text(name)).append("</dt><dd>").append(html).append("</dd>");
    }

    private static String join(List<String> parts) {
        return String.join(", ", parts);
    }

    // ---- hop map ------------------------------------------------------------------------------------------

    private void hopMap() {
        out.append("<section id=\"path\">\n<h2>The request path</h2>\n");
        if (d.hops().isEmpty()) {
            out.append("<p class=\"muted\">This diagnosis carries no hop map.</p>\n</section>\n");
            return;
        }
        int w = 100;
        int gap = 12;
        int top = 34;
        int h = 66;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"hopmap\" viewBox=\"0 0 1000 240\" role=\"img\" aria-label=\"")
                .append(Html.text("Hop map: " + hopSummary())).append("\">\n")
                .append("<defs><marker id=\"ah\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
                        + "markerHeight=\"7\" orient=\"auto\"><path class=\"arrowhead\" d=\"M0 0 L10 5 L0 10 z\"/></marker></defs>\n");
        int x = 3;
        node(svg, null, "Visitor", x, top, w, h, "browser", false, false);
        double[] centers = new double[PATH.size()];
        for (int i = 0; i < PATH.size(); i++) {
            int nx = 3 + (i + 1) * (w + gap);
            svg.append("<line class=\"arrow\" x1=\"").append(nx - gap + 1).append("\" y1=\"").append(top + h / 2)
                    .append("\" x2=\"").append(nx - 2).append("\" y2=\"").append(top + h / 2)
                    .append("\" marker-end=\"url(#ah)\"/>\n");
            Layer layer = PATH.get(i);
            Optional<PathHop> hop = d.hop(layer);
            centers[i] = nx + w / 2.0;
            node(svg, hop.orElse(null), hopName(layer), nx, top, w, h, null, layer == d.failingLayer(),
                    hop.map(PathHop::wroteVisitorError).orElse(false));
        }
        // the host, beside the hops that run on it
        Optional<PathHop> host = d.hop(Layer.HOST);
        double left = centers[PATH.indexOf(Layer.PROXY)];
        double right = centers[PATH.indexOf(Layer.DATABASE)];
        int hostY = 170;
        svg.append("<path class=\"beside\" d=\"M").append(Html.num(left)).append(' ').append(top + h + 22).append(" L")
                .append(Html.num(left)).append(' ').append(top + h + 30).append(" L").append(Html.num(right)).append(' ')
                .append(top + h + 30).append(" L").append(Html.num(right)).append(' ').append(top + h + 22).append(" M")
                .append(Html.num((left + right) / 2)).append(' ').append(top + h + 30).append(" L")
                .append(Html.num((left + right) / 2)).append(' ').append(hostY).append("\"/>\n");
        node(svg, host.orElse(null), "Host", (int) ((left + right) / 2 - w / 2.0 - 30), hostY, w + 60, 56, null,
                d.failingLayer() == Layer.HOST, host.map(PathHop::wroteVisitorError).orElse(false));
        svg.append("</svg>\n");
        out.append(svg);
        out.append("<ol class=\"hops\">\n");
        for (PathHop hop : d.hops()) {
            out.append("<li data-hop=\"").append(hop.layer().name()).append("\"><span class=\"st-")
                    .append(hop.state().name()).append("\">").append(Html.text(hopName(hop.layer()))).append(": ")
                    .append(Html.text(state(hop.state()))).append("</span>");
            if (hop.layer() == d.failingLayer()) {
                out.append(" <strong>(the failing hop)</strong>");
            }
            if (hop.wroteVisitorError()) {
                out.append(" <strong>(wrote the error visitors get)</strong>");
            }
            if (!hop.reason().isEmpty()) {
                out.append(" <span class=\"muted\">— ").append(Html.text(hop.reason())).append("</span>");
            }
            if (!hop.causes().isEmpty()) {
                out.append(" ").append(join(hop.causes().stream().map(c -> "<code>" + Html.text(c.value()) + "</code>")
                        .toList()));
            }
            out.append("</li>\n");
        }
        out.append("</ol>\n</section>\n");
    }

    private String hopSummary() {
        List<String> parts = new ArrayList<>();
        for (PathHop hop : d.hops()) {
            parts.add(hopName(hop.layer()) + " " + state(hop.state()) + (hop.wroteVisitorError() ? " (wrote the error)" : ""));
        }
        return String.join(", ", parts);
    }

    private static String state(HopState s) {
        return switch (s) {
            case FAILING -> "failing";
            case SUSPECT -> "suspect";
            case OK -> "ok";
            case NOT_EXAMINED -> "not examined";
        };
    }

    private void node(StringBuilder svg, PathHop hop, String name, int x, int y, int w, int h, String stateText,
                      boolean failingHop, boolean wrote) {
        String cls = hop == null ? (stateText != null ? "hop hop-visitor" : "hop hop-NOT_EXAMINED")
                : "hop hop-" + hop.state().name();
        svg.append("<g class=\"").append(cls).append("\"");
        if (hop != null) {
            svg.append(" data-hop=\"").append(hop.layer().name()).append("\" data-state=\"").append(hop.state().name())
                    .append("\" data-wrote=\"").append(wrote).append("\" data-failing-hop=\"").append(failingHop).append('"');
        }
        svg.append("><title>").append(Html.text(name + ": " + (hop == null ? (stateText != null ? stateText : "not examined")
                : state(hop.state()) + (hop.reason().isEmpty() ? "" : " — " + hop.reason())))).append("</title>");
        svg.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(w)
                .append("\" height=\"").append(h).append("\" rx=\"7\"/>");
        svg.append("<text class=\"name\" x=\"").append(x + w / 2).append("\" y=\"").append(y + h / 2 - 3)
                .append("\" text-anchor=\"middle\">").append(Html.text(name)).append("</text>");
        String st = hop == null ? (stateText != null ? stateText : "not examined") : state(hop.state());
        svg.append("<text class=\"state\" x=\"").append(x + w / 2).append("\" y=\"").append(y + h / 2 + 14)
                .append("\" text-anchor=\"middle\">").append(Html.text(st)).append("</text>");
        if (wrote) {
            svg.append("<g class=\"wrote\"><rect x=\"").append(x - 10).append("\" y=\"").append(y - 26).append("\" width=\"")
                    .append(w + 20).append("\" height=\"20\" rx=\"10\"/><text x=\"").append(x + w / 2).append("\" y=\"")
                    .append(y - 12).append("\" text-anchor=\"middle\">wrote the error</text></g>");
        }
        if (failingHop) {
            svg.append("<text class=\"state\" x=\"").append(x + w / 2).append("\" y=\"").append(y + h + 16)
                    .append("\" text-anchor=\"middle\">▲ failing hop</text>");
        }
        svg.append("</g>\n");
    }

    // ---- causes -------------------------------------------------------------------------------------------

    /** Whether the top cause explains a failing or degraded verdict (and is shown as the answer). */
    private boolean explained() {
        return (d.verdict() == Verdict.FAILING || d.verdict() == Verdict.DEGRADED) && !d.causes().isEmpty()
                && d.causes().get(0).severity() != Severity.INFO;
    }

    private void causes() {
        if (d.causes().isEmpty()) {
            out.append("<section id=\"cause\">\n<h2>Cause</h2>\n<p>No root cause was found.</p>\n");
            errorSource();
            out.append("</section>\n");
            return;
        }
        RankedCause top = d.causes().get(0);
        out.append("<section id=\"cause\">\n<h2>").append(explained() ? "Most likely cause" : "Worth knowing")
                .append("</h2>\n<div class=\"panel\" data-cause=\"").append(Html.text(top.code().value())).append("\">\n");
        out.append("<p class=\"cause-head\"><code class=\"code-name\" id=\"top-cause\">").append(Html.text(top.code().value()))
                .append("</code> <span class=\"muted\">").append(Html.text(hopName(top.layer()) + ", "
                        + top.severity().name().toLowerCase(Locale.ROOT) + ", " + percent(top) + " confidence"))
                .append("</span></p>\n");
        out.append("<p id=\"summary\">").append(Html.text(top.summary())).append("</p>\n");
        visitors(top);
        errorSource();
        List<String> by = new ArrayList<>();
        if (!top.reportedBy().isEmpty()) {
            by.add("Reported by " + String.join(", ", top.reportedBy()) + ".");
        }
        if (!top.explains().isEmpty()) {
            by.add("Also explains " + String.join(", ", top.explains().stream().map(c -> c.value()).toList()) + ".");
        }
        if (!by.isEmpty()) {
            out.append("<p class=\"muted\">").append(Html.text(String.join(" ", by))).append("</p>\n");
        }
        evidence(top.evidence());
        if (!top.remediation().isEmpty()) {
            out.append("<h3>Fix, in this order</h3>\n<ol class=\"fix\" id=\"fix\">\n");
            top.remediation().forEach(s -> out.append("<li>").append(Html.text(s)).append("</li>\n"));
            out.append("</ol>\n");
        }
        if (!top.confirmWith().isEmpty()) {
            out.append("<h3>What would confirm it</h3>\n<ul class=\"confirm\" id=\"confirm\">\n");
            top.confirmWith().forEach(s -> out.append("<li>").append(Html.text(s)).append("</li>\n"));
            out.append("</ul>\n");
        }
        out.append("</div>\n</section>\n");
        if (d.causes().size() > 1) {
            out.append("<section id=\"others\">\n<h2>Other possible causes</h2>\n<table>\n<thead><tr><th class=\"num\">#</th>"
                    + "<th>cause</th><th>hop</th><th class=\"num\">confidence</th><th>what</th></tr></thead>\n<tbody>\n");
            for (RankedCause c : d.causes().subList(1, d.causes().size())) {
                String explainedBy = d.causes().stream().filter(o -> o.rank() < c.rank() && o.explains().contains(c.code()))
                        .map(o -> o.code().value()).findFirst().map(code -> " (explained by " + code + ")").orElse("");
                out.append("<tr data-cause=\"").append(Html.text(c.code().value())).append("\"><td class=\"num\">")
                        .append(c.rank()).append("</td><td><code>").append(Html.text(c.code().value()))
                        .append("</code></td><td>").append(Html.text(hopName(c.layer()))).append("</td><td class=\"num\">")
                        .append(percent(c)).append("</td><td class=\"text\">").append(Html.text(c.summary()))
                        .append(Html.text(explainedBy)).append(visitorsLine(c).isEmpty() ? ""
                                : "<br><span class=\"muted\">" + Html.text(visitorsLine(c)) + "</span>")
                        .append("</td></tr>\n");
            }
            out.append("</tbody>\n</table>\n</section>\n");
        }
    }

    private void visitors(RankedCause c) {
        String line = visitorsLine(c);
        if (!line.isEmpty()) {
            out.append("<p id=\"visitors\"><strong>What visitors see:</strong> ").append(Html.text(line)).append("</p>\n");
        }
    }

    private static String visitorsLine(RankedCause c) {
        String note = c.statusNote() == null ? "" : c.statusNote().strip();
        if (c.httpStatus() != null) {
            String reason = REASONS.get(c.httpStatus());
            String status = c.httpStatus() + (reason == null ? "" : " " + reason) + ".";
            return note.isEmpty() ? status : status + " " + note;
        }
        return note;
    }

    private void errorSource() {
        ErrorSource s = d.errorSource();
        if (s == null) {
            return;
        }
        String who = s.isKnown() ? s.vendor() + " (" + s.hop().id().replace('_', ' ') + ", "
                + Math.round(s.confidence() * 100) + "% sure)" : "no known vendor";
        out.append("<p id=\"error-source\"><strong>Who wrote the error page:</strong> ")
                .append(Html.text((s.status() == null ? "" : s.status() + " ") + "written by " + who
                        + (s.relayedBy() == null ? "" : ", passed on by " + s.relayedBy())
                        + (s.reference() == null ? "" : "; quote " + s.reference() + " to its support")))
                .append("</p>\n");
        if (!s.markers().isEmpty()) {
            out.append("<p class=\"muted\">Decided by: ").append(Html.text(String.join("; ", s.markers()))).append("</p>\n");
        }
    }

    private void evidence(List<Evidence> items) {
        List<Evidence> shown = new ArrayList<>();
        int minutes = 0;
        for (Evidence e : items) {
            if (AccessLogMinute.of(e).isPresent()) {
                minutes++;
            } else {
                shown.add(e);
            }
        }
        if (shown.isEmpty() && minutes == 0) {
            return;
        }
        out.append("<h3>Evidence</h3>\n<ul class=\"evidence\" id=\"evidence\">\n");
        for (Evidence e : shown) {
            out.append("<li data-kind=\"").append(kind(e)).append("\">");
            String loc = location(e);
            if (!loc.isEmpty()) {
                out.append("<span class=\"loc\">").append(Html.text(loc)).append("</span>");
            }
            out.append("<code class=\"line\">").append(Html.text(text(e))).append("</code></li>\n");
        }
        if (minutes > 0) {
            out.append("<li data-kind=\"access-minutes\"><span class=\"muted\">").append(minutes)
                    .append(minutes == 1 ? " minute" : " minutes")
                    .append(" of access-log counts: drawn in the incident chart below.</span></li>\n");
        }
        out.append("</ul>\n");
    }

    private static String kind(Evidence e) {
        if (e instanceof Evidence.LogLine) {
            return "log_line";
        } else if (e instanceof Evidence.ConfigLine) {
            return "config_line";
        } else if (e instanceof Evidence.Probe) {
            return "probe";
        } else if (e instanceof Evidence.Measurement) {
            return "measurement";
        } else if (e instanceof Evidence.ErrorPage) {
            return "error_page";
        }
        return "observation";
    }

    /** Where a piece of evidence is: {@code file:line} (and its time), the probe, or when it was seen. */
    private String location(Evidence e) {
        if (e instanceof Evidence.LogLine l) {
            return l.file() + (l.line() > 0 ? ":" + l.line() : "")
                    + (l.timestamp() == null ? "" : "  ·  " + DATE_TIME.format(l.timestamp().atZone(zone)));
        } else if (e instanceof Evidence.ConfigLine c) {
            return c.file() + (c.line() > 0 ? ":" + c.line() : "");
        } else if (e instanceof Evidence.Probe p) {
            return p.protocol() + " " + p.target() + (p.at() == null ? "" : "  ·  " + DATE_TIME.format(p.at().atZone(zone)));
        } else if (e instanceof Evidence.Observation o) {
            return o.at() == null ? "" : DATE_TIME.format(o.at().atZone(zone));
        } else if (e instanceof Evidence.ErrorPage p) {
            return p.at() == null ? "error page" : "error page  ·  " + DATE_TIME.format(p.at().atZone(zone));
        }
        return "";
    }

    /** The exact text of a piece of evidence. */
    private static String text(Evidence e) {
        if (e instanceof Evidence.LogLine l) {
            return l.text();
        } else if (e instanceof Evidence.ConfigLine c) {
            return c.directive() + (c.value().isEmpty() ? "" : " " + c.value());
        } else if (e instanceof Evidence.Probe p) {
            return p.outcome() + (p.status() == null ? "" : " (status " + p.status() + ")") + " in "
                    + p.latency().toMillis() + " ms";
        }
        return e.describe();
    }

    private void symptoms() {
        List<String> rows = new ArrayList<>();
        for (CheckReport r : d.checks()) {
            if (r instanceof CheckReport.Completed c) {
                for (Finding f : c.result().findingList()) {
                    if (f.isSymptom() && f.severity() != Severity.INFO) {
                        rows.add("<li>" + Html.text(f.summary()) + " <span class=\"muted\">[" + Html.text(c.checkId())
                                + "]</span></li>\n");
                    }
                }
            }
        }
        if (!rows.isEmpty()) {
            out.append("<section id=\"symptoms\">\n<h2>").append(d.causes().isEmpty() ? "What the checks saw" : "Symptoms")
                    .append("</h2>\n<ul>\n");
            rows.forEach(out::append);
            out.append("</ul>\n</section>\n");
        }
    }

    private static String percent(RankedCause c) {
        return Math.round(c.confidence() * 100) + "%";
    }

    // ---- timeline -----------------------------------------------------------------------------------------

    /** The chart of this diagnosis: access-log minutes as bars, other dated evidence as events, changes as markers. */
    static TimeChart chart(Diagnosis d, ZoneId zone) {
        TimeChart chart = new TimeChart(zone, STATUSES);
        java.util.Set<AccessLogMinute> seen = new java.util.HashSet<>();
        for (TimelineEntry t : d.timeline()) {
            Optional<AccessLogMinute> minute = AccessLogMinute.of(t.evidence());
            if (minute.isPresent()) {
                if (seen.add(minute.get())) {
                    chart.bar(new TimeChart.Bar(minute.get().minute(), Integer.toString(minute.get().status()),
                            minute.get().count()));
                }
                continue;
            }
            String text = eventText(t.evidence());
            Optional<String> change = Changes.of(text);
            if (change.isPresent()) {
                chart.change(new TimeChart.Change(t.at(), TIME.format(t.at().atZone(zone)) + "  " + change.get()));
            } else {
                chart.event(new TimeChart.Event(t.at(), hopName(t.layer()), t.cause() != null,
                        TIME.format(t.at().atZone(zone)) + "  " + hopName(t.layer()) + "  " + shorten(text, 300)));
            }
        }
        return chart.lanes(PATH.stream().map(DiagnosisHtml::hopName).toList());
    }

    private static String eventText(Evidence e) {
        return e instanceof Evidence.LogLine l ? l.text() : e.describe();
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static String seriesClass(String series) {
        return STATUSES.contains(series) ? "bar-" + series : "bar-other";
    }

    private void timeline() {
        out.append("<section id=\"timeline\">\n<h2>Incident timeline</h2>\n");
        if (d.timeline().isEmpty()) {
            out.append("<p class=\"muted\">No dated evidence.</p>\n</section>\n");
            return;
        }
        TimeChart chart = chart(d, zone);
        out.append("<p class=\"muted\">Times in ").append(Html.text(zone.getId())).append(chart.firstDay() == null ? ""
                : ", from " + chart.firstDay()).append(". Bars: answers with a 5xx status per minute, from the access log. "
                + "Dots: dated evidence by hop (red: evidence of a cause). Dashed lines: restarts, reloads and updates.</p>\n");
        out.append(chart.svg("Incident timeline: 5xx answers per minute, evidence by hop, changes", DiagnosisHtml::seriesClass));
        out.append("<div class=\"legend\">");
        for (String s : chart.series()) {
            out.append("<span><span class=\"key key-").append(STATUSES.contains(s) ? s : "other").append("\"></span>")
                    .append(Html.text(s + (REASONS.containsKey(parse(s)) ? " " + REASONS.get(parse(s)) : "")))
                    .append("</span>");
        }
        out.append("<span><span class=\"key key-cause\"></span>evidence of a cause</span>"
                + "<span><span class=\"key key-ev\"></span>other evidence</span>"
                + "<span><span class=\"key key-change\"></span>change</span></div>\n");
        out.append("<h3>Events (").append(d.timeline().size()).append(")</h3>\n");
        out.append("<table id=\"events\" data-filter=\"events\">\n<thead><tr><th>time</th><th>hop</th><th>check</th>"
                + "<th>cause</th><th>event</th></tr></thead>\n<tbody>\n");
        boolean oneDay = d.timeline().get(0).at().atZone(zone).toLocalDate()
                .equals(d.timeline().get(d.timeline().size() - 1).at().atZone(zone).toLocalDate());
        for (TimelineEntry t : d.timeline()) {
            Evidence e = t.evidence();
            String loc = e instanceof Evidence.LogLine l ? l.file() + (l.line() > 0 ? ":" + l.line() : "") : "";
            out.append("<tr data-minute=\"").append(t.at().truncatedTo(ChronoUnit.MINUTES)).append("\"><td class=\"num\">")
                    .append(Html.text((oneDay ? TIME : DATE_TIME).format(t.at().atZone(zone)))).append("</td><td>")
                    .append(Html.text(hopName(t.layer()))).append("</td><td>").append(Html.text(t.checkId()))
                    .append("</td><td>").append(t.cause() == null ? "" : "<code>" + Html.text(t.cause().value()) + "</code>")
                    .append("</td><td class=\"text\">");
            if (!loc.isEmpty()) {
                out.append("<span class=\"muted mono\">").append(Html.text(loc)).append("</span><br>");
            }
            out.append("<code class=\"line\">").append(Html.text(eventText(e))).append("</code></td></tr>\n");
        }
        out.append("</tbody>\n</table>\n</section>\n");
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    // ---- checks, issues, footer ---------------------------------------------------------------------------

    private void checks() {
        if (d.checks().isEmpty()) {
            return;
        }
        out.append("<section id=\"checks\">\n<h2>Checks</h2>\n<table>\n<thead><tr><th>check</th><th>hop</th><th>outcome</th>"
                + "<th class=\"num\">duration</th><th>detail</th></tr></thead>\n<tbody>\n");
        for (CheckReport r : d.checks()) {
            String status = status(r);
            String cls = r instanceof CheckReport.Errored || r instanceof CheckReport.TimedOut
                    || status.endsWith("incomplete") ? "st-bad" : status.startsWith("findings") ? "st-warn"
                    : status.startsWith("passed") ? "st-good" : "st-none";
            out.append("<tr data-check=\"").append(Html.text(r.checkId())).append("\"><td><code>")
                    .append(Html.text(r.checkId())).append("</code></td><td>").append(Html.text(hopName(r.layer())))
                    .append("</td><td class=\"").append(cls).append("\">").append(Html.text(status))
                    .append("</td><td class=\"num\">").append(r.elapsed().toMillis()).append(" ms</td><td class=\"text\">")
                    .append(Html.text(detail(r))).append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n</section>\n");
    }

    private static String status(CheckReport r) {
        if (r instanceof CheckReport.Completed c) {
            CheckResult result = c.result();
            String incomplete = result.gapList().isEmpty() ? "" : ", incomplete";
            if (result instanceof CheckResult.Passed) {
                return "passed" + incomplete;
            }
            if (result instanceof CheckResult.NotApplicable) {
                return "not applicable";
            }
            return "findings (" + result.findingList().size() + ")" + incomplete;
        } else if (r instanceof CheckReport.Errored) {
            return "error";
        } else if (r instanceof CheckReport.TimedOut) {
            return "timed out";
        }
        return "skipped";
    }

    private static String detail(CheckReport r) {
        if (r instanceof CheckReport.Completed c) {
            if (c.result() instanceof CheckResult.NotApplicable na) {
                return na.reason();
            }
            if (!c.result().gapList().isEmpty()) {
                return "not read whole: " + String.join("; ", c.result().gapList().stream().map(Gap::describe).toList());
            }
            return String.join("; ", c.result().findingList().stream()
                    .map(f -> (f.cause() == null ? "" : f.cause().value() + ": ") + f.summary()).toList());
        } else if (r instanceof CheckReport.Errored e) {
            return e.errorClass().substring(e.errorClass().lastIndexOf('.') + 1)
                    + (e.message().isEmpty() ? "" : ": " + e.message());
        } else if (r instanceof CheckReport.TimedOut t) {
            return "limit " + (t.timeout().toNanos() + 500_000) / 1_000_000 + " ms";
        } else if (r instanceof CheckReport.Skipped s) {
            return s.reason();
        }
        return "";
    }

    private void issues() {
        if (d.discoveryIssues().isEmpty() && d.notes().isEmpty()) {
            return;
        }
        out.append("<section id=\"notes\">\n<h2>Notes</h2>\n<ul>\n");
        for (DiscoveryIssue i : d.discoveryIssues()) {
            out.append("<li>").append(Html.text(i.message())).append("</li>\n");
        }
        for (String n : d.notes()) {
            out.append("<li>").append(Html.text(n)).append("</li>\n");
        }
        out.append("</ul>\n</section>\n");
    }

    private void footer() {
        out.append("<footer id=\"provenance\">\n<p>Produced by <code>").append(Html.text(provenance.command()))
                .append("</code></p>\n<p>gateway-doctor ").append(Html.text(provenance.version())).append(" · Java ")
                .append(Html.text(provenance.java())).append(" · diagnosis schema version ").append(d.schemaVersion())
                .append(" · started ").append(Html.text(DATE_TIME.format(d.startedAt().atZone(ZoneOffset.UTC))))
                .append(" UTC · ").append(d.elapsed().toMillis()).append(" ms").append("</p>\n<p>The same diagnosis as "
                        + "<code>--format json</code>; secrets are redacted the same way.</p>\n</footer>\n");
    }

    /** For tests: the instant as the chart's data attributes write it. */
    static String minute(Instant t) {
        return t.truncatedTo(ChronoUnit.MINUTES).toString();
    }
}
