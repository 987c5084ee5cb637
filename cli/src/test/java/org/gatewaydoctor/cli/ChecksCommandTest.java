package org.gatewaydoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.gatewaydoctor.cli.internal.Terminal;
import org.junit.jupiter.api.Test;

/** {@code gateway-doctor checks}. */
class ChecksCommandTest {

    @Test
    void listsIdsLayersModulesAndTitles() {
        CliRunner.Result r = CliRunner.run(CliRunner.checks(FakeCheck.passing("fake.a"),
                FakeCheck.failing("fake.fpm")), "checks");

        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].matches("ID +LAYER +MODULE +VERSION +TITLE +DEPENDS ON"), lines[0]);
        assertTrue(lines[1].matches("fake\\.a +proxy +\\S+ +\\S+ +fake check fake\\.a +-"), lines[1]);
        assertTrue(lines[2].matches("fake\\.fpm +php-fpm +\\S+ +\\S+ +fake check fake\\.fpm +-"), lines[2]);
        assertTrue(r.out().endsWith("\n2 checks from 1 module.\n"), r.out());
    }

    @Test
    void listsChecksAsJson() throws Exception {
        CliRunner.Result r = CliRunner.run(CliRunner.checks(FakeCheck.passing("fake.a")), "checks", "--format", "json");

        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(0, r.exitCode());
        assertEquals("fake.a", json.get("checks").get(0).get("id").asText());
        assertEquals("PROXY", json.get("checks").get(0).get("layer").asText());
        assertEquals(0, json.get("discoveryIssues").size());
    }

    @Test
    void reportsDiscoveryIssuesOnStderrAndExitsOne() {
        CliRunner.Result r = CliRunner.run(CliRunner.checks(FakeCheck.passing("fake.a"), FakeCheck.passing("fake.a")),
                "checks");

        assertEquals(1, r.exitCode());
        assertTrue(r.out().contains("fake.a"), r.out());
        assertTrue(r.err().startsWith("gateway-doctor: duplicate id: Two checks have the id 'fake.a'"), r.err());
    }

    @Test
    void exitsThreeWithoutAnyCheck() {
        CliRunner.Result r = CliRunner.run(Terminal.plain(), b -> b.discover(false), "checks");

        assertEquals(3, r.exitCode());
        assertTrue(r.out().startsWith("No checks found."), r.out());
        assertTrue(r.err().contains("No checks were found."), r.err());
    }
}
