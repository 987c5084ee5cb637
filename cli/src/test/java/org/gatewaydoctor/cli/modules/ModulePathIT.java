package org.gatewaydoctor.cli.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The CLI started from the module path ({@code java --module-path ... -m org.gatewaydoctor.cli/...}), as a
 * modular application would run it: its checks are found through the modules' {@code provides} clauses alone (the
 * module system ignores META-INF/services in named modules), and must be the same as from the class path.
 */
class ModulePathIT {

    private static final String MAIN = "org.gatewaydoctor.cli.Main";

    private record Run(int code, String out, String err) {
    }

    @Test
    void findsEveryCheckOnTheModulePathAsOnTheClassPath() throws Exception {
        Run modular = java(List.of("--module-path", RuntimePath.joined(RuntimePath.entries()), "-m",
                "org.gatewaydoctor.cli/" + MAIN), "checks", "--format", "json");
        Run classic = java(List.of("-cp", RuntimePath.joined(RuntimePath.entries()), MAIN), "checks", "--format", "json");

        assertEquals(0, modular.code(), modular.err());
        assertEquals(0, classic.code(), classic.err());
        Set<String> onModulePath = ids(modular.out());
        Set<String> onClassPath = ids(classic.out());
        assertEquals(onClassPath, onModulePath);
        // Not just the ids: layer, title, dependencies, module jar and version read the same on both paths.
        assertEquals(new ObjectMapper().readTree(classic.out()), new ObjectMapper().readTree(modular.out()));
        assertTrue(onModulePath.containsAll(Set.of("dns.names", "http.probe", "phpfpm.log", "wordpress.database")),
                "checks of all four check modules (phpfpm's only through service binding): " + onModulePath);
        assertEquals(0, new ObjectMapper().readTree(modular.out()).path("discoveryIssues").size(), modular.out());
    }

    @Test
    void diagnosesTheBundledExampleAsJsonFromTheModulePath() throws Exception {
        Run r = java(List.of("--module-path", RuntimePath.joined(RuntimePath.entries()), "-m",
                "org.gatewaydoctor.cli/" + MAIN), "diagnose", "--example", "--format", "json");

        assertEquals(2, r.code(), "the bundled example is a failing site\n" + r.err());
        assertFalse(r.err().contains("InaccessibleObjectException"), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("FAILING", json.path("verdict").asText());
        assertFalse(json.path("causes").path(0).path("code").asText().isEmpty(), r.out());
    }

    /**
     * On the module path the probe finds checks-dns' {@code NameResolver} through its {@code uses} clause: a name
     * under {@code .invalid} is NXDOMAIN by RFC 6761 there (nothing is asked), and the probe reports it under
     * {@code dns.nxdomain}. Without the provider the probe would ask the JVM's resolver, which this run points at
     * an empty hosts file ({@code jdk.net.hosts.file}), so no DNS question leaves the machine either way.
     */
    @Test
    void theProbeResolvesThroughTheDnsModulesNameResolverOnTheModulePath() throws Exception {
        Path hosts = Files.createTempFile("gateway-doctor-modules-hosts", "");
        try {
            Run r = java(List.of("-Djdk.net.hosts.file=" + hosts, "--module-path",
                            RuntimePath.joined(RuntimePath.entries()), "-m", "org.gatewaydoctor.cli/" + MAIN),
                    "diagnose", "--url", "http://shop.gone.invalid:8080/", "--only", "http.probe", "--format", "json");
            JsonNode json = new ObjectMapper().readTree(r.out());
            assertEquals("dns.nxdomain", json.path("causes").path(0).path("code").asText(), r.out() + r.err());
            assertTrue(json.path("causes").path(0).path("summary").asText().contains("RFC 6761"), r.out());
        } finally {
            Files.deleteIfExists(hosts);
        }
    }

    private static Set<String> ids(String json) throws IOException {
        Set<String> ids = new TreeSet<>();
        for (JsonNode c : new ObjectMapper().readTree(json).path("checks")) {
            ids.add(c.path("id").asText());
        }
        return ids;
    }

    private static Run java(List<String> launch, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(launch);
        command.addAll(List.of(args));
        Path out = Files.createTempFile("gateway-doctor-modules-", ".out");
        Path err = Files.createTempFile("gateway-doctor-modules-", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("gateway-doctor did not finish within 120 s: " + command);
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
