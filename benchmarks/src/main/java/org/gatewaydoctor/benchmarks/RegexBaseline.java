package org.gatewaydoctor.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.LogScanner;
import org.gatewaydoctor.logs.Signature;

/**
 * The two baselines: the way a log scanner is usually written in Java. Both read with
 * {@link BufferedReader#readLine()} (a {@code String} per line) and do, for every line that matches, the
 * work {@link LogScanner} does: classify the line (nginx error log or not, by its clock), skip signatures
 * of other formats, count per signature, read the nginx timestamp for first/last seen, run
 * the signature's pattern, keep the named groups' distinct values (bounded like the scanner's) and a few
 * samples, and derive the WordPress plugin or theme from paths.
 *
 * <ul>
 *   <li>{@link Mode#BIG_ALTERNATION} (a): one {@link Pattern} of every literal, quoted and joined with
 *   {@code |}, {@code find()} on each line; a line it finds something in is classified by testing every
 *   literal with {@link String#contains} (the alternation reports one literal, a line may hold several).</li>
 *   <li>{@link Mode#PER_SIGNATURE} (b): for each line, a loop over the signatures, each with its own
 *   compiled quoted-literal {@code Pattern} ({@code find()}, Boyer-Moore inside the JDK).</li>
 * </ul>
 * A signature counts a line when the line contains its literal and its pattern (if any) finds a match,
 * once per line: the scanner's rule, so the counts are equal (checked by {@code BaselineEquivalenceTest}).
 * Not thread-safe; one per thread.
 */
public final class RegexBaseline {

    /** Which baseline. */
    public enum Mode {
        /** (a): one big alternation. */
        BIG_ALTERNATION,
        /** (b): a loop over per-signature patterns. */
        PER_SIGNATURE
    }

    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");
    private static final Pattern NGINX_TIME = Pattern.compile(
            "^(\\d{4})/(\\d{2})/(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) \\[");

    private final Mode mode;
    private final List<Signature> signatures;
    private final String[] literals;
    private final Matcher alternation;
    private final Matcher[] literalMatchers;
    private final Matcher[] patternMatchers;
    private final List<List<String>> groupNames;
    private final Matcher time = NGINX_TIME.matcher("");

    public RegexBaseline(Mode mode, List<Signature> signatures) {
        this.mode = mode;
        this.signatures = List.copyOf(signatures);
        int n = this.signatures.size();
        literals = new String[n];
        literalMatchers = new Matcher[n];
        patternMatchers = new Matcher[n];
        List<List<String>> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Signature s = this.signatures.get(i);
            literals[i] = s.literal();
            literalMatchers[i] = Pattern.compile(Pattern.quote(s.literal())).matcher("");
            patternMatchers[i] = s.pattern() == null ? null : s.pattern().matcher("");
            List<String> g = new ArrayList<>();
            if (s.pattern() != null) {
                Matcher m = GROUP_NAME.matcher(s.pattern().pattern());
                while (m.find()) {
                    g.add(m.group(1));
                }
            }
            names.add(List.copyOf(g));
        }
        groupNames = List.copyOf(names);
        alternation = Pattern.compile(this.signatures.stream().map(Signature::literal).distinct()
                .map(Pattern::quote).collect(Collectors.joining("|"))).matcher("");
    }

    /** Scans {@code file} (UTF-8, one {@code String} per line). */
    public Result scan(Path file) throws IOException {
        Result r = new Result(signatures.size());
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                r.bytes += line.length() + 1; // ASCII input: one byte a char, plus the newline
                if (mode == Mode.BIG_ALTERNATION) {
                    if (alternation.reset(line).find()) {
                        r.candidates++;
                        for (int i = 0; i < literals.length; i++) {
                            if (line.contains(literals[i])) {
                                test(i, line, number, r);
                            }
                        }
                    }
                } else {
                    for (int i = 0; i < literalMatchers.length; i++) {
                        if (literalMatchers[i].reset(line).find()) {
                            test(i, line, number, r);
                        }
                    }
                }
            }
            r.lines = number;
        }
        return r;
    }

    private void test(int sig, String line, long number, Result r) {
        // classify: the input is an nginx error log, so a line is NGINX_ERROR if it has its clock
        LogFormat format = time.reset(line).lookingAt() ? LogFormat.NGINX_ERROR : LogFormat.UNKNOWN;
        if (!signatures.get(sig).appliesTo(format)) {
            return;
        }
        Matcher m = patternMatchers[sig];
        if (m != null && !m.reset(line).find()) {
            return;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        if (m != null) {
            for (String name : groupNames.get(sig)) {
                String v = m.group(name);
                if (v != null) {
                    fields.put(name, v);
                }
            }
        }
        attribution(line, fields);
        r.add(sig, timestamp(line), number, line, fields);
    }

    private Instant timestamp(String line) {
        if (!time.reset(line).lookingAt()) {
            return null;
        }
        return LocalDateTime.of(Integer.parseInt(time.group(1)), Integer.parseInt(time.group(2)),
                Integer.parseInt(time.group(3)), Integer.parseInt(time.group(4)), Integer.parseInt(time.group(5)),
                Integer.parseInt(time.group(6))).toInstant(ZoneOffset.UTC);
    }

    private static void attribution(String text, Map<String, String> fields) {
        String plugin = slugAfter(text, "/wp-content/plugins/");
        if (plugin == null) {
            plugin = slugAfter(text, "/wp-content/mu-plugins/");
        }
        if (plugin != null) {
            fields.putIfAbsent("plugin", plugin);
        }
        String theme = slugAfter(text, "/wp-content/themes/");
        if (theme != null) {
            fields.putIfAbsent("theme", theme);
        }
    }

    private static String slugAfter(String text, String marker) {
        int i = text.lastIndexOf(marker);
        if (i < 0) {
            return null;
        }
        int start = i + marker.length();
        int end = start;
        while (end < text.length()) {
            char c = text.charAt(end);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
                break;
            }
            end++;
        }
        String slug = text.substring(start, end);
        if (slug.endsWith(".php")) {
            slug = slug.substring(0, slug.length() - 4);
        }
        return slug.isEmpty() ? null : slug;
    }

    /** What a baseline found: per signature (by index) counts, times, samples and field values. */
    public static final class Result {
        long bytes;
        long lines;
        long candidates;
        final long[] counts;
        final Instant[] first;
        final Instant[] last;
        final List<List<String>> samples = new ArrayList<>();
        final List<Map<String, Map<String, Long>>> fields = new ArrayList<>();

        Result(int signatures) {
            counts = new long[signatures];
            first = new Instant[signatures];
            last = new Instant[signatures];
            for (int i = 0; i < signatures; i++) {
                samples.add(new ArrayList<>());
                fields.add(new HashMap<>());
            }
        }

        void add(int sig, Instant at, long lineNumber, String line, Map<String, String> values) {
            counts[sig]++;
            if (at != null) {
                if (first[sig] == null || at.isBefore(first[sig])) {
                    first[sig] = at;
                }
                if (last[sig] == null || at.isAfter(last[sig])) {
                    last[sig] = at;
                }
            }
            List<String> s = samples.get(sig);
            if (s.size() < LogScanner.MAX_SAMPLES) {
                s.add(lineNumber + ": " + line);
            } else {
                s.set(2 + (int) (counts[sig] % 3), lineNumber + ": " + line);
            }
            Map<String, Map<String, Long>> f = fields.get(sig);
            for (Map.Entry<String, String> e : values.entrySet()) {
                Map<String, Long> distinct = f.computeIfAbsent(e.getKey(), k -> new HashMap<>());
                String key = distinct.containsKey(e.getValue()) || distinct.size() < LogScanner.MAX_FIELD_VALUES
                        ? e.getValue() : "(other)";
                distinct.merge(key, 1L, Long::sum);
            }
        }

        /** Bytes read (lines plus their newlines). */
        public long bytes() {
            return bytes;
        }

        /** Lines read. */
        public long lines() {
            return lines;
        }

        /** Lines that contain some literal (counted by the big alternation only; 0 otherwise). */
        public long candidates() {
            return candidates;
        }

        /** Count per signature index. */
        public long[] counts() {
            return counts.clone();
        }

        /** Sum of all counts. */
        public long totalHits() {
            long t = 0;
            for (long c : counts) {
                t += c;
            }
            return t;
        }

        /** The distinct values of each field of signature {@code sig}, with counts. */
        public Map<String, Map<String, Long>> fields(int sig) {
            return fields.get(sig);
        }
    }
}
