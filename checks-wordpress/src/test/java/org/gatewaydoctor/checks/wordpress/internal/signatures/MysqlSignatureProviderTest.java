package org.gatewaydoctor.checks.wordpress.internal.signatures;

import org.gatewaydoctor.testkit.SignatureTester;
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
import org.junit.jupiter.api.Test;

/** The MariaDB/MySQL signatures against what MariaDB 10.11.19 wrote in the fixture session (fixtures/mysql). */
class MysqlSignatureProviderTest {

    static final List<Signature> SIGNATURES = new MysqlSignatureProvider().signatures();

    @Test
    void findsStopsCrashesAndStartFailuresOfTheRealServer() throws Exception {
        LogScan scan = scan(SIGNATURES, "mysql/mariadb-error.log");
        Map<String, Long> counts = new TreeMap<>();
        scan.signatures().forEach(h -> counts.put(h.id(), h.count()));
        // nothing for the eleventh client refused with "Too many connections": MariaDB does not log it
        assertEquals(Map.of("mysql.aborted-connection", 4L, "mysql.access-denied", 1L, "mysql.shutdown-complete", 2L,
                "mysql.crashed", 1L, "mysql.buffer-pool-map-failed", 1L), counts);
        assertEquals(Set.of("Got timeout reading communication packets",
                "Got a packet bigger than 'max_allowed_packet' bytes"), values(scan, "mysql.aborted-connection", "reason"));
        assertEquals(Set.of("8192m"), values(scan, "mysql.buffer-pool-map-failed", "size"));
    }

    @Test
    void crashHeaderYieldsProcessAndSignal() throws Exception {
        assertEquals(Map.of("process", "mariadbd", "signal", "11"),
                only(SIGNATURES, "mysql.crashed", "261121 20:46:14 [ERROR] mariadbd got signal 11 ;"));
    }

    @Test
    void secondInstanceCannotBind() throws Exception {
        LogScan scan = scan(SIGNATURES, "mysql/mariadb-second-instance.log");
        assertEquals(1, count(scan, "mysql.bind-failed"));
        assertEquals(Map.of("what", "TCP/IP port", "errno", "98", "errtext", "Address already in use"),
                SignatureTester.fields(scan.hits("mysql.bind-failed").orElseThrow()));
    }

    @Test
    void everySignatureMatchesAFixtureLineIncludingMysql8Forms() throws Exception {
        LogScan scan = scan(SIGNATURES, "mysql");
        List<String> unmatched = SIGNATURES.stream().map(Signature::id).filter(id -> count(scan, id) == 0).toList();
        assertEquals(List.of(), unmatched);
        assertEquals(Set.of("mariadbd", "/usr/sbin/mysqld"), values(scan, "mysql.shutdown-complete", "process"));
        assertEquals(2, count(scan, "mysql.buffer-pool-alloc-failed"));
        int shortest = SIGNATURES.stream().mapToInt(s -> s.literal().length()).min().orElseThrow();
        assertEquals(12, shortest);
    }

    @Test
    void linesOfOtherFormatsDoNotMatch() throws Exception {
        String fpm = "[21-Nov-2026 20:46:56] WARNING: [pool www] child 16177 exited on signal 9 (SIGKILL) after 1.7 seconds";
        String php = "[21-Nov-2026 20:46:12 UTC] PHP Warning:  mysqli_real_connect(): (HY000/1045): Access denied for"
                + " user 'wp'@'localhost' (using password: YES) in /x.php on line 1";
        String note = "2026-11-21 20:46:13 0 [Note] Shutdown completed; log sequence number 610349; transaction id 451";
        LogScan other = scanText(SIGNATURES, String.join("\n", fpm, php, note) + "\n");
        assertTrue(other.signatures().isEmpty(), () -> "matched: " + other.signatures());
    }
}
