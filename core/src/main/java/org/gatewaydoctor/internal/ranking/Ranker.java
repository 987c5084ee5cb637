package org.gatewaydoctor.internal.ranking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.RankedCause;

/** Merges findings by cause code, applies {@link Rules}, and orders the result. */
public final class Ranker {

    /**
     * Tier, then score (highest first, to nine decimals), then layer (deepest first), then code. Written out rather
     * than chained with {@code Comparator.comparing}: those build serializable lambdas, which the class-data archive
     * cannot hold, and the first of them costs a small {@code diagnose} 15-50 ms.
     */
    static final Comparator<Candidate> ORDER = (a, b) -> {
        int c = Integer.compare(a.tier(), b.tier());
        if (c == 0) {
            c = Long.compare(Math.round(b.score() * 1e9), Math.round(a.score() * 1e9));
        }
        if (c == 0) {
            c = Integer.compare(b.layer.ordinal(), a.layer.ordinal());
        }
        return c != 0 ? c : a.code.compareTo(b.code);
    };

    private final Explanations relation;

    public Ranker(Explanations relation) {
        this.relation = relation;
    }

    public static Ranker standard() {
        return new Ranker(Explanations.standard());
    }

    /** Ranks without knowing what visitors got. */
    public List<RankedCause> rank(List<CheckReport> reports) {
        return rank(reports, null);
    }

    List<RankedCause> rank(List<CheckReport> reports, StatusFit.Visitors visitors) {
        Map<CauseCode, Candidate> byCode = new LinkedHashMap<>();
        for (CheckReport r : reports) {
            if (r instanceof CheckReport.Completed c) {
                for (Finding f : c.result().findingList()) {
                    if (f.cause() != null) {
                        byCode.computeIfAbsent(f.cause(), Candidate::new).merge(c.checkId(), f);
                    }
                }
            }
        }
        // A canonical order before the rules run, so nothing depends on the order reports arrive in.
        List<Candidate> candidates = new ArrayList<>(byCode.values());
        candidates.sort((a, b) -> a.code.compareTo(b.code));
        Rules.recency(candidates);
        Rules.explanations(candidates, relation);
        Rules.statusFit(candidates, visitors);
        candidates.sort(ORDER);
        List<Candidate> ordered = explainersFirst(candidates);

        List<RankedCause> out = new ArrayList<>();
        // a line one cause observed can answer what another cause's confirmation asks for
        List<Evidence> everywhere = ordered.stream().flatMap(c -> c.evidence.stream()).toList();
        int rank = 1;
        for (Candidate c : ordered) {
            out.add(new RankedCause(rank++, c.code, c.layer, round(Math.min(1.0, c.confidence)),
                    c.effectiveSeverity(), c.summary, c.httpStatus(), c.statusNote, c.evidence,
                    Advice.steps(c.allRemediation()), Advice.confirmations(c.confirmWith, c.evidence, c.reportedBy, everywhere),
                    new ArrayList<>(c.reportedBy), new ArrayList<>(c.explains), c.basis()));
        }
        return out;
    }

    /**
     * A stable topological order: repeatedly the first candidate (in score order) that no candidate still to
     * place explains. The relation is acyclic, so one is always found; should a cycle slip in, the first
     * candidate is taken.
     */
    static List<Candidate> explainersFirst(List<Candidate> sorted) {
        List<Candidate> todo = new ArrayList<>(sorted);
        List<Candidate> out = new ArrayList<>();
        while (!todo.isEmpty()) {
            Candidate next = todo.get(0);
            for (Candidate c : todo) {
                if (todo.stream().noneMatch(o -> o != c && o.explains.contains(c.code))) {
                    next = c;
                    break;
                }
            }
            todo.remove(next);
            out.add(next);
        }
        return out;
    }

    static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
