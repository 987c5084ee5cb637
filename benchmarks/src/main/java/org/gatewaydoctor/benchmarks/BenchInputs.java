package org.gatewaydoctor.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Generated input files, kept between benchmark forks: {@code <dir>/nginx-error-<seed>-<MiB>m-<part>.log}
 * under {@code -Dgd.bench.dir} (default {@code ${java.io.tmpdir}/gateway-doctor-bench}). A file is
 * generated when absent (atomically, so a killed fork leaves no half file) and read once before use, so
 * measurements see a warm page cache. Delete the directory to reclaim the space.
 */
public final class BenchInputs {

    private BenchInputs() {
    }

    /** The directory inputs are kept in. */
    public static Path dir() {
        String d = System.getProperty("gd.bench.dir");
        return d != null ? Path.of(d) : Path.of(System.getProperty("java.io.tmpdir"), "gateway-doctor-bench");
    }

    /** A generated log of at most {@code mib} MiB (whole lines), page cache warmed. */
    public static Path log(long mib) throws IOException {
        return log(mib, NginxErrorLogGenerator.DEFAULT_SEED);
    }

    /** A generated log of at most {@code mib} MiB (whole lines) for {@code seed}, page cache warmed. */
    public static Path log(long mib, long seed) throws IOException {
        Path file = dir().resolve("nginx-error-" + seed + "-" + mib + "m.log");
        if (!Files.isRegularFile(file)) {
            NginxErrorLogGenerator.writeFile(file, mib << 20, seed);
        }
        warm(file);
        return file;
    }

    /** Reads {@code file} once, so that it sits in the page cache. Returns its size. */
    public static long warm(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        long total = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            int n;
            while ((n = ch.read(buf)) >= 0) {
                total += n;
                buf.clear();
            }
        }
        return total;
    }
}
