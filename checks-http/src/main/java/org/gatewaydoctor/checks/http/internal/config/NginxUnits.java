package org.gatewaydoctor.checks.http.internal.config;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * nginx's value syntax, ported from {@code src/core/ngx_parse.c} and {@code ngx_string.c}: times
 * ({@code ngx_parse_time}), sizes ({@code ngx_parse_size}), numbers ({@code ngx_atoi}) and buffer sets
 * ({@code ngx_conf_set_bufs_slot}). What nginx rejects, these reject.
 *
 * <p>Times: units {@code ms s m h d w M y}, largest first, at most once each ({@code 1h30m}, or
 * {@code "1h 30m"}); a bare number is seconds. Millisecond settings (every timeout this package reads)
 * reject {@code y} and {@code M}, and second settings ({@code fail_timeout}) reject {@code ms}, as nginx
 * does. Sizes: bytes, or {@code k}/{@code K} (1024) or {@code m}/{@code M} (1024²); no {@code g}.
 */
public final class NginxUnits {

    private NginxUnits() {
    }

    /**
     * A time as a millisecond setting reads it ({@code ngx_conf_set_msec_slot}: {@code proxy_read_timeout},
     * {@code fastcgi_read_timeout}, {@code resolver_timeout}).
     */
    public static Optional<Duration> msec(String s) {
        OptionalLong v = parseTime(s, false);
        return v.isPresent() ? Optional.of(Duration.ofMillis(v.getAsLong())) : Optional.empty();
    }

    /** A time as a second setting reads it ({@code ngx_conf_set_sec_slot}: {@code fail_timeout}, {@code valid=}). */
    public static Optional<Duration> sec(String s) {
        OptionalLong v = parseTime(s, true);
        return v.isPresent() ? Optional.of(Duration.ofSeconds(v.getAsLong())) : Optional.empty();
    }

    /** The port of {@code ngx_parse_time}: milliseconds ({@code isSec} false) or seconds; empty when invalid. */
    static OptionalLong parseTime(String line, boolean isSec) {
        final int stStart = 0;
        final int stYear = 1;
        final int stMonth = 2;
        final int stWeek = 3;
        final int stDay = 4;
        final int stHour = 5;
        final int stMin = 6;
        final int stSec = 7;
        final int stMsec = 8;
        final int stLast = 9;
        boolean valid = false;
        long value = 0;
        long total = 0;
        int step = isSec ? stStart : stMonth;
        int p = 0;
        int last = line.length();
        try {
            while (p < last) {
                char c = line.charAt(p);
                if (c >= '0' && c <= '9') {
                    value = Math.addExact(Math.multiplyExact(value, 10), c - '0');
                    p++;
                    valid = true;
                    continue;
                }
                p++;
                long scale;
                switch (c) {
                    case 'y':
                        if (step > stStart) {
                            return OptionalLong.empty();
                        }
                        step = stYear;
                        scale = 60L * 60 * 24 * 365;
                        break;
                    case 'M':
                        if (step >= stMonth) {
                            return OptionalLong.empty();
                        }
                        step = stMonth;
                        scale = 60L * 60 * 24 * 30;
                        break;
                    case 'w':
                        if (step >= stWeek) {
                            return OptionalLong.empty();
                        }
                        step = stWeek;
                        scale = 60L * 60 * 24 * 7;
                        break;
                    case 'd':
                        if (step >= stDay) {
                            return OptionalLong.empty();
                        }
                        step = stDay;
                        scale = 60L * 60 * 24;
                        break;
                    case 'h':
                        if (step >= stHour) {
                            return OptionalLong.empty();
                        }
                        step = stHour;
                        scale = 60L * 60;
                        break;
                    case 'm':
                        if (p < last && line.charAt(p) == 's') {
                            if (isSec || step >= stMsec) {
                                return OptionalLong.empty();
                            }
                            p++;
                            step = stMsec;
                            scale = 1;
                            break;
                        }
                        if (step >= stMin) {
                            return OptionalLong.empty();
                        }
                        step = stMin;
                        scale = 60;
                        break;
                    case 's':
                        if (step >= stSec) {
                            return OptionalLong.empty();
                        }
                        step = stSec;
                        scale = 1;
                        break;
                    case ' ':
                        if (step >= stSec) {
                            return OptionalLong.empty();
                        }
                        step = stLast;
                        scale = 1;
                        break;
                    default:
                        return OptionalLong.empty();
                }
                if (step != stMsec && !isSec) {
                    scale *= 1000;
                }
                total = Math.addExact(total, Math.multiplyExact(value, scale));
                value = 0;
                while (p < last && line.charAt(p) == ' ') {
                    p++;
                }
            }
            if (!valid) {
                return OptionalLong.empty();
            }
            if (!isSec) {
                value = Math.multiplyExact(value, 1000);
            }
            return OptionalLong.of(Math.addExact(total, value));
        } catch (ArithmeticException overflow) {
            return OptionalLong.empty();
        }
    }

    /** A size in bytes ({@code ngx_parse_size}: {@code 512}, {@code 4k}, {@code 1M}); empty when invalid. */
    public static OptionalLong size(String line) {
        if (line.isEmpty()) {
            return OptionalLong.empty();
        }
        char unit = line.charAt(line.length() - 1);
        long scale;
        String digits;
        switch (unit) {
            case 'K', 'k' -> {
                scale = 1024;
                digits = line.substring(0, line.length() - 1);
            }
            case 'M', 'm' -> {
                scale = 1024 * 1024;
                digits = line.substring(0, line.length() - 1);
            }
            default -> {
                scale = 1;
                digits = line;
            }
        }
        OptionalLong n = atoi(digits);
        if (n.isEmpty()) {
            return n;
        }
        try {
            return OptionalLong.of(Math.multiplyExact(n.getAsLong(), scale));
        } catch (ArithmeticException overflow) {
            return OptionalLong.empty();
        }
    }

    /** A non-negative decimal number ({@code ngx_atoi}: digits only); empty when invalid. */
    public static OptionalLong atoi(String s) {
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(s));
        } catch (NumberFormatException overflow) {
            return OptionalLong.empty();
        }
    }
}
