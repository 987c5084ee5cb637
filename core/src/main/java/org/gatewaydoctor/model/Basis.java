package org.gatewaydoctor.model;

/**
 * What a finding rests on: something seen happening, or a configuration that could make it happen.
 *
 * <p>The ranking puts every cause with observed evidence above every risk: a risk never outranks an
 * observed cause. A risk counts as a warning, whatever severity its check gave it, until observed
 * evidence of its effect exists: a finding of the same code that is observed, or an observed cause
 * the risk {@linkplain org.gatewaydoctor.spi.Explanation explains} (a timeout ladder that makes nginx
 * give up first is borne out by nginx's "upstream timed out" lines).
 *
 * <pre>{@code
 * Finding.cause(CauseCode.PROXY_UPSTREAM_TIMEOUT, Layer.LOAD_BALANCER, Severity.WARNING, 0.45,
 *         "timeouts in the wrong order: ...").risk().evidence(configLine).build();
 * }</pre>
 */
public enum Basis {
    /**
     * Seen happening: log lines, probe answers, live status pages, sockets and processes as they are
     * now, a saved error response.
     */
    OBSERVED,
    /** Read from configuration (or inferred) that could cause it; nothing yet shows it happening. */
    RISK
}
