package org.gatewaydoctor.cli.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import picocli.CommandLine.Option;

/**
 * The time window options shared by {@code diagnose} and {@code scan}: {@code --since},
 * {@code --until}, {@code --around} and {@code --window}. They are kept as typed text and resolved
 * by {@link #resolve(ZoneId, Clock)} once the log zone is known.
 */
public final class TimeWindowOptions {

    /** The footer line that explains TIME. */
    static final String HELP = "TIME: " + TimeWindow.FORMS + ". Dates and times without a zone are read in --zone.";

    @Option(names = "--since", paramLabel = "TIME",
            description = "Read only log lines dated at or after TIME, e.g. 2h (two hours ago), 09:00 (today), "
                    + "2026-11-21T09:00:00Z. A line without a date of its own (a slowlog or stack trace line) takes the "
                    + "time of the record it continues; a standalone undated line is always read.")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Read only log lines dated at or before TIME.")
    String until;

    @Option(names = "--around", paramLabel = "TIME",
            description = "Read only log lines dated within --window of TIME (instead of --since/--until).")
    String around;

    @Option(names = "--window", paramLabel = "DURATION", converter = DurationParser.Converter.class,
            description = "How far before and after --around TIME to read (default: 15m).")
    Duration window;

    /**
     * The window in {@code zone} (the zone of log times without one) as of {@code clock}.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    public TimeWindow resolve(ZoneId zone, Clock clock) {
        return TimeWindow.of(since, until, around, window, zone, clock);
    }

    /** Whether any of the options was given. */
    public boolean given() {
        return since != null || until != null || around != null || window != null;
    }
}
