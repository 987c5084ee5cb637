package org.gatewaydoctor.benchmarks;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.LogScanner;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.logs.SignatureHits;

/**
 * A whole-process log scan for {@code compare.sh}, standing in for {@code gateway-doctor scan --logs}
 * until that command exists: scans the files with a benchmark signature set and prints a JSON summary
 * ({@code bytesScanned}, {@code linesScanned}, {@code elapsedMillis}, {@code signatures}: id and count).
 * The default set is the whole {@linkplain BenchmarkSignatures#catalogue() catalogue}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.gatewaydoctor.benchmarks.ScanMain --parallelism 2 \
 *     --signatures catalogue /tmp/error.log
 * </pre>
 */
public final class ScanMain {

    private ScanMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int parallelism = Runtime.getRuntime().availableProcessors();
        int signatures = BenchmarkSignatures.catalogue().size();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--parallelism" -> parallelism = Integer.parseInt(args[++i]);
                case "--signatures" -> signatures = BenchmarkSignatures.parseCount(args[++i]);
                default -> files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: ScanMain [--parallelism N] [--signatures N|catalogue] FILE...");
            System.exit(2);
        }
        LogScan scan = LogScanner.builder().catalog(SignatureCatalog.of(BenchmarkSignatures.set(signatures)))
                .zone(ZoneOffset.UTC).parallelism(parallelism).build().scanPaths(files);
        StringBuilder out = new StringBuilder();
        out.append("{\"bytesScanned\":").append(scan.bytesScanned())
                .append(",\"linesScanned\":").append(scan.linesScanned())
                .append(",\"elapsedMillis\":").append(scan.elapsed().toMillis())
                .append(",\"signatures\":[");
        for (int i = 0; i < scan.signatures().size(); i++) {
            SignatureHits h = scan.signatures().get(i);
            out.append(i == 0 ? "" : ",").append("{\"id\":\"").append(h.id()).append("\",\"count\":")
                    .append(h.count()).append('}');
        }
        out.append("],\"problems\":").append(scan.problems().size()).append('}');
        System.out.println(out);
        if (!scan.problems().isEmpty()) {
            scan.problems().forEach(System.err::println);
            System.exit(1);
        }
    }
}
