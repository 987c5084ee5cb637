package org.gatewaydoctor.cli.internal;

import java.util.Locale;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.spi.CheckResult;

/**
 * One Nagios plugin status line:
 * {@code GATEWAY-DOCTOR CRITICAL - <headline> | checks=7;;;; causes=2;;;; elapsed=84ms;;;; ...}.
 *
 * <p>Performance data follows the plugin guidelines ({@code label=value[UOM];warn;crit;min;max}): counts
 * of checks, causes and of checks that errored, timed out, were skipped or did not apply; the
 * elapsed time in ms; the top cause's confidence in %; and, last, {@code incomplete}: the checks that
 * could not read one of their sources whole (then the state is never OK).
 */
public final class NagiosReport {

    private static final int MAX_TEXT = 900;

    private NagiosReport() {
    }

    /** The Nagios service state of a verdict. */
    public static String state(Diagnosis d) {
        return switch (d.verdict()) {
            case HEALTHY -> "OK";
            case DEGRADED -> "WARNING";
            case FAILING -> "CRITICAL";
            case INCONCLUSIVE -> "UNKNOWN";
        };
    }

    /** An UNKNOWN status line for a run that produced no diagnosis (usage or internal error). */
    public static String unknown(String message) {
        return "GATEWAY-DOCTOR UNKNOWN - " + clean(message);
    }

    private static String clean(String text) {
        String s = Style.visible(text.replace('|', '/').replaceAll("[\\r\\n\\t]+", " ")).strip();
        return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT - 3) + "..." : s;
    }

    /** The status line, without a line break. */
    public static String line(Diagnosis d) {
        int errored = 0;
        int timedOut = 0;
        int skipped = 0;
        int notApplicable = 0;
        int incomplete = 0;
        for (CheckReport r : d.checks()) {
            if (r instanceof CheckReport.Errored) {
                errored++;
            } else if (r instanceof CheckReport.TimedOut) {
                timedOut++;
            } else if (r instanceof CheckReport.Skipped) {
                skipped++;
            } else if (r instanceof CheckReport.Completed c && c.result() instanceof CheckResult.NotApplicable) {
                notApplicable++;
            }
            if (r instanceof CheckReport.Completed c && !c.result().gapList().isEmpty()) {
                incomplete++;
            }
        }
        long confidence = d.topCause().map(RankedCause::confidence).map(c -> Math.round(c * 100)).orElse(0L);
        String text = clean(d.headline());
        return "GATEWAY-DOCTOR " + state(d) + " - " + text + " |"
                + perf("checks", d.checks().size(), "")
                + perf("causes", d.causes().size(), "")
                + perf("elapsed", d.elapsed().toMillis(), "ms")
                + perf("errored", errored, "")
                + perf("timed_out", timedOut, "")
                + perf("skipped", skipped, "")
                + perf("not_applicable", notApplicable, "")
                + " confidence=" + confidence + "%;;;0;100"
                + perf("incomplete", incomplete, "");
    }

    private static String perf(String label, long value, String unit) {
        return " " + label.toLowerCase(Locale.ROOT) + "=" + value + unit + ";;;;";
    }
}
