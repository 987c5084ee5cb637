/**
 * The site as a visitor, a CDN and the origin see it: the live HTTP probe and what its answers mean.
 *
 * <p>{@link org.gatewaydoctor.checks.http.probe.HttpProber} is the bounded HTTP/1.1 client every live
 * check of this module uses (timings per phase, per address family, hard caps on headers, body,
 * redirects and time, and the broken answers a browser hides); {@link
 * org.gatewaydoctor.checks.http.probe.ProbeFindings} turns what it saw into findings. The public classes
 * here serve this module's checks; they are not API and may change without notice.
 */
package org.gatewaydoctor.checks.http.probe;
