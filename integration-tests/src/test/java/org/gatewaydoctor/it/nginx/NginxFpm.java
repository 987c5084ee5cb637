package org.gatewaydoctor.it.nginx;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.Nginx;
import org.gatewaydoctor.it.harness.PhpFpm;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.Server;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.it.harness.Wait;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.Target;

/**
 * What the nginx → PHP-FPM fault tests share: nginx with one PHP location passing to PHP-FPM, the
 * diagnoses with both configuration files, and assertions on the top cause and the evidence it carries.
 */
final class NginxFpm {

    static final String UNIX = "nginx → PHP-FPM (unix socket)";
    static final String TCP = "nginx → PHP-FPM (TCP)";

    private NginxFpm() {
    }

    /**
     * Starts nginx on a free port of 127.0.0.1 with a {@code ~ \.php$} location that passes to
     * {@code fastcgiPass} ({@code unix:/path} or {@code 127.0.0.1:port}); {@code locationLines} are added
     * inside the location (timeouts, buffers). Returns the port.
     */
    static int nginx(Stack stack, String fastcgiPass, String... locationLines) {
        int port = Ports.free();
        nginx(stack, port, fastcgiPass, locationLines);
        return port;
    }

    /** As {@link #nginx(Stack, String, String...)} on a given port (to restart nginx with a changed configuration). */
    static Server nginx(Stack stack, int port, String fastcgiPass, String... locationLines) {
        return Nginx.start(stack, Nginx.config(stack, Nginx.server(stack, port, phpLocation(fastcgiPass,
                locationLines))), port);
    }

    /** The {@code ~ \.php$} location passing to {@code fastcgiPass}. */
    static String phpLocation(String fastcgiPass, String... locationLines) {
        String extra = String.join("\n", locationLines);
        return """
                index index.php;
                location ~ \\.php$ {
                    fastcgi_pass %s;
                %s%s}
                """.formatted(fastcgiPass, extra.isEmpty() ? "" : extra.indent(4), Nginx.fastcgiParams().indent(4));
    }

    /**
     * Kills PHP-FPM with SIGKILL, master first so it cannot replace its workers, then the workers (which
     * would otherwise go on serving from the inherited socket); waits until nothing accepts on
     * {@code socket}. The socket file stays behind.
     */
    static void killAll(Server fpm, Path socket) {
        fpm.kill();
        Wait.until("nothing to accept on " + socket, Duration.ofSeconds(10), () -> !Wait.listening(socket));
    }

    /** A folder the PHP workers ({@code www-data}) may write into, for scripts that leave marks. */
    static Path marks(Stack stack) {
        Path dir = stack.mkdirs("run/marks");
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Waits until a script wrote {@code mark} and returns what it wrote (e.g. the worker's PID). */
    static String awaitMark(Path mark) {
        Wait.until(mark.toString(), Duration.ofSeconds(20), () -> Files.isRegularFile(mark) && size(mark) > 0);
        try {
            return Files.readString(mark, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The live diagnosis: the URL plus nginx's and PHP-FPM's configuration files, no log folder. */
    static Diagnosis live(Stack stack, URI url) {
        return Diagnose.live(url, Map.of(Target.CONFIG_NGINX, Nginx.configFile(stack),
                Target.CONFIG_PHP_FPM, PhpFpm.configFile(stack)));
    }

    /** The log file's text, for assertions on what the real software printed. */
    static String log(Stack stack, String name) {
        Path p = stack.logs().resolve(name);
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until a log holds {@code text} (servers write some lines a moment after the fact). */
    static void awaitLog(Stack stack, String name, String text) {
        Wait.until("'" + text + "' in " + name + "\n" + stack.outputs(), Duration.ofSeconds(20),
                () -> log(stack, name).contains(text));
    }

    /**
     * Asserts the diagnosis ranks {@code expected} first and that the top cause's evidence holds
     * {@code excerpt} (a log line, configuration value or observation, as printed).
     */
    static void assertTop(String which, CauseCode expected, Diagnosis d, String excerpt) {
        assertEquals(expected, Diagnose.top(d), which + ": " + summary(d));
        RankedCause top = d.topCause().orElseThrow();
        assertTrue(top.evidence().stream().anyMatch(e -> text(e).contains(excerpt)),
                which + ": the top cause's evidence lacks '" + excerpt + "': " + summary(d));
    }

    /** {@link #assertTop} for the offline and the live diagnosis at once, so a failure shows both. */
    static void assertTops(CauseCode offline, Diagnosis offlineDiagnosis, String offlineExcerpt, CauseCode live,
                           Diagnosis liveDiagnosis, String liveExcerpt) {
        assertAll(() -> assertTop("offline (logs only)", offline, offlineDiagnosis, offlineExcerpt),
                () -> assertTop("live (URL + configuration)", live, liveDiagnosis, liveExcerpt));
    }

    /** Whether any cause's evidence holds {@code excerpt}. */
    static boolean anyEvidence(Diagnosis d, String excerpt) {
        return d.causes().stream().flatMap(c -> c.evidence().stream()).anyMatch(e -> text(e).contains(excerpt));
    }

    /** The text of one piece of evidence, whatever its kind. */
    static String text(Evidence e) {
        if (e instanceof Evidence.LogLine l) {
            return l.text();
        } else if (e instanceof Evidence.ConfigLine c) {
            return c.directive() + " " + c.value() + " (" + c.file() + ":" + c.line() + ")";
        } else if (e instanceof Evidence.Observation o) {
            return o.text();
        } else if (e instanceof Evidence.Measurement m) {
            return m.name() + " " + m.value() + " " + m.unit();
        } else if (e instanceof Evidence.Probe p) {
            return p.target() + " " + p.status() + " " + p.outcome();
        }
        return e.describe();
    }

    private static String report(CheckReport r) {
        String kind = r.getClass().getSimpleName();
        if (r instanceof CheckReport.Errored e) {
            return r.checkId() + "=" + kind + "(" + e.errorClass() + ": " + e.message() + ")";
        }
        return r.checkId() + "=" + kind;
    }

    /** The ranked causes with their confidence and evidence, compact, for assertion messages. */
    static String summary(Diagnosis d) {
        if (d.causes().isEmpty()) {
            return "no cause; checks: " + d.checks().stream().map(NginxFpm::report)
                    .collect(Collectors.joining(", "));
        }
        return d.causes().stream().map(c -> "\n  " + c.rank() + ". " + c.code().value() + " "
                        + String.format("%.2f", c.confidence()) + " by " + c.reportedBy() + c.evidence().stream()
                        .map(e -> "\n      - " + text(e)).collect(Collectors.joining()))
                .collect(Collectors.joining()) + "\n  checks: " + d.checks().stream()
                .map(NginxFpm::report).collect(Collectors.joining(", "));
    }
}
