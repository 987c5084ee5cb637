package org.gatewaydoctor.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatewaydoctor.internal.logs.format.LineFormats;
import org.gatewaydoctor.internal.logs.format.SlowQueryLog;
import org.gatewaydoctor.logs.LogEvent;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.LogScanner;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.logs.SqlText;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Layer;
import org.junit.jupiter.api.Test;

/**
 * The slow query log as a format of the shared scan, on the real MariaDB 10.11 log and the MySQL 8 / Percona entries
 * of {@code formats/mysql-slow} (see its README): which lines are the format's, their clocks, and each entry joined
 * into one dated record at its {@code # Query_time:} line with its statement's literals masked.
 */
class SlowQueryLogFormatTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /** The statements of a second or more, as checks-wordpress's signature reads them. */
    static final Signature SLOW = new Signature("test.slow-query", Layer.DATABASE, Set.of(LogFormat.MYSQL_SLOW),
            "# Query_time: ", Pattern.compile("^# Query_time: (?<seconds>[1-9][0-9]*\\.[0-9]+)"), null,
            List.of(CauseCode.DATABASE_SLOW), "a statement took a second or more");
    /** Every entry. */
    static final Signature ANY = new Signature("test.any-query", Layer.DATABASE, Set.of(LogFormat.MYSQL_SLOW),
            "# Query_time: ", Pattern.compile("^# Query_time: (?<seconds>[0-9.]+)"), null, List.of(), "an entry");

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(SlowQueryLogFormatTest.class.getResource("/formats/mysql-slow/" + name).toURI());
    }

    @Test
    void classifiesTheRealMariadbSlowLogLineByLineAndDatesItsHeadersInTheServersZone() throws Exception {
        List<String> lines = Files.readAllLines(fixture("mariadb-10.11-berlin-slow.log"), StandardCharsets.UTF_8);
        List<String> got = new ArrayList<>();
        for (String l : lines) {
            LogFormat f = LineFormats.detect(l);
            Instant t = LineFormats.timestamp(f, l, BERLIN, 2026);
            got.add(f + (t == null ? "" : " " + t));
        }
        assertEquals("UNKNOWN", got.get(0), lines.get(0)); // mariadbd, Version: ... started with:
        assertEquals("UNKNOWN", got.get(1));
        assertEquals("UNKNOWN", got.get(2));
        assertEquals("MYSQL_SLOW 2026-12-07T14:39:04Z", got.get(3), lines.get(3)); // # Time: 261207 15:39:04 (Berlin)
        assertEquals("MYSQL_SLOW", got.get(4)); // # User@Host:
        assertEquals("MYSQL_SLOW", got.get(5)); // # Thread_id:
        assertEquals("MYSQL_SLOW", got.get(6)); // # Query_time: (undated on its own)
        assertEquals("MYSQL_SLOW", got.get(7)); // # Rows_affected:
        assertEquals("UNKNOWN", got.get(8)); // use `wordpress`;
        assertEquals("MYSQL_SLOW 2026-12-07T14:39:04Z", got.get(9)); // SET timestamp=1796654344;
        assertEquals("UNKNOWN", got.get(10)); // SELECT SLEEP(1.2);
        long slowLines = lines.stream().filter(l -> l.startsWith("# ") || l.startsWith("SET timestamp=")).count();
        assertEquals(slowLines, got.stream().filter(g -> g.startsWith("MYSQL_SLOW")).count(), String.join("\n", got));
    }

    @Test
    void readsMysql8IsoTimesAndLeavesOtherHashLinesAlone() throws Exception {
        List<String> lines = Files.readAllLines(fixture("mysql-8-slow.log"), StandardCharsets.UTF_8);
        assertEquals(Instant.parse("2024-05-10T17:44:36.400424Z"),
                LineFormats.timestamp(LineFormats.detect(lines.get(0)), lines.get(0), BERLIN, 2026));
        assertEquals(LogFormat.MYSQL_SLOW, LineFormats.detect(lines.get(7))); // # Query_time: with log_slow_extra
        assertEquals(LogFormat.MYSQL_SLOW, LineFormats.detect("# Schema: test_jfg  Last_errno: 0  Killed: 0"));
        assertEquals(LogFormat.UNKNOWN, LineFormats.detect("# Time: yesterday"));
        assertEquals(LogFormat.UNKNOWN, LineFormats.detect("# Note: nothing to do with a database"));
        assertEquals(LogFormat.UNKNOWN, LineFormats.detect("SET timestamp=now();"));
    }

    @Test
    void joinsEachRealMariadbEntryIntoOneRecordDatedByItsStartWithLiteralsMasked() throws Exception {
        LogScan scan = scan(BERLIN, fixture("mariadb-10.11-berlin-slow.log"), SLOW, ANY);
        SignatureHits slow = scan.hits("test.slow-query").orElseThrow();
        assertEquals(2, slow.count(), "SELECT SLEEP(1.2) and SELECT SLEEP(3.1)");
        List<LogEvent> events = scan.timeline().stream().filter(e -> e.signatureId().equals("test.slow-query")).toList();
        assertEquals("# Query_time: 1.200846  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 0 | "
                + "SET timestamp=1796654344; | SELECT SLEEP(1.2);", events.get(0).line().text());
        assertEquals(Instant.parse("2026-12-07T14:39:04Z"), events.get(0).at());
        assertEquals(7, events.get(0).line().line(), "the line of its # Query_time:");
        // the 3.1 s statement has no "# Time:" of its own: its SET timestamp dates it
        assertEquals(Instant.parse("2026-12-07T14:39:06Z"), events.get(1).at());
        assertTrue(events.get(1).line().text().endsWith(" | SELECT SLEEP(3.1);"), events.get(1).line().text());
        assertEquals("3.102928", events.get(1).fields().get("seconds"));

        SignatureHits any = scan.hits("test.any-query").orElseThrow();
        assertEquals(lines("mariadb-10.11-berlin-slow.log").stream().filter(l -> l.startsWith("# Query_time: ")).count(),
                any.count());
        String all = scan.timeline().toString() + any.samples();
        assertTrue(all.contains("SET timestamp=1796654345; | SELECT SLEEP(0.7) AS a,   '?' AS b FROM DUAL;"), all);
        for (String canary : List.of("CANARY-core-slow-multiline-9e9e", "CANARY-core-slow-pw2-8b8b",
                "CANARY-core-slow-key-1d1d")) {
            assertFalse(all.contains(canary), canary);
        }
        assertTrue(all.contains("CREATE USER '?'@'?' IDENTIFIED BY '?';"), all);
    }

    @Test
    void joinsMysql8EntriesWhateverTheirExtraFields() throws Exception {
        LogScan scan = scan(ZoneOffset.UTC, fixture("mysql-8-slow.log"), SLOW, ANY);
        assertEquals(1, scan.hits("test.slow-query").orElseThrow().count());
        LogEvent sleep = scan.timeline().stream().filter(e -> e.signatureId().equals("test.slow-query")).findFirst()
                .orElseThrow();
        // the schema's name holds a line break ("use test" / "jfg;"): not taken for the statement
        assertEquals("# Query_time: 1.004775  Lock_time: 0.000001 Rows_sent: 1  Rows_examined: 1 | "
                + "SET timestamp=1720114406; | select sleep(1), t.* from t;", sleep.line().text());
        assertEquals(Instant.parse("2024-07-04T17:33:26Z"), sleep.at(), "when it began, not when it was logged");
        List<String> texts = scan.timeline().stream().filter(e -> e.signatureId().equals("test.any-query"))
                .map(e -> e.line().text()).toList();
        assertEquals(6, texts.size(), String.join("\n", texts));
        assertTrue(texts.get(1).contains("Created_tmp_tables: 0 Start: 2024-05-10T17:45:09.474744Z End: "
                + "2024-05-10T17:45:09.474988Z | SET timestamp=1715363109; | select * from t;"), texts.get(1));
        assertTrue(texts.get(2).endsWith("Bytes_sent: 56 | SET timestamp=1715363546; | select * from t;"),
                "Percona's verbosity lines are skipped: " + texts.get(2));
        assertTrue(texts.get(3).endsWith(" | SET timestamp=1715797308; | administrator command: Init DB;"),
                texts.get(3));
    }

    @Test
    void aRecordEndsAtTheNextEntryOrARestartBannerAndIsBounded() {
        assertEquals("# Query_time: 2.5  Lock_time: 0.0  Rows_sent: 1  Rows_examined: 0 | SET timestamp=1; | SELECT 1;",
                SlowQueryLog.record("# Query_time: 2.5  Lock_time: 0.0  Rows_sent: 1  Rows_examined: 0", following(
                        "SET timestamp=1;", "SELECT 1;",
                        "/usr/sbin/mariadbd, Version: 10.11.19-MariaDB-0+deb12u1-log (Debian 12). started with:",
                        "Tcp port: 0  Unix socket: /run/mysqld/mysqld.sock")));
        assertEquals("# Query_time: 2.5 | SELECT 1;", SlowQueryLog.record("# Query_time: 2.5",
                following("SELECT 1;", "# Time: 261207 15:39:04", "# User@Host: wp[wp] @ localhost []", "SELECT 2;")));
        assertEquals("# Query_time: 2.5", SlowQueryLog.record("# Query_time: 2.5", following()), "the end of the buffer");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add("'" + "x".repeat(500) + "', -- line " + i);
        }
        String big = SlowQueryLog.record("# Query_time: 9.0", following(many.toArray(String[]::new)));
        assertTrue(big.length() < 2100, "cut: " + big.length());
        assertFalse(big.contains("xxx"), big);
        assertEquals("not a query time line", SlowQueryLog.record("not a query time line", following("SELECT 1;")));
    }

    @Test
    void anEntryThatAReadBufferEndCutsIsStillCountedAndDatedFromTheLinesAboveIt() throws Exception {
        // MariaDB's layout, "# Time:" only every tenth entry (several statements a second), 1,000 entries more than
        // one read buffer (4 MiB) holds; the banner's socket path is padded so that the buffer ends right after the "# Query_time:"
        // line of one entry: its SET timestamp and statement are in the next buffer, not joined
        int buffer = 4 << 20;
        List<String> entries = new ArrayList<>();
        long start = 1796654344L;
        for (int i = 0; i < 20_000; i++) {
            long t = start + i / 10;
            entries.add((i % 10 == 0 ? "# Time: " + java.time.format.DateTimeFormatter.ofPattern("yyMMdd HH:mm:ss")
                    .format(Instant.ofEpochSecond(t).atZone(ZoneOffset.UTC)) + "\n" : "")
                    + "# User@Host: wp[wp] @ localhost []\n# Thread_id: " + i + "  Schema: wordpress  QC_hit: No\n"
                    + "# Query_time: 1." + String.format("%06d", i) + "  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 0\n"
                    + "# Rows_affected: 0  Bytes_sent: 65\nSET timestamp=" + t + ";\n"
                    + "SELECT option_value FROM wp_options WHERE option_name = 'CANARY-big-" + i + "';\n");
        }
        // the entry whose "# Query_time:" line ends 10 bytes before the buffer's end, after a banner of 200+ bytes
        int offset = 0;
        int cut = -1;
        int queryTimeEnd = 0;
        for (int i = 0; i < entries.size(); i++) {
            String e = entries.get(i);
            int end = offset + e.indexOf('\n', e.indexOf("# Query_time: "));
            if (end > buffer - 10 - 300) {
                cut = i;
                queryTimeEnd = end;
                break;
            }
            offset += e.length();
        }
        assertTrue(cut > 0, "20,000 entries exceed one buffer");
        entries.subList(cut + 1000, entries.size()).clear(); // the cut entry among the timeline's most recent 2000
        String head = "/usr/sbin/mariadbd, Version: 10.11.19-MariaDB-0+deb12u1-log (Debian 12). started with:\n"
                + "Tcp port: 0  Unix socket: /run/mysqld/";
        String tail = ".sock\nTime\t\t    Id Command\tArgument\n";
        int pad = buffer - 10 - queryTimeEnd - head.length() - tail.length();
        assertTrue(pad > 0, "pad " + pad);
        Path log = Files.createTempFile("slow", ".log");
        try {
            Files.writeString(log, head + "d".repeat(pad) + tail + String.join("", entries), StandardCharsets.US_ASCII);
            LogScan scan = scan(ZoneOffset.UTC, log, SLOW);
            SignatureHits hits = scan.hits("test.slow-query").orElseThrow();
            assertEquals(entries.size(), hits.count());
            assertEquals(entries.size(), hits.perMinute().values().stream().mapToLong(Long::longValue).sum(),
                    "every entry dated");
            List<LogEvent> unjoined = scan.timeline().stream().filter(e -> !e.line().text().contains(" | SET timestamp="))
                    .toList();
            assertEquals(1, unjoined.size(), "the entry the buffer's end cut: " + unjoined);
            assertEquals("# Query_time: 1." + String.format("%06d", cut) + "  Lock_time: 0.000000  Rows_sent: 1  "
                    + "Rows_examined: 0", unjoined.get(0).line().text());
            assertEquals(Instant.ofEpochSecond(start + cut / 10), unjoined.get(0).at(), "the time of the lines above it");
            assertFalse(scan.toString().contains("CANARY-big-"), "literals masked");
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void aStatementThatStoresAnErrorTextIsDataOfItsEntryNotALogLine() throws Exception {
        // WordPress stores whatever a plugin keeps in an option; with long_query_time=0 the slow log holds it
        Signature memory = new Signature("test.php-memory", Layer.APPLICATION, Set.of(LogFormat.PHP_ERROR),
                "Allowed memory size of", null, 500, List.of(CauseCode.APP_MEMORY_EXHAUSTED), "PHP ran out of memory");
        Signature anywhere = new Signature("test.anywhere", Layer.PROXY, Set.of(), "upstream timed out", null, 504,
                List.of(CauseCode.PROXY_UPSTREAM_TIMEOUT), "an upstream timed out");
        String entry = "# Time: 261207 15:39:04\n# User@Host: wp[wp] @ localhost []\n"
                + "# Query_time: 0.000412  Lock_time: 0.000000  Rows_sent: 0  Rows_examined: 0\n"
                + "use `wordpress`;\nSET timestamp=1796654344;\n"
                + "UPDATE wp_options SET option_value = 'PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted\n"
                + "upstream timed out (110: Connection timed out) CANARY-option-5e5e' WHERE option_name = 'acme_last_error';\n";
        Path log = Files.createTempFile("slow", ".log");
        Path paste = Files.createTempFile("paste", ".log");
        try {
            Files.writeString(log, entry + entry);
            LogScan scan = scan(ZoneOffset.UTC, log, memory, anywhere, ANY);
            assertEquals(2, scan.hits("test.any-query").orElseThrow().count());
            assertTrue(scan.hits("test.php-memory").isEmpty(), scan.signatures().toString());
            assertTrue(scan.hits("test.anywhere").isEmpty(), scan.signatures().toString());
            assertFalse(scan.toString().contains("CANARY-option-5e5e"), scan.toString());
            // the same text pasted alone, no slow log around it, is still read as a fragment
            Files.writeString(paste, "Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes)\n");
            assertEquals(1, scan(ZoneOffset.UTC, paste, memory).hits("test.php-memory").orElseThrow().count());
        } finally {
            Files.deleteIfExists(log);
            Files.deleteIfExists(paste);
        }
    }

    @Test
    void masksQuotedLiteralsWithTheirEscapesAndKeepsBackQuotedNames() {
        assertEquals("SELECT `option_value` FROM wp_options WHERE a = '?' AND b = '?' AND c = '?' AND d = 5",
                SqlText.maskLiterals("SELECT `option_value` FROM wp_options WHERE a = 'it''s' AND b = \"q\\\"x\" "
                        + "AND c = 'x AND d = 5'"
                        + " AND d = 5"));
        assertEquals("INSERT INTO t VALUES ('?", SqlText.maskLiterals("INSERT INTO t VALUES ('unterminated secret")
                .substring(0, 24));
    }

    private static List<String> lines(String name) throws Exception {
        return Files.readAllLines(fixture(name), StandardCharsets.UTF_8);
    }

    private static SlowQueryLog.Lines following(String... ls) {
        Iterator<String> it = List.of(ls).iterator();
        return () -> it.hasNext() ? it.next() : null;
    }

    private static LogScan scan(ZoneId zone, Path file, Signature... sigs) throws InterruptedException, IOException {
        return LogScanner.builder().catalog(SignatureCatalog.of(List.of(sigs))).zone(zone).parallelism(1).build()
                .scanPaths(List.of(file));
    }
}
