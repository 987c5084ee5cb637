/**
 * Implementation details of the DNS checks: the UDP/TCP transport ({@code DnsClient}), the stub-resolver
 * logic ({@code Lookups}), the system resolver's files, the CDN ranges shipped as data. Not API: anything
 * here may change without notice.
 */
package org.gatewaydoctor.checks.dns.internal;
