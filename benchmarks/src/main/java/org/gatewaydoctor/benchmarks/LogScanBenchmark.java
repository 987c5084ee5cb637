package org.gatewaydoctor.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.LogScanner;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.logs.SignatureHits;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The full catalogue scan on one core against the two regex baselines, side by side in one run:
 * count per signature, classify and extract fields, on a generated nginx error log of a busy WordPress
 * site ({@link NginxErrorLogGenerator}, ~0.5% 502 signatures) with 10, 100 and 1,000 signatures
 * ({@link BenchmarkSignatures}: the first 10 and 100 of the real catalogue, which has 143; for 1,000 the
 * whole catalogue and 857 synthetic signatures).
 *
 * <ul>
 *   <li>{@code gatewaydoctor}: {@link LogScanner#scanPaths} with {@code parallelism(1)} (the candidate);</li>
 *   <li>{@code bigAlternationRegex}: baseline (a), {@code BufferedReader.readLine} + one alternation of
 *   all literals ({@link RegexBaseline.Mode#BIG_ALTERNATION});</li>
 *   <li>{@code perSignatureRegex}: baseline (b), {@code BufferedReader.readLine} + a loop over
 *   per-signature patterns ({@link RegexBaseline.Mode#PER_SIGNATURE}).</li>
 * </ul>
 * The score that matters is the secondary result {@code megabytes}: MB (10<sup>6</sup> bytes) scanned
 * per second. The implementations scan inputs of different sizes (a prefix of one generated log, see
 * {@link #inputMiB}) so that one operation takes about a second even for the slow baselines; the
 * generator makes the smaller inputs prefixes of the larger ones, with the same mix of lines.
 * Inputs are generated once into {@link BenchInputs#dir()} and read in {@code @Setup}, so the page
 * cache is warm.
 *
 * <p>Run everything with the side-by-side table printed at the end ({@link BenchmarkReport}):
 * <pre>
 * cd /work/main &amp;&amp; mvn -B -o -q install -pl core,checks-http,checks-phpfpm,checks-wordpress -DskipTests
 * mvn -B -o -q package -pl benchmarks -DskipTests
 * java -jar benchmarks/target/benchmarks.jar
 * </pre>
 * or this benchmark alone with plain JMH (JSON results):
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main LogScanBenchmark -f 3 -wi 2 -w 2s -i 5 -r 2s \
 *     -rf json -rff logscan.json
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class LogScanBenchmark {

    /** Signature set size: {@link BenchmarkSignatures#set(int)}. */
    @Param({"10", "100", "1000"})
    public int signatures;

    /** The implementation. */
    @Param({"gatewaydoctor", "bigAlternationRegex", "perSignatureRegex"})
    public String impl;

    /**
     * Input size in MiB, or {@code auto}: 256 for {@code gatewaydoctor}; for the baselines a size
     * that one operation reads in about a second (see {@link #autoInputMiB}).
     */
    @Param({"auto"})
    public String inputMiB;

    private Path file;
    private long fileBytes;
    private LogScanner scanner;
    private RegexBaseline baseline;

    /** MB scanned, reported by JMH as a rate: MB/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Throughput {
        /** MB (10^6 bytes) scanned; JMH divides by the iteration time. */
        public double megabytes;

        @Setup(Level.Iteration)
        public void reset() {
            megabytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        long mib = inputMiB.equals("auto") ? autoInputMiB(impl, signatures) : Long.parseLong(inputMiB);
        file = BenchInputs.log(mib);
        fileBytes = Files.size(file);
        var set = BenchmarkSignatures.set(signatures);
        switch (impl) {
            case "gatewaydoctor" -> scanner = LogScanner.builder().catalog(SignatureCatalog.of(set))
                    .zone(ZoneOffset.UTC).parallelism(1).build();
            case "bigAlternationRegex" -> baseline = new RegexBaseline(RegexBaseline.Mode.BIG_ALTERNATION, set);
            case "perSignatureRegex" -> baseline = new RegexBaseline(RegexBaseline.Mode.PER_SIGNATURE, set);
            default -> throw new IllegalArgumentException("unknown impl " + impl);
        }
    }

    /**
     * MiB of input per operation when {@code inputMiB=auto}: about one second's worth of each
     * implementation on the 2-core development machine (measured in a pilot run), at least 1 MiB (~3,200
     * lines; the 1,000-signature alternation reads that in about three seconds).
     */
    static long autoInputMiB(String impl, int signatures) {
        return switch (impl) {
            case "gatewaydoctor" -> 256;
            case "perSignatureRegex" -> signatures <= 10 ? 128 : signatures <= 100 ? 16 : 2;
            case "bigAlternationRegex" -> signatures <= 10 ? 32 : signatures <= 100 ? 4 : 1;
            default -> throw new IllegalArgumentException("unknown impl " + impl);
        };
    }

    /** One pass over the input; returns the number of hits (consumed by JMH). */
    @Benchmark
    public long scan(Throughput t) throws IOException, InterruptedException {
        long hits;
        if (scanner != null) {
            LogScan scan = scanner.scanPaths(List.of(file));
            if (scan.bytesScanned() != fileBytes) {
                throw new IllegalStateException("scanned " + scan.bytesScanned() + " of " + fileBytes + " bytes");
            }
            hits = scan.signatures().stream().mapToLong(SignatureHits::count).sum();
        } else {
            hits = baseline.scan(file).totalHits();
        }
        t.megabytes += fileBytes / 1e6;
        return hits;
    }
}
