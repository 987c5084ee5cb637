package org.gatewaydoctor.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.FactKey;
import org.gatewaydoctor.spi.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCheckContextTest {

    @TempDir
    Path dir;

    @Test
    void runsACheckDirectlyWithTheEnginesLogReaderIncludingRotatedGzipFiles() throws Exception {
        Path logs = Files.createDirectory(dir.resolve("nginx"));
        Files.writeString(logs.resolve("error.log"), "2026/03/14 10:14:05 [notice] 812#812: signal process started\n",
                StandardCharsets.UTF_8);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(logs.resolve("error.log.2.gz")))) {
            out.write(("2026/03/13 23:59:01 [error] 812#812: *77 upstream timed out (110: Connection timed out) "
                    + "while reading response header from upstream\n").getBytes(StandardCharsets.UTF_8));
        }
        TestCheckContext ctx = TestCheckContext.builder().logs(logs).build();

        List<String> read = new ArrayList<>();
        ctx.logs().forEachLine((file, n, text, truncated) -> read.add(file.getFileName() + ":" + n));
        assertEquals(List.of("error.log:1", "error.log.2.gz:1"), read, "the directory is expanded, gzip decoded");

        CheckResult result = new WellBehavedCheck().run(ctx);
        assertEquals(List.of(CauseCode.PROXY_UPSTREAM_TIMEOUT),
                result.findingList().stream().map(f -> f.cause()).toList());
    }

    @Test
    void itsRedactorIsTheEnginesWithBuiltInPatternsAndDeclaredSecrets() {
        TestCheckContext ctx = TestCheckContext.builder().secrets("s3cr3t-value").build();
        Redactor r = ctx.redactor();
        assertEquals("https://admin:" + Redactor.MASK + "@example.org/", r.redact("https://admin:hunter2@example.org/"));
        assertEquals("value " + Redactor.MASK, r.redact("value s3cr3t-value"));
        r.addSecret("added-later");
        assertEquals(Redactor.MASK, r.redact("added-later"));
    }

    @Test
    void givenFactsAreVisibleAndPublishedOnesAreRecorded() {
        FactKey<String> pool = FactKey.of("test.pool", String.class);
        FactKey<Integer> workers = FactKey.of("test.workers", Integer.class);
        TestCheckContext ctx = TestCheckContext.builder().fact(pool, "www").build();
        assertEquals(Optional.of("www"), ctx.fact(pool));
        assertEquals(Optional.empty(), ctx.published(pool), "given facts are not 'published'");
        ctx.publish(workers, 5);
        assertEquals(Optional.of(5), ctx.published(workers));
        assertEquals(Optional.of(5), ctx.fact(workers));
        assertEquals(List.of(workers), List.copyOf(ctx.publishedFacts().keySet()));
        @SuppressWarnings({"unchecked", "rawtypes"})
        FactKey<Object> wrong = (FactKey) workers;
        assertThrows(IllegalArgumentException.class, () -> ctx.publish(wrong, "five"));
    }

    @Test
    void theDeadlineFollowsTheClockAndTimeout() {
        Instant now = Instant.parse("2026-03-14T09:14:00Z");
        TestCheckContext ctx = TestCheckContext.builder()
                .clock(Clock.fixed(now, ZoneOffset.UTC))
                .timeout(Duration.ofSeconds(3))
                .url("https://example.org/")
                .option("example.flag", "on")
                .build();
        assertEquals(now.plusSeconds(3), ctx.deadline());
        assertEquals(Duration.ofSeconds(3), ctx.remaining());
        assertEquals("https://example.org/", ctx.target().url().toString());
        assertEquals(Optional.of("on"), ctx.target().option("example.flag"));

        TestCheckContext late = TestCheckContext.builder()
                .clock(Clock.fixed(now, ZoneOffset.UTC))
                .deadline(now.minusSeconds(1))
                .build();
        assertEquals(Duration.ZERO, late.remaining());
    }

    @Test
    void aCheckStopsReadingWhenItsDeadlineIsNear() throws Exception {
        Path big = dir.resolve("access.log");
        try (var out = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            // 28 MB: more than a fast, idle machine reads in 50 ms, so the deadline always comes first
            for (int i = 0; i < 400_000; i++) {
                out.write("203.0.113.7 - - [14/Mar/2026:10:14:03 +0100] \"GET / HTTP/1.1\" 200 512\n");
            }
        }
        TestCheckContext ctx = TestCheckContext.builder().logs(big).timeout(Duration.ofMillis(50)).build();
        CheckResult result = new WellBehavedCheck().run(ctx);
        assertTrue(result instanceof CheckResult.Passed p && p.evidence().stream()
                .anyMatch(e -> e.describe().equals("stopped reading logs at the deadline")), result::toString);
    }

    @Test
    void logAccessAndRedactorCanBeReplaced() throws IOException, InterruptedException {
        Redactor upper = new Redactor() {
            @Override
            public String redact(String text) {
                return text.toUpperCase(java.util.Locale.ROOT);
            }

            @Override
            public void addSecret(String secret) {
            }
        };
        org.gatewaydoctor.spi.LogAccess none = new org.gatewaydoctor.spi.LogAccess() {
            @Override
            public List<Path> files() {
                return List.of();
            }

            @Override
            public int maxLineLength() {
                return 10;
            }

            @Override
            public void forEachLine(LogLineVisitor visitor) {
            }
        };
        TestCheckContext ctx = TestCheckContext.builder().redactor(upper).logAccess(none).build();
        assertEquals("ABC", ctx.redactor().redact("abc"));
        assertFalse(ctx.logs().maxLineLength() > 10);
    }
}
