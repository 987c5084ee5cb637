package org.gatewaydoctor.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.gatewaydoctor.internal.logs.scan.LiteralMatcher;
import org.gatewaydoctor.logs.Signature;
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
 * Where the scanner's time goes, one stage at a time, on the same generated log as
 * {@link LogScanBenchmark}. Each score ({@code megabytes} = MB/s) is the speed of a stage alone; the
 * time per GB of the full scan is roughly the sum of the stages' times per GB plus candidate-line
 * handling (decode, classify, pattern, aggregate), which is what is left over.
 *
 * <ul>
 *   <li>{@code readLine}: {@code BufferedReader.readLine} alone, no matching (the ceiling of any
 *   String-per-line design; the reference point is ~0.8 GB/s);</li>
 *   <li>{@code channelRead}: {@code FileChannel.read} into a 4 MiB heap buffer (page cache to a temporary
 *   direct buffer to the heap: two copies; how the scanner read files before core commit 9addb55);</li>
 *   <li>{@code mappedCopy}: the file mapped in 256 MiB windows and copied into a 4 MiB heap buffer, as
 *   the scanner reads files now (one copy);</li>
 *   <li>{@code countNewlines}: the scanner's SWAR newline count (a copy of core's {@code Bytes}) over an
 *   in-memory 64 MiB slice;</li>
 *   <li>{@code literalMatcher}: core's {@link LiteralMatcher} (Wu-Manber up to 64 literals, bucketed shift-or above) alone over the same in-memory
 *   slice, for 10, 100 and 1,000 signatures; a counting sink.</li>
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main ScanBreakdownBenchmark -f 1 -wi 2 -w 1s -i 5 -r 1s \
 *     -rf json -rff breakdown.json
 * </pre>
 * ({@code java -jar benchmarks/target/benchmarks.jar --breakdown} runs it after the main tables.)
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ScanBreakdownBenchmark {

    /** The 256 MiB log, and its first 64 MiB in memory. */
    @State(Scope.Benchmark)
    public static class Input {
        Path file;
        long fileBytes;
        byte[] memory;
        byte[] buffer;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            file = BenchInputs.log(256);
            fileBytes = Files.size(file);
            memory = new byte[64 << 20];
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer b = ByteBuffer.wrap(memory);
                while (b.hasRemaining() && ch.read(b) >= 0) {
                    // fill
                }
            }
            buffer = new byte[4 << 20];
        }
    }

    /** The literal matcher of a signature set. */
    @State(Scope.Benchmark)
    public static class Literals {
        @Param({"10", "100", "1000"})
        public int signatures;

        LiteralMatcher matcher;

        @Setup(Level.Trial)
        public void setUp() {
            Set<String> literals = new LinkedHashSet<>();
            for (Signature s : BenchmarkSignatures.set(signatures)) {
                literals.add(s.literal());
            }
            matcher = new LiteralMatcher(new ArrayList<>(literals));
        }
    }

    @Benchmark
    public long readLine(Input in, LogScanBenchmark.Throughput t) throws IOException {
        long lines = 0;
        try (BufferedReader r = Files.newBufferedReader(in.file, StandardCharsets.UTF_8)) {
            while (r.readLine() != null) {
                lines++;
            }
        }
        t.megabytes += in.fileBytes / 1e6;
        return lines;
    }

    @Benchmark
    public long channelRead(Input in, LogScanBenchmark.Throughput t) throws IOException {
        long total = 0;
        long sum = 0;
        try (FileChannel ch = FileChannel.open(in.file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.wrap(in.buffer);
            int n;
            while ((n = ch.read(b, total)) > 0) {
                total += n;
                sum += in.buffer[n - 1];
                b.clear();
            }
        }
        t.megabytes += total / 1e6;
        return sum;
    }

    @Benchmark
    public long mappedCopy(Input in, LogScanBenchmark.Throughput t) throws IOException {
        long sum = 0;
        try (FileChannel ch = FileChannel.open(in.file, StandardOpenOption.READ)) {
            long size = ch.size();
            for (long at = 0; at < size; at += 256L << 20) {
                MappedByteBuffer window = ch.map(FileChannel.MapMode.READ_ONLY, at, Math.min(256L << 20, size - at));
                while (window.hasRemaining()) {
                    int n = Math.min(in.buffer.length, window.remaining());
                    window.get(in.buffer, 0, n);
                    sum += in.buffer[n - 1];
                }
            }
            t.megabytes += size / 1e6;
        }
        return sum;
    }

    @Benchmark
    public long countNewlines(Input in, LogScanBenchmark.Throughput t) {
        long n = countNewlines(in.memory, 0, in.memory.length);
        t.megabytes += in.memory.length / 1e6;
        return n;
    }

    @Benchmark
    public long literalMatcher(Input in, Literals lit, LogScanBenchmark.Throughput t) {
        long[] count = new long[1];
        lit.matcher.search(in.memory, 0, in.memory.length, (literal, start) -> count[0]++);
        t.megabytes += in.memory.length / 1e6;
        return count[0];
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

    /** A copy of core's {@code Bytes.countNewlines} (package-private there). */
    static long countNewlines(byte[] buf, int from, int to) {
        long count = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(buf, i) ^ NEWLINES;
            long y = ~(((x & LOW7) + LOW7) | x | LOW7);
            count += Long.bitCount(y);
        }
        for (; i < to; i++) {
            if (buf[i] == '\n') {
                count++;
            }
        }
        return count;
    }
}
