/**
 * Whole-stack tests of nginx {@code proxy_pass} to HTTP and HTTPS upstreams: each injects one fault
 * for real (an upstream that refuses, closes, answers in the wrong protocol, presents an untrusted
 * certificate, cannot be resolved, sends oversized headers, or a group with every server down), checks
 * the status a visitor gets, and the cause gateway-doctor names from the logs alone and live.
 * {@link org.gatewaydoctor.it.proxy.Upstream} provides the hostile upstreams on 127.0.0.1,
 * {@link org.gatewaydoctor.it.proxy.ProxyFault} the shared diagnosis assertions.
 */
package org.gatewaydoctor.it.proxy;
