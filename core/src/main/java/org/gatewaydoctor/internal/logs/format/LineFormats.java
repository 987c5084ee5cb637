package org.gatewaydoctor.internal.logs.format;

import java.time.Instant;
import java.time.ZoneId;
import org.gatewaydoctor.logs.LogFormat;

/**
 * Classifies log lines by content and reads their clocks. PLACEHOLDER until the format work lands:
 * recognises nothing.
 */
public final class LineFormats {

    private LineFormats() {
    }

    /** The format of one line, judged by its content alone. */
    public static LogFormat detect(String line) {
        return LogFormat.UNKNOWN;
    }

    /**
     * The moment a line of {@code format} says it was written, or {@code null} when its clock cannot
     * be read.
     *
     * @param zone the zone of formats that write local time without a zone
     * @param defaultYear the year for formats that omit it (syslog)
     */
    public static Instant timestamp(LogFormat format, String line, ZoneId zone, int defaultYear) {
        return null;
    }
}
