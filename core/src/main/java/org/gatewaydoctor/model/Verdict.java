package org.gatewaydoctor.model;

/** The overall answer of a diagnosis. */
public enum Verdict {
    /** Every check that could run found nothing wrong, and read every source it was given whole (no {@link Gap}). */
    HEALTHY,
    /** Something is wrong but visitors are, at most, sometimes affected. */
    DEGRADED,
    /** Visitors get errors: at least one critical finding. */
    FAILING,
    /**
     * The diagnosis could not decide: nothing applicable ran, checks errored or timed out, or a source could
     * not be read whole (a {@link Gap}) and nothing was found in what was read.
     */
    INCONCLUSIVE;

    /** The Nagios plugin exit code for this verdict: 0, 1, 2 or 3. */
    public int nagiosExitCode() {
        return switch (this) {
            case HEALTHY -> 0;
            case DEGRADED -> 1;
            case FAILING -> 2;
            case INCONCLUSIVE -> 3;
        };
    }
}
