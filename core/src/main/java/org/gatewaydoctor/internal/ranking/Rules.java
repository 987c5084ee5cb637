package org.gatewaydoctor.internal.ranking;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gatewaydoctor.model.CauseCode;

/**
 * The ranking rules, in the order they run. This is the one place where the ranking's judgement lives.
 *
 * <ol>
 *   <li><b>Recency.</b> When evidence is dated, the incident is the latest dated event. A cause whose
 *       newest evidence is more than {@link #STALE_AFTER} older than that belongs to an earlier
 *       episode: its weight is halved.</li>
 *   <li><b>Explanation.</b> A deeper cause explains the symptoms it produces in the hops in front
 *       of it (PHP-FPM down explains nginx's refused connections). When both are present and their
 *       evidence overlaps in time (within {@link #CORRELATION_WINDOW}, or either is undated), the
 *       explaining cause gains the other's support (noisy-OR of half its confidence) and the explained
 *       one's weight is halved; the diagnosis lists it under {@code explains}.</li>
 * </ol>
 * Candidates are then sorted by score = confidence x weight x severity weight (critical 1.0,
 * warning 0.6, info 0.2); ties go to the cause deeper along the request path, then to the code's
 * alphabetical order so the result is deterministic.
 */
public final class Rules {

    /** How much older than the incident a cause's evidence may be before it counts as stale. */
    public static final Duration STALE_AFTER = Duration.ofHours(1);
    /** How close in time two causes' evidence must be to be related. */
    public static final Duration CORRELATION_WINDOW = Duration.ofMinutes(5);

    private Rules() {
    }

    /** Cause {@code cause} explains symptom-like cause {@code explained}. */
    public record Explains(CauseCode cause, CauseCode explained) {
    }

    /** The built-in cross-layer explanations. Later check modules' knowledge is added here. */
    public static final List<Explains> EXPLANATIONS = List.of(
            new Explains(CauseCode.PHPFPM_DOWN, CauseCode.PROXY_UPSTREAM_REFUSED),
            new Explains(CauseCode.PHPFPM_DOWN, CauseCode.PROXY_NO_HEALTHY_UPSTREAM),
            new Explains(CauseCode.PHPFPM_START_FAILURE, CauseCode.PHPFPM_DOWN),
            new Explains(CauseCode.PHPFPM_START_FAILURE, CauseCode.PROXY_UPSTREAM_REFUSED),
            new Explains(CauseCode.PHPFPM_SOCKET_MISMATCH, CauseCode.PROXY_UPSTREAM_REFUSED),
            new Explains(CauseCode.PHPFPM_POOL_EXHAUSTED, CauseCode.PROXY_UPSTREAM_TIMEOUT),
            new Explains(CauseCode.PHPFPM_POOL_EXHAUSTED, CauseCode.PROXY_UPSTREAM_REFUSED),
            new Explains(CauseCode.PHPFPM_REQUEST_TIMEOUT, CauseCode.PROXY_UPSTREAM_CLOSED),
            new Explains(CauseCode.PHPFPM_WORKER_CRASH, CauseCode.PROXY_UPSTREAM_CLOSED),
            new Explains(CauseCode.APP_OUTPUT_BEFORE_HEADERS, CauseCode.PROXY_INVALID_HEADER),
            new Explains(CauseCode.HOST_OUT_OF_MEMORY, CauseCode.PHPFPM_WORKER_CRASH),
            new Explains(CauseCode.HOST_OUT_OF_MEMORY, CauseCode.DATABASE_DOWN),
            new Explains(CauseCode.DATABASE_SLOW, CauseCode.PHPFPM_POOL_EXHAUSTED),
            new Explains(CauseCode.DATABASE_SLOW, CauseCode.PHPFPM_REQUEST_TIMEOUT),
            // PHP 8.1+ turns a failed mysqli connect into an uncaught exception: a fatal error the database explains.
            new Explains(CauseCode.DATABASE_DOWN, CauseCode.APP_FATAL_ERROR),
            new Explains(CauseCode.DATABASE_TOO_MANY_CONNECTIONS, CauseCode.APP_FATAL_ERROR),
            new Explains(CauseCode.DATABASE_ACCESS_DENIED, CauseCode.APP_FATAL_ERROR),
            new Explains(CauseCode.DATABASE_SLOW, CauseCode.APP_EXECUTION_TIMEOUT),
            new Explains(CauseCode.EDGE_ORIGIN_ERROR, CauseCode.EDGE_ORIGIN_INVALID_RESPONSE));

    /** The rules in the order they run. */
    public static List<RankingRule> defaults() {
        return List.of(Rules::recency, Rules::explanations);
    }

    static void recency(List<Candidate> candidates) {
        Optional<Instant> incident = candidates.stream().map(Candidate::latest).flatMap(Optional::stream)
                .max(Instant::compareTo);
        if (incident.isEmpty()) {
            return;
        }
        Instant staleBefore = incident.get().minus(STALE_AFTER);
        for (Candidate c : candidates) {
            c.latest().ifPresent(latest -> {
                if (latest.isBefore(staleBefore)) {
                    c.weight *= 0.5;
                }
            });
        }
    }

    static void explanations(List<Candidate> candidates) {
        for (Explains rule : EXPLANATIONS) {
            Candidate cause = find(candidates, rule.cause());
            Candidate explained = find(candidates, rule.explained());
            if (cause == null || explained == null || !related(cause, explained)) {
                continue;
            }
            cause.confidence = 1.0 - (1.0 - cause.confidence) * (1.0 - explained.confidence * 0.5);
            cause.explains.add(explained.code);
            if (explained.explainedBy == null) {
                explained.weight *= 0.5;
                explained.explainedBy = cause.code;
            }
        }
    }

    /** Whether two candidates' evidence overlaps in time (or either is undated). */
    static boolean related(Candidate a, Candidate b) {
        Optional<Instant> aFirst = a.earliest();
        Optional<Instant> bFirst = b.earliest();
        if (aFirst.isEmpty() || bFirst.isEmpty()) {
            return true;
        }
        Instant aStart = aFirst.get().minus(CORRELATION_WINDOW);
        Instant aEnd = a.latest().orElseThrow().plus(CORRELATION_WINDOW);
        Instant bStart = bFirst.get();
        Instant bEnd = b.latest().orElseThrow();
        return !bEnd.isBefore(aStart) && !bStart.isAfter(aEnd);
    }

    private static Candidate find(List<Candidate> candidates, CauseCode code) {
        for (Candidate c : candidates) {
            if (c.code.equals(code)) {
                return c;
            }
        }
        return null;
    }
}
