/**
 * Implementation details of the HTTP checks: how the nginx signatures' hits read as causes
 * ({@code NginxCauses}, {@code HitGroup}), the advice for each cause, the description of bursts and
 * peak hours, the bounded HTTP/1.1 prober and the responder fingerprints. Not API: anything here may
 * change without notice.
 */
package org.gatewaydoctor.checks.http.internal;
