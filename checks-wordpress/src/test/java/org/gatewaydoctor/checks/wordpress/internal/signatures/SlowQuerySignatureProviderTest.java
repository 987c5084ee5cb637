package org.gatewaydoctor.checks.wordpress.internal.signatures;

import static org.gatewaydoctor.testkit.SignatureTester.count;
import static org.gatewaydoctor.testkit.SignatureTester.scan;
import static org.gatewaydoctor.testkit.SignatureTester.scanText;
import static org.gatewaydoctor.testkit.SignatureTester.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.gatewaydoctor.logs.LogEvent;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.Signature;
import org.junit.jupiter.api.Test;

/**
 * {@code mysql.slow-query} on the slow log MariaDB 10.11.19 wrote with {@code long_query_time=0} (fixtures/mysql,
 * README-slow.md) and on MySQL 8.0.36's {@code log_slow_extra} layout (as posted by J-F Gagné, see core's
 * {@code formats/mysql-slow/README.md}).
 */
class SlowQuerySignatureProviderTest {

    static final List<Signature> SIGNATURES = new SlowQuerySignatureProvider().signatures();

    @Test
    void onlyTheStatementsOfASecondOrMoreOfARealLogEveryStatementLogMatchJoinedDatedAndMasked() throws Exception {
        LogScan scan = scan(SIGNATURES, "mysql/mariadb-slow.log");
        // 12 entries, two of them of a second or more: the 60,000-row INSERT ... SELECT and SLEEP(2.5)
        assertEquals(2, count(scan, SlowQuerySignatureProvider.ID));
        assertEquals(Set.of("1.026948", "2.500820"), values(scan, SlowQuerySignatureProvider.ID, "seconds"));
        assertEquals(Set.of("INSERT INTO wp_postmeta (post_id, meta_key, meta_value) SELECT seq % 500, "
                        + "CONCAT('?', seq % 7), REPEAT('?', 200) FROM seq_1_to_60000;", "SELECT SLEEP(2.5), '?' AS plugin;"),
                values(scan, SlowQuerySignatureProvider.ID, "statement"));
        LogEvent sleep = scan.timeline().get(scan.timeline().size() - 1);
        assertEquals(Instant.ofEpochSecond(1796636284), sleep.at());
        assertEquals(70, sleep.line().line());
        assertEquals("# Query_time: 2.500820  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 0 | "
                + "SET timestamp=1796636284; | SELECT SLEEP(2.5), '?' AS plugin;", sleep.line().text());
        assertFalse(scan.toString().contains("CANARY"), "no literal of the log is kept");
    }

    @Test
    void readsMysql8LinesWithTheirExtraFields() throws Exception {
        LogScan scan = scanText(SIGNATURES, "# Time: 2024-07-04T17:33:27.081804Z\n"
                + "# User@Host: msandbox[msandbox] @ localhost []  Id:    11\n"
                + "# Query_time: 12.004775  Lock_time: 0.000001 Rows_sent: 1  Rows_examined: 1 Thread_id: 12 Errno: 0 "
                + "Killed: 0 Bytes_received: 22 Bytes_sent: 56 Start: 2024-07-04T17:33:15.077029Z End: "
                + "2024-07-04T17:33:27.081804Z\n"
                + "SET timestamp=1720114395;\nselect sleep(12) from t where name = 'alice';\n"
                + "# Time: 2024-07-04T17:33:27.181804Z\n"
                + "# User@Host: msandbox[msandbox] @ localhost []  Id:    11\n"
                + "# Query_time: 0.999999  Lock_time: 0.000001 Rows_sent: 1  Rows_examined: 1\n"
                + "SET timestamp=1720114407;\nselect 1;\n");
        assertEquals(1, count(scan, SlowQuerySignatureProvider.ID));
        assertEquals(Set.of("12.004775"), values(scan, SlowQuerySignatureProvider.ID, "seconds"));
        assertEquals(Set.of("1720114395"), values(scan, SlowQuerySignatureProvider.ID, "started"));
        assertEquals(Set.of("select sleep(12) from t where name = '?';"),
                values(scan, SlowQuerySignatureProvider.ID, "statement"));
    }
}
