package org.gatewaydoctor.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.LogScanner;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.logs.SignatureHits;
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
 * Whether {@link LogScanner} uses both cores: one and two threads side by side, on one 256 MiB file
 * (which the scanner splits at line boundaries) and on four 64 MiB files (different seeds, as four
 * virtual hosts' logs would be). Scores: {@code megabytes} = MB/s; the speed-up is p=2 over p=1.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main ParallelScanBenchmark -f 3 -wi 2 -w 2s -i 5 -r 2s \
 *     -rf json -rff parallel.json
 * </pre>
 * ({@code java -jar benchmarks/target/benchmarks.jar} runs it too and prints the speed-up table.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ParallelScanBenchmark {

    /** {@code oneFile}: one 256 MiB log; {@code fourFiles}: four 64 MiB logs. */
    @Param({"oneFile", "fourFiles"})
    public String layout;

    /** Scanner threads. */
    @Param({"1", "2"})
    public int parallelism;

    /** Signature set size ({@link BenchmarkSignatures#set(int)}). */
    @Param({"100"})
    public int signatures;

    private List<Path> files;
    private long bytes;
    private LogScanner scanner;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        files = new ArrayList<>();
        if (layout.equals("oneFile")) {
            files.add(BenchInputs.log(256));
        } else if (layout.equals("fourFiles")) {
            for (int i = 0; i < 4; i++) {
                files.add(BenchInputs.log(64, NginxErrorLogGenerator.DEFAULT_SEED + 1 + i));
            }
        } else {
            throw new IllegalArgumentException("unknown layout " + layout);
        }
        bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        scanner = LogScanner.builder().catalog(SignatureCatalog.of(BenchmarkSignatures.set(signatures)))
                .zone(ZoneOffset.UTC).parallelism(parallelism).build();
    }

    @Benchmark
    public long scan(LogScanBenchmark.Throughput t) throws InterruptedException {
        LogScan scan = scanner.scanPaths(files);
        if (scan.bytesScanned() != bytes) {
            throw new IllegalStateException("scanned " + scan.bytesScanned() + " of " + bytes + " bytes");
        }
        t.megabytes += bytes / 1e6;
        return scan.signatures().stream().mapToLong(SignatureHits::count).sum();
    }
}
