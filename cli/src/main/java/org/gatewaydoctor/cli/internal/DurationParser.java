package org.gatewaydoctor.cli.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses the durations people type: {@code 30s}, {@code 2m}, {@code 500ms}, {@code 1m30s},
 * {@code 1h}, {@code 1.5s}, plain seconds ({@code 45}, {@code 0.5}) and ISO-8601 ({@code PT30S}).
 * Units go from large to small, each at most once. Durations must be positive.
 */
public final class DurationParser {

    private static final Pattern PLAIN = Pattern.compile("\\d+(?:\\.\\d+)?");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");
    /** Units in the order they may appear, with their length in nanoseconds. */
    private static final String[] UNITS = {"h", "m", "s", "ms"};
    private static final long[] NANOS = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L};

    private DurationParser() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException with a message that shows the accepted forms
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(text, "it is empty");
        }
        String s = text.strip().toLowerCase(Locale.ROOT);
        Duration d;
        if (s.startsWith("p") || s.startsWith("-p") || s.startsWith("+p")) {
            try {
                d = Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(text, "it is not a valid ISO-8601 duration");
            }
        } else if (PLAIN.matcher(s).matches()) {
            d = nanos(new BigDecimal(s), NANOS[2], text);
        } else {
            d = units(s, text);
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is not a positive duration");
        }
        return d;
    }

    private static Duration units(String s, String original) {
        Matcher m = PART.matcher(s);
        int pos = 0;
        int lastUnit = -1;
        Duration total = Duration.ZERO;
        while (pos < s.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw invalid(original, null);
            }
            int unit = unitIndex(m.group(2));
            if (unit <= lastUnit) {
                throw invalid(original, "units must go from hours to milliseconds, each at most once");
            }
            lastUnit = unit;
            total = plus(total, nanos(new BigDecimal(m.group(1)), NANOS[unit], original), original);
            pos = m.end();
        }
        return total;
    }

    private static int unitIndex(String unit) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals(unit)) {
                return i;
            }
        }
        throw new IllegalStateException(unit);
    }

    private static Duration nanos(BigDecimal amount, long unitNanos, String original) {
        try {
            return Duration.ofNanos(amount.multiply(BigDecimal.valueOf(unitNanos)).setScale(0,
                    java.math.RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + original + "' is too long a duration");
        }
    }

    private static Duration plus(Duration a, Duration b, String original) {
        try {
            return a.plus(b);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + original + "' is too long a duration");
        }
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("'" + (text == null ? "" : text) + "' is not a duration"
                + (why == null ? "" : " (" + why + ")")
                + "; use e.g. 30s, 2m, 500ms, 1m30s, 45 (seconds) or PT30S");
    }

    /** The picocli converter. */
    public static final class Converter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
