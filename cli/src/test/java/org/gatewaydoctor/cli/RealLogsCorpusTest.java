package org.gatewaydoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.gatewaydoctor.model.CauseCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof of issue 12: real log excerpts people posted publicly when they asked for help
 * ({@code src/test/resources/reallogs/corpus.txt}, each with its source and the cause the thread
 * settled on), run through {@code diagnose --logs} as a user would: once as a file with a neutral name,
 * once on standard input ({@code --logs -}). Top-1 accuracy (the diagnosis's first cause is the settled
 * one) is reported overall, per wrapper and per software family, and written to
 * {@code target/reallogs-accuracy.txt}.
 */
class RealLogsCorpusTest {

    /** Below this share of excerpts whose first cause is the settled one, the test fails. */
    static final double MIN_TOP1 = 0.80;

    record Excerpt(String id, Map<String, String> headers, String text) {
        List<String> expected() {
            return List.of(headers.get("expect").split("\\|"));
        }
    }

    private static List<Excerpt> corpus;

    @TempDir
    static Path dir;

    @BeforeAll
    static void load() throws IOException {
        corpus = parse(new String(RealLogsCorpusTest.class.getResourceAsStream("/reallogs/corpus.txt").readAllBytes(),
                StandardCharsets.UTF_8));
    }

    static List<Excerpt> parse(String all) {
        List<Excerpt> out = new ArrayList<>();
        String[] parts = all.split("(?m)^=== ");
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            int nl = p.indexOf('\n');
            String id = p.substring(0, nl).strip();
            int sep = p.indexOf("\n---\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h : p.substring(nl + 1, sep).split("\n")) {
                int colon = h.indexOf(": ");
                headers.put(h.substring(0, colon), h.substring(colon + 2).strip());
            }
            String text = p.substring(sep + 5);
            out.add(new Excerpt(id, headers, text.endsWith("\n\n") ? text.substring(0, text.length() - 1) : text));
        }
        return out;
    }

    @Test
    void everyExcerptNamesItsSourceAndADocumentedCause() {
        assertTrue(corpus.size() >= 40, "corpus has " + corpus.size() + " excerpts");
        for (Excerpt e : corpus) {
            assertTrue(e.headers().getOrDefault("source", "").startsWith("https://"), e.id() + ": no source URL");
            assertFalse(e.headers().getOrDefault("settled", "").isBlank(), e.id() + ": no settled cause");
            assertFalse(e.text().isBlank(), e.id() + ": empty excerpt");
            for (String code : e.expected()) {
                assertTrue(CauseCode.of(code).meaning().isPresent(), e.id() + ": '" + code + "' is no documented cause");
            }
        }
    }

    @Test
    void diagnoseNamesTheSettledCauseFirstForRealExcerptsFromFilesAndStdin() throws IOException {
        Map<String, int[]> byWrapper = new TreeMap<>();
        Map<String, int[]> byVersion = new TreeMap<>();
        int fileHits = 0;
        int stdinHits = 0;
        StringBuilder misses = new StringBuilder();
        StringBuilder table = new StringBuilder();
        int n = 0;
        for (Excerpt e : corpus) {
            n++;
            // a neutral name: nothing in it says which software wrote the lines
            Path file = Files.createDirectories(dir.resolve("case" + n)).resolve("paste.txt");
            Files.writeString(file, e.text(), StandardCharsets.UTF_8);
            String fromFile = topCause(new ByteArrayInputStream(new byte[0]), "--logs", file.toString());
            String fromStdin = topCause(new ByteArrayInputStream(e.text().getBytes(StandardCharsets.UTF_8)), "--logs", "-");
            boolean ok = e.expected().contains(fromFile);
            boolean okStdin = e.expected().contains(fromStdin);
            fileHits += ok ? 1 : 0;
            stdinHits += okStdin ? 1 : 0;
            count(byWrapper, family(e.headers().get("wrapper")), ok);
            count(byVersion, software(e.headers().get("version")), ok);
            table.append(String.format(Locale.ROOT, "%-45s %-28s %-28s %s%n", e.id(), fromFile, fromStdin,
                    ok ? "ok" : "MISS (expected " + e.headers().get("expect") + ")"));
            if (!ok) {
                misses.append(e.id()).append(": expected ").append(e.headers().get("expect")).append(", got ")
                        .append(fromFile).append('\n');
            }
        }
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "top-1 accuracy on %d real excerpts: files %d/%d (%.1f%%), stdin %d/%d"
                + " (%.1f%%)%n", corpus.size(), fileHits, corpus.size(), 100.0 * fileHits / corpus.size(), stdinHits,
                corpus.size(), 100.0 * stdinHits / corpus.size()));
        report.append("by wrapper:\n");
        byWrapper.forEach((k, v) -> report.append(String.format(Locale.ROOT, "  %-28s %d/%d%n", k, v[0], v[1])));
        report.append("by software:\n");
        byVersion.forEach((k, v) -> report.append(String.format(Locale.ROOT, "  %-28s %d/%d%n", k, v[0], v[1])));
        report.append("per excerpt (id, first cause from file, from stdin):\n").append(table);
        Path out = Path.of("target", "reallogs-accuracy.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
        System.out.println(report);
        double top1 = (double) fileHits / corpus.size();
        assertTrue(top1 >= MIN_TOP1, String.format(Locale.ROOT, "top-1 accuracy %.3f below %.2f; misses:%n%s", top1,
                MIN_TOP1, misses));
        assertEquals(fileHits, stdinHits, "standard input must diagnose as the same excerpt in a file does\n" + report);
    }

    private static void count(Map<String, int[]> m, String key, boolean ok) {
        int[] v = m.computeIfAbsent(key, k -> new int[2]);
        v[0] += ok ? 1 : 0;
        v[1]++;
    }

    /** The wrapper's first word: {@code compose}, {@code quote}, {@code fragment}, {@code plain}, ... */
    static String family(String wrapper) {
        String w = wrapper == null ? "?" : wrapper.toLowerCase(Locale.ROOT);
        int end = 0;
        while (end < w.length() && (Character.isLetterOrDigit(w.charAt(end)) || w.charAt(end) == '+'
                || w.charAt(end) == '-')) {
            end++;
        }
        return end == 0 ? w : w.substring(0, end);
    }

    /** The software a version line starts with: {@code nginx}, {@code Apache 2.2}, {@code PHP 5.x FPM}, ... */
    static String software(String version) {
        String v = version == null ? "?" : version;
        for (String[] k : new String[][] {{"Apache 2.2", "Apache 2.2"}, {"mod_fastcgi", "Apache mod_fastcgi"},
            {"mod_fcgid", "Apache mod_fcgid"}, {"Apache", "Apache 2.4"}, {"LiteSpeed", "LiteSpeed"},
            {"HAProxy", "HAProxy"}, {"PHP 5", "PHP 5 FPM"}, {"php5", "PHP 5 FPM"}, {"PHP 7", "PHP 7 FPM"},
            {"php7", "PHP 7 FPM"}, {"PHP 8", "PHP 8 FPM"}, {"nginx", "nginx"}, {"PHP", "PHP-FPM"}}) {
            if (v.contains(k[0])) {
                return k[1];
            }
        }
        return "other";
    }

    /** Runs {@code diagnose ARGS --format json} with the real check modules and signatures; the first cause's code. */
    private static String topCause(InputStream stdin, String... args) {
        JsonNode causes = DiagnoseJson.run(stdin, args).path("causes");
        return causes.isArray() && causes.size() > 0 ? causes.get(0).path("code").asText() : "(none)";
    }
}
