package org.gatewaydoctor.cli;

import static org.gatewaydoctor.cli.ScanFixtures.CATALOG;
import static org.gatewaydoctor.cli.ScanFixtures.CLOCK;
import static org.gatewaydoctor.cli.ScanFixtures.FPM;
import static org.gatewaydoctor.cli.ScanFixtures.NGINX_ERROR;
import static org.gatewaydoctor.cli.ScanFixtures.QUIET;
import static org.gatewaydoctor.cli.ScanFixtures.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gatewaydoctor.cli.internal.Terminal;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.spi.Check;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gateway-doctor scan} on small nginx and PHP-FPM logs, with a fixed catalogue and clock. */
class ScanCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path nginxError;
    private Path fpmLog;

    @BeforeEach
    void writeLogs() throws IOException {
        nginxError = Files.writeString(Files.createDirectories(dir.resolve("nginx")).resolve("error.log"), NGINX_ERROR);
        fpmLog = Files.writeString(dir.resolve("php8.2-fpm.log"), FPM);
    }

    static CliRunner.Result scan(String... args) {
        return scan(ScanFixtures.noStdin(), CATALOG, args);
    }

    static CliRunner.Result scan(InputStream stdin, SignatureCatalog catalog, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "scan";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRunner.run(new Check[0], stdin, CLOCK, catalog, all);
    }

    // ---------------------------------------------------------------- text

    @Test
    void textLeadsWithWhatWasFoundAndWhatVisitorsGot() {
        CliRunner.Result r = scan("--logs", dir.toString());

        assertEquals(2, r.exitCode(), r.err());
        assertEquals("Found 3 known failure signatures — 6 matches; visitors got 502 ×3, 504 ×1.", r.firstLine());
        assertTrue(r.out().lines().skip(1).findFirst().orElseThrow().startsWith("Read 2 sources, "), r.out());
        assertEquals("", r.err(), "nothing to note");
    }

    @Test
    void textShowsEachSignatureWithCountMeaningFieldsAndSamples() {
        CliRunner.Result r = scan("--logs", dir.toString());

        List<String> lines = r.out().lines().toList();
        int at = lines.indexOf("test.nginx-connect-eagain  ×3  (proxy, visitors get 502)");
        assertTrue(at > 0, r.out());
        assertEquals("  nginx could not connect: the socket's backlog is full  → phpfpm.pool_exhausted",
                lines.get(at + 1));
        assertTrue(r.out().contains("\n  upstream: unix:/run/php/php8.2-fpm.sock ×3\n"), r.out());
        assertTrue(r.out().contains("\n  errno: 11 ×3\n"), r.out());
        assertTrue(r.out().contains("\n  plugin: acme-related-posts ×1\n"), "derived from the request path: " + r.out());
        String third = NGINX_ERROR.lines().toList().get(2);
        assertTrue(r.out().contains("\n  " + nginxError + ":3  " + third.substring(0, 199) + "…\n"),
                "sample with file:line, cut at 200 characters: " + r.out());
        assertTrue(r.out().contains("\ntest.fpm-max-children  ×2  (php-fpm)\n  the pool ran out of workers  → "
                + "phpfpm.pool_exhausted\n"), r.out());
        assertTrue(r.out().contains("\n  pool: www ×2\n"), r.out());
        assertTrue(r.out().contains("\n  " + fpmLog + ":5  [21-Nov-2026 09:16:07] WARNING: [pool www] server reached "
                + "pm.max_children setting (5), consider raising it\n"), r.out());
        assertTrue(r.out().contains("\ntest.nginx-upstream-timed-out  ×1  (proxy, visitors get 504)\n"), r.out());
    }

    @Test
    void textListsWhatWasRead() {
        CliRunner.Result r = scan("--logs", dir.toString());

        String read = r.out().substring(r.out().indexOf("\nRead:\n") + 1);
        assertTrue(read.contains(nginxError.toString()), read);
        assertTrue(read.contains(fpmLog.toString()), read);
        assertTrue(read.contains(" 6 lines\n"), "the FPM log's lines: " + read);
    }

    @Test
    void sayNothingFoundWhenNoSignatureOccurs() throws IOException {
        Path quiet = Files.writeString(dir.resolve("quiet.log"), QUIET);

        CliRunner.Result r = scan("--logs", quiet.toString());

        assertEquals(0, r.exitCode(), r.err());
        assertEquals("Nothing found — none of 3 known failure signatures occurs in the logs read.", r.firstLine());
        assertFalse(r.out().contains("Timeline"), r.out());
    }

    @Test
    void asciiTerminalsGetNoTypographicCharacters() {
        CliRunner.Result r = CliRunner.run(new Terminal(false, false, Map.of()), new Check[0], ScanFixtures.noStdin(),
                CLOCK, SignatureCatalog.of(List.of()), "scan", "--logs", dir.toString(), "--signatures",
                writeSignatureFile().toString());

        assertTrue(r.out().contains("test.json-fpm-max-children  x2"), r.out());
        assertFalse(r.out().contains("×") || r.out().contains("—") || r.out().contains("…") || r.out().contains("→"),
                r.out());
    }

    // ---------------------------------------------------------------- json

    @Test
    void jsonHasTheRequiredFields() throws Exception {
        CliRunner.Result r = scan("--logs", dir.toString(), "--format", "json");

        assertEquals(2, r.exitCode(), r.err());
        JsonNode json = JSON.readTree(r.out());
        assertEquals(1, json.get("schemaVersion").asInt());
        assertEquals(Files.size(nginxError) + Files.size(fpmLog), json.get("bytesScanned").asLong());
        assertEquals(NGINX_ERROR.lines().count() + FPM.lines().count(), json.get("linesScanned").asLong());
        assertTrue(json.get("elapsedMillis").isIntegralNumber());
        assertTrue(json.get("complete").asBoolean());
        assertEquals(3, json.get("signaturesSearched").asInt());
        assertEquals(6, json.get("matches").asInt());
        assertEquals(List.of(dir.toString()), texts(json.get("sources")));

        JsonNode eagain = signature(json, "test.nginx-connect-eagain");
        assertEquals("PROXY", eagain.get("layer").asText());
        assertEquals(3, eagain.get("count").asInt());
        assertEquals(502, eagain.get("httpStatus").asInt());
        assertEquals(List.of("phpfpm.pool_exhausted"), texts(eagain.get("causes")));
        assertEquals("nginx could not connect: the socket's backlog is full", eagain.get("title").asText());
        assertEquals("failed (11: Resource temporarily unavailable)", eagain.get("literal").asText());
        assertEquals(ScanFixtures.EAGAIN.pattern().pattern(), eagain.get("pattern").asText(),
                "the pattern is written as its text");
        assertTrue(eagain.has("firstSeen") && eagain.has("lastSeen"), eagain.toString());
        JsonNode sample = eagain.get("samples").get(0);
        assertEquals(nginxError.toString(), sample.get("file").asText());
        assertEquals(3, sample.get("line").asInt());
        assertTrue(sample.get("text").asText().startsWith("2026/11/21 09:14:03 [error] 1022#1022: *41631 connect()"));
        assertEquals(3, eagain.get("samples").size());
        assertEquals(3, eagain.get("fields").get("upstream").get("unix:/run/php/php8.2-fpm.sock").asInt());
        assertEquals(1, eagain.get("fields").get("plugin").get("acme-related-posts").asInt());
        assertTrue(eagain.get("perMinute").isObject());

        JsonNode timeout = signature(json, "test.nginx-upstream-timed-out");
        assertTrue(timeout.get("pattern").isNull(), "no pattern: the literal decides");
        assertTrue(signature(json, "test.fpm-max-children").get("httpStatus").isNull());

        assertEquals(2, json.get("files").size());
        for (JsonNode f : json.get("files")) {
            assertTrue(f.get("complete").asBoolean());
            assertEquals(0, f.get("problems").size());
            assertTrue(f.get("formats").isObject());
        }
        assertTrue(json.get("timeline").isArray());
        assertEquals(0, json.get("problems").size());
    }

    @Test
    void jsonMatchesItsSchema() throws Exception {
        CliRunner.Result r = scan("--logs", dir.toString(), nginxError.toString(), "--format", "json");
        CliRunner.Result nothing = scan("--logs", dir.resolve("missing.log").toString(), fpmLog.toString(),
                "--only", "test.nginx", "--format", "json");

        try (InputStream schemaText = ScanCommandTest.class.getResourceAsStream("scan.schema.json")) {
            assertNotNull(schemaText);
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaText);
            assertEquals(Set.of(), schema.validate(JSON.readTree(r.out())));
            Set<ValidationMessage> problems = schema.validate(JSON.readTree(nothing.out()));
            assertEquals(Set.of(), problems, nothing.out());
        }
    }

    @Test
    void jsonIsPlainJsonOnStdoutWithAnEndingLineBreak() throws Exception {
        CliRunner.Result r = scan("--logs", dir.toString(), "--format", "json");

        assertTrue(r.out().startsWith("{\n  \"schemaVersion\" : 1,"), r.out());
        assertTrue(r.out().endsWith("}\n"));
        assertEquals(JSON.readTree(r.out()), JSON.readTree(JSON.writeValueAsString(JSON.readTree(r.out()))));
    }

    @Test
    void noSecretReachesAnyOutput() {
        for (String format : List.of("text", "json")) {
            CliRunner.Result r = scan("--logs", dir.toString(), "--format", format, "--timeline", "50");

            assertFalse(r.out().contains(SECRET) || r.err().contains(SECRET), format + ": " + r.out());
        }
        CliRunner.Result json = scan("--logs", dir.toString(), "--format", "json");
        assertTrue(json.out().contains("related.php?token=[REDACTED]"), json.out());
    }

    // ---------------------------------------------------------------- exit codes

    @Test
    void exitCodes() throws IOException {
        Path quiet = Files.writeString(dir.resolve("quiet.log"), QUIET);

        assertEquals(0, scan("--logs", quiet.toString()).exitCode(), "nothing matched");
        assertEquals(1, scan("--logs", fpmLog.toString()).exitCode(), "matches that imply no 5xx");
        assertEquals(2, scan("--logs", nginxError.toString()).exitCode(), "a match that implies a 5xx");
        assertEquals(2, scan("--logs", fpmLog.toString(), nginxError.toString()).exitCode(), "5xx wins");
        assertEquals(3, scan("--logs", dir.resolve("missing.log").toString()).exitCode(), "nothing readable");
        assertEquals(3, scan("--logs", fpmLog.toString(), "--bogus").exitCode(), "usage error");
        for (String format : List.of("text", "json")) {
            assertEquals(1, scan("--logs", fpmLog.toString(), "--format", format).exitCode(), format);
        }
    }

    @Test
    void aMissingFileIsANoteWhenOthersCanBeRead() {
        Path missing = dir.resolve("missing.log");

        CliRunner.Result r = scan("--logs", missing.toString(), fpmLog.toString());

        assertEquals(1, r.exitCode(), r.err());
        assertEquals("gateway-doctor: " + missing + ": no such file or directory\n", r.err());
        assertTrue(r.out().startsWith("Found 1 known failure signature — 2 matches."), r.out());
    }

    @Test
    void nothingReadableExitsThreeWithAClearMessage() {
        Path missing = dir.resolve("missing.log");

        CliRunner.Result text = scan("--logs", missing.toString(), dir.resolve("nothing-*.log").toString());
        CliRunner.Result json = scan("--logs", missing.toString(), "--format", "json");

        assertEquals(3, text.exitCode());
        assertEquals("", text.out(), "no report of nothing");
        assertTrue(text.err().contains("gateway-doctor: " + missing + ": no such file or directory\n"), text.err());
        assertTrue(text.err().contains(": no file matches this pattern\n"), text.err());
        assertTrue(text.err().endsWith("gateway-doctor: nothing could be read from " + missing + ", "
                + dir.resolve("nothing-*.log") + "\n"), text.err());
        assertEquals(3, json.exitCode());
        assertTrue(json.out().contains("\"problems\" : [ \"" + missing + ": no such file or directory\" ]"),
                "the document still says why: " + json.out());
    }

    @Test
    void anEmptyDirectoryHasNothingToRead() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        assertEquals(3, scan("--logs", empty.toString()).exitCode());
    }

    @Test
    void anEmptyFileIsReadAndHoldsNothing() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.log"), "");

        CliRunner.Result r = scan("--logs", empty.toString());

        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains(empty + "  empty"), r.out());
    }

    @Test
    void binaryGarbageNulBytesAndInvalidUtf8AreNoProblem() throws IOException {
        byte[] line = ("2026/11/21 09:14:03 [error] 1022#1022: *1 connect() to unix:/run/php/php8.2-fpm.sock failed "
                + "(11: Resource temporarily unavailable) while connecting to upstream\n").getBytes(StandardCharsets.UTF_8);
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        byte[] all = new byte[garbage.length + line.length + 3];
        System.arraycopy(garbage, 0, all, 0, garbage.length);
        all[garbage.length] = '\n';
        all[garbage.length + 1] = 0;
        all[garbage.length + 2] = (byte) 0xC3;
        System.arraycopy(line, 0, all, garbage.length + 3, line.length);
        Path hostile = Files.write(dir.resolve("hostile.log"), all);

        CliRunner.Result r = scan("--logs", hostile.toString(), "--format", "json");

        assertEquals(2, r.exitCode(), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals(1, signature(readJson(r), "test.nginx-connect-eagain").get("count").asInt());
    }

    // ---------------------------------------------------------------- standard input

    @Test
    void readsStandardInputForDash() throws Exception {
        CliRunner.Result r = scan(ScanFixtures.stdin(NGINX_ERROR), CATALOG, "--logs", "-", "--format", "json");

        assertEquals(2, r.exitCode(), r.err());
        JsonNode json = JSON.readTree(r.out());
        assertEquals(List.of("-"), texts(json.get("sources")));
        assertEquals("-", json.get("files").get(0).get("path").asText());
        JsonNode eagain = signature(json, "test.nginx-connect-eagain");
        assertEquals(3, eagain.get("count").asInt());
        assertEquals("-", eagain.get("samples").get(0).get("file").asText());
        assertEquals(3, eagain.get("samples").get(0).get("line").asInt());
    }

    @Test
    void readsGzippedStandardInput() throws Exception {
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(FPM.getBytes(StandardCharsets.UTF_8));
        }

        CliRunner.Result r = scan(new java.io.ByteArrayInputStream(gz.toByteArray()), CATALOG, "--logs", "-");

        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.out().contains("test.fpm-max-children  ×2"), r.out());
    }

    @Test
    void standardInputAndFilesMakeOneResultPerSignature() throws Exception {
        CliRunner.Result r = scan(ScanFixtures.stdin(NGINX_ERROR), CATALOG, "--logs", nginxError.toString(), "-",
                fpmLog.toString(), "--format", "json");

        JsonNode json = JSON.readTree(r.out());
        List<String> ids = new ArrayList<>();
        json.get("signatures").forEach(s -> ids.add(s.get("id").asText()));
        assertEquals(List.of("test.nginx-connect-eagain", "test.fpm-max-children", "test.nginx-upstream-timed-out"),
                ids, "one entry per signature, by count");
        JsonNode eagain = signature(json, "test.nginx-connect-eagain");
        assertEquals(6, eagain.get("count").asInt());
        assertEquals(5, eagain.get("samples").size(), "at most five samples");
        assertEquals(6, eagain.get("fields").get("upstream").get("unix:/run/php/php8.2-fpm.sock").asInt());
        assertEquals(3, json.get("files").size());
        assertEquals(2L * Files.size(nginxError) + Files.size(fpmLog), json.get("bytesScanned").asLong());
        assertEquals(10, json.get("matches").asInt());
    }

    @Test
    void positionalPathsWorkLikeLogs() {
        assertEquals(2, scan(nginxError.toString()).exitCode());
    }

    @Test
    void aStandardInputLeftOpenEndsAtTheTimeout() throws Exception {
        InputStream openPipe = new SequenceInputStream(ScanFixtures.stdin(NGINX_ERROR), new Silent());

        CliRunner.Result r = scan(openPipe, CATALOG, "--logs", "-", "--timeout", "300ms");

        assertEquals(2, r.exitCode(), "what came before counts: " + r.err());
        assertTrue(r.out().contains("\nIncomplete: not every source was read to its end"), r.out());
        assertTrue(r.err().contains("gateway-doctor: -: standard input was still open after --timeout 300ms; scanned "
                + "the " + NGINX_ERROR.getBytes(StandardCharsets.UTF_8).length + " bytes that came before"), r.err());
    }

    @Test
    void anIncompleteScanThatFoundNothingIsInconclusive() throws Exception {
        InputStream openPipe = new SequenceInputStream(ScanFixtures.stdin(QUIET), new Silent());

        CliRunner.Result r = scan(openPipe, CATALOG, "--logs", "-", "--timeout", "200ms", "--format", "json");

        assertEquals(3, r.exitCode(), r.err());
        assertFalse(JSON.readTree(r.out()).get("complete").asBoolean());
        assertFalse(JSON.readTree(r.out()).get("files").get(0).get("complete").asBoolean());
    }

    /** A pipe whose writer never writes nor closes. */
    private static final class Silent extends InputStream {
        @Override
        public int read() throws IOException {
            try {
                Thread.sleep(Long.MAX_VALUE);
                return -1;
            } catch (InterruptedException e) {
                throw new InterruptedIOException("closed");
            }
        }
    }

    // ---------------------------------------------------------------- signatures

    private Path writeSignatureFile() {
        try {
            return Files.writeString(dir.resolve("more.json"), """
                    { "signatures": [ {
                        "id": "test.json-fpm-max-children", "layer": "PHP_FPM", "formats": [],
                        "literal": "server reached pm.max_children",
                        "pattern": "\\\\[pool (?<pool>[^\\\\]]+)\\\\]",
                        "httpStatus": 503, "causes": ["phpfpm.pool_exhausted"],
                        "title": "a pool is full (from a JSON file)" } ] }
                    """);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aSignatureFileAddsSignatures() throws Exception {
        SignatureCatalog onlyNginx = SignatureCatalog.of(List.of(ScanFixtures.EAGAIN));

        CliRunner.Result r = scan(ScanFixtures.noStdin(), onlyNginx, "--logs", fpmLog.toString(), "--signatures",
                writeSignatureFile().toString(), "--format", "json");

        assertEquals(2, r.exitCode(), "503 is a 5xx: " + r.err());
        JsonNode sig = signature(JSON.readTree(r.out()), "test.json-fpm-max-children");
        assertEquals(2, sig.get("count").asInt());
        assertEquals("\\[pool (?<pool>[^\\]]+)\\]", sig.get("pattern").asText());
        assertEquals(2, sig.get("fields").get("pool").get("www").asInt());
        assertEquals(2, JSON.readTree(r.out()).get("signaturesSearched").asInt());
    }

    @Test
    void aBrokenSignatureFileIsAUsageError() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{ \"signatures\": [ { \"id\": \"Not Valid\" } ] }");
        Path missing = dir.resolve("missing.json");

        CliRunner.Result r = scan("--logs", fpmLog.toString(), "--signatures", broken.toString());
        CliRunner.Result m = scan("--logs", fpmLog.toString(), "--signatures", missing.toString());

        assertEquals(3, r.exitCode());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("gateway-doctor: --signatures " + broken + ": not a valid signature file: "),
                r.err());
        assertEquals(3, m.exitCode());
        assertTrue(m.err().startsWith("gateway-doctor: --signatures " + missing + ": no such file\n"), m.err());
    }

    @Test
    void onlyAndSkipChooseSignaturesByIdPattern() {
        CliRunner.Result only = scan("--logs", dir.toString(), "--only", "test.fpm-*");
        CliRunner.Result prefix = scan("--logs", dir.toString(), "--only", "test.nginx-connect-eagain,test.fpm");
        CliRunner.Result skip = scan("--logs", dir.toString(), "--skip", "test.nginx-*");

        assertEquals(1, only.exitCode(), only.out());
        assertTrue(only.out().startsWith("Found 1 known failure signature — 2 matches."), only.out());
        assertFalse(only.out().contains("test.nginx"), only.out());
        assertTrue(prefix.out().startsWith("Found 2 known failure signatures — 5 matches;"), prefix.out());
        assertEquals(1, skip.exitCode());
        assertTrue(skip.out().contains("test.fpm-max-children"), skip.out());
        assertFalse(skip.out().contains("test.nginx"), skip.out());
    }

    @Test
    void filtersThatLeaveNothingAreAUsageError() {
        CliRunner.Result r = scan("--logs", dir.toString(), "--only", "apache.*");

        assertEquals(3, r.exitCode());
        assertTrue(r.err().startsWith("gateway-doctor: no signature is left to look for: --only apache.* excludes all "
                + "3"), r.err());
    }

    @Test
    void noInstalledSignaturesIsInconclusive() {
        CliRunner.Result r = scan(ScanFixtures.noStdin(), SignatureCatalog.of(List.of()), "--logs", dir.toString());

        assertEquals(3, r.exitCode());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("gateway-doctor: no log signatures are installed"), r.err());
    }

    @Test
    void usageErrors() {
        assertUsage(scan(), "no logs to scan: give --logs PATH...");
        assertUsage(scan("--logs", fpmLog.toString(), "--format", "nagios"), "--format nagios is for 'diagnose'");
        assertUsage(scan("--logs", fpmLog.toString(), "--since", "later"), "--since 'later' is not a time");
        assertUsage(scan("--logs", fpmLog.toString(), "--since", "09:30", "--until", "09:00"),
                "--since 09:30 (2026-11-21 09:30:00 UTC) is after --until 09:00 (2026-11-21 09:00:00 UTC)");
        assertUsage(scan("--logs", fpmLog.toString(), "--only", " "), "--only needs a signature id pattern");
        assertUsage(scan("--logs", fpmLog.toString(), "--timeline", "-1"), "--timeline must be 0 or more");
        assertUsage(scan("--logs", fpmLog.toString(), "--timeout", "0s"), "'0s' is not a positive duration");
        assertUsage(scan("--logs", fpmLog.toString(), "--zone", "Mars/Olympus"), "unknown time zone 'Mars/Olympus'");
        assertUsage(scan("--logs", fpmLog.toString(), "--formt", "json"), "Unknown option: '--formt'");
    }

    @Test
    void valuesThatStartWithADashAreStillValues() {
        CliRunner.Result r = scan("--logs", fpmLog.toString(), "--zone", "-05:00", "--format", "json");

        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.out().contains("\"zone\" : \"-05:00\""), r.out());
    }

    private static void assertUsage(CliRunner.Result r, String message) {
        assertEquals(3, r.exitCode(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("gateway-doctor: ") && r.err().contains(message), r.err());
        assertTrue(r.err().contains("Try 'gateway-doctor scan --help' for more information."), r.err());
    }

    @Test
    void helpDocumentsTheExitCodesAndExitsZero() {
        CliRunner.Result r = scan("--help");

        assertEquals(0, r.exitCode());
        assertTrue(r.out().startsWith("Search logs for every known cause of 502s"), r.out());
        assertTrue(r.out().contains("\nUsage: gateway-doctor scan "), r.out());
        for (String option : List.of("--logs", "--format", "--since", "--until", "--around", "--window", "--zone",
                "--signatures", "--only", "--skip", "--timeout", "--timeline")) {
            assertTrue(r.out().contains(option), option + " in " + r.out());
        }
        assertTrue(r.out().contains("Exit codes: 0 nothing matched; 1 signatures matched"), r.out());
    }

    // ---------------------------------------------------------------- helpers

    static JsonNode signature(JsonNode json, String id) {
        for (JsonNode s : json.get("signatures")) {
            if (s.get("id").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError("no signature " + id + " in " + json);
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            out.add(it.next().asText());
        }
        return out;
    }

    private static JsonNode readJson(CliRunner.Result r) {
        try {
            return JSON.readTree(r.out());
        } catch (IOException e) {
            throw new AssertionError(r.out(), e);
        }
    }
}
