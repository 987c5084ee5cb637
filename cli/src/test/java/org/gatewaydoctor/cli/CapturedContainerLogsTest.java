package org.gatewaydoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Container logs as real runtimes wrote them ({@code src/test/resources/reallogs/captured}: podman's k8s-file
 * driver, dockerd's json-file driver, the old docker-compose's coloured bars with and without a terminal's CR LF;
 * see its README), and real posted compose excerpts, through {@code diagnose --logs} as a user runs it: the cause,
 * the container named as the evidence's origin, and advice in the runtime's commands instead of the host's
 * {@code systemctl}.
 */
class CapturedContainerLogsTest {

    @TempDir
    static Path dir;

    static Stream<Arguments> captures() {
        return Stream.of(
                Arguments.of("podman-k8s-file-web.log", "phpfpm.worker_crash", "podman", null,
                        List.of("came from a podman container")),
                Arguments.of("podman-k8s-file-php.log", "phpfpm.request_timeout", "podman", null,
                        List.of("came from a podman container")),
                Arguments.of("docker-json-file-web.log", "phpfpm.down", "docker", null,
                        List.of("came from a docker container", "docker restart <PHP-FPM container>",
                                "docker update --restart=unless-stopped <PHP-FPM container>")),
                Arguments.of("docker-compose-v1-colour.txt", "phpfpm.request_timeout", "docker-compose", "php_1",
                        List.of("came from docker-compose service web and docker-compose service php")),
                Arguments.of("docker-compose-v1-terminal-crlf.txt", "phpfpm.request_timeout", "docker-compose", "php_1",
                        List.of("came from docker-compose service web and docker-compose service php")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void aCapturedContainerLogNamesItsCauseItsContainerAndTheRuntimesCommands(String file, String cause,
            String runtime, String container, List<String> advice) throws IOException {
        Path copy = dir.resolve(file);
        try (InputStream in = getClass().getResourceAsStream("/reallogs/captured/" + file)) {
            Files.write(copy, in.readAllBytes());
        }
        for (JsonNode top : List.of(top(new ByteArrayInputStream(new byte[0]), "--logs", copy.toString()),
                top(new ByteArrayInputStream(Files.readAllBytes(copy)), "--logs", "-"))) {
            assertEquals(cause, top.path("code").asText(), top.toString());
            JsonNode origin = null;
            for (JsonNode e : top.path("evidence")) {
                if (e.has("origin")) {
                    origin = e.path("origin");
                    if (container == null || container.equals(origin.path("name").asText())) {
                        break;
                    }
                }
            }
            assertTrue(origin != null, "no evidence names its container: " + top.path("evidence"));
            assertEquals(runtime, origin.path("runtime").asText());
            if (container != null) {
                assertEquals(container, origin.path("name").asText(), top.path("evidence").toString());
            }
            String steps = steps(top);
            for (String a : advice) {
                assertTrue(steps.contains(a), () -> "missing '" + a + "' in " + steps);
            }
            assertNoHostCommands(steps);
        }
    }

    @Test
    void aPastedComposeExcerptGetsComposeCommandsForThePhpFpmService() {
        // Sylius/Sylius-Standard#371 (corpus.txt): nginx in docker compose, its PHP-FPM container not up yet; with
        // the PHP-FPM service's line of mailcow/mailcow-dockerized#1922's kind pasted after it (php-fpm-mailcow_1)
        String paste = "> nginx_1    | 2019/09/16 23:46:10 [error] 6#6: *1 connect() failed (111: Connection refused)"
                + " while connecting to upstream, client: 172.20.0.1, server: , request: \"GET / HTTP/1.1\", upstream:"
                + " \"fastcgi://172.20.0.4:9000\", host: \"127.0.0.1\"\n";
        String steps = steps(pasted(paste));
        assertTrue(steps.contains("came from docker-compose service nginx"), steps);
        assertNoHostCommands(steps);
        assertTrue(steps.contains("docker-compose ps <PHP-FPM service>") || steps.contains("docker-compose restart"
                + " <PHP-FPM service>"), steps);
    }

    @Test
    void aPlainHostLogKeepsTheHostsCommands() {
        String line = "2019/09/16 23:46:10 [crit] 6#6: *1 connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such"
                + " file or directory) while connecting to upstream, client: 172.20.0.1, server: , request: \"GET /"
                + " HTTP/1.1\", upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock:\", host: \"127.0.0.1\"\n";
        JsonNode top = pasted(line);
        String steps = top.path("remediation").toString();
        assertTrue(steps.contains("systemctl"), steps);
        assertFalse(steps.contains("docker") || steps.contains("came from"), steps);
        top.path("evidence").forEach(e -> assertFalse(e.has("origin"), e.toString()));
    }

    /** {@code diagnose --logs -} with {@code text} on standard input: the first cause. */
    private static JsonNode pasted(String text) {
        return top(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "--logs", "-");
    }

    /** What a cause tells the user to do, and to confirm it with. */
    private static String steps(JsonNode top) {
        return top.path("remediation").toString() + top.path("confirmWith");
    }

    /** The host's service manager's commands, which do not reach a service in a container. */
    private static void assertNoHostCommands(String steps) {
        assertFalse(steps.contains("systemctl status") || steps.contains("systemctl restart")
                || steps.contains("systemctl start") || steps.contains("journalctl -u"), steps);
    }

    /** Runs {@code diagnose ARGS --format json} with the real check modules and signatures; the first cause. */
    private static JsonNode top(InputStream stdin, String... args) {
        JsonNode causes = DiagnoseJson.run(stdin, args).path("causes");
        assertTrue(causes.isArray() && causes.size() > 0, "no cause: " + causes);
        return causes.get(0);
    }
}
