package org.gatewaydoctor.checks.http;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatewaydoctor.model.Evidence;

/**
 * How many answers with one status the access log shows in one minute: the per-minute series behind
 * "visitors got 502 41 times, all between 09:12 and 09:40". The log checks of this module
 * ({@code http.nginx-error-log}, {@code http.apache-error-log}) put one such piece of evidence per minute
 * and 5xx status on the finding whose status it is (the most recent {@value #MAX_MINUTES} minutes), so a
 * diagnosis carries the series in its JSON as dated {@link Evidence.Observation}s, e.g.
 * {@code {"kind": "observation", "text": "access log: 7 answers with 502 in the minute from 09:12",
 * "at": "2026-11-17T08:12:00Z"}}, and a report can chart it without reading the logs again.
 *
 * <pre>{@code
 * diagnosis.timeline().stream().map(t -> AccessLogMinute.of(t.evidence())).flatMap(Optional::stream)
 *         .forEach(m -> chart.add(m.minute(), m.status(), m.count()));
 * }</pre>
 *
 * @param minute the start of the minute
 * @param status the HTTP status visitors got
 * @param count how many answers with it the access log holds in that minute, at least 1
 */
public record AccessLogMinute(Instant minute, int status, long count) {

    /** The most minutes per status a finding carries: the most recent ones. */
    public static final int MAX_MINUTES = 180;

    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm");
    private static final Pattern TEXT = Pattern.compile(
            "access log: (\\d{1,18}) answers? with (\\d{3}) in the minute from \\d{2}:\\d{2}");

    public AccessLogMinute {
        Objects.requireNonNull(minute, "minute");
        if (!minute.truncatedTo(ChronoUnit.MINUTES).equals(minute)) {
            throw new IllegalArgumentException("not the start of a minute: " + minute);
        }
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status out of range: " + status);
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
    }

    /** The evidence that carries this minute, its text in {@code zone}'s clock time. */
    public Evidence.Observation toEvidence(ZoneId zone) {
        return new Evidence.Observation("access log: " + count + (count == 1 ? " answer" : " answers") + " with "
                + status + " in the minute from " + HM.format(minute.atZone(zone)), minute);
    }

    /** The minute {@code evidence} carries, if it is one written by {@link #toEvidence(ZoneId)}. */
    public static Optional<AccessLogMinute> of(Evidence evidence) {
        if (!(evidence instanceof Evidence.Observation o) || o.at() == null
                || !o.at().truncatedTo(ChronoUnit.MINUTES).equals(o.at())) {
            return Optional.empty();
        }
        Matcher m = TEXT.matcher(o.text());
        if (!m.matches()) {
            return Optional.empty();
        }
        long count = Long.parseLong(m.group(1));
        return count < 1 ? Optional.empty() : Optional.of(new AccessLogMinute(o.at(), Integer.parseInt(m.group(2)),
                count));
    }
}
