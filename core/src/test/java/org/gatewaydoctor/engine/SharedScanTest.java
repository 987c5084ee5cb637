package org.gatewaydoctor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedScanTest {

    @TempDir
    Path dir;

    private static final Signature REFUSED = new Signature("test.refused", Layer.PROXY, Set.of(),
            "failed (111: Connection refused)", Pattern.compile("connect\\(\\) to (?<upstream>\\S+) failed"), 502,
            List.of(CauseCode.PROXY_UPSTREAM_REFUSED), "connection refused");

    @Test
    void everyCheckOfADiagnosisSharesOneScanAndItsProblemsBecomeNotes() throws Exception {
        Path log = Files.writeString(dir.resolve("error.log"), "2026/11/21 09:14:03 [error] 1#1: *1 connect() to "
                + "127.0.0.1:9000 failed (111: Connection refused) while connecting to upstream\n");
        Map<String, LogScan> seen = new ConcurrentHashMap<>();
        TestCheck.Body body = ctx -> {
            LogScan scan = ctx.logScan();
            seen.put(Thread.currentThread().getName(), scan);
            return CheckResult.notApplicable("saw " + scan.hits("test.refused").map(h -> h.count()).orElse(0L));
        };
        GatewayDoctor doctor = GatewayDoctor.builder().discover(false).signatures(List.of(REFUSED))
                .register(TestCheck.of("s.one", body), TestCheck.of("s.two", body)).build();
        Diagnosis d = doctor.diagnose(Target.builder().logs(log, dir.resolve("gone.log")).build());
        assertEquals(2, seen.size());
        List<LogScan> scans = List.copyOf(seen.values());
        assertSame(scans.get(0), scans.get(1));
        for (String id : List.of("s.one", "s.two")) {
            CheckReport.Completed c = (CheckReport.Completed) d.report(id).orElseThrow();
            assertEquals("saw 1", ((CheckResult.NotApplicable) c.result()).reason());
        }
        assertTrue(d.notes().stream().anyMatch(n -> n.contains("gone.log")), d.notes().toString());
    }

    @Test
    void aTargetWithoutLogsGivesAnEmptyScan() {
        Diagnosis d = GatewayDoctor.builder().discover(false).signatures(List.of(REFUSED))
                .register(TestCheck.of("s.empty", ctx -> CheckResult.notApplicable(
                        "lines " + ctx.logScan().linesScanned())))
                .build().diagnose(Target.builder().build());
        CheckReport.Completed c = (CheckReport.Completed) d.report("s.empty").orElseThrow();
        assertEquals("lines 0", ((CheckResult.NotApplicable) c.result()).reason());
    }

    @Test
    void theTimeWindowOptionsReachTheScan() throws Exception {
        Path log = Files.writeString(dir.resolve("error.log"), "2026/11/21 09:14:03 [error] 1#1: *1 connect() to "
                + "127.0.0.1:9000 failed (111: Connection refused) while connecting to upstream\n");
        TestCheck count = TestCheck.of("s.count", ctx -> CheckResult.notApplicable(
                "hits " + ctx.logScan().hits("test.refused").map(h -> h.count()).orElse(0L)));
        GatewayDoctor doctor = GatewayDoctor.builder().discover(false).signatures(List.of(REFUSED)).register(count)
                .build();
        for (Map.Entry<String, String> c : Map.of("2026-11-21T10:00:00Z", "hits 0", "2026-11-21T09:00:00Z", "hits 1")
                .entrySet()) {
            Diagnosis d = doctor.diagnose(Target.builder().logs(log).zone(java.time.ZoneOffset.UTC)
                    .option(Target.OPTION_SINCE, c.getKey()).build());
            CheckReport.Completed r = (CheckReport.Completed) d.report("s.count").orElseThrow();
            assertEquals(c.getValue(), ((CheckResult.NotApplicable) r.result()).reason(), "since " + c.getKey());
        }
    }

    @Test
    void timeWindowOptionsMustBeInstants() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Target.builder().option(Target.OPTION_UNTIL, "yesterday").build());
        assertTrue(e.getMessage().contains("ISO-8601"), e.getMessage());
    }
}
