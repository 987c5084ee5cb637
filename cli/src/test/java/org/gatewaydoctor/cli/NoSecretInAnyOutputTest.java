package org.gatewaydoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.cli.internal.Terminal;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.spi.Redactor;
import org.gatewaydoctor.testkit.SecretCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The canary corpus ({@link SecretCorpus}: one planted secret per taxonomy entry) through every
 * output of the command line: {@code diagnose} as text, JSON, Nagios and HTML, {@code --debug} stderr with
 * a stack trace, {@code scan} as text, JSON and HTML, the command line in the HTML report's footer, and
 * usage errors on stderr and in the Nagios UNKNOWN line. HTML is checked as written and with its
 * entities decoded, so that an escaped quote inside a secret cannot hide it. No output may contain a canary; each run also shows that the line did reach the output
 * (the mask or the sample's file is there), so a test that prints nothing cannot pass.
 */
class NoSecretInAnyOutputTest {

    private static final String MARKER = SecretCorpus.MARKER;

    static Stream<SecretCorpus.Sample> samples() {
        return SecretCorpus.samples().stream();
    }

    /** A check that does not redact: it reports the sample as a finding, its summary and a log line. */
    private static Check reporting(List<SecretCorpus.Sample> samples) {
        return new FakeCheck("leaky.corpus", Layer.APPLICATION, ctx -> {
            List<Finding> findings = new ArrayList<>();
            Instant t = Instant.parse("2026-11-21T09:14:03Z");
            int n = 0;
            for (SecretCorpus.Sample s : samples) {
                findings.add(Finding.cause(CauseCode.APP_FATAL_ERROR, Layer.APPLICATION, Severity.CRITICAL, 0.9,
                                "seen: " + s.line())
                        .evidence(new Evidence.LogLine("/var/log/corpus/" + s.id() + ".log", ++n, t, s.line()),
                                new Evidence.Observation(s.line()))
                        .remediation("rotate it: " + s.line())
                        .httpStatus(502)
                        .build());
            }
            return CheckResult.findings(findings);
        });
    }

    private static Consumer<GatewayDoctor.Builder> with(List<SecretCorpus.Sample> samples) {
        Check check = reporting(samples);
        return b -> {
            b.discover(false).register(check);
            samples.stream().filter(SecretCorpus.Sample::registered).forEach(s -> b.secrets(s.secret()));
        };
    }

    private static CliRunner.Result diagnose(List<SecretCorpus.Sample> samples, Path logs, String... options) {
        List<String> args = new ArrayList<>(List.of("diagnose", "--logs", logs.toString(), "--timeout", "20s"));
        args.addAll(List.of(options));
        return CliRunner.run(Terminal.plain(), with(samples), args.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void diagnoseTextNagiosAndHtmlShowTheLineWithoutItsSecret(SecretCorpus.Sample sample, @TempDir Path logs) {
        CliRunner.Result text = diagnose(List.of(sample), logs, "--format", "text", "--no-color");
        assertNoCanary(sample.id() + " text", text);
        assertTrue(text.out().contains(Redactor.MASK), sample.id() + ": the line is shown, masked\n" + text.out());

        CliRunner.Result html = diagnose(List.of(sample), logs, "--format", "html");
        assertNoCanary(sample.id() + " html", html);
        assertTrue(html.out().contains("/var/log/corpus/" + sample.id() + ".log:1") && html.out().contains(Redactor.MASK),
                sample.id() + ": the line is shown, masked\n" + html.out());

        CliRunner.Result nagios = diagnose(List.of(sample), logs, "--format", "nagios");
        assertNoCanary(sample.id() + " nagios", nagios);
        assertTrue(nagios.out().startsWith("GATEWAY-DOCTOR CRITICAL"), nagios.out());
    }

    @Test
    void diagnoseJsonHoldsEverySampleMaskedAndNoSecret(@TempDir Path logs) {
        List<SecretCorpus.Sample> all = SecretCorpus.samples();
        CliRunner.Result json = diagnose(all, logs, "--format", "json");
        assertNoCanary("json", json);
        for (SecretCorpus.Sample s : all) {
            assertTrue(json.out().contains("/var/log/corpus/" + s.id() + ".log"), s.id() + " is in the JSON");
        }
        assertTrue(countMasks(json.out()) >= all.size() * 3, "every sample masked in summary, evidence and remediation");
    }

    @Test
    void diagnoseHtmlHoldsEverySampleMaskedAndNoSecret(@TempDir Path logs) {
        List<SecretCorpus.Sample> all = SecretCorpus.samples();
        CliRunner.Result html = diagnose(all, logs, "--format", "html");
        assertNoCanary("html", html);
        for (SecretCorpus.Sample s : all) {
            assertTrue(html.out().contains("/var/log/corpus/" + s.id() + ".log"), s.id() + " is in the HTML");
        }
        assertTrue(countMasks(html.out()) >= all.size() * 3, "every sample masked in summary, evidence and remediation");
    }

    @Test
    void htmlFooterShowsTheCommandWithoutItsSecrets(@TempDir Path logs) {
        CliRunner.Result html = diagnose(List.of(), logs, "--logs", logs.resolve("access.log?password=CANARY-f1").toString(),
                "--only", "leaky", "--format", "html");
        assertNoCanary("html footer", html);
        String footer = html.out().substring(html.out().indexOf("<footer"));
        assertTrue(footer.contains("access.log?password=" + Redactor.MASK), footer);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void debugStderrMasksTheExceptionMessageAndStackTrace(SecretCorpus.Sample sample, @TempDir Path logs) {
        Consumer<GatewayDoctor.Builder> failing = b -> {
            throw new IllegalStateException("cannot use " + sample.line(), new IOException(sample.line()));
        };
        for (String format : List.of("text", "nagios")) {
            CliRunner.Result r = CliRunner.run(Terminal.plain(), failing, "--debug", "diagnose", "--logs",
                    logs.toString(), "--format", format);
            assertEquals(3, r.exitCode(), r.err());
            if (sample.registered()) {
                continue; // a value read from a configuration: the command line alone cannot know it (closing note)
            }
            assertNoCanary(sample.id() + " --debug " + format, r);
            assertTrue(r.err().contains("internal error") && r.err().contains("\tat "), "a stack trace: " + r.err());
            assertTrue(r.err().contains(Redactor.MASK), sample.id() + ": " + r.err());
        }
    }

    @Test
    void scanTextJsonAndHtmlShowEveryLineWithoutItsSecret(@TempDir Path dir) throws IOException {
        List<SecretCorpus.Sample> lines = SecretCorpus.samples().stream()
                .filter(s -> !s.multiLine() && !s.registered()).toList();
        List<Signature> signatures = new ArrayList<>();
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String tag = String.format(Locale.ROOT, "GDCASE-%03d ", i);
            signatures.add(new Signature("test.corpus-" + i, Layer.APPLICATION, Set.of(), tag, null, 502,
                    List.of(CauseCode.APP_FATAL_ERROR), "corpus line " + i));
            log.append(tag).append(lines.get(i).line()).append('\n');
        }
        Path file = dir.resolve("corpus.log");
        Files.writeString(file, log.toString(), StandardCharsets.UTF_8);
        SignatureCatalog catalog = SignatureCatalog.of(signatures);
        for (String format : List.of("text", "json", "html")) {
            CliRunner.Result r = CliRunner.run(new Check[0], ScanFixtures.noStdin(), ScanFixtures.CLOCK, catalog,
                    "scan", "--logs", file.toString(), "--format", format, "--since", "1000d");
            assertNoCanary("scan " + format, r);
            for (int i = 0; i < lines.size(); i++) {
                assertTrue(r.out().contains(String.format(Locale.ROOT, "GDCASE-%03d", i)),
                        lines.get(i).id() + " is shown in scan " + format + "\n" + r.out());
            }
            // text cuts sample lines after 200 characters: the secret of the one long error-log line is past it
            assertTrue(countMasks(r.out()) >= lines.size() - (format.equals("text") ? 1 : 0),
                    "scan " + format + " masks\n" + r.out());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--url=https://admin:CANARY-u1@exa mple.org/",
        "--url=ftp://admin:CANARY-u2@example.org/",
        "--url=https://admin:CANARY-u3@/",
        "--nginx-config=/nonexistent/nginx.conf?token=CANARY-u4",
        "--wp-config=/srv/backup/db_password=CANARY-u5/wp-config.php",
        "--logs=/nonexistent/access.log?password=CANARY-u6",
        "--password=CANARY-u7",
        "--timeout=token=CANARY-u8"})
    void usageErrorsEchoTheArgumentWithoutItsSecret(String argument) {
        for (String format : List.of("text", "nagios")) {
            CliRunner.Result r = CliRunner.run(Terminal.plain(), b -> b.discover(false), "diagnose", argument,
                    "--format", format);
            assertEquals(3, r.exitCode(), r.err());
            assertNoCanary(argument + " " + format, r);
            assertTrue(r.err().contains(Redactor.MASK), "the argument is echoed, masked: " + r.err());
            if (format.equals("nagios")) {
                assertTrue(r.out().startsWith("GATEWAY-DOCTOR UNKNOWN"), r.out());
            }
        }
    }

    private static void assertNoCanary(String what, CliRunner.Result r) {
        assertFalse(r.out().contains(MARKER), what + " stdout leaks:\n" + r.out());
        assertFalse(r.err().contains(MARKER), what + " stderr leaks:\n" + r.err());
        assertFalse(unescaped(r.out()).contains(MARKER), what + " stdout leaks once HTML entities are decoded:\n" + r.out());
    }

    /** {@code html} with the entities the HTML report writes decoded. */
    private static String unescaped(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    private static int countMasks(String s) {
        int count = 0;
        for (int i = s.indexOf(Redactor.MASK); i >= 0; i = s.indexOf(Redactor.MASK, i + 1)) {
            count++;
        }
        return count;
    }
}
