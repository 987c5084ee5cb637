/**
 * Whole-stack tests of name resolution on the request path: a real BIND 9 authoritative server (and hostile
 * name servers) on 127.0.0.1 answering nginx's {@code resolver}; each injects one DNS fault for real, checks
 * the status a visitor gets and the cause gateway-doctor names from the logs alone and live.
 */
package org.gatewaydoctor.it.dns;
