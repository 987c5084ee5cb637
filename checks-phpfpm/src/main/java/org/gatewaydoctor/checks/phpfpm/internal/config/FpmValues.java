package org.gatewaydoctor.checks.phpfpm.internal.config;

import java.util.Locale;

/**
 * PHP-FPM's readings of a value (the {@code fpm_conf_set_*} functions of {@code fpm_conf.c}) and PHP's
 * reading of the two ini settings the diagnosis needs ({@code memory_limit}, {@code max_execution_time}).
 * Each returns a {@link Read}: the value, what PHP-FPM would say to reject it, or a note when PHP-FPM accepts
 * it but reads less than it appears to say ({@code 1.5m} is one minute).
 */
final class FpmValues {

    private FpmValues() {
    }

    /**
     * A reading.
     *
     * @param value the value, or {@code null} when rejected
     * @param error PHP-FPM's complaint when rejected, else {@code null}
     * @param note a surprise worth a warning when accepted, else {@code null}
     */
    record Read<T>(T value, String error, String note) {
        static <T> Read<T> ok(T value) {
            return new Read<>(value, null, null);
        }

        static <T> Read<T> ok(T value, String note) {
            return new Read<>(value, null, note);
        }

        static <T> Read<T> fail(String error) {
            return new Read<>(null, error, null);
        }

        boolean failed() {
            return error != null;
        }
    }

    /** The same reading with the value converted. */
    static <T, U> Read<U> map(Read<T> r, java.util.function.Function<T, U> f) {
        return r.failed() ? Read.fail(r.error()) : new Read<>(f.apply(r.value()), null, r.note());
    }

    /** {@code fpm_conf_set_integer}: an optional leading '-', then digits only; empty reads as 0. */
    static Read<Integer> integer(String v) {
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            if (k == 0 && c == '-') {
                continue;
            }
            if (c < '0' || c > '9') {
                return Read.fail("is not a valid number (greater or equal than zero)");
            }
        }
        Atoi a = atoi(v);
        return a.clamped ? Read.ok(a.value, "'" + v + "' does not fit an int; php-fpm's reading is undefined")
                : Read.ok(a.value);
    }

    /** {@code fpm_conf_set_time}: seconds, with an optional suffix s, m, h or d (lower case only). */
    static Read<Long> seconds(String v) {
        if (v.isEmpty()) {
            return Read.fail("invalid time value");
        }
        char suffix = v.charAt(v.length() - 1);
        long unit;
        String number;
        switch (suffix) {
            case 'm' -> {
                unit = 60;
                number = v.substring(0, v.length() - 1);
            }
            case 'h' -> {
                unit = 3600;
                number = v.substring(0, v.length() - 1);
            }
            case 'd' -> {
                unit = 86400;
                number = v.substring(0, v.length() - 1);
            }
            case 's' -> {
                unit = 1;
                number = v.substring(0, v.length() - 1);
            }
            default -> {
                if (suffix < '0' || suffix > '9') {
                    return Read.fail("unknown suffix used in time value");
                }
                unit = 1;
                number = v;
            }
        }
        Atoi a = atoi(number);
        long seconds = (long) a.value * unit;
        String note = null;
        if (a.clamped || seconds > Integer.MAX_VALUE || seconds < Integer.MIN_VALUE) {
            note = "'" + v + "' does not fit php-fpm's int seconds; its reading is undefined";
        } else if (a.consumed < number.length()) {
            note = "php-fpm reads '" + v + "' as " + seconds + "s: it stops reading the number at '"
                    + number.substring(a.consumed) + "'";
        }
        return Read.ok(seconds, note);
    }

    /** {@code fpm_conf_set_boolean}: after INI processing only "1" (yes/on/true) and "" (no/off/...) exist. */
    static Read<Boolean> bool(String v) {
        if (v.equals("1")) {
            return Read.ok(true);
        }
        if (v.isEmpty()) {
            return Read.ok(false);
        }
        return Read.fail("invalid boolean value");
    }

    /** {@code fpm_conf_set_log_level}. */
    static Read<String> logLevel(String v) {
        String l = v.toLowerCase(Locale.ROOT);
        return switch (l) {
            case "debug", "notice", "warning", "error", "alert" -> Read.ok(l);
            case "warn" -> Read.ok("warning");
            default -> Read.fail("invalid value for 'log_level'");
        };
    }

    /** {@code fpm_conf_set_rlimit_core}: "unlimited" (-1) or a number &gt;= 0. */
    static Read<Integer> rlimitCore(String v) {
        if (v.equalsIgnoreCase("unlimited")) {
            return Read.ok(-1);
        }
        Read<Integer> i = integer(v);
        if (!i.failed() && i.value() < 0) {
            return Read.fail("must be greater than zero or 'unlimited'");
        }
        return i;
    }

    /** {@code strtoul(mode, NULL, 8)} as {@code fpm_unix.c} reads {@code listen.mode}. */
    static Read<Integer> octalMode(String v) {
        int k = 0;
        while (k < v.length() && Character.isWhitespace(v.charAt(k))) {
            k++;
        }
        int start = k;
        long mode = 0;
        while (k < v.length() && v.charAt(k) >= '0' && v.charAt(k) <= '7' && mode <= 07777) {
            mode = mode * 8 + (v.charAt(k) - '0');
            k++;
        }
        if (k == start) {
            return Read.ok(0, "php-fpm reads listen.mode '" + v + "' as 0 (no permission for anyone)");
        }
        if (k < v.length() || mode > 07777) {
            return Read.ok((int) (mode & 07777), "php-fpm reads listen.mode '" + v + "' as "
                    + String.format(Locale.ROOT, "%04o", mode & 07777) + ": it stops at '" + v.substring(k) + "'");
        }
        return Read.ok((int) mode);
    }

    /**
     * PHP's reading of a quantity such as {@code memory_limit}: an integer with an optional k, m or g
     * (either case) multiplier; {@code -1} means no limit. Forms PHP 8.2 also accepts (0x.., 0o.., 0b..) are
     * reported as unreadable rather than guessed.
     */
    static Read<Long> quantity(String v) {
        String t = v.strip();
        if (t.isEmpty()) {
            return Read.ok(0L);
        }
        long multiplier = 1;
        char last = Character.toLowerCase(t.charAt(t.length() - 1));
        if (last == 'k' || last == 'm' || last == 'g') {
            multiplier = last == 'k' ? 1024L : last == 'm' ? 1024L * 1024 : 1024L * 1024 * 1024;
            t = t.substring(0, t.length() - 1).strip();
        }
        int k = 0;
        boolean negative = false;
        if (k < t.length() && (t.charAt(k) == '-' || t.charAt(k) == '+')) {
            negative = t.charAt(k) == '-';
            k++;
        }
        if (k >= t.length() || k + 18 < t.length()) {
            return Read.fail("not a quantity PHP reads plainly: '" + v + "'");
        }
        long n = 0;
        for (; k < t.length(); k++) {
            char c = t.charAt(k);
            if (c < '0' || c > '9') {
                return Read.fail("not a quantity PHP reads plainly: '" + v + "'");
            }
            n = n * 10 + (c - '0');
        }
        if (n != 0 && Long.MAX_VALUE / multiplier < n) {
            return Read.fail("quantity too large: '" + v + "'");
        }
        return Read.ok((negative ? -n : n) * multiplier);
    }

    /** PHP's reading of an integer ini setting ({@code ZEND_STRTOL(value, NULL, 10)}), e.g. max_execution_time. */
    static Read<Long> phpLong(String v) {
        Atoi a = atoi(v);
        if (a.consumed == 0) {
            return v.isBlank() ? Read.ok(0L) : Read.ok(0L, "PHP reads '" + v + "' as 0");
        }
        String rest = v.substring(a.consumed);
        return rest.isBlank() ? Read.ok((long) a.value) : Read.ok((long) a.value,
                "PHP reads '" + v + "' as " + a.value + ": it stops at '" + rest + "'");
    }

    /** C's {@code atoi}: leading white space, a sign, digits; the rest ignored. Clamped to the int range. */
    static Atoi atoi(String v) {
        int k = 0;
        while (k < v.length() && (v.charAt(k) == ' ' || (v.charAt(k) >= '\t' && v.charAt(k) <= '\r'))) {
            k++;
        }
        boolean negative = false;
        if (k < v.length() && (v.charAt(k) == '-' || v.charAt(k) == '+')) {
            negative = v.charAt(k) == '-';
            k++;
        }
        int digitsStart = k;
        long n = 0;
        boolean clamped = false;
        while (k < v.length() && v.charAt(k) >= '0' && v.charAt(k) <= '9') {
            if (!clamped) {
                n = n * 10 + (v.charAt(k) - '0');
                if (n > Integer.MAX_VALUE + 1L) {
                    clamped = true;
                }
            }
            k++;
        }
        if (k == digitsStart) {
            return new Atoi(0, 0, false);
        }
        long signed = negative ? -n : n;
        if (clamped || signed > Integer.MAX_VALUE || signed < Integer.MIN_VALUE) {
            return new Atoi(negative ? Integer.MIN_VALUE : Integer.MAX_VALUE, k, true);
        }
        return new Atoi((int) signed, k, false);
    }

    /** What {@link #atoi} read: the value, how many characters it used, whether it had to clamp. */
    record Atoi(int value, int consumed, boolean clamped) {
    }
}
