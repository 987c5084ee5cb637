package org.gatewaydoctor.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * An evidence source a check could not read, or could not read whole: a log scan cut at the deadline, a
 * directory with more files than are read, a configuration file over a size, depth or include limit, a
 * file that is not a regular file. What the check said about the rest still counts (a 502 found in the
 * part that was read is a 502), but what it did not see cannot be called healthy: a diagnosis with a
 * gap is never {@link Verdict#HEALTHY}; when nothing else was found it is {@link Verdict#INCONCLUSIVE}.
 *
 * <pre>{@code
 * return CheckResult.passed(new Evidence.Observation("read 812 lines: no upstream failure"))
 *         .withGaps(List.of(new Gap("/var/log/nginx/error.log", "reading stopped at the deadline after 1.2 GB", true)));
 * }</pre>
 *
 * @param source the file, directory or other source, as the user would name it
 * @param reason why it was not read whole, in a full sentence fragment ({@code reading stopped at the deadline})
 * @param partial true when part of it was read and used, false when nothing of it was read
 */
@JsonPropertyOrder({"source", "reason", "partial"})
public record Gap(String source, String reason, boolean partial) {
    public Gap {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
    }

    /** A copy whose text went through {@code redactor}. */
    public Gap redacted(UnaryOperator<String> redactor) {
        return new Gap(redactor.apply(source), redactor.apply(reason), partial);
    }

    /** {@code source: reason (partly read)}. */
    public String describe() {
        return source + ": " + reason + (partial ? " (what was read is used)" : " (nothing of it was read)");
    }
}
