package org.gatewaydoctor.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.gatewaydoctor.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code benchmarks/real-logs.sh} with the real nginx and PHP-FPM of this machine's packages (on 127.0.0.1
 * and unix sockets), small: a few thousand requests at 5% matches. The log nginx wrote has one record per
 * request and the density the producer claims; the CLI's {@code scan --format json} (run in-process) finds
 * exactly the hits per signature the producer sent, every match kind among them; and the check that guards
 * the large logs rejects a log with a line nginx did not write. Nothing is timed.
 */
class RealLogsProducerTest {

    private static final double DENSITY = 5;

    @TempDir
    static Path dir;

    private static Path log;
    private static Properties counts;

    @BeforeAll
    static void produce() throws Exception {
        log = dir.resolve("real-5.log");
        ProcessBuilder pb = new ProcessBuilder("bash", "real-logs.sh", "--density", Double.toString(DENSITY),
                "--size", "1m", "--out", log.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("producer.out").toFile());
        // the test's class path holds RealLogLoad and RealLogCheck; the scan check is made here, in-process
        pb.environment().putAll(Map.of("CP", System.getProperty("java.class.path"), "CLI", "", "CHUNK", "1000",
                "SITES", "40", "CONNECTIONS", "8"));
        Process p = pb.start();
        boolean done = p.waitFor(5, TimeUnit.MINUTES);
        String out = Files.readString(dir.resolve("producer.out"));
        if (!done) {
            p.destroy();
        }
        assertTrue(done && p.exitValue() == 0, "real-logs.sh failed:\n" + out);
        counts = RealLogCheck.counts(Path.of(log + ".counts"));
    }

    @Test
    void nginxWroteOneRecordPerRequestAtTheDensityTheProducerClaims() throws Exception {
        RealLogCheck.Result r = RealLogCheck.check(log, counts, Set.of(), null);
        assertTrue(r.ok(), r.problems().toString());
        long requests = Long.parseLong(counts.getProperty("requests"));
        long matches = Long.parseLong(counts.getProperty("matches"));
        assertTrue(requests >= 1000, "a few thousand requests: " + requests);
        assertEquals(requests, Long.parseLong(r.summary().get("records")));
        // every chunk of 1,000 requests carries exactly 50 matches
        assertEquals(requests * DENSITY / 100, matches, 0.0);
        assertEquals("5.000", r.summary().get("density_percent"));
        // PHP's uncaught errors carry their stack trace on lines of their own; a third of the PHP errors 2-4 messages
        assertTrue(Long.parseLong(r.summary().get("stack_trace_lines")) > 0, r.summary().toString());
        assertTrue(Long.parseLong(r.summary().get("fastcgi_multi_message_records")) > 0, r.summary().toString());
        assertTrue(Files.readString(Path.of(log + ".meta")).contains("check: OK"));
    }

    @Test
    void theCliFindsExactlyTheHitsTheProducerSentPerSignature() throws Exception {
        Path json = scan(log);
        RealLogCheck.Result r = RealLogCheck.check(log, counts, Set.of(), json);
        assertTrue(r.ok(), r.problems().toString());
        assertEquals(counts.getProperty("matches"), r.summary().get("scan_matches"));
        // every kind of match was sent, and found
        for (String id : List.of("nginx.fastcgi-stderr-fatal", "nginx.fastcgi-stderr-memory", "nginx.fastcgi-stderr-parse",
                "nginx.connect-refused", "nginx.connect-enoent", "nginx.upstream-timed-out", "nginx.recv-reset")) {
            long expected = Long.parseLong(counts.getProperty("expect." + id, "0"));
            assertTrue(expected > 0, id + " was never sent: " + counts);
            assertTrue(r.summary().get("scan_signatures").contains(id + "=" + expected), r.summary().toString());
        }
    }

    @Test
    void aLineNginxDidNotWriteOrAMissingHitIsCaught() throws Exception {
        Path forged = dir.resolve("forged.log");
        Files.copy(log, forged);
        String first = Files.readAllLines(forged, StandardCharsets.ISO_8859_1).get(0);
        // a record in nginx's layout, but from no worker nginx ran, and one timeout more than was sent
        Files.writeString(forged, first.substring(0, 20) + "[error] 1#1: *9 upstream timed out (110: Connection timed out)"
                + " while reading response header from upstream, client: 192.0.2.1, server: site01.example\n",
                StandardCharsets.ISO_8859_1, StandardOpenOption.APPEND);
        String pids = RealLogCheck.check(log, counts, Set.of(), null).summary().get("nginx_worker_pids");
        Set<Long> workers = Set.of(Long.parseLong(pids.split(" ")[0]));
        RealLogCheck.Result r = RealLogCheck.check(forged, counts, workers, scan(forged));
        assertFalse(r.ok());
        String problems = String.join("\n", r.problems());
        assertTrue(problems.contains("not an nginx worker"), problems);
        assertTrue(problems.contains("records for"), problems);
        assertTrue(problems.contains("signature nginx.upstream-timed-out"), problems);
    }

    /** The CLI's {@code scan --logs FILE --format json}, in-process; the JSON in a file. */
    private static Path scan(Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(new String[] {"scan", "--logs", file.toString(), "--format", "json"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        // 2: completed, and a 5xx signature matched
        assertEquals(2, rc, err.toString(StandardCharsets.UTF_8));
        Path json = file.resolveSibling(file.getFileName() + ".scan.json");
        Files.write(json, out.toByteArray());
        return json;
    }
}
