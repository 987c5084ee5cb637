package org.gatewaydoctor.internal.logs.format;

/**
 * A position in one line plus the clock fields read so far. Every read checks its bounds and
 * returns {@code false} (or a negative number) instead of throwing; on failure the position is
 * unspecified and the caller gives up on the shape it was trying.
 *
 * <p>The clock readers only check the <em>shape</em> (digits where digits belong); {@link Clock}
 * checks the ranges when an instant is asked for, so that a line with an impossible date is still
 * classified but has no time.
 */
final class Cursor {

    /** {@link #offsetSeconds} when the clock carries no offset (local time). */
    static final int NO_OFFSET = Integer.MIN_VALUE;

    final String s;
    final int end;
    int pos;

    int year;
    int month;
    int day;
    int hour;
    int minute;
    int second;
    int nanos;
    /** Whether the seconds had a fraction (FPM writes one only at {@code log_level = debug}). */
    boolean fraction;
    /** Offset written in the line, or {@link #NO_OFFSET}. */
    int offsetSeconds = NO_OFFSET;
    /** A zone name written in the line (PHP's {@code e}): {@code [zoneStart, zoneEnd)}, empty if none. */
    int zoneStart;
    int zoneEnd;

    Cursor(String s, int pos) {
        this.s = s;
        this.end = s.length();
        this.pos = pos;
    }

    Cursor at(int newPos) {
        pos = newPos;
        year = month = day = hour = minute = second = nanos = 0;
        fraction = false;
        offsetSeconds = NO_OFFSET;
        zoneStart = zoneEnd = 0;
        return this;
    }

    boolean more() {
        return pos < end;
    }

    char peek() {
        return pos < end ? s.charAt(pos) : '\0';
    }

    char peek(int ahead) {
        int i = pos + ahead;
        return i < end && i >= 0 ? s.charAt(i) : '\0';
    }

    boolean eat(char c) {
        if (pos < end && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    boolean eat(String literal) {
        if (s.startsWith(literal, pos)) {
            pos += literal.length();
            return true;
        }
        return false;
    }

    int skipSpaces() {
        int start = pos;
        while (pos < end && s.charAt(pos) == ' ') {
            pos++;
        }
        return pos - start;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Exactly {@code n} (at most 9) decimal digits, or -1. */
    int digits(int n) {
        if (end - pos < n) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(pos + i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        pos += n;
        return v;
    }

    /** One or more digits, at most {@code max} (at most 9) of them, or -1. */
    int digitsUpTo(int max) {
        int v = 0;
        int n = 0;
        while (n < max && pos < end && isDigit(s.charAt(pos))) {
            v = v * 10 + (s.charAt(pos) - '0');
            pos++;
            n++;
        }
        return n == 0 ? -1 : v;
    }

    /** Skips one or more digits; false if there is none. */
    boolean skipDigits() {
        int start = pos;
        while (pos < end && isDigit(s.charAt(pos))) {
            pos++;
        }
        return pos > start;
    }

    /** Two digits, or a space and one digit (C's {@code %2d} / {@code %e}), or -1. */
    int padded2() {
        if (peek() == ' ') {
            pos++;
            return digits(1);
        }
        return digits(2);
    }

    /**
     * A day of month as syslog and {@code ctime} write it: {@code "21"}, {@code " 1"} or (written by
     * some relays) {@code "1"}, always followed by a space, which is not consumed.
     */
    int dayOfMonth() {
        if (peek() == ' ') {
            pos++;
            return digits(1);
        }
        int d = digits(1);
        if (d < 0) {
            return -1;
        }
        if (isDigit(peek())) {
            d = d * 10 + (s.charAt(pos) - '0');
            pos++;
        }
        return peek() == ' ' ? d : -1;
    }

    /** English three-letter month name, 1..12, or -1. */
    int monthName() {
        if (end - pos < 3) {
            return -1;
        }
        char a = s.charAt(pos);
        char b = s.charAt(pos + 1);
        char c = s.charAt(pos + 2);
        int m = switch (a) {
            case 'J' -> b == 'a' && c == 'n' ? 1 : b == 'u' ? (c == 'n' ? 6 : c == 'l' ? 7 : -1) : -1;
            case 'F' -> b == 'e' && c == 'b' ? 2 : -1;
            case 'M' -> b == 'a' ? (c == 'r' ? 3 : c == 'y' ? 5 : -1) : -1;
            case 'A' -> b == 'p' && c == 'r' ? 4 : b == 'u' && c == 'g' ? 8 : -1;
            case 'S' -> b == 'e' && c == 'p' ? 9 : -1;
            case 'O' -> b == 'c' && c == 't' ? 10 : -1;
            case 'N' -> b == 'o' && c == 'v' ? 11 : -1;
            case 'D' -> b == 'e' && c == 'c' ? 12 : -1;
            default -> -1;
        };
        if (m > 0) {
            pos += 3;
        }
        return m;
    }

    /** Three letters (a weekday name; its value is not checked against the date). */
    boolean weekday() {
        if (end - pos < 3 || !isLetter(s.charAt(pos)) || !isLetter(s.charAt(pos + 1))
                || !isLetter(s.charAt(pos + 2))) {
            return false;
        }
        pos += 3;
        return true;
    }

    /** {@code HH:MM:SS}; with {@code spacePaddedHour}, {@code " 9:14:01"} too (C's {@code %2d}). */
    boolean time(boolean spacePaddedHour) {
        hour = spacePaddedHour ? padded2() : digits(2);
        if (hour < 0 || !eat(':')) {
            return false;
        }
        minute = digits(2);
        if (minute < 0 || !eat(':')) {
            return false;
        }
        second = digits(2);
        return second >= 0;
    }

    /** An optional {@code .fraction} of 1 to 9 (or more, ignored) digits; false only if '.' has no digit. */
    boolean optionalFraction() {
        if (peek() != '.' || !isDigit(peek(1))) {
            return peek() != '.';
        }
        pos++;
        int n = 0;
        int v = 0;
        while (pos < end && isDigit(s.charAt(pos))) {
            if (n < 9) {
                v = v * 10 + (s.charAt(pos) - '0');
                n++;
            }
            pos++;
        }
        for (int i = n; i < 9; i++) {
            v *= 10;
        }
        nanos = v;
        fraction = true;
        return true;
    }

    /**
     * An optional ISO offset right here: {@code Z}, {@code +01:00}, {@code +0100} or {@code +01}.
     * Leaves {@link #offsetSeconds} at {@link #NO_OFFSET} when there is none.
     */
    void optionalIsoOffset() {
        char c = peek();
        if (c == 'Z') {
            pos++;
            offsetSeconds = 0;
        } else if (c == '+' || c == '-') {
            int save = pos;
            pos++;
            int h = digits(2);
            if (h < 0) {
                pos = save;
                return;
            }
            int m = 0;
            if (peek() == ':' && isDigit(peek(1))) {
                pos++;
                m = digits(2);
            } else if (isDigit(peek())) {
                m = digits(2);
            }
            if (m < 0 || h > 18 || m > 59) {
                pos = save;
                return;
            }
            int off = h * 3600 + m * 60;
            offsetSeconds = c == '-' ? -off : off;
        }
    }

    /** {@code +0100} / {@code -0500} as in the common log format, or false. */
    boolean clfOffset() {
        char c = peek();
        if (c != '+' && c != '-') {
            return false;
        }
        pos++;
        int h = digits(2);
        int m = h < 0 ? -1 : digits(2);
        if (m < 0 || h > 18 || m > 59) {
            return false;
        }
        int off = h * 3600 + m * 60;
        offsetSeconds = c == '-' ? -off : off;
        return true;
    }

    // ---- whole clocks ------------------------------------------------------------------------

    /** nginx {@code 2026/11/21 09:14:03}. */
    boolean nginxClock() {
        year = digits(4);
        if (year < 0 || !eat('/')) {
            return false;
        }
        month = digits(2);
        if (month < 0 || !eat('/')) {
            return false;
        }
        day = digits(2);
        return day >= 0 && eat(' ') && time(false);
    }

    /**
     * {@code 2026-11-21T09:14:01.123456Z} (ISO, optional fraction and offset) or
     * {@code 2026-11-21 09:14:01} / {@code 2026-11-21  9:14:01} (MySQL 5.6 / MariaDB, local).
     *
     * @return {@code 'T'} or {@code ' '} for the separator found, or 0 if no such clock
     */
    char isoClock() {
        year = digits(4);
        if (year < 0 || !eat('-')) {
            return 0;
        }
        month = digits(2);
        if (month < 0 || !eat('-')) {
            return 0;
        }
        day = digits(2);
        if (day < 0) {
            return 0;
        }
        char sep = peek();
        if (sep == 'T') {
            pos++;
            if (!time(false) || !optionalFraction()) {
                return 0;
            }
            optionalIsoOffset();
            return 'T';
        }
        if (sep == ' ') {
            pos++;
            if (!time(true) || !optionalFraction()) {
                return 0;
            }
            return ' ';
        }
        return 0;
    }

    /** Old MySQL/MariaDB {@code 161121  9:14:01} (two-digit year, space-padded hour). */
    boolean yymmddClock() {
        int yy = digits(2);
        month = yy < 0 ? -1 : digits(2);
        day = month < 0 ? -1 : digits(2);
        if (day < 0 || !eat(' ') || !time(true)) {
            return false;
        }
        year = 2000 + yy;
        return true;
    }

    /**
     * {@code ctime} as Apache ({@code Sat Nov 21 09:14:03.123456 2026}) and {@code dmesg -T}
     * ({@code Sat Nov  1 09:14:03 2026}) write it.
     */
    boolean ctimeClock() {
        if (!weekday() || !eat(' ')) {
            return false;
        }
        month = monthName();
        if (month < 0 || !eat(' ')) {
            return false;
        }
        day = dayOfMonth();
        if (day < 0 || !eat(' ') || !time(false) || !optionalFraction() || !eat(' ')) {
            return false;
        }
        year = digits(4);
        return year >= 0;
    }

    /** PHP/PHP-FPM {@code 21-Nov-2026 09:14:01}, with FPM's optional {@code .123456}. */
    boolean phpClock() {
        day = digits(2);
        if (day < 0 || !eat('-')) {
            return false;
        }
        month = monthName();
        if (month < 0 || !eat('-')) {
            return false;
        }
        year = digits(4);
        return year >= 0 && eat(' ') && time(false) && optionalFraction();
    }

    /**
     * Common log format {@code 21/Nov/2026:09:14:03 +0100} and HAProxy {@code 21/Nov/2026:09:14:03.123};
     * the offset is optional (HAProxy's accept date has none).
     */
    boolean clfClock() {
        day = digits(2);
        if (day < 0 || !eat('/')) {
            return false;
        }
        month = monthName();
        if (month < 0 || !eat('/')) {
            return false;
        }
        year = digits(4);
        if (year < 0 || !eat(':') || !time(false) || !optionalFraction()) {
            return false;
        }
        if (peek() == ' ') {
            int save = pos;
            pos++;
            if (!clfOffset()) {
                pos = save;
                offsetSeconds = NO_OFFSET;
            }
        }
        return true;
    }

    /** BSD syslog {@code Nov 21 09:14:01} (no year), with the optional fraction some relays add. */
    boolean bsdSyslogClock() {
        month = monthName();
        if (month < 0 || !eat(' ')) {
            return false;
        }
        day = dayOfMonth();
        return day >= 0 && eat(' ') && time(false) && optionalFraction();
    }
}
