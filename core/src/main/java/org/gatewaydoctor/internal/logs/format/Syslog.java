package org.gatewaydoctor.internal.logs.format;

import java.time.Instant;
import java.time.ZoneId;

/**
 * The envelope that syslog daemons and the journal put around a program's own line, so that the
 * line inside can be classified and its clock read. Recognised:
 *
 * <ul>
 *   <li>BSD / RFC 3164 as files hold it: {@code Nov 21 09:14:01 host tag[pid]: msg}, also with
 *       {@code <PRI>} in front (the wire form, where HAProxy sends no host), with a fraction after
 *       the seconds (journalctl {@code short-precise}), and with several host-like words before
 *       the tag (nginx sends its own host name over a local socket, so rsyslog writes
 *       {@code host host nginx:});
 *   <li>ISO time first, as Debian 12's rsyslog ({@code 2026-11-21T09:14:01.123456+01:00 host tag:})
 *       and journalctl {@code short-iso} ({@code 2026-11-21T09:14:01+0100 host tag[pid]:}) write it;
 *   <li>RFC 5424: {@code <14>1 2026-11-21T09:14:01.123Z host app procid msgid [sd] msg};
 *   <li>a tag alone: {@code haproxy[1234]: msg}, {@code kernel: msg}; or a {@code <PRI>} alone.
 * </ul>
 */
final class Syslog {

    /** How far into a line host words may reach before the tag; beyond, it is no envelope. */
    private static final int MAX_HOST_WORDS = 3;
    private static final int MAX_TOKEN = 255;

    enum Stamp {
        /** {@code Nov 21 09:14:01}: no year, local time. */
        BSD,
        /** ISO 8601, with or without an offset. */
        ISO,
        /** No clock in the envelope. */
        NONE
    }

    /** Where the parts of one envelope are. */
    static final class Envelope {
        final Stamp stamp;
        final int clockAt;
        final int tagStart;
        final int tagEnd;
        final int body;

        Envelope(Stamp stamp, int clockAt, int tagStart, int tagEnd, int body) {
            this.stamp = stamp;
            this.clockAt = clockAt;
            this.tagStart = tagStart;
            this.tagEnd = tagEnd;
            this.body = body;
        }

        boolean tagIs(String s, String name) {
            return tagEnd - tagStart == name.length() && s.startsWith(name, tagStart);
        }

        boolean tagStartsWith(String s, String prefix) {
            return tagEnd - tagStart >= prefix.length() && s.startsWith(prefix, tagStart);
        }

        /** The envelope's own clock; null if it has none or it is unreadable. */
        Instant instant(String s, ZoneId zone, int defaultYear) {
            Cursor c = new Cursor(s, clockAt);
            switch (stamp) {
                case BSD -> {
                    if (!c.bsdSyslogClock()) {
                        return null;
                    }
                    c.year = defaultYear;
                    return Clock.instant(c, zone);
                }
                case ISO -> {
                    return c.isoClock() == 'T' ? Clock.instant(c, zone) : null;
                }
                default -> {
                    return null;
                }
            }
        }
    }

    private Syslog() {
    }

    /** The envelope starting at {@code from}, or null if the line has none there. */
    static Envelope parse(String s, int from) {
        int end = s.length();
        if (from >= end) {
            return null;
        }
        Cursor c = new Cursor(s, from);
        boolean pri = false;
        if (c.peek() == '<') {
            c.pos++;
            if (c.digitsUpTo(3) < 0 || !c.eat('>')) {
                return null;
            }
            pri = true;
            if (c.peek() == '1' && c.peek(1) == ' ') {
                return rfc5424(s, c.pos + 2);
            }
            c.eat(' ');
        }
        int clockAt = c.pos;
        char first = c.peek();
        if (Cursor.isUpper(first)) {
            if (c.bsdSyslogClock() && c.eat(' ')) {
                return hostAndTag(s, Stamp.BSD, clockAt, c.pos);
            }
            c.pos = clockAt;
        } else if (Cursor.isDigit(first)) {
            if (c.isoClock() == 'T' && c.eat(' ')) {
                return hostAndTag(s, Stamp.ISO, clockAt, c.pos);
            }
            c.pos = clockAt;
        }
        int tagEnd = tagEnd(s, clockAt);
        if (tagEnd > 0) {
            int nameEnd = nameEnd(s, clockAt, tagEnd);
            if (tagEnd + 1 < end && s.charAt(tagEnd + 1) == ' ' && (s.charAt(nameEnd) == '['
                    || (nameEnd - clockAt == 6 && s.startsWith("kernel", clockAt)))) {
                // a bare "name[pid]: " or "kernel: " (a stricter rule than after a clock, where any
                // "name: " is a tag: without a clock, "Version: ..." must not become one)
                return new Envelope(Stamp.NONE, clockAt, clockAt, nameEnd, skipBlank(s, tagEnd + 2));
            }
        }
        if (pri) {
            return new Envelope(Stamp.NONE, clockAt, clockAt, clockAt, skipBlank(s, clockAt));
        }
        return null;
    }

    /** After the clock: up to three host words, then {@code tag:} or {@code tag[pid]:}. */
    private static Envelope hostAndTag(String s, Stamp clock, int clockAt, int at) {
        int end = s.length();
        int p = at;
        int firstWordEnd = -1;
        for (int word = 0; word <= MAX_HOST_WORDS && p < end; word++) {
            char c = s.charAt(p);
            if (c == '[' || c == ' ') {
                break;
            }
            int tagEnd = tagEnd(s, p);
            if (tagEnd > 0) {
                int body = tagEnd + 1 < end && s.charAt(tagEnd + 1) == ' ' ? tagEnd + 2 : tagEnd + 1;
                return new Envelope(clock, clockAt, p, nameEnd(s, p, tagEnd), skipBlank(s, body));
            }
            int wordEnd = s.indexOf(' ', p);
            if (wordEnd < 0 || wordEnd - p > MAX_TOKEN) {
                break;
            }
            if (firstWordEnd < 0) {
                firstWordEnd = wordEnd;
            }
            p = wordEnd + 1;
        }
        // no tag: the first word is the host, the rest is the message
        int body = firstWordEnd < 0 ? at : firstWordEnd + 1;
        return new Envelope(clock, clockAt, body, body, skipBlank(s, body));
    }

    /**
     * If a tag ({@code name:} or {@code name[pid]:}, the name of letters, digits and {@code _.-/@})
     * starts at {@code p}, the index of its colon, which must end the line or be followed by a space;
     * else -1.
     */
    static int tagEnd(String s, int p) {
        int end = Math.min(s.length(), p + MAX_TOKEN);
        int i = p;
        while (i < end && isTagChar(s.charAt(i))) {
            i++;
        }
        if (i == p || i >= end) {
            return -1;
        }
        if (s.charAt(i) == '[') {
            int j = i + 1;
            while (j < end && Cursor.isDigit(s.charAt(j))) {
                j++;
            }
            if (j == i + 1 || j >= end || s.charAt(j) != ']') {
                return -1;
            }
            i = j + 1;
        }
        if (i < s.length() && s.charAt(i) == ':' && (i + 1 == s.length() || s.charAt(i + 1) == ' ')) {
            return i;
        }
        return -1;
    }

    private static int nameEnd(String s, int p, int tagEnd) {
        int i = p;
        while (i < tagEnd && isTagChar(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isTagChar(char c) {
        return Cursor.isLetter(c) || Cursor.isDigit(c) || c == '_' || c == '.' || c == '-' || c == '/' || c == '@';
    }

    /** RFC 5424 after {@code <PRI>1 }: TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [MSG]. */
    private static Envelope rfc5424(String s, int at) {
        int end = s.length();
        Cursor c = new Cursor(s, at);
        Stamp clock;
        if (c.eat('-')) {
            clock = Stamp.NONE;
        } else if (c.isoClock() == 'T') {
            clock = Stamp.ISO;
        } else {
            return null;
        }
        if (!c.eat(' ')) {
            return null;
        }
        int host = skipToken(s, c.pos);
        if (host < 0) {
            return null;
        }
        int appStart = host + 1;
        int appEnd = skipToken(s, appStart);
        if (appEnd < 0) {
            return null;
        }
        int procEnd = skipToken(s, appEnd + 1);
        int msgIdEnd = procEnd < 0 ? -1 : skipToken(s, procEnd + 1);
        if (msgIdEnd < 0) {
            return null;
        }
        int p = msgIdEnd + 1;
        if (p < end && s.charAt(p) == '-') {
            p++;
        } else {
            while (p < end && s.charAt(p) == '[') {
                p = skipSdElement(s, p);
                if (p < 0) {
                    return null;
                }
            }
        }
        if (p < end && s.charAt(p) != ' ') {
            return null;
        }
        boolean nilApp = appEnd - appStart == 1 && s.charAt(appStart) == '-';
        return new Envelope(clock, at, appStart, nilApp ? appStart : appEnd, skipBlank(s, p + 1));
    }

    /** The index of the space ending a non-empty token starting at {@code p}, or -1. */
    private static int skipToken(String s, int p) {
        int end = Math.min(s.length(), p + MAX_TOKEN);
        int i = p;
        while (i < end && s.charAt(i) != ' ') {
            i++;
        }
        return i > p && i < s.length() && s.charAt(i) == ' ' ? i : -1;
    }

    /** Past one {@code [id k="v"...]} element (with {@code \]}, {@code \"} escapes), or -1. */
    private static int skipSdElement(String s, int p) {
        int end = s.length();
        boolean quoted = false;
        for (int i = p + 1; i < end; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ']' && !quoted) {
                return i + 1;
            }
        }
        return -1;
    }

    /** Skips spaces and a UTF-8 byte order mark (RFC 5424 allows one before the message). */
    static int skipBlank(String s, int p) {
        int end = s.length();
        int i = Math.min(p, end);
        while (i < end && (s.charAt(i) == ' ' || s.charAt(i) == '\uFEFF')) {
            i++;
        }
        return i;
    }
}
