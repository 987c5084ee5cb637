package org.gatewaydoctor.checks.wordpress.internal.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.gatewaydoctor.testkit.SignatureTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the slow log MariaDB 10.11.19 wrote (fixtures/mysql/mariadb-slow.log, see README-slow.md). */
class SlowLogTest {

    @TempDir
    Path dir;

    /** A copy of the real log that a test may append to. */
    private Path fixture() throws IOException {
        return Files.copy(SignatureTester.fixture("mysql/mariadb-slow.log"), dir.resolve("slow.log"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void readsEveryStatementOfTheRealLogWithItsHeaderLineAndTime() throws IOException {
        SlowLog.Report r = SlowLog.read(fixture(), 1 << 20, Long.MAX_VALUE);
        assertTrue(r.fromStart() && r.complete() && r.lineNumbersKnown());
        assertEquals(12, r.entries().size(), r.entries().toString());
        SlowLog.Entry sleep = r.worst(1).get(0);
        assertEquals(2.500820, sleep.queryTime(), 1e-9);
        assertEquals("SELECT SLEEP(2.5), '?' AS plugin;", sleep.statement());
        assertEquals("wp[wp] @ localhost", sleep.userHost());
        assertEquals(Instant.ofEpochSecond(1796636284L), sleep.at());
        List<String> lines = Files.readAllLines(fixture());
        assertTrue(lines.get((int) sleep.line() - 1).startsWith("# User@Host: wp[wp] @ localhost"));
        assertEquals("SELECT SLEEP(2.5), 'acme-slider' AS plugin;", lines.get((int) sleep.line() + 4));
    }

    @Test
    void noQuotedLiteralOfTheRealLogSurvives() throws IOException {
        SlowLog.Report r = SlowLog.read(fixture(), 1 << 20, Long.MAX_VALUE);
        String all = r.entries().toString();
        assertFalse(all.contains("CANARY"), all);
        assertTrue(all.contains("CREATE USER '?'@'?' IDENTIFIED BY '?';"), all);
        assertTrue(all.contains("WHERE meta_value LIKE '?' GROUP BY post_id;"), all);
    }

    @Test
    void onlyTheTailIsReadAndLineNumbersStayAbsolute() throws IOException {
        Path p = fixture();
        long size = Files.size(p);
        SlowLog.Report r = SlowLog.read(p, 900, Long.MAX_VALUE);
        assertFalse(r.fromStart());
        assertTrue(r.bytesRead() <= 900);
        assertTrue(r.entries().size() >= 1 && r.entries().size() < 12, r.entries().toString());
        SlowLog.Entry last = r.entries().get(r.entries().size() - 1);
        List<String> lines = Files.readAllLines(p);
        assertTrue(lines.get((int) last.line() - 1).startsWith("# User@Host: "), last + " of " + size);
        assertTrue(last.statement().startsWith("SELECT meta_key, COUNT(*) FROM wp_postmeta"), last.statement());
    }

    @Test
    void statementsOfOneShapeGroupTogether() throws IOException {
        Path p = dir.resolve("s.log");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            b.append("# User@Host: wp[wp] @ localhost []\n# Query_time: ").append(i + 1)
                    .append(".000000  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 9\nSET timestamp=17966362")
                    .append(i).append(";\nSELECT * FROM wp_posts WHERE ID = ").append(100 + i)
                    .append(" AND post_title = 'secret ").append(i).append("';\n");
        }
        SlowLog.Report r = SlowLog.read(Files.writeString(p, b), 1 << 20, Long.MAX_VALUE);
        SlowLog.Shape s = r.shapes(1).get(0);
        assertEquals(3, s.count());
        assertEquals(6.0, s.total(), 1e-9);
        assertEquals("SELECT * FROM wp_posts WHERE ID = N AND post_title = '?';", s.shape());
    }

    @Test
    void literalsWithEscapesUnterminatedOnesAndBackquotedNames() {
        assertEquals("INSERT INTO `it's` VALUES ('?', '?', '?')",
                SlowLog.redact("INSERT INTO `it's` VALUES ('a\\'b', 'c''d', \"e\\\"f\")"));
        assertEquals("SELECT '?'", SlowLog.redact("SELECT 'never closed ... CANARY"));
    }

    @Test
    void hostileBytesAndHugeLinesAreBounded() throws IOException {
        Path p = dir.resolve("junk.log");
        byte[] junk = new byte[3 << 20];
        new java.util.Random(7).nextBytes(junk);
        Files.write(p, junk);
        Files.writeString(p, "# Query_time: 9.0  Lock_time: 0.0  Rows_sent: 0  Rows_examined: 0\n" + "x".repeat(2_000_000)
                + "\n", java.nio.file.StandardOpenOption.APPEND);
        SlowLog.Report r = SlowLog.read(p, 1 << 22, Long.MAX_VALUE);
        assertTrue(r.entries().size() <= 1);
        r.entries().forEach(e -> assertTrue(e.statement().length() <= 401));
        assertTrue(SlowLog.read(p, 1 << 22, System.nanoTime() - 1).entries().size() <= 1);
    }
}
