package org.gatewaydoctor.cli.internal;

import static org.gatewaydoctor.cli.internal.ReportText.DATE_TIME;
import static org.gatewaydoctor.cli.internal.ReportText.REASONS;
import static org.gatewaydoctor.cli.internal.ReportText.TIME;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.DiscoveryIssue;
import org.gatewaydoctor.model.ErrorSource;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.HopState;
import org.gatewaydoctor.model.PathHop;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.TimelineEntry;
import org.gatewaydoctor.model.Verdict;
import org.gatewaydoctor.spi.CheckResult;

/**
 * The text form of a diagnosis, for a tired operator: the verdict and the most likely cause on the
 * first line; then that cause's evidence, fix and confirmation; then the other causes, one line
 * each; then how each check went, problems with the input and the end of the timeline.
 */
public final class TextReport {

    static final int MAX_EVIDENCE = 5;
    static final int MAX_TIMELINE = 15;
    private static final int MAX_LINE_TEXT = 240;
    private static final int MAX_TIMELINE_TEXT = 160;

    private static final List<String> REDUNDANT_PREFIXES = List.of("Failing at ", "Degraded at ", "Inconclusive: ");

    private final Style style;
    private final String dash;
    private final String ellipsis;
    private final Path displayRoot;
    private final String footnote;

    /**
     * @param style colours, or none
     * @param unicode whether to use typographic dashes and ellipses
     * @param displayRoot files below this directory are shown relative to it; {@code null} for none
     * @param footnote a last line, {@code null} for none
     */
    TextReport(Style style, boolean unicode, Path displayRoot, String footnote) {
        this.style = style;
        this.dash = unicode ? "—" : "-";
        this.ellipsis = unicode ? "…" : "...";
        this.displayRoot = displayRoot;
        this.footnote = footnote;
    }

    /** The whole report, ending with a line break. */
    public String render(Diagnosis d) {
        Out out = new Out();
        out.line(style.verdict(d.verdict(), d.verdict().name()) + " " + dash + " " + headline(d));
        errorSource(out, d);
        hops(out, d);
        if (explained(d)) {
            topCause(out, d.causes().get(0));
            symptoms(out, d);
            otherCauses(out, "Other possible causes:", d.causes().subList(1, d.causes().size()), d.causes());
        } else {
            symptoms(out, d);
            otherCauses(out, "Worth knowing:", d.causes(), d.causes());
        }
        checks(out, d);
        issues(out, d);
        timeline(out, d);
        out.blank();
        out.line(style.dim("Diagnosed in " + d.elapsed().toMillis() + " ms. All details: --format json."));
        if (footnote != null) {
            out.line(style.dim(footnote));
        }
        return out.toString();
    }

    /** The first line after the verdict: the top cause when it explains the verdict, else the headline. */
    private String headline(Diagnosis d) {
        if (explained(d)) {
            RankedCause top = d.causes().get(0);
            return top.layer().label() + ": " + top.summary() + " [" + top.code() + ", " + percent(top) + "]";
        }
        // The verdict already leads the line: drop the headline's own "Failing at " and the like.
        String headline = d.headline();
        for (String prefix : REDUNDANT_PREFIXES) {
            if (headline.startsWith(prefix) && headline.length() > prefix.length()) {
                return headline.substring(prefix.length());
            }
        }
        return headline;
    }

    /** Who wrote the error page visitors get, when a check saw one. */
    private void errorSource(Out out, Diagnosis d) {
        ErrorSource s = d.errorSource();
        if (s == null) {
            return;
        }
        String who = s.isKnown() ? s.vendor() + " (" + s.hop().id().replace('_', ' ') + ", "
                + Math.round(s.confidence() * 100) + "% sure)" : "no known vendor";
        out.line(style.heading("Error page: ") + (s.status() == null ? "" : s.status() + " ") + "written by " + who
                + (s.relayedBy() == null ? "" : ", passed on by " + s.relayedBy())
                + (s.reference() == null ? "" : "; quote " + s.reference() + " to its support"));
        if (!s.markers().isEmpty()) {
            out.line(style.dim("  from " + shorten(String.join("; ", s.markers()), MAX_LINE_TEXT)));
        }
    }

    /** Width of the hop label column of the request path. */
    private static final int HOP_WIDTH = 15;
    /** At most this much of a hop's reason on its line. */
    private static final int MAX_HOP_REASON = 150;

    /**
     * The request path, one compact line per hop: its state, and for a failing or suspect hop (or the one that
     * wrote the visitors' error) why. Nothing when the diagnosis has no hop map, or when nothing was wrong.
     */
    private void hops(Out out, Diagnosis d) {
        if (d.hops().isEmpty() || d.hops().stream().noneMatch(h -> h.state() == HopState.FAILING
                || h.state() == HopState.SUSPECT || h.wroteVisitorError())) {
            return;
        }
        out.blank();
        out.line(style.heading("Request path:"));
        for (PathHop h : d.hops()) {
            String label = h.layer().label();
            String pad = " ".repeat(Math.max(1, HOP_WIDTH - label.length()));
            String state = switch (h.state()) {
                case FAILING -> style.bad("FAILING ");
                case SUSPECT -> style.warn("suspect ");
                case OK -> "ok      ";
                case NOT_EXAMINED -> style.dim("not examined");
            };
            String why = switch (h.state()) {
                case FAILING, SUSPECT -> shorten(displayPaths(h.reason()), MAX_HOP_REASON);
                case OK, NOT_EXAMINED -> h.wroteVisitorError() ? shorten(displayPaths(h.reason()), MAX_HOP_REASON) : "";
            };
            out.line(("  " + label + pad + state + (why.isEmpty() ? "" : " " + why)).stripTrailing());
        }
    }

    /** Whether the top cause explains a failing or degraded verdict (and is shown in full). */
    private static boolean explained(Diagnosis d) {
        return (d.verdict() == Verdict.FAILING || d.verdict() == Verdict.DEGRADED) && !d.causes().isEmpty()
                && d.causes().get(0).severity() != Severity.INFO;
    }

    private void topCause(Out out, RankedCause c) {
        out.blank();
        out.line(style.heading("Most likely cause: ") + style.code(c.code().value()) + style.dim(" (" + c.layer().label()
                + ", " + c.severity().name().toLowerCase(java.util.Locale.ROOT) + ", " + percent(c) + " confidence)"));
        out.line("  " + c.summary());
        String visitors = visitors(c);
        if (!visitors.isEmpty()) {
            out.line("  " + visitors);
        }
        List<String> by = new ArrayList<>();
        if (!c.reportedBy().isEmpty()) {
            by.add("Reported by " + String.join(", ", c.reportedBy()) + ".");
        }
        if (!c.explains().isEmpty()) {
            by.add("Also explains " + String.join(", ", c.explains().stream().map(x -> x.value()).toList()) + ".");
        }
        if (!by.isEmpty()) {
            out.line(style.dim("  " + String.join(" ", by)));
        }
        if (!c.evidence().isEmpty()) {
            out.blank();
            out.line(style.heading("Evidence:"));
            evidence(out, c.evidence(), "  ");
        }
        if (!c.remediation().isEmpty()) {
            out.blank();
            out.line(style.heading("Fix:"));
            int n = 1;
            for (String step : c.remediation()) {
                out.line("  " + n++ + ". " + step);
            }
        }
        if (!c.confirmWith().isEmpty()) {
            out.blank();
            out.line(style.heading("To confirm:"));
            for (String what : c.confirmWith()) {
                out.line("  - " + what);
            }
        }
    }

    private String visitors(RankedCause c) {
        String note = c.statusNote() == null ? "" : c.statusNote().strip();
        if (c.httpStatus() != null) {
            String reason = REASONS.get(c.httpStatus());
            String status = "Visitors see " + c.httpStatus() + (reason == null ? "" : " " + reason) + ".";
            return note.isEmpty() ? status : status + " " + note;
        }
        return note;
    }

    private void evidence(Out out, List<Evidence> items, String indent) {
        int shown = Math.min(items.size(), MAX_EVIDENCE);
        int width = 0;
        for (int i = 0; i < shown; i++) {
            width = Math.max(width, location(items.get(i)).length());
        }
        for (int i = 0; i < shown; i++) {
            out.line(indent + evidenceLine(items.get(i), width));
        }
        if (items.size() > shown) {
            out.line(indent + style.dim("(+" + (items.size() - shown) + " more)"));
        }
    }

    /**
     * One piece of evidence: {@code file:line  text} for log and configuration lines (the location
     * padded to {@code width} so that the texts line up), its own description otherwise.
     */
    private String evidenceLine(Evidence e, int width) {
        String location = location(e);
        if (e instanceof Evidence.LogLine l) {
            return style.dim(Out.pad(location, width)) + "  " + shorten(l.text(), MAX_LINE_TEXT);
        } else if (e instanceof Evidence.ConfigLine c) {
            return style.dim(Out.pad(location, width)) + "  " + c.directive()
                    + (c.value().isEmpty() ? "" : " " + shorten(c.value(), MAX_LINE_TEXT));
        }
        return shorten(e.describe(), MAX_LINE_TEXT);
    }

    /** {@code file:line} of a log or configuration line, empty for other evidence. */
    private String location(Evidence e) {
        if (e instanceof Evidence.LogLine l) {
            // the container a runtime named around the line: its source ("web_1", "php-1")
            String from = l.origin() == null || l.origin().name() == null ? "" : " [" + l.origin().name() + "]";
            return file(l.file()) + (l.line() > 0 ? ":" + l.line() : "") + from;
        } else if (e instanceof Evidence.ConfigLine c) {
            return file(c.file()) + (c.line() > 0 ? ":" + c.line() : "");
        }
        return "";
    }

    private void symptoms(Out out, Diagnosis d) {
        List<String> lines = new ArrayList<>();
        for (CheckReport r : d.checks()) {
            if (r instanceof CheckReport.Completed c) {
                for (Finding f : c.result().findingList()) {
                    if (f.isSymptom() && f.severity() != Severity.INFO) {
                        lines.add("  - " + f.summary() + style.dim(" [" + c.checkId() + "]"));
                    }
                }
            }
        }
        if (!lines.isEmpty()) {
            out.blank();
            out.line(style.heading(d.causes().isEmpty() ? "What the checks saw:" : "Symptoms:"));
            lines.forEach(out::line);
        }
    }

    private void otherCauses(Out out, String heading, List<RankedCause> causes, List<RankedCause> all) {
        if (causes.isEmpty()) {
            return;
        }
        out.blank();
        out.line(style.heading(heading));
        for (RankedCause c : causes) {
            String explainedBy = all.stream()
                    .filter(other -> other.rank() < c.rank() && other.explains().contains(c.code()))
                    .map(other -> other.code().value()).findFirst()
                    .map(code -> style.dim(" (explained by " + code + ")")).orElse("");
            out.line("  " + c.rank() + ". " + style.code(c.code().value()) + style.dim(" (" + c.layer().label() + ", "
                    + c.severity().name().toLowerCase(java.util.Locale.ROOT) + ", " + percent(c) + ")")
                    + "  " + c.summary() + explainedBy);
        }
    }

    private void checks(Out out, Diagnosis d) {
        if (d.checks().isEmpty()) {
            return;
        }
        out.blank();
        out.line(style.heading("Checks:"));
        int idWidth = d.checks().stream().mapToInt(r -> r.checkId().length()).max().orElse(0);
        int statusWidth = d.checks().stream().mapToInt(r -> status(r).length()).max().orElse(0);
        for (CheckReport r : d.checks()) {
            String status = status(r);
            String padded = Out.pad(status, statusWidth);
            if (r instanceof CheckReport.Errored || r instanceof CheckReport.TimedOut || status.endsWith("INCOMPLETE")) {
                padded = style.bad(padded);
            } else if (status.startsWith("findings")) {
                padded = style.warn(padded);
            }
            String ms = String.format(java.util.Locale.ROOT, "%6d ms", r.elapsed().toMillis());
            String detail = detail(r);
            out.line(("  " + Out.pad(r.checkId(), idWidth) + "  " + padded + "  " + style.dim(ms)
                    + (detail.isEmpty() ? "" : "  " + style.dim(shorten(detail, MAX_LINE_TEXT)))).stripTrailing());
        }
    }

    /** How a check went, in a word or two. */
    static String status(CheckReport r) {
        if (r instanceof CheckReport.Completed c) {
            CheckResult result = c.result();
            String incomplete = result.gapList().isEmpty() ? "" : ", INCOMPLETE";
            if (result instanceof CheckResult.Passed) {
                return "passed" + incomplete;
            }
            if (result instanceof CheckResult.NotApplicable) {
                return "not applicable";
            }
            return "findings (" + result.findingList().size() + ")" + incomplete;
        }
        if (r instanceof CheckReport.Errored) {
            return "ERROR";
        }
        if (r instanceof CheckReport.TimedOut) {
            return "TIMED OUT";
        }
        return "skipped";
    }

    private static String detail(CheckReport r) {
        if (r instanceof CheckReport.Completed c && c.result() instanceof CheckResult.NotApplicable na) {
            return na.reason();
        }
        if (r instanceof CheckReport.Completed c && !c.result().gapList().isEmpty()) {
            List<org.gatewaydoctor.model.Gap> gaps = c.result().gapList();
            return "not read whole: " + gaps.get(0).describe() + (gaps.size() > 1 ? " (and " + (gaps.size() - 1)
                    + " more)" : "");
        }
        if (r instanceof CheckReport.Errored e) {
            String cls = e.errorClass().substring(e.errorClass().lastIndexOf('.') + 1);
            return e.message().isEmpty() ? cls : cls + ": " + Cli.oneLine(e.message());
        }
        if (r instanceof CheckReport.TimedOut t) {
            return "limit " + (t.timeout().toNanos() + 500_000) / 1_000_000 + " ms";
        }
        if (r instanceof CheckReport.Skipped s) {
            return s.reason();
        }
        return "";
    }

    private void issues(Out out, Diagnosis d) {
        if (!d.discoveryIssues().isEmpty()) {
            out.blank();
            out.line(style.heading("Discovery issues:"));
            for (DiscoveryIssue i : d.discoveryIssues()) {
                out.line("  - " + Cli.oneLine(i.message()));
            }
        }
        if (!d.notes().isEmpty()) {
            out.blank();
            out.line(style.heading("Notes:"));
            for (String note : d.notes()) {
                out.line("  - " + Cli.oneLine(displayPaths(note)));
            }
        }
    }

    private void timeline(Out out, Diagnosis d) {
        ZoneId zone = d.target().zone();
        List<TimelineEntry> older = d.timeline().stream().filter(TimelineEntry::history).toList();
        if (!older.isEmpty()) {
            out.blank();
            out.line(style.heading("History") + style.dim(" (older episodes in the logs, not ranked; " + zone.getId()
                    + "):"));
            for (TimelineEntry t : older) {
                out.line("  " + t.at().atZone(zone).format(DATE_TIME) + "  " + shorten(t.evidence().describe()
                        .replaceFirst("^older episode, set aside as history: ", ""), MAX_TIMELINE_TEXT));
            }
        }
        List<TimelineEntry> all = d.timeline().stream().filter(t -> !t.history()).toList();
        if (all.isEmpty()) {
            return;
        }
        List<TimelineEntry> shown = all.subList(Math.max(0, all.size() - MAX_TIMELINE), all.size());
        LocalDate first = shown.get(0).at().atZone(zone).toLocalDate();
        LocalDate last = shown.get(shown.size() - 1).at().atZone(zone).toLocalDate();
        boolean oneDay = first.equals(last);
        DateTimeFormatter format = oneDay ? TIME : DATE_TIME;
        out.blank();
        String scope = shown.size() < all.size() ? "last " + shown.size() + " of " + all.size() + ", " : "";
        out.line(style.heading("Timeline") + style.dim(" (" + scope + (oneDay ? first + ", " : "") + zone.getId() + "):"));
        int layerWidth = shown.stream().mapToInt(t -> t.layer().label().length()).max().orElse(0);
        int idWidth = shown.stream().mapToInt(t -> t.checkId().length()).max().orElse(0);
        for (TimelineEntry t : shown) {
            Evidence e = t.evidence();
            String text = e instanceof Evidence.LogLine l ? l.text() : e.describe();
            out.line("  " + t.at().atZone(zone).format(format) + "  " + Out.pad(t.layer().label(), layerWidth) + "  "
                    + style.dim(Out.pad(t.checkId(), idWidth)) + "  " + shorten(text, MAX_TIMELINE_TEXT));
        }
    }

    private String file(String file) {
        if (displayRoot != null) {
            String root = displayRoot.toString();
            if (file.startsWith(root) && file.length() > root.length() + 1
                    && (file.charAt(root.length()) == '/' || file.charAt(root.length()) == '\\')) {
                return file.substring(root.length() + 1);
            }
        }
        return file;
    }

    private String displayPaths(String text) {
        if (displayRoot == null) {
            return text;
        }
        String root = displayRoot.toString();
        return text.replace(root + "/", "").replace(root + "\\", "").replace(root, ".");
    }

    private static String percent(RankedCause c) {
        return Math.round(c.confidence() * 100) + "%";
    }

    private String shorten(String text, int max) {
        String s = Cli.oneLine(text);
        return s.length() <= max ? s : s.substring(0, max - 1) + ellipsis;
    }
}
