package org.gatewaydoctor.cli.internal;

import java.time.format.DateTimeFormatter;
import java.util.Map;

/** What the text and HTML reports write alike: their time formats and the reason phrases of the statuses they name. */
public final class ReportText {

    /** A time of day, {@code 09:14:03}. */
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** A date and time, {@code 2026-11-21 09:14:03}. */
    public static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** The reason phrases of the statuses a diagnosis names, Cloudflare's 52x included. */
    public static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(200, "OK"),
            Map.entry(500, "Internal Server Error"),
            Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"),
            Map.entry(504, "Gateway Timeout"),
            Map.entry(520, "Web Server Returned an Unknown Error"),
            Map.entry(521, "Web Server Is Down"),
            Map.entry(522, "Connection Timed Out"),
            Map.entry(523, "Origin Is Unreachable"),
            Map.entry(524, "A Timeout Occurred"),
            Map.entry(525, "SSL Handshake Failed"),
            Map.entry(526, "Invalid SSL Certificate"));

    private ReportText() {
    }
}
