package org.gatewaydoctor.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;
import java.util.Objects;
import org.gatewaydoctor.spi.CheckResult;

/**
 * How one check went. Only {@link Completed} carries a check's own result; {@link Errored},
 * {@link TimedOut} and {@link Skipped} are produced by the engine alone.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "status")
@JsonSubTypes({
    @JsonSubTypes.Type(value = CheckReport.Completed.class, name = "completed"),
    @JsonSubTypes.Type(value = CheckReport.Errored.class, name = "errored"),
    @JsonSubTypes.Type(value = CheckReport.TimedOut.class, name = "timed_out"),
    @JsonSubTypes.Type(value = CheckReport.Skipped.class, name = "skipped")
})
public sealed interface CheckReport {

    /** The check's id. */
    String checkId();

    /** The hop the check looks at. */
    Layer layer();

    /** Wall time the check took (zero for a skipped check). */
    Duration elapsed();

    /** The check ran to the end and returned {@code result}. */
    @JsonPropertyOrder({"status", "checkId", "layer", "elapsedMillis", "result"})
    record Completed(String checkId, Layer layer, @JsonProperty("elapsedMillis") Duration elapsed,
                     CheckResult result) implements CheckReport {
        public Completed {
            Objects.requireNonNull(checkId, "checkId");
            Objects.requireNonNull(layer, "layer");
            Objects.requireNonNull(elapsed, "elapsed");
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * The check threw.
     *
     * @param errorClass the exception's class name
     * @param message the exception's message, redacted (no stack trace)
     */
    @JsonPropertyOrder({"status", "checkId", "layer", "elapsedMillis", "errorClass", "message"})
    record Errored(String checkId, Layer layer, @JsonProperty("elapsedMillis") Duration elapsed,
                   String errorClass, String message) implements CheckReport {
        public Errored {
            Objects.requireNonNull(checkId, "checkId");
            Objects.requireNonNull(layer, "layer");
            Objects.requireNonNull(elapsed, "elapsed");
            Objects.requireNonNull(errorClass, "errorClass");
            message = message == null ? "" : message;
        }
    }

    /**
     * The check overran its deadline and was abandoned.
     *
     * @param timeout the deadline it had, measured from its start
     */
    @JsonPropertyOrder({"status", "checkId", "layer", "elapsedMillis", "timeoutMillis"})
    record TimedOut(String checkId, Layer layer, @JsonProperty("elapsedMillis") Duration elapsed,
                    @JsonProperty("timeoutMillis") Duration timeout) implements CheckReport {
        public TimedOut {
            Objects.requireNonNull(checkId, "checkId");
            Objects.requireNonNull(layer, "layer");
            Objects.requireNonNull(elapsed, "elapsed");
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /**
     * The check did not run.
     *
     * @param reason why: a dependency that did not complete, a cycle, the overall deadline
     */
    @JsonPropertyOrder({"status", "checkId", "layer", "elapsedMillis", "reason"})
    record Skipped(String checkId, Layer layer, @JsonProperty("elapsedMillis") Duration elapsed, String reason)
            implements CheckReport {
        public Skipped {
            Objects.requireNonNull(checkId, "checkId");
            Objects.requireNonNull(layer, "layer");
            Objects.requireNonNull(reason, "reason");
            elapsed = elapsed == null ? Duration.ZERO : elapsed;
        }

        public Skipped(String checkId, Layer layer, String reason) {
            this(checkId, layer, Duration.ZERO, reason);
        }
    }
}
