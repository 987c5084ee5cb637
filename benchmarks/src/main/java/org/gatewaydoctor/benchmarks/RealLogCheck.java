package org.gatewaydoctor.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a log {@code benchmarks/real-logs.sh} had nginx write against what {@link RealLogLoad} sent: every
 * line is a record of nginx's error log written by one of the worker processes it ran ({@code
 * yyyy/mm/dd hh:mm:ss [error|crit] PID#TID: *N ...}) or a line of a PHP stack trace nginx relayed inside such
 * a record ({@code Stack trace:}, {@code #0 ...}, {@code   thrown in ...}); there is one record per request,
 * and each kind of request left as many records of its own text as were sent. Given the CLI's
 * {@code scan --format json} of the log, each catalogue signature matched exactly as many records as the
 * load expected ({@code expect.<id>} in the counts file) and no other signature matched.
 *
 * <pre>{@code
 * java -cp benchmarks.jar org.gatewaydoctor.benchmarks.RealLogCheck --log error.log --counts counts.properties \
 *     [--pids "1234 1235"] [--scan scan.json]
 * }</pre>
 *
 * <p>Prints {@code check: OK} (or {@code check: FAILED} and the differences, exit 1) and a summary.
 */
public final class RealLogCheck {

    private static final Pattern RECORD = Pattern.compile(
            "^\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} \\[(error|crit)\\] (\\d+)#\\d+: \\*\\d+ ");
    private static final Pattern CONTINUATION = Pattern.compile("^(?:Stack trace:|#\\d+ |  thrown in )");
    /** The text nginx writes for each kind of request (the matches' texts are the catalogue's business). */
    private static final Map<String, Pattern> KIND_TEXT = kindTexts();

    /** What the check found: problems (empty when the log is as sent) and a summary, in order. */
    public record Result(List<String> problems, Map<String, String> summary) {
        /** @return true when no problem was found */
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private RealLogCheck() {
    }

    /**
     * Runs the check; see the class comment.
     *
     * @param args {@code --log FILE --counts FILE [--pids "PID ..."] [--scan JSON]}
     * @throws IOException when a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> o = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (!o.containsKey("log") || !o.containsKey("counts")) {
            throw new IllegalArgumentException("usage: RealLogCheck --log FILE --counts FILE [--pids \"PID ...\"] [--scan JSON]");
        }
        Set<Long> pids = new TreeSet<>();
        for (String p : o.getOrDefault("pids", "").trim().split("\\s+")) {
            if (!p.isEmpty()) {
                pids.add(Long.parseLong(p));
            }
        }
        Result r = check(Path.of(o.get("log")), counts(Path.of(o.get("counts"))), pids,
                o.containsKey("scan") ? Path.of(o.get("scan")) : null);
        System.out.println(r.ok() ? "check: OK" : "check: FAILED");
        r.problems().forEach(p -> System.out.println("problem: " + p));
        r.summary().forEach((k, v) -> System.out.println(k + "=" + v));
        if (!r.ok()) {
            System.exit(1);
        }
    }

    /** Reads a counts file {@link RealLogLoad} wrote. */
    public static Properties counts(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            p.load(r);
        }
        return p;
    }

    /**
     * Checks {@code log} against {@code counts}; with {@code scanJson} (the CLI's {@code scan --format json}
     * of the log) also the hits per signature.
     *
     * @param pids nginx worker process ids the records must carry; empty for any
     */
    public static Result check(Path log, Properties counts, Set<Long> pids, Path scanJson) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, String> summary = new LinkedHashMap<>();
        long lines = 0;
        long records = 0;
        long continuations = 0;
        long crit = 0;
        long fastcgi = 0;
        long multiMessage = 0;
        long longest = 0;
        long recordBytes = 0;
        Map<String, Long> kinds = new TreeMap<>();
        Set<Long> seenPids = new TreeSet<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(log),
                StandardCharsets.ISO_8859_1), 1 << 20)) {
            String line;
            while ((line = in.readLine()) != null) {
                lines++;
                longest = Math.max(longest, line.length());
                Matcher m = RECORD.matcher(line);
                if (m.find()) {
                    records++;
                    recordBytes += line.length() + 1;
                    if (m.group(1).equals("crit")) {
                        crit++;
                    }
                    long pid = Long.parseLong(m.group(2));
                    seenPids.add(pid);
                    if (!pids.isEmpty() && !pids.contains(pid)) {
                        problem(problems, "line " + lines + ": written by process " + pid + ", not an nginx worker "
                                + pids);
                    }
                    if (line.contains("FastCGI sent in stderr: \"")) {
                        fastcgi++;
                        if (line.indexOf("; PHP message: ") > 0) {
                            multiMessage++;
                        }
                    }
                    for (Map.Entry<String, Pattern> k : KIND_TEXT.entrySet()) {
                        if (k.getValue().matcher(line).find()) {
                            kinds.merge(k.getKey(), 1L, Long::sum);
                        }
                    }
                } else if (CONTINUATION.matcher(line).find() && records > 0) {
                    continuations++;
                    recordBytes += line.length() + 1;
                } else {
                    problem(problems, "line " + lines + " is neither an nginx record nor a stack-trace line: "
                            + line.substring(0, Math.min(200, line.length())));
                }
            }
        }
        long requests = number(counts, "requests");
        long matches = number(counts, "matches");
        if (records != requests) {
            problems.add(records + " records for " + requests + " requests");
        }
        for (String kind : KIND_TEXT.keySet()) {
            long sent = number(counts, "kind." + kind);
            long found = kinds.getOrDefault(kind, 0L);
            if (sent != found) {
                problems.add("kind " + kind + ": " + sent + " requests sent, " + found + " records of its text");
            }
        }
        long answered = counts.stringPropertyNames().stream().filter(k -> k.startsWith("status."))
                .mapToLong(k -> number(counts, k)).sum();
        if (answered != requests) {
            problems.add(answered + " responses read for " + requests + " requests");
        }
        summary.put("bytes", Long.toString(Files.size(log)));
        summary.put("lines", Long.toString(lines));
        summary.put("records", Long.toString(records));
        summary.put("stack_trace_lines", Long.toString(continuations));
        summary.put("crit_records", Long.toString(crit));
        summary.put("mean_record_bytes", records == 0 ? "0" : Long.toString(recordBytes / records));
        summary.put("longest_line", Long.toString(longest));
        summary.put("matches_sent", Long.toString(matches));
        summary.put("density_percent", records == 0 ? "0"
                : String.format(Locale.ROOT, "%.3f", 100.0 * matches / records));
        summary.put("fastcgi_stderr_records", Long.toString(fastcgi));
        summary.put("fastcgi_multi_message_records", Long.toString(multiMessage));
        summary.put("nginx_worker_pids", seenPids.toString().replaceAll("[\\[\\],]", ""));
        if (scanJson != null) {
            scan(scanJson, counts, matches, problems, summary);
        }
        return new Result(List.copyOf(problems), summary);
    }

    /** The CLI's hits per signature against {@code expect.<id>}. */
    private static void scan(Path scanJson, Properties counts, long matches, List<String> problems,
                             Map<String, String> summary) throws IOException {
        JsonNode scan = new ObjectMapper().readTree(scanJson.toFile());
        Map<String, Long> found = new TreeMap<>();
        for (JsonNode s : scan.path("signatures")) {
            found.merge(s.path("id").asText(), s.path("count").asLong(), Long::sum);
        }
        Map<String, Long> expected = new TreeMap<>();
        for (String k : counts.stringPropertyNames()) {
            if (k.startsWith("expect.")) {
                expected.put(k.substring("expect.".length()), number(counts, k));
            }
        }
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            long got = found.getOrDefault(e.getKey(), 0L);
            if (got != e.getValue()) {
                problems.add("signature " + e.getKey() + ": " + e.getValue() + " expected, the scan found " + got);
            }
        }
        found.forEach((id, n) -> {
            if (!expected.containsKey(id) && n > 0) {
                problems.add("signature " + id + " matched " + n + " records; none was sent");
            }
        });
        long total = scan.path("matches").asLong(-1);
        if (total != matches) {
            problems.add("the scan found " + total + " matches, " + matches + " were sent");
        }
        summary.put("scan_matches", Long.toString(total));
        summary.put("scan_lines", scan.path("linesScanned").asText());
        summary.put("scan_signatures", found.toString().replaceAll("[{}]", "").replace(", ", " "));
    }

    private static void problem(List<String> problems, String p) {
        if (problems.size() < 50) {
            problems.add(p);
        }
    }

    private static long number(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null ? 0 : Long.parseLong(v.trim());
    }

    private static Map<String, Pattern> kindTexts() {
        Map<String, Pattern> m = new LinkedHashMap<>();
        m.put("missing", Pattern.compile(
                "\\*\\d+ (?:open\\(\\) \"[^\"]*\" failed|\"[^\"]*\" is not found) \\(2: No such file or directory\\), client: "));
        m.put("forbidden", Pattern.compile("\\*\\d+ access forbidden by rule, client: "));
        m.put("dirindex", Pattern.compile("\\*\\d+ directory index of \"[^\"]*\" is forbidden, client: "));
        m.put("probe", Pattern.compile("\\*\\d+ FastCGI sent in stderr: \"Primary script unknown\" while reading"));
        m.put("warn", Pattern.compile("\\*\\d+ FastCGI sent in stderr: \"PHP message: PHP (?:Warning|Deprecated):  "
                + "(?:(?!PHP Fatal error|PHP Parse error).)*\" while reading response header from upstream, client: "));
        return m;
    }
}
