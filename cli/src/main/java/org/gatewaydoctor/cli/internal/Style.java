package org.gatewaydoctor.cli.internal;

import org.gatewaydoctor.model.Verdict;

/** ANSI colours for text output, or none at all. */
final class Style {

    private static final String RESET = "\u001b[0m";

    private final boolean on;

    Style(boolean on) {
        this.on = on;
    }

    String verdict(Verdict verdict, String text) {
        return switch (verdict) {
            case HEALTHY -> wrap("1;32", text);
            case DEGRADED -> wrap("1;33", text);
            case FAILING -> wrap("1;31", text);
            case INCONCLUSIVE -> wrap("1;35", text);
        };
    }

    String heading(String text) {
        return wrap("1", text);
    }

    String code(String text) {
        return wrap("36", text);
    }

    String dim(String text) {
        return wrap("2", text);
    }

    String warn(String text) {
        return wrap("33", text);
    }

    String bad(String text) {
        return wrap("31", text);
    }

    private String wrap(String sgr, String text) {
        return on && !text.isEmpty() ? "\u001b[" + sgr + "m" + text + RESET : text;
    }
}
