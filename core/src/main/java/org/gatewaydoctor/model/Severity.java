package org.gatewaydoctor.model;

/** How much a finding hurts the visitor, from informational to an outage. */
public enum Severity {
    /** Worth knowing; does not by itself explain errors. */
    INFO,
    /** Degrades the site (slow pages, intermittent errors) or will fail under load. */
    WARNING,
    /** Visitors get errors now. */
    CRITICAL
}
