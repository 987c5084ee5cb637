package org.gatewaydoctor.cli.internal;

/**
 * Sets up slf4j-simple before anything logs: warnings to stderr by default (see
 * {@code simplelogger.properties}), debug with {@code --debug}. slf4j-simple reads its settings once,
 * so {@code --debug} only takes effect if it is given before the first log call of the JVM.
 */
final class Logging {

    static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    private Logging() {
    }

    static void configure(boolean debug) {
        if (debug) {
            System.setProperty(LEVEL_PROPERTY, "debug");
        }
    }
}
