package org.gatewaydoctor.checks.wordpress.internal.signatures;

import java.util.List;
import java.util.Set;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.logs.SignatureProvider;

/**
 * Reloads and restarts the web server and PHP-FPM write to their logs: context for the incident timeline ("what
 * changed just before"), never a cause by themselves.
 *
 * <p>Produced for this module's fixtures (fixtures/changes): Apache 2.4 {@code AH00493: SIGUSR1 received.  Doing
 * graceful restart}, {@code AH00494: SIGHUP received.  Attempting to restart}, {@code AH00489: Apache/2.4.x (Debian)
 * configured -- resuming normal operations}, {@code AH00492: caught SIGWINCH, shutting down gracefully} (notice
 * level, logged whatever {@code LogLevel} says); nginx, only with {@code error_log ... notice}: {@code signal 1
 * (SIGHUP) received from N, reconfiguring} and a worker's {@code gracefully shutting down}; PHP-FPM
 * {@code NOTICE: Reloading in progress ...}. Already in other modules' catalogues and used as they are:
 * {@code nginx.reload} ({@code signal process started}) and {@code phpfpm.ready}.
 */
public final class ChangeSignatureProvider implements SignatureProvider {

    /** Id prefix of these signatures. */
    public static final String PREFIX = "change.";

    /** The ids of reload and restart lines, with what each means, this module's and other modules'. */
    public static final java.util.Map<String, String> EVENTS = java.util.Map.of(
            PREFIX + "apache-graceful", "Apache reloaded gracefully (SIGUSR1: apachectl graceful, systemctl reload)",
            PREFIX + "apache-restart", "Apache restarted (SIGHUP)",
            PREFIX + "apache-started", "Apache (re)started with its configuration",
            PREFIX + "apache-graceful-stop", "Apache stopped gracefully (SIGWINCH)",
            PREFIX + "nginx-reconfiguring", "nginx reloaded its configuration (SIGHUP)",
            PREFIX + "nginx-worker-draining", "an nginx worker drained after a reload or stop",
            PREFIX + "phpfpm-reloading", "PHP-FPM reloaded (SIGUSR2: systemctl reload php-fpm)",
            "nginx.reload", "nginx was signalled (nginx -s reload, reopen or stop)",
            "phpfpm.ready", "PHP-FPM (re)started");

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public ChangeSignatureProvider() {
    }

    @Override
    public List<Signature> signatures() {
        Set<LogFormat> apache = Set.of(LogFormat.APACHE_ERROR);
        Set<LogFormat> nginx = Set.of(LogFormat.NGINX_ERROR);
        Set<LogFormat> fpm = Set.of(LogFormat.PHP_FPM);
        return List.of(
                sig("apache-graceful", Layer.PROXY, apache, "AH00493: SIGUSR1 received."),
                sig("apache-restart", Layer.PROXY, apache, "AH00494: SIGHUP received."),
                sig("apache-started", Layer.PROXY, apache, "configured -- resuming normal operations"),
                sig("apache-graceful-stop", Layer.PROXY, apache, "AH00492: caught SIGWINCH, shutting down gracefully"),
                sig("nginx-reconfiguring", Layer.PROXY, nginx, "(SIGHUP) received from"),
                sig("nginx-worker-draining", Layer.PROXY, nginx, ": gracefully shutting down"),
                sig("phpfpm-reloading", Layer.PHP_FPM, fpm, "NOTICE: Reloading in progress"));
    }

    private static Signature sig(String id, Layer layer, Set<LogFormat> formats, String literal) {
        return new Signature(PREFIX + id, layer, formats, literal, null, null, List.of(), EVENTS.get(PREFIX + id));
    }
}
