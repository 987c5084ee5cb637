package org.gatewaydoctor.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.json.DiagnosisJson;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.Target;

/**
 * Runs the real engine with every check on the class path, the way an embedder would: offline from a
 * stack's logs alone, or live with the URL and the configuration files (logs then found through the
 * configuration).
 */
public final class Diagnose {

    private Diagnose() {
    }

    /**
     * From the stack's log folder only; log lines without a zone are read in the JVM's zone, as the servers wrote
     * them. The logs are also kept (copied) for the two other offline diagnoses the fault table asserts when the
     * test records its row: {@link #neutral} and {@link #noisy}.
     */
    public static Diagnosis offline(Stack stack) {
        Diagnosis d = run(Target.builder().logs(stack.logs()).zone(ZoneId.systemDefault()).build());
        LAST_LOGS.set(snapshot(stack.logs()));
        return d;
    }

    /** The logs of the last {@link #offline} diagnosis of this thread, taken (null when there was none since). */
    static Path takeLastLogs() {
        Path p = LAST_LOGS.get();
        LAST_LOGS.remove();
        return p;
    }

    private static final ThreadLocal<Path> LAST_LOGS = new ThreadLocal<>();

    /**
     * The diagnosis of {@code logs}' files copied under neutral names ({@code 1.log}, {@code 2.log}...): nothing
     * may depend on a file being called {@code nginx-error.log}.
     */
    public static Diagnosis neutral(Path logs) {
        Path dir = tempDir("gd-it-neutral-");
        try {
            int n = 0;
            for (Path f : files(logs)) {
                Files.copy(f, dir.resolve(++n + ".log"));
            }
            return run(Target.builder().logs(dir).zone(ZoneId.systemDefault()).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * The diagnosis of {@code logs}' files under neutral names, each appended to a day of a shared server's older
     * logs of its kind ({@link Noise}: other sites' failures, near misses, slowlog records, stack traces), about
     * 10 to 16 MB in all, plus the other sites' own slowlog and PHP error log when the stack has none. The
     * incident is the same; only its background grew.
     */
    public static Diagnosis noisy(Path logs) {
        Path dir = tempDir("gd-it-noisy-");
        try {
            int n = 0;
            java.util.Set<Noise.Kind> kinds = java.util.EnumSet.noneOf(Noise.Kind.class);
            for (Path f : files(logs)) {
                Path out = dir.resolve(++n + ".log");
                Noise.Kind kind = Noise.kindOf(f.getFileName().toString());
                if (kind != null) {
                    kinds.add(kind);
                    Files.copy(Noise.file(kind), out);
                    Files.write(out, Files.readAllBytes(f), StandardOpenOption.APPEND);
                } else {
                    Files.copy(f, out);
                }
            }
            // the other sites' own logs next to them: a slowlog and a PHP error log full of yesterday's records,
            // their stack lines undated (the case: old slowlog frames and fatals outranking today)
            for (Noise.Kind other : Noise.OTHER_SITES) {
                if (!kinds.contains(other)) {
                    Files.copy(Noise.file(other), dir.resolve(++n + ".log"));
                }
            }
            return run(Target.builder().logs(dir).zone(ZoneId.systemDefault()).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(dir);
        }
    }

    private static Path snapshot(Path logs) {
        Path dir = tempDir("gd-it-logs-");
        try {
            for (Path f : files(logs)) {
                Files.copy(f, dir.resolve(f.getFileName().toString()));
            }
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temp folder is harmless
        }
    }

    /** With the URL and configuration files ({@code Target.CONFIG_*} keys), no log folder. */
    public static Diagnosis live(URI url, Map<String, Path> configs) {
        Target.Builder b = Target.builder().url(url).zone(ZoneId.systemDefault());
        configs.forEach(b::config);
        return run(b.build());
    }

    public static Diagnosis run(Target target) {
        return GatewayDoctor.builder().timeout(Duration.ofSeconds(60)).build().diagnose(loopbackDns(target));
    }

    /** As {@link #run(Target)}, without the checks {@code excluded} names (patterns as {@code --skip} takes them). */
    public static Diagnosis runWithout(Target target, String... excluded) {
        return GatewayDoctor.builder().timeout(Duration.ofSeconds(60)).exclude(excluded).build()
                .diagnose(loopbackDns(target));
    }

    /**
     * The target with the DNS checks' system resolver set to a resolv.conf naming only 127.0.0.1 (unless the
     * test chose one): whatever names a configuration holds, no DNS query leaves the machine.
     */
    private static Target loopbackDns(Target target) {
        if (target.option("dns.resolv-conf").isPresent()) {
            return target;
        }
        return target.toBuilder().option("dns.resolv-conf", LOOPBACK_RESOLV_CONF.toString()).build();
    }

    private static final java.nio.file.Path LOOPBACK_RESOLV_CONF = writeLoopbackResolvConf();

    private static java.nio.file.Path writeLoopbackResolvConf() {
        try {
            java.nio.file.Path p = java.nio.file.Files.createTempFile("gateway-doctor-it-resolv", ".conf");
            p.toFile().deleteOnExit();
            return java.nio.file.Files.writeString(p, "# whole-stack tests: DNS stays on the loopback\nnameserver 127.0.0.1\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The top cause's code, or null when the diagnosis found none. */
    public static CauseCode top(Diagnosis d) {
        return d.topCause().map(RankedCause::code).orElse(null);
    }

    /** The whole diagnosis as JSON, for assertion messages. */
    public static String explain(Diagnosis d) {
        return DiagnosisJson.write(d);
    }
}
