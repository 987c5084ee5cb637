package org.gatewaydoctor.internal.ranking;

import java.util.List;

/**
 * One step of the ranking. Rules run in order over all candidates and may change their
 * confidence or weight, or record that one cause explains another. Cross-layer rules live in
 * {@link Rules}.
 */
@FunctionalInterface
public interface RankingRule {
    void apply(List<Candidate> candidates);
}
