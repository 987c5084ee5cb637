package org.gatewaydoctor.model;

/** How one hop of the request path looks in a diagnosis ({@link PathHop#state()}). */
public enum HopState {
    /** Evidence shows this hop failing now. */
    FAILING,
    /** Something is wrong or risky here, but no evidence shows it breaking requests. */
    SUSPECT,
    /** Checks looked at this hop and found nothing wrong. */
    OK,
    /** No check could look at this hop with what was given. */
    NOT_EXAMINED
}
