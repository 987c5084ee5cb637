package org.gatewaydoctor.internal.ranking;

import java.util.Map;
import org.gatewaydoctor.model.CauseCode;

/** Why visitors see the status they see for a cause, where it is not a plain 502. */
final class StatusNotes {

    private static final Map<CauseCode, String> NOTES = Map.ofEntries(
            Map.entry(CauseCode.PROXY_UPSTREAM_TIMEOUT,
                    "A timeout is a 504, not a 502: the proxy waited its full read timeout (nginx "
                            + "fastcgi_read_timeout/proxy_read_timeout, Apache ProxyTimeout) and gave up."),
            Map.entry(CauseCode.EDGE_ORIGIN_TIMEOUT,
                    "The edge waited for the origin longer than it allows and answers 504 (Cloudflare: 524)."),
            Map.entry(CauseCode.PROXY_UPSTREAM_REFUSED,
                    "nginx answers 502 when the upstream refuses the connection; Apache's mod_proxy answers 503 "
                            + "because it marks the backend as unavailable."),
            Map.entry(CauseCode.PROXY_DOWN,
                    "Nothing answers at all, so there is no status: the browser says the connection was refused "
                            + "(ERR_CONNECTION_REFUSED); a CDN in front answers 521 (Cloudflare) or 502 instead."),
            Map.entry(CauseCode.PROXY_WORKER_CONNECTIONS_EXHAUSTED,
                    "When nginx cannot get a connection for the upstream ('worker_connections are not enough') "
                            + "it answers 500, not 502; a load balancer in front may turn that into 502 or 503."),
            Map.entry(CauseCode.PROXY_UPSTREAM_CLOSED,
                    "nginx answers 502 when the upstream closes early; Apache's mod_proxy_fcgi answers 503 for "
                            + "the same fault."),
            Map.entry(CauseCode.PROXY_INVALID_HEADER,
                    "nginx answers 502 for a malformed upstream header; Apache's mod_proxy_fcgi answers 503."),
            Map.entry(CauseCode.PHPFPM_DOWN,
                    "nginx answers 502 when PHP-FPM is not there; Apache's mod_proxy_fcgi answers 503 "
                            + "(Service Unavailable) for the same fault."),
            Map.entry(CauseCode.PHPFPM_SOCKET_MISMATCH,
                    "nginx cannot connect to a socket or port where nothing listens and answers 502; Apache's "
                            + "mod_proxy_fcgi answers 503 for the same fault."),
            Map.entry(CauseCode.PHPFPM_SOCKET_PERMISSION,
                    "nginx's connect() is refused with EACCES and it answers 502; Apache's mod_proxy_fcgi "
                            + "answers 503."),
            Map.entry(CauseCode.PHPFPM_POOL_EXHAUSTED,
                    "With a full pool, requests first wait in PHP-FPM's listen queue (slow 200s); once the "
                            + "backlog is full new connections fail at once and nginx answers 502, or 504 if the wait "
                            + "outlasts its read timeout."),
            Map.entry(CauseCode.PHPFPM_REQUEST_TIMEOUT,
                    "PHP-FPM kills the script at request_terminate_timeout and closes the connection, so nginx "
                            + "sees a premature close and answers 502. If nginx's own read timeout were shorter, "
                            + "visitors would get a 504 instead."),
            Map.entry(CauseCode.PROXY_NO_HEALTHY_UPSTREAM,
                    "nginx answers 502 when every server of an upstream group is marked failed; HAProxy "
                            + "answers 503 when no server of the backend is available."),
            Map.entry(CauseCode.APP_FATAL_ERROR,
                    "A PHP fatal error normally gives a 500; it becomes a 502 when the worker dies instead of "
                            + "answering."),
            Map.entry(CauseCode.APP_MEMORY_EXHAUSTED,
                    "Hitting memory_limit is a PHP fatal error: visitors usually see a 500 (a blank page or "
                            + "WordPress's critical error page)."),
            Map.entry(CauseCode.APP_HTACCESS_INVALID,
                    "Apache answers 500 for every request under the folder of a .htaccess it cannot read, or whose "
                            + "rewrites loop (AH00124): the page is Apache's own 'Internal Server Error', not a "
                            + "gateway error, and PHP never runs."),
            Map.entry(CauseCode.DATABASE_DOWN,
                    "WordPress answers 500 with 'Error establishing a database connection': a database "
                            + "outage is not a gateway error unless it makes PHP time out."),
            Map.entry(CauseCode.DATABASE_ACCESS_DENIED,
                    "WordPress shows the same 500 'Error establishing a database connection' page as for an "
                            + "outage, but the database is up: it rejects the credentials in wp-config.php."),
            Map.entry(CauseCode.DATABASE_TOO_MANY_CONNECTIONS,
                    "WordPress cannot connect and answers 500 ('Error establishing a database connection')."),
            Map.entry(CauseCode.EDGE_STALE_CACHE_MASKING,
                    "Visitors may see 200 with a stale copy while the origin fails underneath."));

    private StatusNotes() {
    }

    static String note(CauseCode code, Integer observedStatus) {
        String note = NOTES.get(code);
        if (note != null) {
            return note;
        }
        // Saying "typically 502" after the observed 502 adds nothing.
        return code.typicalStatus()
                .filter(s -> observedStatus == null || !s.contains(Integer.toString(observedStatus)))
                .map(s -> "Visitors typically see: " + s + ".").orElse("");
    }
}
