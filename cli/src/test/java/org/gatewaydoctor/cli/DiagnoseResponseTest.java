package org.gatewaydoctor.cli;

import static org.gatewaydoctor.cli.ScanFixtures.CATALOG;
import static org.gatewaydoctor.cli.ScanFixtures.CLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;
import org.gatewaydoctor.checks.http.edge.ErrorPageCheck;
import org.gatewaydoctor.json.DiagnosisJson;
import org.gatewaydoctor.spi.Check;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diagnose --response FILE|-}: a saved error response attributed offline. */
class DiagnoseResponseTest {

    /** A Cloudflare 522 as a user saves it with curl -si over HTTP/2 (status line and headers in curl's lower case). */
    static final String CLOUDFLARE_522 = "HTTP/2 522 \r\n"
            + "date: Mon, 07 Dec 2026 05:10:00 GMT\r\n"
            + "content-type: text/html; charset=UTF-8\r\n"
            + "set-cookie: session=CANARY-cookie-7f3a; path=/; HttpOnly\r\n"
            + "server: cloudflare\r\n"
            + "cf-ray: 8ecd1a2b3c4d5e6f-FRA\r\n"
            + "\r\n"
            + "<!DOCTYPE html><html><head><title>shop.example.org | 522: Connection timed out</title></head><body>"
            + "<h1><span>Connection timed out</span> <span>Error code 522</span></h1>"
            + "<p>Visit <a href=\"https://www.cloudflare.com/5xx-error-landing\">cloudflare.com</a> for more information.</p>"
            + "<p>Cloudflare Ray ID: <strong>8ecd1a2b3c4d5e6f</strong></p></body></html>\r\n";

    @TempDir
    Path dir;

    private static CliRunner.Result diagnose(String stdin, String... args) {
        String[] all = Stream.concat(Stream.of("diagnose"), Arrays.stream(args)).toArray(String[]::new);
        return CliRunner.run(CliRunner.checks(new Check[] {new ErrorPageCheck()}),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), CLOCK, CATALOG, all);
    }

    @Test
    void attributesASavedCloudflarePageToTheEdgeWithItsCauseInJson() throws Exception {
        Path saved = Files.writeString(dir.resolve("522.txt"), CLOUDFLARE_522);

        CliRunner.Result r = diagnose("", "--response", saved.toString(), "--format", "json");

        assertEquals(2, r.exitCode(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        JsonNode source = json.get("errorSource");
        assertNotNull(source, r.out());
        assertEquals("cloudflare", source.get("vendor").asText());
        assertEquals("edge", source.get("hop").asText());
        assertEquals(522, source.get("status").asInt());
        assertEquals("8ecd1a2b3c4d5e6f-FRA", source.get("reference").asText());
        assertFalse(source.has("relayedBy"));
        assertEquals("edge.origin_unreachable", json.get("causes").get(0).get("code").asText());
        assertEquals("EDGE", json.get("failingLayer").asText());
        try (InputStream schemaText = DiagnosisJson.schema()) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaText);
            assertEquals(Set.of(), schema.validate(json));
        }
        assertFalse(r.out().contains("CANARY"), "the cookie never reaches the output");
    }

    @Test
    void textOutputNamesWhoWroteThePageAndTheRayIdToQuote() throws Exception {
        Path saved = Files.writeString(dir.resolve("522.txt"), CLOUDFLARE_522);

        CliRunner.Result r = diagnose("", "--response", saved.toString(), "--no-color");

        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.out().contains("Error page: 522 written by cloudflare (edge, 95% sure); quote 8ecd1a2b3c4d5e6f-FRA"
                + " to its support"), r.out());
        assertTrue(r.out().contains("Most likely cause: edge.origin_unreachable"), r.out());
        assertFalse(r.out().contains("CANARY"), r.out());
    }

    @Test
    void dashReadsTheResponseFromStandardInputAndDeletesTheCopy() throws Exception {
        CliRunner.Result r = diagnose(CLOUDFLARE_522, "--response", "-", "--format", "json");

        assertEquals(2, r.exitCode(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("cloudflare", json.get("errorSource").get("vendor").asText());
        Path copy = Path.of(json.get("target").get("options").get(ErrorPageCheck.OPTION).asText());
        assertFalse(Files.exists(copy), "the temporary copy is deleted after the diagnosis");
        assertFalse(Files.exists(copy.getParent()));
    }

    @Test
    void standardInputLargerThanTheLimitIsAUsageErrorNamingIt() {
        String huge = "x".repeat((16 << 20) + 1);

        CliRunner.Result r = diagnose(huge, "--response", "-");

        assertEquals(3, r.exitCode());
        assertTrue(r.err().contains("--response -: standard input is larger than 16 MiB"), r.err());
    }

    @Test
    void aMissingFileIsAUsageError() {
        CliRunner.Result r = diagnose("", "--response", dir.resolve("nope.txt").toString());

        assertEquals(3, r.exitCode());
        assertTrue(r.err().contains("--response " + dir.resolve("nope.txt") + ": no such file"), r.err());
    }

    @Test
    void standardInputCannotFeedBothResponseAndLogs() {
        CliRunner.Result r = diagnose(CLOUDFLARE_522, "--response", "-", "--logs", "-");

        assertEquals(3, r.exitCode());
        assertTrue(r.err().contains("both want standard input"), r.err());
    }

    @Test
    void aResponseThatIsNotAnErrorPasses() throws Exception {
        Path saved = Files.writeString(dir.resolve("200.txt"), "HTTP/1.1 200 OK\r\nserver: nginx\r\n\r\n<html>hello</html>");

        CliRunner.Result r = diagnose("", "--response", saved.toString(), "--format", "json");

        assertEquals(0, r.exitCode(), r.out());
        assertFalse(new ObjectMapper().readTree(r.out()).has("errorSource"), r.out());
    }
}
