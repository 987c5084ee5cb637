package org.gatewaydoctor.spi;

import java.util.List;

/**
 * Adds pairs to the explanation relation the ranking uses ({@link Explanation}). A check module that
 * brings cause codes of its own (or knows how one built-in cause produces another's evidence) implements
 * it and lists the class in {@code META-INF/services/org.gatewaydoctor.spi.ExplanationProvider}; the
 * {@link org.gatewaydoctor.GatewayDoctor} finds it with {@link java.util.ServiceLoader}. A provider that
 * cannot be loaded or throws is reported as a discovery issue, and the built-in pairs still apply.
 *
 * <pre>{@code
 * public final class AcmeExplanations implements ExplanationProvider {
 *     public List<Explanation> explanations() {
 *         return List.of(new Explanation(CauseCode.of("acme.cache_down"), CauseCode.PROXY_UPSTREAM_REFUSED,
 *                 "nginx connects to the cache daemon; while it is down the connects are refused"));
 *     }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ExplanationProvider {
    /** The pairs this provider adds; duplicates of pairs already known are ignored. */
    List<Explanation> explanations();
}
