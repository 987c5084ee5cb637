package org.gatewaydoctor.internal.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Host commands in a cause's remediation become the container runtime's when its log lines came from
 * containers. The lines are real (nginx 1.22 and PHP-FPM 8.2 of this project's captures); the remediation
 * texts are those the checks write (FpmAdvice, NginxAdvice, FpmSocketCheck).
 */
class ContainerAdviceTest {

    static final String NGINX = "2026/12/07 14:42:21 [crit] 7#7: *5 connect() to unix:/run/gd/php.sock failed (2: No such"
            + " file or directory) while connecting to upstream, client: 127.0.0.1, server: , request: \"GET /index.php"
            + " HTTP/1.1\", upstream: \"fastcgi://unix:/run/gd/php.sock:\", host: \"127.0.0.1:8080\"";
    static final String FPM = "[07-Dec-2026 14:42:10] WARNING: [pool www] child 7 exited on signal 15 (SIGTERM) after"
            + " 18.047312 seconds from start";
    static final List<String> HOST_STEPS = List.of(
            "Check whether PHP-FPM runs now: systemctl status php8.x-fpm; start it and enable it at boot.",
            "Start PHP-FPM again (systemctl restart php8.2-fpm): it removes the stale file.",
            "Find out why the master died: PHP-FPM's log, 'journalctl -u php8.2-fpm', and the kernel log.",
            "Check whether PHP-FPM runs: systemctl status php8.x-fpm (or ps aux | grep php-fpm).",
            "if it does not stay up, php-fpm8.x -t and the PHP-FPM log name the configuration error.",
            "Enable it at boot so a reboot does not bring the 502s back: systemctl enable php8.x-fpm.");

    private static RankedCause cause(List<String> steps, Evidence... evidence) {
        return new RankedCause(1, CauseCode.PHPFPM_DOWN, Layer.PHP_FPM, 0.9, Severity.CRITICAL, "PHP-FPM looks down",
                502, "", List.of(evidence), steps, List.of("systemctl status php8.x-fpm shows it failed"),
                List.of("http.nginx-error-log"), List.of());
    }

    private static Evidence.LogLine line(String file, String text, String runtime, String name) {
        return new Evidence.LogLine(file, 3, null, text, runtime == null ? null : new Evidence.Origin(runtime, name));
    }

    static Stream<Arguments> runtimes() {
        return Stream.of(
                Arguments.of("compose v2 bars name both services", "paste.txt", "docker-compose", "web-1", "php-1",
                        List.of("docker compose ps php", "docker compose restart php", "docker compose logs php",
                                "docker compose top php", "docker compose exec php php-fpm8.x -t",
                                "restart: unless-stopped on service php", "came from docker compose service web:")),
                Arguments.of("the old docker-compose's bars", "paste.txt", "docker-compose", "nginx_1", "php_1",
                        List.of("docker-compose ps php", "docker-compose restart php", "docker-compose logs php")),
                Arguments.of("Swarm tasks", "-", "docker-swarm", "shop_web.1.k2x@node-3", "shop_php.1.q9a@node-1",
                        List.of("docker service ps shop_php", "docker service update --force shop_php",
                                "docker service logs shop_php")),
                Arguments.of("kubelet's /var/log/pods files", "/var/log/pods/shop_web-7d9f_0c1e/nginx/0.log",
                        "kubernetes", null, null,
                        List.of("kubectl get pod -n shop <PHP-FPM pod>",
                                "kubectl logs -n shop <PHP-FPM pod> -c <PHP-FPM container> (add --previous",
                                "kubectl delete pod -n shop <PHP-FPM pod> (its controller starts a new one)",
                                "came from container nginx of pod web-7d9f (namespace shop)")),
                Arguments.of("the json-file driver's own file",
                        "/var/lib/docker/containers/fb25300c728ecd091f3bb48202d22db4f86f1b920ac1bf71ae1ce51bbe979b9b/"
                                + "fb25300c728ecd091f3bb48202d22db4f86f1b920ac1bf71ae1ce51bbe979b9b-json.log",
                        "docker", null, null,
                        List.of("docker container fb25300c728e", "docker restart <PHP-FPM container>",
                                "docker logs <PHP-FPM container>", "docker top <PHP-FPM container>")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimes")
    void hostCommandsBecomeTheRuntimesForTheContainerOfTheSoftware(String what, String file, String runtime,
                                                                   String web, String php, List<String> expected) {
        Evidence nginx = line(file, NGINX, runtime, web);
        RankedCause c = cause(HOST_STEPS, nginx);
        List<RankedCause> causes = php == null ? List.of(c)
                : List.of(c, cause(List.of(), line(file, FPM, runtime, php)));
        RankedCause adapted = ContainerAdvice.adapt(causes).get(0);
        String all = String.join("\n", adapted.remediation()) + "\n" + String.join("\n", adapted.confirmWith());
        for (String e : expected) {
            assertTrue(all.contains(e), () -> "missing '" + e + "' in:\n" + all);
        }
        assertFalse(all.contains("systemctl restart") || all.contains("systemctl status")
                || all.contains("journalctl -u"), all);
        assertTrue(adapted.remediation().get(0).startsWith("The log lines behind this came from "), all);
        assertEquals(c.evidence(), adapted.evidence());
    }

    @Test
    void theContainerOfAPhpFpmLineIsNamedAsTheSourceOfItsCause() {
        RankedCause c = cause(HOST_STEPS, line("/var/log/containers/php-5c7b_shop_fpm-"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.log", FPM, "kubernetes", null));
        List<String> steps = ContainerAdvice.adapt(List.of(c)).get(0).remediation();
        assertTrue(steps.get(0).startsWith("The log lines behind this came from container fpm of pod php-5c7b"
                + " (namespace shop)"), steps.get(0));
        assertTrue(steps.contains("Start PHP-FPM again (kubectl delete pod -n shop php-5c7b (its controller starts a new"
                + " one)): it removes the stale file."), steps.toString());
        assertTrue(steps.contains("Find out why the master died: PHP-FPM's log, 'kubectl logs -n shop php-5c7b -c fpm"
                + " (add --previous for the run before a restart)', and the kernel log."), steps.toString());
    }

    @Test
    void causesWithoutContainerEvidenceAreLeftAsTheyAre() {
        List<RankedCause> causes = List.of(cause(HOST_STEPS, line("/var/log/nginx/error.log", NGINX, null, null)));
        assertSame(causes, ContainerAdvice.adapt(causes));
    }

    @Test
    void onlyTheCausesWhoseLinesCameFromContainersChange() {
        RankedCause host = cause(HOST_STEPS, line("/var/log/nginx/error.log", NGINX, null, null));
        RankedCause boxed = cause(HOST_STEPS, line("paste.txt", FPM, "docker-compose", "php-1"));
        List<RankedCause> out = ContainerAdvice.adapt(List.of(host, boxed));
        assertEquals(HOST_STEPS, out.get(0).remediation());
        assertTrue(out.get(1).remediation().contains("Start PHP-FPM again (docker compose restart php): it removes the"
                + " stale file."), out.get(1).remediation().toString());
    }

    @Test
    void proseNamingTheServersIsNotACommand() {
        String prose = "nginx answers 502 when PHP-FPM is not there; compare nginx's fastcgi_pass with the pool's listen.";
        RankedCause c = cause(List.of(prose), line("paste.txt", NGINX, "docker-compose", "web-1"));
        assertTrue(ContainerAdvice.adapt(List.of(c)).get(0).remediation().contains(prose));
    }
}
