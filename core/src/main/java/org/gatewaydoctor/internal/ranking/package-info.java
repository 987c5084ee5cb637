/**
 * Root-cause ranking and diagnosis assembly. Internal: may change without notice.
 *
 * <p>{@code Rules} holds the judgement (recency, explanation, what
 * visitors got, the tiers that keep every configuration risk below what is observed, explainers above what
 * they explain); {@code Explanations} the relation of which cause produces
 * which other cause's evidence; {@code StatusFit} which statuses each
 * mechanism gives; {@code Advice} says fix steps and confirmations once;
 * {@code HopMap} marks the request path. {@code docs/causes.md} ("How
 * ranking works") is the same, for users.
 */
package org.gatewaydoctor.internal.ranking;
