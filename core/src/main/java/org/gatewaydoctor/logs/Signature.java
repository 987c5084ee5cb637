package org.gatewaydoctor.logs;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Layer;

/**
 * A known log-line signature of a 502-class failure: the literal text the real software prints,
 * a pattern that extracts fields from the line, what it means and which causes it points to.
 *
 * <p>Matching is two-staged: the scanner finds {@link #literal()} in raw bytes (fast, for all
 * signatures at once); only lines containing it are decoded and tested with {@link #pattern()}.
 * The pattern's named groups become the hit's fields ({@code errno}, {@code upstream}, {@code script},
 * ...). A field whose value contains {@code /wp-content/plugins/<slug>/} also yields {@code plugin}
 * (likewise {@code theme}).
 *
 * <pre>{@code
 * new Signature("nginx.connect-refused", Layer.PROXY, Set.of(LogFormat.NGINX_ERROR),
 *     "failed (111: Connection refused)",
 *     Pattern.compile("connect\\(\\) to (?<upstream>\\S+) failed \\((?<errno>111): (?<errtext>[^)]*)\\)"),
 *     502, List.of(CauseCode.PROXY_UPSTREAM_REFUSED), "nginx could not connect: connection refused");
 * }</pre>
 *
 * @param id stable id, e.g. {@code nginx.upstream-timed-out}
 * @param layer the hop whose log this is
 * @param formats the line formats it applies to; empty means any
 * @param literal text that every matching line contains (case-sensitive, at least 4 characters)
 * @param pattern extracts fields; {@code null} when the literal alone decides. Searched with
 *     {@link Matcher#find()}, so it need not match the whole line
 * @param httpStatus the status visitors get when this line is written, {@code null} if none or unknown
 * @param causes the cause codes it points to, most likely first (may be empty for context lines)
 * @param title a one-line meaning, e.g. {@code nginx waited longer than its read timeout}
 */
public record Signature(String id, Layer layer, Set<LogFormat> formats, String literal, Pattern pattern,
                        Integer httpStatus, List<CauseCode> causes, String title) {

    /** Shortest literal: shorter ones would make the prefilter match nearly everything. */
    public static final int MIN_LITERAL = 4;

    public Signature {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(layer, "layer");
        formats = Set.copyOf(formats == null ? Set.of() : formats);
        Objects.requireNonNull(literal, "literal");
        causes = List.copyOf(causes == null ? List.of() : causes);
        Objects.requireNonNull(title, "title");
        if (!id.matches("[a-z0-9]+(?:[.-][a-z0-9]+)*")) {
            throw new IllegalArgumentException("signature id '" + id + "' is not lower-case words separated by dots"
                    + " or hyphens");
        }
        if (literal.length() < MIN_LITERAL) {
            throw new IllegalArgumentException("signature '" + id + "' needs a literal of at least " + MIN_LITERAL
                    + " characters, got '" + literal + "'");
        }
        if (literal.indexOf('\n') >= 0 || literal.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("signature '" + id + "': a literal cannot span lines");
        }
        if (httpStatus != null && (httpStatus < 100 || httpStatus > 999)) {
            throw new IllegalArgumentException("signature '" + id + "': httpStatus out of range: " + httpStatus);
        }
    }

    /** Whether this signature applies to lines of {@code format}. */
    public boolean appliesTo(LogFormat format) {
        return formats.isEmpty() || formats.contains(format);
    }
}
