/**
 * Implementation details of the HTTP checks: the nginx error-log parser and its table of upstream
 * failure signatures (each cited to the nginx source file it comes from), the bounded HTTP/1.1 prober,
 * the responder fingerprints, and the per-cause tally that keeps a few sample lines. Not API: anything
 * here may change without notice.
 */
package org.gatewaydoctor.checks.http.internal;
