/**
 * Whole-stack tests with a real HAProxy 2.6 in front ({@link org.gatewaydoctor.it.haproxy.Haproxy}),
 * its log lines received over UDP syslog into the stack's log folder
 * ({@link org.gatewaydoctor.it.haproxy.SyslogReceiver}): servers down, closing, slow or sending
 * oversized headers, and a 502 relayed from nginx, each diagnosed offline and live.
 */
package org.gatewaydoctor.it.haproxy;
