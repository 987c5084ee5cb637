package org.gatewaydoctor.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.LogScanner;
import org.gatewaydoctor.logs.ScannedFile;
import org.gatewaydoctor.logs.SignatureCatalog;

/**
 * Heap needed to scan a 1 GiB log: run it in a JVM with a small {@code -Xmx}; it exits 0 only if the
 * whole file was scanned. Prints one line of figures: peak heap used (sum of each heap pool's peak,
 * an upper bound), committed and max heap, GC count and time, and speed. Generates the log into
 * {@link BenchInputs#dir()} first when it is absent (peaks are reset after that).
 *
 * <pre>
 * java -Xmx64m -Xlog:gc:file=/tmp/heapcheck-gc.log -cp benchmarks/target/benchmarks.jar \
 *     org.gatewaydoctor.benchmarks.HeapCheck --mib 1024 --parallelism 2 --signatures 1000
 * </pre>
 * ({@code java -jar benchmarks/target/benchmarks.jar} runs exactly that in a child JVM and reports it.)
 */
public final class HeapCheck {

    private HeapCheck() {
    }

    public static void main(String[] args) throws Exception {
        long mib = 1024;
        int parallelism = 2;
        int signatures = 1000;
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mib" -> mib = Long.parseLong(args[++i]);
                case "--parallelism" -> parallelism = Integer.parseInt(args[++i]);
                case "--signatures" -> signatures = Integer.parseInt(args[++i]);
                case "--file" -> file = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (file == null) {
            file = BenchInputs.log(mib);
        } else {
            BenchInputs.warm(file);
        }
        long size = Files.size(file);
        LogScanner scanner = LogScanner.builder().catalog(SignatureCatalog.of(BenchmarkSignatures.set(signatures)))
                .zone(ZoneOffset.UTC).parallelism(parallelism).build();
        System.gc();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        long gcCount0 = gcCount();
        long gcTime0 = gcTime();
        long t0 = System.nanoTime();
        LogScan scan = scanner.scanPaths(List.of(file));
        double seconds = (System.nanoTime() - t0) / 1e9;
        long peak = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        boolean complete = scan.bytesScanned() == size && scan.files().stream().allMatch(ScannedFile::complete);
        System.out.printf(Locale.ROOT,
                "heapcheck: %s, file %.2f GiB, %,d lines, %d hits, parallelism %d, %d signatures: %.2f s (%.0f MB/s);"
                        + " peak heap used %.1f MiB (max %.0f MiB, committed %.1f MiB); %d GCs, %d ms in GC%n",
                complete ? "COMPLETE" : "INCOMPLETE", size / (double) (1L << 30), scan.linesScanned(),
                scan.signatures().stream().mapToLong(h -> h.count()).sum(), parallelism, signatures, seconds,
                size / 1e6 / seconds, peak / 1048576.0, heap.getMax() / 1048576.0, heap.getCommitted() / 1048576.0,
                gcCount() - gcCount0, gcTime() - gcTime0);
        if (!complete) {
            scan.problems().forEach(System.out::println);
            System.exit(1);
        }
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long gcTime() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }
}
