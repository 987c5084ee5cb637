package org.gatewaydoctor.cli.internal;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How a command prints its result. */
public enum OutputFormat {
    /** For people: verdict and top cause first. */
    TEXT,
    /** The JSON contract ({@link org.gatewaydoctor.json.DiagnosisJson}). */
    JSON,
    /** One Nagios plugin status line with performance data. */
    NAGIOS,
    /** One self-contained HTML page ({@link org.gatewaydoctor.cli.internal.html.DiagnosisHtml}). */
    HTML;

    /** The name on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code text} case-insensitively. */
    public static OutputFormat parse(String text) {
        for (OutputFormat f : values()) {
            if (f.label().equalsIgnoreCase(text.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + text + "': use text, json, nagios or html");
    }

    /** The picocli converter. */
    public static final class Converter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
