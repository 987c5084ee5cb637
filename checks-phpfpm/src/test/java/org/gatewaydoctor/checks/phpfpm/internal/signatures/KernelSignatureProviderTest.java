package org.gatewaydoctor.checks.phpfpm.internal.signatures;

import static org.gatewaydoctor.testkit.SignatureTester.count;
import static org.gatewaydoctor.testkit.SignatureTester.only;
import static org.gatewaydoctor.testkit.SignatureTester.scan;
import static org.gatewaydoctor.testkit.SignatureTester.scanText;
import static org.gatewaydoctor.testkit.SignatureTester.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Layer;
import org.junit.jupiter.api.Test;

/** The OOM-killer signatures against the kernel's report of a real PHP-FPM worker kill (fixtures/kernel). */
class KernelSignatureProviderTest {

    static final List<Signature> SIGNATURES = new KernelSignatureProvider().signatures();

    @Test
    void findsTheRealMemoryCgroupKillOfAPhpFpmWorker() throws Exception {
        LogScan scan = scan(SIGNATURES, "kernel/dmesg-memcg.log");
        Map<String, Long> counts = new TreeMap<>();
        scan.signatures().forEach(h -> counts.put(h.id(), h.count()));
        assertEquals(Map.of("kernel.memcg-oom-killed", 1L, "kernel.oom-kill-summary", 1L, "kernel.oom-invoked", 1L),
                counts);
        assertEquals(Set.of("php-fpm8.2"), values(scan, "kernel.memcg-oom-killed", "process"));
        assertEquals(Set.of("33"), values(scan, "kernel.memcg-oom-killed", "uid"));
        assertEquals(Set.of("/gd-kernel-fixture"), values(scan, "kernel.oom-kill-summary", "memcg"));
        assertEquals(Set.of("CONSTRAINT_MEMCG"), values(scan, "kernel.oom-kill-summary", "constraint"));
    }

    @Test
    void killedProcessLineYieldsPidProcessRssAndUid() throws Exception {
        String line = "[ 2043.887533] Memory cgroup out of memory: Killed process 16177 (php-fpm8.2) total-vm:376524kB,"
                + " anon-rss:92832kB, file-rss:6808kB, shmem-rss:532kB, UID:33 pgtables:476kB oom_score_adj:0";
        assertEquals(Map.of("pid", "16177", "process", "php-fpm8.2", "anonRss", "92832", "uid", "33"),
                only(SIGNATURES, "kernel.memcg-oom-killed", line));
        String summary = "[ 2043.887463] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,"
                + "oom_memcg=/gd-kernel-fixture,task_memcg=/gd-kernel-fixture,task=php-fpm8.2,pid=16177,uid=33";
        assertEquals(Map.of("constraint", "CONSTRAINT_MEMCG", "memcg", "/gd-kernel-fixture", "taskMemcg",
                "/gd-kernel-fixture", "process", "php-fpm8.2", "pid", "16177", "uid", "33"),
                only(SIGNATURES, "kernel.oom-kill-summary", summary));
    }

    @Test
    void findsWholeMachineAndOlderKernelFormsInEveryEnvelope() throws Exception {
        LogScan scan = scan(SIGNATURES, "kernel/from-source.log");
        assertEquals(2, count(scan, "kernel.oom-killed"));
        assertEquals(Set.of("php-fpm8.2", "mariadbd"), values(scan, "kernel.oom-killed", "process"));
        assertEquals(1, count(scan, "kernel.memcg-oom-killed"));
        assertEquals(Set.of("Out of memory", "Memory cgroup out of memory"),
                values(scan, "kernel.oom-kill-process", "scope"));
        assertEquals(Set.of("/system.slice/php8.2-fpm.service"), values(scan, "kernel.oom-kill-summary", "taskMemcg"));
        assertEquals(Set.of("php-fpm8.2"), values(scan, "kernel.oom-invoked", "process"));
        List<String> unmatched = SIGNATURES.stream().map(Signature::id)
                .filter(id -> count(scan, id) == 0).toList();
        assertEquals(List.of(), unmatched);
    }

    @Test
    void everySignatureIsAHostOutOfMemoryWithALongLiteral() {
        for (Signature s : SIGNATURES) {
            assertEquals(Layer.HOST, s.layer(), s.id());
            assertEquals(List.of(CauseCode.HOST_OUT_OF_MEMORY), s.causes(), s.id());
            assertTrue(s.literal().length() >= 20, s.id());
        }
    }

    @Test
    void linesOfOtherFormatsDoNotMatch() throws Exception {
        String php = "[21-Nov-2026 09:14:01 UTC] PHP Fatal error:  Out of memory: Killed process 1 (x) in /x.php on line 1";
        String fpm = "[21-Nov-2026 20:46:56] WARNING: [pool www] child 16177 exited on signal 9 (SIGKILL) after 1.7 seconds";
        String mysql = "2026-11-21  9:14:01 0 [ERROR] mysqld: Out of memory (Needed 128917504 bytes)";
        LogScan other = scanText(SIGNATURES, String.join("\n", php, fpm, mysql) + "\n");
        assertTrue(other.signatures().isEmpty(), () -> "matched: " + other.signatures());
    }
}
