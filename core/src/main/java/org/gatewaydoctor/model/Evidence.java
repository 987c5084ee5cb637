package org.gatewaydoctor.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One piece of evidence behind a finding: a log line, a measured value, a configuration line, a
 * network probe or a plain observation. Text in evidence is always redacted before it reaches a
 * {@link Diagnosis}.
 *
 * <pre>{@code
 * Evidence e = new Evidence.LogLine("/var/log/nginx/error.log", 1042, at,
 *         "connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such file or directory) ...");
 * }</pre>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Evidence.LogLine.class, name = "log_line"),
    @JsonSubTypes.Type(value = Evidence.Measurement.class, name = "measurement"),
    @JsonSubTypes.Type(value = Evidence.ConfigLine.class, name = "config_line"),
    @JsonSubTypes.Type(value = Evidence.Probe.class, name = "probe"),
    @JsonSubTypes.Type(value = Evidence.Observation.class, name = "observation"),
    @JsonSubTypes.Type(value = Evidence.ErrorPage.class, name = "error_page")
})
public sealed interface Evidence {

    /** When the evidence happened, if known (log lines with a readable clock, probes). */
    @JsonIgnore
    Optional<Instant> when();

    /** A copy whose free text went through {@code redactor}. */
    Evidence redacted(UnaryOperator<String> redactor);

    /** A short one-line rendering for text output. */
    @JsonIgnore
    String describe();

    /**
     * A line from a log file.
     *
     * @param file the log file's path
     * @param line 1-based line number, 0 when unknown (standard input, decompressed stream)
     * @param timestamp when the line says it happened; {@code null} when its clock is unreadable
     * @param text the line, redacted, possibly truncated
     * @param origin the container the line came from, when a container runtime wrapped it; {@code null} for a
     *     line read as its program wrote it
     */
    @JsonPropertyOrder({"kind", "file", "line", "timestamp", "text", "origin"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LogLine(String file, long line, Instant timestamp, String text, Origin origin) implements Evidence {
        public LogLine {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(text, "text");
            if (line < 0) {
                throw new IllegalArgumentException("line must be >= 0: " + line);
            }
        }

        /** A line read as its program wrote it (no container runtime around it). */
        public LogLine(String file, long line, Instant timestamp, String text) {
            this(file, line, timestamp, text, null);
        }

        // equals and hashCode as the record's own (components in order, hash 31 * h + each's), written out: the
        // record's are made by method handles at their first call, classes spun at run time in every diagnosis that
        // the class-data archive cannot hold (RecordMethodsTest compares them with the record's)
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof LogLine l && file.equals(l.file) && line == l.line
                    && Objects.equals(timestamp, l.timestamp) && text.equals(l.text) && Objects.equals(origin, l.origin);
        }

        @Override
        public int hashCode() {
            int h = file.hashCode();
            h = 31 * h + Long.hashCode(line);
            h = 31 * h + Objects.hashCode(timestamp);
            h = 31 * h + text.hashCode();
            return 31 * h + Objects.hashCode(origin);
        }

        /** The same line with another text (a cut or a rewording of it); its file, time and origin stay. */
        public LogLine withText(String newText) {
            return new LogLine(file, line, timestamp, newText, origin);
        }

        @Override
        public Optional<Instant> when() {
            return Optional.ofNullable(timestamp);
        }

        @Override
        public LogLine redacted(UnaryOperator<String> redactor) {
            return new LogLine(redactor.apply(file), line, timestamp, redactor.apply(text),
                    origin == null ? null : new Origin(origin.runtime(), origin.name() == null ? null
                            : redactor.apply(origin.name())));
        }

        @Override
        public String describe() {
            return file + (line > 0 ? ":" + line : "") + (origin == null ? "" : " (" + origin.describe() + ")")
                    + ": " + text;
        }
    }

    /**
     * The container a log line came from, as the wrapper around the line (or the log file's path) tells.
     *
     * @param runtime {@code docker-compose} ({@code docker compose logs}' {@code php-1  | } bars, the old
     *     {@code docker-compose}'s {@code php_1  | }), {@code docker-swarm} ({@code docker service logs}),
     *     {@code docker} (the json-file driver's JSON lines), {@code kubernetes} (a CRI container log file:
     *     {@code <RFC 3339 UTC>Z stderr F }) or {@code podman} (the same layout with a zone offset, as podman's
     *     k8s-file driver writes it)
     * @param name the container (compose), the task (Swarm), or {@code null} when the line does not name it
     */
    @JsonPropertyOrder({"runtime", "name"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Origin(String runtime, String name) {
        public Origin {
            Objects.requireNonNull(runtime, "runtime");
        }

        // equals and hashCode as the record's own (components in order, hash 31 * h + each's), written out: the
        // record's are made by method handles at their first call, classes spun at run time in every diagnosis that
        // the class-data archive cannot hold (RecordMethodsTest compares them with the record's)
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Origin g && runtime.equals(g.runtime) && Objects.equals(name, g.name);
        }

        @Override
        public int hashCode() {
            return 31 * runtime.hashCode() + Objects.hashCode(name);
        }

        /** {@code container php_1 (docker-compose)}, {@code a kubernetes container}. */
        public String describe() {
            return name == null ? "a " + runtime + " container" : "container " + name + " (" + runtime + ")";
        }
    }

    /**
     * A measured value.
     *
     * @param name what was measured, e.g. {@code listen queue}
     * @param value the value
     * @param unit the unit, e.g. {@code ms}, {@code %}, {@code requests}; empty for a plain count
     */
    @JsonPropertyOrder({"kind", "name", "value", "unit"})
    record Measurement(String name, double value, String unit) implements Evidence {
        public Measurement {
            Objects.requireNonNull(name, "name");
            unit = unit == null ? "" : unit;
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("measurement '" + name + "' is not a finite number");
            }
        }

        @Override
        public Optional<Instant> when() {
            return Optional.empty();
        }

        // equals and hashCode as the record's own (components in order, hash 31 * h + each's), written out: the
        // record's are made by method handles at their first call, classes spun at run time in every diagnosis that
        // the class-data archive cannot hold (RecordMethodsTest compares them with the record's)
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Measurement m && name.equals(m.name)
                    && Double.compare(value, m.value) == 0 && unit.equals(m.unit);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * name.hashCode() + Double.hashCode(value)) + unit.hashCode();
        }

        @Override
        public Measurement redacted(UnaryOperator<String> redactor) {
            return new Measurement(redactor.apply(name), value, unit);
        }

        @Override
        public String describe() {
            String number = value == Math.rint(value) && Math.abs(value) < 1e15
                    ? Long.toString((long) value) : Double.toString(value);
            return name + " = " + number + (unit.isEmpty() ? "" : " " + (value == 1 ? singular(unit) : unit));
        }

        /** "1 line", "1 worker": a plural word unit loses its s for one; abbreviations (ms, MiB) stay. */
        private static String singular(String unit) {
            if (unit.length() > 3 && unit.endsWith("s") && !unit.endsWith("ss")
                    && unit.chars().allMatch(Character::isLowerCase)) {
                return unit.substring(0, unit.length() - 1);
            }
            return unit;
        }
    }

    /**
     * A line of a configuration file.
     *
     * @param file the configuration file
     * @param line 1-based line number
     * @param directive the directive, e.g. {@code fastcgi_pass} or {@code pm.max_children}
     * @param value its value as written, redacted
     */
    @JsonPropertyOrder({"kind", "file", "line", "directive", "value"})
    record ConfigLine(String file, long line, String directive, String value) implements Evidence {
        public ConfigLine {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(directive, "directive");
            value = value == null ? "" : value;
            if (line < 0) {
                throw new IllegalArgumentException("line must be >= 0: " + line);
            }
        }

        @Override
        public Optional<Instant> when() {
            return Optional.empty();
        }

        // equals and hashCode as the record's own (components in order, hash 31 * h + each's), written out: the
        // record's are made by method handles at their first call, classes spun at run time in every diagnosis that
        // the class-data archive cannot hold (RecordMethodsTest compares them with the record's)
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof ConfigLine c && file.equals(c.file) && line == c.line
                    && directive.equals(c.directive) && value.equals(c.value);
        }

        @Override
        public int hashCode() {
            int h = file.hashCode();
            h = 31 * h + Long.hashCode(line);
            h = 31 * h + directive.hashCode();
            return 31 * h + value.hashCode();
        }

        @Override
        public ConfigLine redacted(UnaryOperator<String> redactor) {
            return new ConfigLine(redactor.apply(file), line, redactor.apply(directive), redactor.apply(value));
        }

        @Override
        public String describe() {
            return file + (line > 0 ? ":" + line : "") + ": " + directive + " " + value;
        }
    }

    /**
     * A network probe and what came back.
     *
     * @param target what was probed, e.g. {@code http://127.0.0.1:8080/} or {@code unix:/run/php/fpm.sock}
     * @param protocol {@code http}, {@code https}, {@code fastcgi}, {@code tcp}, {@code dns}...
     * @param status the protocol status (HTTP status code), {@code null} when none came back
     * @param latency time to the answer or to the failure
     * @param outcome what happened, in words: {@code 502 Bad Gateway from nginx}, {@code connection refused}
     * @param at when the probe was sent
     */
    @JsonPropertyOrder({"kind", "target", "protocol", "status", "latency", "outcome", "at"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Probe(String target, String protocol, Integer status,
                 @JsonProperty("latencyMillis") Duration latency, String outcome, Instant at)
            implements Evidence {
        public Probe {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(latency, "latency");
            Objects.requireNonNull(outcome, "outcome");
        }

        @Override
        public Optional<Instant> when() {
            return Optional.ofNullable(at);
        }

        // equals and hashCode as the record's own (components in order, hash 31 * h + each's), written out: the
        // record's are made by method handles at their first call, classes spun at run time in every diagnosis that
        // the class-data archive cannot hold (RecordMethodsTest compares them with the record's)
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Probe p && target.equals(p.target) && protocol.equals(p.protocol)
                    && Objects.equals(status, p.status) && latency.equals(p.latency) && outcome.equals(p.outcome)
                    && Objects.equals(at, p.at);
        }

        @Override
        public int hashCode() {
            int h = target.hashCode();
            h = 31 * h + protocol.hashCode();
            h = 31 * h + Objects.hashCode(status);
            h = 31 * h + latency.hashCode();
            h = 31 * h + outcome.hashCode();
            return 31 * h + Objects.hashCode(at);
        }

        @Override
        public Probe redacted(UnaryOperator<String> redactor) {
            return new Probe(redactor.apply(target), protocol, status, latency, redactor.apply(outcome), at);
        }

        @Override
        public String describe() {
            return protocol + " " + target + " -> " + outcome + " in " + latency.toMillis() + " ms";
        }
    }

    /**
     * Something seen that fits none of the other kinds, e.g. {@code no php-fpm master process is running}.
     *
     * @param text the observation, redacted
     * @param at when it was seen, {@code null} if not tied to a moment
     */
    @JsonPropertyOrder({"kind", "text", "at"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Observation(String text, Instant at) implements Evidence {
        public Observation {
            Objects.requireNonNull(text, "text");
        }

        /** An observation not tied to a moment. */
        public Observation(String text) {
            this(text, null);
        }

        @Override
        public Optional<Instant> when() {
            return Optional.ofNullable(at);
        }

        // equals and hashCode as the record's own (components in order, hash 31 * h + each's), written out: the
        // record's are made by method handles at their first call, classes spun at run time in every diagnosis that
        // the class-data archive cannot hold (RecordMethodsTest compares them with the record's)
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Observation b && text.equals(b.text) && Objects.equals(at, b.at);
        }

        @Override
        public int hashCode() {
            return 31 * text.hashCode() + Objects.hashCode(at);
        }

        @Override
        public Observation redacted(UnaryOperator<String> redactor) {
            return new Observation(redactor.apply(text), at);
        }

        @Override
        public String describe() {
            return text;
        }
    }

    /**
     * An error response attributed to the hop that wrote it. A check that saw an error page (a live
     * probe, a saved response) puts this on its finding; the diagnosis carries the most confident one as
     * {@link Diagnosis#errorSource()}.
     *
     * @param source who wrote the page
     * @param at when the response was received, {@code null} for a saved response
     */
    @JsonPropertyOrder({"kind", "source", "at"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ErrorPage(ErrorSource source, Instant at) implements Evidence {
        public ErrorPage {
            Objects.requireNonNull(source, "source");
        }

        @Override
        public Optional<Instant> when() {
            return Optional.ofNullable(at);
        }

        // equals and hashCode as the record's own (components in order, hash 31 * h + each's), written out: the
        // record's are made by method handles at their first call, classes spun at run time in every diagnosis that
        // the class-data archive cannot hold (RecordMethodsTest compares them with the record's)
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof ErrorPage e && source.equals(e.source) && Objects.equals(at, e.at);
        }

        @Override
        public int hashCode() {
            return 31 * source.hashCode() + Objects.hashCode(at);
        }

        @Override
        public ErrorPage redacted(UnaryOperator<String> redactor) {
            return new ErrorPage(source.redacted(redactor), at);
        }

        @Override
        public String describe() {
            return source.describe() + (source.markers().isEmpty() ? "" : "; " + String.join("; ", source.markers()));
        }
    }
}
