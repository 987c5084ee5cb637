package org.gatewaydoctor.it.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.Nginx;
import org.gatewaydoctor.it.harness.Server;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.it.harness.Wait;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.Target;

/** What the proxy tests share: the row's chain, nginx reloads, certificates, and the diagnosis assertions. */
final class ProxyFault {

    /** The chain of every row these tests record. */
    static final String CHAIN = "nginx → upstream (proxy_pass)";

    private ProxyFault() {
    }

    /** The nginx error-log line that contains {@code excerpt}: proof that nginx itself printed it. */
    static String loggedLine(Stack stack, String excerpt) {
        return line(stack, "nginx-error.log", excerpt);
    }

    /**
     * The line of {@code logs/<file>} that contains {@code excerpt}, waiting a little for it: nginx writes a
     * request's access-log line only when that request ends, which may be after the client got its answer.
     */
    static String line(Stack stack, String file, String excerpt) {
        Path log = stack.logs().resolve(file);
        try {
            Wait.until(excerpt + " in " + file, Duration.ofSeconds(5), () -> read(log).contains(excerpt));
        } catch (IllegalStateException e) {
            throw new AssertionError("nginx did not log \"" + excerpt + "\" in " + file + ":\n" + read(log), e);
        }
        return read(log).lines().filter(l -> l.contains(excerpt)).findFirst().orElseThrow();
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** nginx's error log so far, for assertion messages. */
    static String errorLog(Stack stack) {
        try {
            return "--- nginx-error.log\n" + Files.readString(stack.logs().resolve("nginx-error.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no nginx error log: " + e + ")";
        }
    }

    /** The offline diagnosis (logs folder only). */
    static Diagnosis offline(Stack stack) {
        return dump(stack, "offline", Diagnose.offline(stack));
    }

    /** The live diagnosis: the URL and nginx's configuration, plus {@code more} configuration files. */
    static Diagnosis live(Stack stack, URI url, Map<String, Path> more) {
        Map<String, Path> configs = new HashMap<>(more);
        configs.put(Target.CONFIG_NGINX, Nginx.configFile(stack));
        return dump(stack, "live", Diagnose.live(url, configs));
    }

    /** With {@code -Dgd.dumpDiagnoses=DIR}, writes the diagnosis as JSON there, for debugging a test. */
    private static Diagnosis dump(Stack stack, String kind, Diagnosis d) {
        String dir = System.getProperty("gd.dumpDiagnoses", "");
        if (!dir.isEmpty()) {
            String name = stack.dir().getFileName().toString().replaceAll("-[0-9]+$", "");
            try {
                Files.createDirectories(Path.of(dir));
                Files.writeString(Path.of(dir, name + "-" + kind + ".json"), Diagnose.explain(d), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return d;
    }

    /** Asserts the top cause and that it cites a log line containing {@code excerpt}. */
    static void assertTopCites(Diagnosis d, CauseCode expected, String excerpt) {
        String json = Diagnose.explain(d);
        assertEquals(expected, Diagnose.top(d), json);
        RankedCause top = d.causes().get(0);
        assertTrue(cites(top, excerpt), "the top cause " + expected + " does not cite \"" + excerpt + "\": " + json);
    }

    /** Whether one of the cause's log-line evidence items contains {@code excerpt}. */
    static boolean cites(RankedCause cause, String excerpt) {
        return cause.evidence().stream().anyMatch(e -> e instanceof Evidence.LogLine l && l.text().contains(excerpt));
    }

    /** Asserts that some cause of the diagnosis cites a log line containing {@code excerpt}. */
    static void assertSomeCauseCites(Diagnosis d, String excerpt) {
        assertTrue(d.causes().stream().anyMatch(c -> cites(c, excerpt)),
                "no cause cites \"" + excerpt + "\": " + Diagnose.explain(d));
    }

    /**
     * Rewrites nginx's configuration and reloads it the way an administrator does (SIGHUP to the master);
     * returns once every worker of the old configuration is gone, so the next request meets the new one.
     */
    static void reload(Stack stack, Server nginx, String config) {
        Set<Long> old = new HashSet<>(nginx.children());
        assertFalse(old.isEmpty(), "nginx has no workers: " + stack.outputs());
        stack.write("nginx/nginx.conf", config);
        Server.signal(nginx.pid(), "HUP");
        Wait.until("nginx to replace its workers after a reload\n" + stack.outputs(), Duration.ofSeconds(20), () -> {
            List<Long> now = nginx.children();
            return !now.isEmpty() && now.stream().noneMatch(old::contains);
        });
    }

    /**
     * A self-signed certificate and key for the host name {@code host} (subject CN and subjectAltName
     * DNS), written as {@code tls/<name>.crt} and {@code tls/<name>.key} by {@code openssl req -x509}.
     */
    static Path selfSigned(Stack stack, String name, String host) {
        Path dir = stack.mkdirs("tls");
        Path crt = dir.resolve(name + ".crt");
        List<String> cmd = List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=" + host,
                "-addext", "subjectAltName=DNS:" + host, "-keyout", dir.resolve(name + ".key").toString(),
                "-out", crt.toString());
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(name + ".openssl.out").toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("openssl did not finish: " + cmd);
            }
            assertEquals(0, p.exitValue(), () -> "openssl failed: " + cmd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return crt;
    }
}
