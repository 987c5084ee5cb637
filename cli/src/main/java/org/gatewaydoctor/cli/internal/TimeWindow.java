package org.gatewaydoctor.cli.internal;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The span of log time a command reads, from {@code --since}, {@code --until} and
 * {@code --around} with {@code --window}. Either end may be open ({@code null}).
 *
 * <p>{@link #moment(String, ZoneId, Clock)} accepts the forms an on-call engineer types or copies
 * from a log:
 * <table>
 *   <caption>Accepted moments</caption>
 *   <tr><th>form</th><th>example</th><th>means</th></tr>
 *   <tr><td>ISO instant or offset date-time</td><td>{@code 2026-11-21T09:00:00Z},
 *       {@code 2026-11-21T10:00+01:00}</td><td>that instant</td></tr>
 *   <tr><td>date and time</td><td>{@code 2026-11-21T09:00}, {@code 2026-11-21 09:00:00},
 *       {@code 2026/11/21 09:14:03} (nginx), {@code 21-Nov-2026 09:14:01} (PHP-FPM)</td>
 *       <td>that wall-clock time in the zone</td></tr>
 *   <tr><td>date</td><td>{@code 2026-11-21}</td><td>its midnight in the zone</td></tr>
 *   <tr><td>time of day</td><td>{@code 09:00}, {@code 9:00}, {@code 09:00:30}</td>
 *       <td>that time today, in the zone</td></tr>
 *   <tr><td>duration</td><td>{@code 30m}, {@code 2h}, {@code 1h30m}, {@code 2d}, {@code 90s},
 *       {@code PT2H}, optionally {@code -30m} or {@code 30m ago}</td><td>that long before now</td></tr>
 *   <tr><td>{@code now}</td><td></td><td>the clock's instant</td></tr>
 * </table>
 *
 * @param since the earliest log time read, {@code null} for no lower bound
 * @param until the latest log time read, {@code null} for no upper bound
 */
public record TimeWindow(Instant since, Instant until) {

    /** Half the width of an {@code --around} window when {@code --window} is not given. */
    public static final Duration DEFAULT_AROUND = Duration.ofMinutes(15);

    /** No bounds: every line is read. */
    public static final TimeWindow ALL = new TimeWindow(null, null);

    /** The accepted forms, for error messages and help. */
    public static final String FORMS = "an ISO instant (2026-11-21T09:00:00Z), a date and time in the log zone "
            + "(2026-11-21 09:00, 2026-11-21T09:00:30), a time of today (09:00) or a duration before now "
            + "(30m, 2h, 1d)";

    private static final Pattern DAYS = Pattern.compile("(\\d+)d(.*)");
    private static final Pattern RELATIVE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:d|h|ms|m|s))+|p.*");
    private static final Pattern PLAIN_NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
    private static final Pattern SLASH_DATE = Pattern.compile("(\\d{4})/(\\d{2})/(\\d{2})([ T].*)?");
    private static final Pattern SPACED = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}) +(\\d.*)");
    private static final Pattern SHORT_HOUR = Pattern.compile("\\d:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?");
    private static final DateTimeFormatter FPM = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d-MMM-yyyy HH:mm[:ss]").toFormatter(Locale.ENGLISH);
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public TimeWindow {
        if (since != null && until != null && since.isAfter(until)) {
            throw new IllegalArgumentException("the window starts (" + since + ") after it ends (" + until + ")");
        }
    }

    /** Whether the window has no bound at all. */
    public boolean isAll() {
        return since == null && until == null;
    }

    /**
     * The window the options describe.
     *
     * @param since {@code --since}, or {@code null}
     * @param until {@code --until}, or {@code null}
     * @param around {@code --around}, or {@code null}; excludes {@code since} and {@code until}
     * @param window {@code --window}, or {@code null} for {@link #DEFAULT_AROUND}; only with {@code around}
     * @param zone the zone of wall-clock times (the log zone)
     * @param clock what "now" and "today" are
     * @throws IllegalArgumentException naming the option and what is wrong with it
     */
    public static TimeWindow of(String since, String until, String around, Duration window, ZoneId zone,
                                Clock clock) {
        if (around != null && (since != null || until != null)) {
            throw new IllegalArgumentException("--around cannot be combined with --since or --until: it sets both");
        }
        if (window != null && around == null) {
            throw new IllegalArgumentException("--window is the half-width of --around TIME; give --around too, "
                    + "or use --since and --until");
        }
        Instant from;
        Instant to;
        if (around != null) {
            Instant centre = moment("--around", around, zone, clock);
            Duration half = window == null ? DEFAULT_AROUND : window;
            if (half.isNegative() || half.isZero()) {
                throw new IllegalArgumentException("--window must be a positive duration");
            }
            from = saturatedMinus(centre, half);
            to = saturatedPlus(centre, half);
        } else {
            from = since == null ? null : moment("--since", since, zone, clock);
            to = until == null ? null : moment("--until", until, zone, clock);
        }
        Instant now = clock.instant();
        if (from != null && from.isAfter(now)) {
            String which = around != null ? "--around " + around + " minus --window" : "--since " + since;
            String hint = isTimeOfDay(around != null ? around : since)
                    ? "; a time of day means today: for yesterday give the date, e.g. "
                            + LocalDate.now(clock.withZone(zone)).minusDays(1) + " " + (around != null ? around : since)
                    : "";
            throw new IllegalArgumentException(which + " is in the future (" + show(from, zone) + "), so no log line "
                    + "could match" + hint);
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("--since " + since + " (" + show(from, zone) + ") is after --until "
                    + until + " (" + show(to, zone) + ")");
        }
        return new TimeWindow(from, to);
    }

    private static Instant moment(String option, String text, ZoneId zone, Clock clock) {
        try {
            return moment(text, zone, clock);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + e.getMessage(), e);
        }
    }

    /**
     * Parses one moment (see the class documentation for the forms).
     *
     * @throws IllegalArgumentException saying which forms are accepted
     */
    public static Instant moment(String text, ZoneId zone, Clock clock) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("'': empty; give " + FORMS);
        }
        String s = text.strip().replaceAll("\\s+", " ");
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals("now")) {
            return clock.instant();
        }
        String relative = lower.endsWith(" ago") ? lower.substring(0, lower.length() - 4).strip() : lower;
        if (relative.startsWith("-")) {
            relative = relative.substring(1).strip();
        }
        if (PLAIN_NUMBER.matcher(relative).matches()) {
            throw new IllegalArgumentException("'" + text + "': a number alone is ambiguous; give a unit (30m, 2h, "
                    + "1d) or " + FORMS);
        }
        if (RELATIVE.matcher(relative).matches()) {
            return saturatedMinus(clock.instant(), duration(relative, text));
        }
        Instant absolute = absolute(s, zone, clock);
        if (absolute == null) {
            throw new IllegalArgumentException("'" + text + "' is not a time; give " + FORMS);
        }
        return absolute;
    }

    private static Duration duration(String relative, String original) {
        Matcher days = DAYS.matcher(relative);
        try {
            if (days.matches()) {
                Duration d = Duration.ofDays(Long.parseLong(days.group(1)));
                return days.group(2).isEmpty() ? d : d.plus(DurationParser.parse(days.group(2)));
            }
            return DurationParser.parse(relative);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + original + "' is too long a duration");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + original + "' is not a time; give " + FORMS);
        }
    }

    /** An absolute moment, or {@code null} when {@code s} is none of the absolute forms. */
    private static Instant absolute(String s, ZoneId zone, Clock clock) {
        String iso = s;
        Matcher slash = SLASH_DATE.matcher(iso);
        if (slash.matches()) {
            iso = slash.group(1) + "-" + slash.group(2) + "-" + slash.group(3)
                    + (slash.group(4) == null ? "" : slash.group(4));
        }
        Matcher spaced = SPACED.matcher(iso);
        if (spaced.matches()) {
            iso = spaced.group(1) + "T" + spaced.group(2);
        }
        String upper = iso.toUpperCase(Locale.ROOT);
        try {
            return OffsetDateTime.parse(upper).toInstant();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return ZonedDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return LocalDateTime.parse(upper).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return LocalDate.parse(iso).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return LocalDateTime.parse(iso, FPM).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            // next form
        }
        String time = SHORT_HOUR.matcher(iso).matches() ? "0" + iso : iso;
        try {
            LocalTime t = LocalTime.parse(time);
            return LocalDate.now(clock.withZone(zone)).atTime(t).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + s + "': " + e.getMessage());
        }
    }

    private static boolean isTimeOfDay(String text) {
        if (text == null) {
            return false;
        }
        String s = text.strip();
        try {
            LocalTime.parse(SHORT_HOUR.matcher(s).matches() ? "0" + s : s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** {@code instant} as a wall-clock time in {@code zone}, with the zone: {@code 2026-11-21 09:00:00 UTC}. */
    public static String show(Instant instant, ZoneId zone) {
        return instant.atZone(zone).format(SHOWN) + " " + zone.getId();
    }

    private static Instant saturatedMinus(Instant t, Duration d) {
        try {
            return t.minus(d);
        } catch (DateTimeException | ArithmeticException e) {
            return Instant.MIN;
        }
    }

    private static Instant saturatedPlus(Instant t, Duration d) {
        try {
            return t.plus(d);
        } catch (DateTimeException | ArithmeticException e) {
            return Instant.MAX;
        }
    }
}
