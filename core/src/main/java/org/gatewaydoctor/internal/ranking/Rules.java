package org.gatewaydoctor.internal.ranking;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.spi.Explanation;

/**
 * The ranking rules, in the order they run. This is the one place where the ranking's judgement lives;
 * {@code docs/causes.md} ("How ranking works") says the same for users.
 *
 * <ol>
 *   <li><b>Recency.</b> When evidence is dated, the incident is the latest dated event. A cause whose
 *       newest evidence is more than {@link #STALE_AFTER} older than that belongs to an earlier
 *       episode: its weight is halved.</li>
 *   <li><b>Explanation.</b> For each pair of the {@link Explanations explanation relation} (cause A produces
 *       cause B's evidence) where both are present, B was observed, A has evidence of its own (not only B's:
 *       two readings of one log line explain nothing) and their evidence overlaps in time (within
 *       {@link #CORRELATION_WINDOW}, or either is undated): A gains B's support (noisy-OR of half B's
 *       confidence) and at least B's severity, B's weight is halved (once), and the diagnosis lists B under
 *       A's {@code explains}. A risk that explains an observed cause is <em>borne out</em>: its effect is seen.</li>
 *   <li><b>What visitors got.</b> When the visitors' error status is known ({@link StatusFit#visitors}), a
 *       cause whose mechanism cannot give it (nor can any observed cause it explains) does not fit, and its
 *       status note says why.</li>
 * </ol>
 * Candidates are then ordered by tier: (0) observed and fitting, (1) observed, not fitting, (2) risks that
 * fit, (3) risks that do not; a risk nothing shows happening is at most a warning. Within a tier by score =
 * confidence x weight x severity weight (critical 1.0, warning 0.6, info 0.2), compared to nine decimals;
 * ties go to the cause deeper along the request path, then to the code's alphabetical order. Last, every
 * explaining cause is moved above what it explains (a verified mechanism ranks above its symptom whatever
 * the line counts), so the result depends neither on the order of the reports nor on near-ties.
 */
public final class Rules {

    /** How much older than the incident a cause's evidence may be before it counts as stale. */
    public static final Duration STALE_AFTER = Duration.ofHours(1);
    /** How close in time two causes' evidence must be to be related. */
    public static final Duration CORRELATION_WINDOW = Duration.ofMinutes(5);

    private Rules() {
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

    static void explanations(List<Candidate> candidates, Explanations relation) {
        for (Explanation rule : relation.pairs()) {
            Candidate cause = find(candidates, rule.cause());
            Candidate explained = find(candidates, rule.explained());
            if (cause == null || explained == null || !explained.observed || !related(cause, explained)
                    || explained.evidence.containsAll(cause.evidence)) {
                continue;
            }
            cause.confidence = 1.0 - (1.0 - cause.confidence) * (1.0 - explained.confidence * 0.5);
            cause.explains.add(explained.code);
            if (explained.severity.compareTo(cause.severity) > 0) {
                cause.severity = explained.severity;
            }
            if (!cause.observed) {
                cause.borneOut = true;
            }
            if (explained.explainedBy == null) {
                explained.weight *= 0.5;
                explained.explainedBy = cause.code;
            }
        }
    }

    static void statusFit(List<Candidate> candidates, StatusFit.Visitors visitors) {
        for (Candidate c : candidates) {
            c.statusNote = StatusNotes.note(c.code, c.httpStatus());
        }
        if (visitors == null) {
            return;
        }
        for (Candidate c : candidates) {
            Optional<Set<Integer>> own = StatusFit.statuses(c.code);
            if (own.isEmpty()) {
                continue;
            }
            Set<Integer> can = new HashSet<>(own.get());
            can.addAll(c.statuses);
            for (Candidate e : explainedClosure(candidates, c)) {
                StatusFit.statuses(e.code).ifPresent(can::addAll);
                can.addAll(e.statuses);
            }
            if (can.contains(visitors.status())) {
                continue;
            }
            c.statusMismatch = true;
            String gives = can.isEmpty() ? "no HTTP answer at all"
                    : "a " + String.join(" or ", can.stream().sorted().map(String::valueOf).toList());
            c.statusNote = ("Visitors got " + visitors.status() + " (" + visitors.seenAs()
                    + (visitors.writer() == null || "unknown".equals(visitors.writer()) ? ""
                    : ", written by " + visitors.writer()) + "), but this cause gives " + gives
                    + ": it does not account for what visitors got, so it ranks below the causes that do. "
                    + c.statusNote).strip();
        }
    }

    /** The candidates {@code c} explains, directly or through others. */
    private static List<Candidate> explainedClosure(List<Candidate> candidates, Candidate c) {
        List<Candidate> out = new java.util.ArrayList<>();
        Deque<CauseCode> todo = new ArrayDeque<>(c.explains);
        Set<CauseCode> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            CauseCode code = todo.pop();
            Candidate e = find(candidates, code);
            if (e != null && seen.add(code)) {
                out.add(e);
                todo.addAll(e.explains);
            }
        }
        return out;
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

    static Candidate find(List<Candidate> candidates, CauseCode code) {
        for (Candidate c : candidates) {
            if (c.code.equals(code)) {
                return c;
            }
        }
        return null;
    }
}
