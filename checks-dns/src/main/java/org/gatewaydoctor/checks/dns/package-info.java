/**
 * DNS checks (built on dnsjava): the site's name and its upstreams' names, per resolver and per
 * authoritative server. The module registers no check yet: it ships its checks with the DNS issue,
 * and never registers placeholders.
 */
package org.gatewaydoctor.checks.dns;
