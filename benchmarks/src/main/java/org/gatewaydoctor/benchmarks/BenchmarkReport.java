package org.gatewaydoctor.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * The one command that measures the hot path and prints the side-by-side tables: runs
 * {@link LogScanBenchmark} (gateway-doctor vs. the two regex baselines, 10/100/1,000 signatures) and
 * {@link ParallelScanBenchmark} (1 vs. 2 threads) with JMH, then the 1 GiB {@link HeapCheck} in a child
 * JVM with {@code -Xmx64m}; prints MB/s medians, the ratios to each baseline, the 10&rarr;1,000
 * slowdown, the 2-thread speed-up, the heap figures and the machine's load before and after.
 *
 * <pre>
 * cd /work/main &amp;&amp; mvn -B -o -q install -pl core,checks-http,checks-phpfpm,checks-wordpress -DskipTests
 * mvn -B -o -q package -pl benchmarks -DskipTests
 * java -jar benchmarks/target/benchmarks.jar                # 3 forks x 5 x 2 s; about 11 minutes on 2 cores
 * java -jar benchmarks/target/benchmarks.jar --quick        # 1 fork x 3 x 1 s; a few minutes, for a look
 * java -jar benchmarks/target/benchmarks.jar --breakdown    # adds ScanBreakdownBenchmark (stages alone)
 * </pre>
 * Options: {@code --forks N}, {@code --iterations N}, {@code --time SECONDS}, {@code --no-heap},
 * {@code --no-parallel}, {@code --result FILE} (JMH JSON, default {@code jmh-result.json}). Generated inputs
 * are kept in {@link BenchInputs#dir()} (about 1.8 GiB with the heap check).
 */
public final class BenchmarkReport {

    private static final String MB = "megabytes";

    private BenchmarkReport() {
    }

    public static void main(String[] args) throws RunnerException, IOException, InterruptedException {
        int forks = 3;
        int iterations = 5;
        int seconds = 2;
        int warmups = 2;
        boolean heap = true;
        boolean parallel = true;
        boolean breakdown = false;
        String result = "jmh-result.json";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> {
                    forks = 1;
                    iterations = 3;
                    seconds = 1;
                    warmups = 1;
                }
                case "--forks" -> forks = Integer.parseInt(args[++i]);
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--time" -> seconds = Integer.parseInt(args[++i]);
                case "--no-heap" -> heap = false;
                case "--no-parallel" -> parallel = false;
                case "--breakdown" -> breakdown = true;
                case "--result" -> result = args[++i];
                default -> {
                    System.err.println("unknown option " + args[i] + "; see the Javadoc of " + BenchmarkReport.class);
                    System.exit(2);
                }
            }
        }
        String loadBefore = load();
        long start = System.nanoTime();
        ChainedOptionsBuilder opt = new OptionsBuilder()
                .include("\\.LogScanBenchmark\\.")
                .forks(forks)
                .warmupIterations(warmups).warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(seconds))
                .resultFormat(ResultFormatType.JSON).result(result);
        if (parallel) {
            opt.include("\\.ParallelScanBenchmark\\.");
        }
        if (breakdown) {
            opt.include("\\.ScanBreakdownBenchmark\\.");
        }
        Collection<RunResult> results = new Runner(opt.build()).run();
        String loadAfterJmh = load();

        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n=== gateway-doctor log scan: MB/s (MB = 10^6 bytes), median of %d forks"
                + " x %d iterations of %d s (min-max in brackets) ===%n", forks, iterations, seconds));
        out.append(String.format("machine: %d cores, %s; load before: %s, after JMH: %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.version"), loadBefore, loadAfterJmh));
        out.append(String.format("input: generated nginx error log, seed %d (%s); signatures: %s%n",
                NginxErrorLogGenerator.DEFAULT_SEED, BenchInputs.dir(), BenchmarkSignatures.catalogueSource()));
        singleCoreTable(results, out);
        if (parallel) {
            parallelTable(results, out);
        }
        if (breakdown) {
            breakdownTable(results, out);
        }
        if (heap) {
            heapCheck(out);
        }
        out.append(String.format(Locale.ROOT, "total %.1f min; load at the end: %s; JMH JSON: %s%n",
                (System.nanoTime() - start) / 6e10, load(), Path.of(result).toAbsolutePath()));
        System.out.print(out);
    }

    private static void singleCoreTable(Collection<RunResult> results, StringBuilder out) {
        Map<String, Map<String, Statistics>> byImpl = new LinkedHashMap<>();
        for (RunResult r : results) {
            if (r.getParams().getBenchmark().endsWith("LogScanBenchmark.scan")) {
                byImpl.computeIfAbsent(r.getParams().getParam("impl"), k -> new LinkedHashMap<>())
                        .put(r.getParams().getParam("signatures"), mb(r));
            }
        }
        if (byImpl.isEmpty()) {
            return;
        }
        out.append(String.format("%nSingle core (parallelism 1), full scan: count + classify + extract fields%n"));
        out.append(String.format("%-10s | %-22s | %-22s | %-22s | %8s | %8s%n", "signatures", "gatewaydoctor",
                "(a) bigAlternationRegex", "(b) perSignatureRegex", "vs (a)", "vs (b)"));
        Map<String, Statistics> gd = byImpl.getOrDefault("gatewaydoctor", Map.of());
        Map<String, Statistics> a = byImpl.getOrDefault("bigAlternationRegex", Map.of());
        Map<String, Statistics> b = byImpl.getOrDefault("perSignatureRegex", Map.of());
        List<String> sizes = new ArrayList<>();
        byImpl.values().forEach(m -> m.keySet().forEach(k -> {
            if (!sizes.contains(k)) {
                sizes.add(k);
            }
        }));
        sizes.sort((x, y) -> Integer.compare(Integer.parseInt(x), Integer.parseInt(y)));
        for (String n : sizes) {
            out.append(String.format(Locale.ROOT, "%-10s | %-22s | %-22s | %-22s | %8s | %8s%n", n, cell(gd.get(n)),
                    cell(a.get(n)), cell(b.get(n)), ratio(gd.get(n), a.get(n)), ratio(gd.get(n), b.get(n))));
        }
        if (sizes.size() > 1) {
            String lo = sizes.get(0);
            String hi = sizes.get(sizes.size() - 1);
            out.append(String.format("slowdown %s -> %s signatures:", lo, hi));
            byImpl.forEach((impl, m) -> out.append(String.format(Locale.ROOT, " %s %s;", impl,
                    ratio(m.get(lo), m.get(hi)))));
            out.append(String.format(" (target for gatewaydoctor: <= 1.5x)%n"));
        }
    }

    private static void parallelTable(Collection<RunResult> results, StringBuilder out) {
        Map<String, Map<String, Statistics>> byLayout = new LinkedHashMap<>();
        String sigs = null;
        for (RunResult r : results) {
            if (r.getParams().getBenchmark().endsWith("ParallelScanBenchmark.scan")) {
                byLayout.computeIfAbsent(r.getParams().getParam("layout"), k -> new LinkedHashMap<>())
                        .put(r.getParams().getParam("parallelism"), mb(r));
                sigs = r.getParams().getParam("signatures");
            }
        }
        if (byLayout.isEmpty()) {
            return;
        }
        out.append(String.format("%nBoth cores: gatewaydoctor with %s signatures, 1 vs 2 threads%n", sigs));
        out.append(String.format("%-40s | %-22s | %-22s | %8s%n", "input", "parallelism 1", "parallelism 2",
                "speed-up"));
        byLayout.forEach((layout, m) -> out.append(String.format(Locale.ROOT, "%-40s | %-22s | %-22s | %8s%n",
                layout.equals("oneFile") ? "one 256 MiB file (split at line bounds)" : "four 64 MiB files",
                cell(m.get("1")), cell(m.get("2")), ratio(m.get("2"), m.get("1")))));
    }

    private static void breakdownTable(Collection<RunResult> results, StringBuilder out) {
        List<String> rows = new ArrayList<>();
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark();
            if (bench.contains("ScanBreakdownBenchmark.")) {
                String stage = bench.substring(bench.lastIndexOf('.') + 1);
                String sigs = r.getParams().getParam("signatures");
                Statistics s = mb(r);
                rows.add(String.format(Locale.ROOT, "%-34s | %-22s | %8.3f s/GB", stage
                        + (sigs == null ? "" : " (" + sigs + " signatures)"), cell(s), 1000 / s.getPercentile(50)));
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        out.append(String.format("%nStages alone (ScanBreakdownBenchmark)%n"));
        out.append(String.format("%-34s | %-22s | %s%n", "stage", "MB/s", "time per GB"));
        rows.forEach(r -> out.append(r).append(System.lineSeparator()));
    }

    private static void heapCheck(StringBuilder out) throws IOException, InterruptedException {
        Path gcLog = BenchInputs.dir().resolve("heapcheck-gc.log");
        Files.createDirectories(gcLog.getParent());
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-Xlog:gc:file=" + gcLog, "-cp", System.getProperty("java.class.path"), HeapCheck.class.getName(),
                "--mib", "1024", "--parallelism", "2", "--signatures", "1000");
        out.append(String.format("%nHeap: a 1 GiB log scanned in a child JVM with -Xmx64m%n$ %s%n",
                String.join(" ", cmd)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        out.append(text);
        out.append(String.format("exit code %s%s; GC log: %s%n", done ? p.exitValue() : "(timed out)",
                done && p.exitValue() == 0 ? " (completed within 64 MiB of heap)" : " (FAILED)", gcLog));
    }

    private static Statistics mb(RunResult r) {
        Result<?> res = r.getAggregatedResult().getSecondaryResults().get(MB);
        if (res == null) {
            throw new IllegalStateException("no '" + MB + "' counter in " + r.getParams().getBenchmark());
        }
        return res.getStatistics();
    }

    private static String cell(Statistics s) {
        if (s == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%s [%s-%s]", num(s.getPercentile(50)), num(s.getMin()), num(s.getMax()));
    }

    private static String num(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String ratio(Statistics x, Statistics y) {
        if (x == null || y == null) {
            return "-";
        }
        double r = x.getPercentile(50) / y.getPercentile(50);
        return r >= 100 ? String.format(Locale.ROOT, "%.0fx", r) : String.format(Locale.ROOT, "%.2fx", r);
    }

    /** {@code /proc/loadavg}'s three load averages, or {@code ?}. */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
