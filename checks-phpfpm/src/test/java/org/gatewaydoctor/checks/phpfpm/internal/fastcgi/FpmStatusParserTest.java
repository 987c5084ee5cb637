package org.gatewaydoctor.checks.phpfpm.internal.fastcgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The status page reader on PHP-FPM 8.2's real pages (fpmconf/status) and on broken ones. */
class FpmStatusParserTest {

    static final Instant T0 = Instant.parse("2026-11-21T21:43:08Z");

    static String fixture(String name) throws IOException {
        try (InputStream in = FpmStatusParserTest.class.getResourceAsStream("/fpmconf/status/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static FpmStatus status(String name, Instant takenAt) throws IOException {
        FpmStatusParser.Parsed p = FpmStatusParser.parse(fixture(name), takenAt);
        return assertInstanceOf(FpmStatusParser.Ok.class, p, p.toString()).status();
    }

    @Test
    void readsTheRealBusyPageWithEveryWorker() throws IOException {
        FpmStatus s = status("php8.2-dynamic-2-busy.json", T0);
        assertEquals("www", s.pool());
        assertEquals("dynamic", s.processManager());
        assertEquals(Instant.ofEpochSecond(1795297386), s.startTime());
        assertEquals(3, s.startSince());
        assertEquals(4, s.acceptedConn());
        assertEquals(OptionalLong.of(0), s.listenQueue());
        assertEquals(OptionalLong.of(0), s.maxListenQueue());
        assertEquals(OptionalLong.of(0), s.listenQueueLen());
        assertEquals(0, s.idleProcesses());
        assertEquals(2, s.activeProcesses());
        assertEquals(2, s.totalProcesses());
        assertEquals(OptionalLong.of(2), s.maxActiveProcesses());
        assertEquals(0, s.maxChildrenReached());
        assertEquals(OptionalLong.of(1), s.slowRequests());
        assertEquals(T0, s.takenAt());
        assertEquals(3, s.processes().size());
        FpmProcess p = s.processes().get(0);
        assertEquals(new FpmProcess(26699, "Running", Instant.ofEpochSecond(1795297386), 3, 2,
                Duration.ofNanos(1_501_321_000L), "GET", "/tmp/smoke/run3/sleep.php?i=1", 0, "-",
                "/tmp/smoke/run3/sleep.php", 0.0, 0), p);
        assertTrue(p.running());
        assertEquals("/status?json&full", s.processes().get(2).requestUri());
    }

    @Test
    void findsTheWorkersRunningLongerThanAThreshold() throws IOException {
        FpmStatus s = status("php8.2-dynamic-2-busy.json", T0);
        assertEquals(List.of(26699L, 26733L),
                s.runningLongerThan(Duration.ofSeconds(1)).stream().map(FpmProcess::pid).toList());
        assertEquals(List.of(26699L), s.runningLongerThan(Duration.ofMillis(1200)).stream().map(FpmProcess::pid)
                .toList());
        assertEquals(0.4, s.utilisation(5), 1e-9);
        assertEquals(1.0, s.utilisation(2), 1e-9);
    }

    @Test
    void readsTheIdleAndAfterPages() throws IOException {
        FpmStatus idle = status("php8.2-dynamic-1-idle.json", T0);
        assertEquals(1, idle.processes().size());
        FpmStatus after = status("php8.2-dynamic-3-after.json", T0);
        assertEquals(2097152, after.processes().get(0).lastRequestMemory());
        assertFalse(after.processes().get(0).busy());
    }

    @Test
    void readsThePageWithoutWorkers() {
        String shortPage = "{\"pool\":\"www\",\"process manager\":\"ondemand\",\"start time\":1795297386,"
                + "\"start since\":10,\"accepted conn\":7,\"idle processes\":0,\"active processes\":1,"
                + "\"total processes\":1,\"max children reached\":3}";
        FpmStatus s = assertInstanceOf(FpmStatusParser.Ok.class, FpmStatusParser.parse(shortPage, T0)).status();
        assertEquals(3, s.maxChildrenReached());
        assertEquals(OptionalLong.empty(), s.listenQueue());
        assertEquals(OptionalLong.empty(), s.slowRequests());
        assertTrue(s.processes().isEmpty());
    }

    @Test
    void explainsPagesItCannotRead() throws IOException {
        assertInvalid("pool:                 www\nprocess manager:      static\n", "status JSON unreadable: ");
        assertInvalid("[1,2]", "not a JSON object");
        assertInvalid("{\"pool\":\"www\"}", "no \"process manager\" in the status page");
        assertInvalid(fixture("php8.2-dynamic-2-busy.json").replace("\"accepted conn\":4", "\"accepted conn\":\"4\""),
                "a required status field has the wrong type");
        assertInvalid(fixture("php8.2-dynamic-2-busy.json").replace("\"pid\":26699,", ""),
                "a worker without pid or state");
        assertInvalid("{\"pool\":" + "[".repeat(50) + "]".repeat(50) + "}", "status JSON unreadable: ");
        assertInvalid("{\"pool\":\"" + "x".repeat(70_000) + "\"}", "status JSON unreadable: ");
        assertInvalid(fixture("php8.2-dynamic-2-busy.json").substring(0, 300), "status JSON unreadable: ");
        assertInvalid("", "not a JSON object");
    }

    @Test
    void keepsAtMostTheProcessLimit() throws IOException {
        String one = "{\"pid\":1,\"state\":\"Idle\"}";
        StringBuilder many = new StringBuilder("{\"pool\":\"www\",\"process manager\":\"static\",\"start time\":1,"
                + "\"accepted conn\":1,\"idle processes\":1,\"active processes\":0,\"total processes\":1,"
                + "\"max children reached\":0,\"processes\":[");
        for (int k = 0; k < FpmStatusParser.MAX_PROCESSES + 5; k++) {
            many.append(k == 0 ? "" : ",").append(one);
        }
        many.append("]}");
        FpmStatusParser.Ok ok = assertInstanceOf(FpmStatusParser.Ok.class, FpmStatusParser.parse(many.toString(), T0));
        assertEquals(FpmStatusParser.MAX_PROCESSES, ok.status().processes().size());
        assertTrue(ok.processesTruncated());
    }

    private static void assertInvalid(String json, String whyStart) {
        FpmStatusParser.Invalid i = assertInstanceOf(FpmStatusParser.Invalid.class, FpmStatusParser.parse(json, T0));
        assertTrue(i.why().startsWith(whyStart), i.why());
    }
}
