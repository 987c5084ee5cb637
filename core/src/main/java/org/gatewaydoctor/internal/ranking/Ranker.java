package org.gatewaydoctor.internal.ranking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.RankedCause;

/** Merges findings by cause code, applies {@link Rules}, and orders the result. */
public final class Ranker {

    private final List<RankingRule> rules;

    public Ranker(List<RankingRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static Ranker standard() {
        return new Ranker(Rules.defaults());
    }

    public List<RankedCause> rank(List<CheckReport> reports) {
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
        List<Candidate> candidates = new ArrayList<>(byCode.values());
        for (RankingRule rule : rules) {
            rule.apply(candidates);
        }
        candidates.sort(Comparator.comparingDouble(Candidate::score).reversed()
                .thenComparing(c -> c.layer.ordinal(), Comparator.reverseOrder())
                .thenComparing(c -> c.code));
        List<RankedCause> out = new ArrayList<>();
        int rank = 1;
        for (Candidate c : candidates) {
            out.add(new RankedCause(rank++, c.code, c.layer, round(Math.min(1.0, c.confidence)), c.severity, c.summary,
                    c.httpStatus, StatusNotes.note(c.code, c.httpStatus), c.evidence, new ArrayList<>(c.remediation),
                    new ArrayList<>(c.confirmWith), new ArrayList<>(c.reportedBy), new ArrayList<>(c.explains)));
        }
        return out;
    }

    static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
