package org.gatewaydoctor.it.wordpress;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.Nginx;
import org.gatewaydoctor.it.harness.PhpFpm;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.junit.jupiter.api.Test;

/**
 * The active theme's {@code functions.php} ends with a closing {@code ?>} followed by a blank line: PHP prints that
 * line when the file loads, before the theme's own {@code header()} call on {@code template_redirect}, so every page
 * logs "headers already sent by (output started at .../themes/gd-minimal/functions.php:6)" (the line the text
 * after {@code ?>} starts on). Diagnosed offline, live, and live through the real CLI
 * jar ({@code java -jar cli/target/gateway-doctor.jar diagnose --wordpress DIR ...}), whose every output format is
 * searched for the stack's canaries.
 */
class ThemeAndCliIT {

    static final Path JAR = Path.of("..", "cli", "target", "gateway-doctor.jar").toAbsolutePath().normalize();

    @Test
    void aThemeWithOutputAfterItsClosingTagIsNamedOfflineLiveAndThroughTheCliJar() throws Exception {
        try (Stack stack = Stack.create("wp-theme-output-after-close")) {
            WordPressStack wp = WordPressStack.serving(stack);
            URI url = wp.url("/");
            Path functions = stack.write("www/wp-content/themes/gd-minimal/functions.php",
                    "<?php\nadd_action( 'template_redirect', function () {\n    header( 'X-Gd-Theme: 1' );\n} );\n?>\n\n");
            Http.Response r = Http.get(url);
            String line = "Cannot modify header information - headers already sent by (output started at " + functions;
            wp.awaitDebugLog(line);
            java.util.regex.Matcher at = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(functions.toString())
                    + ":([0-9]+)\\)").matcher(wp.debugLog());
            assertTrue(at.find(), wp.debugLog());
            assertEquals("6", at.group(1), "PHP names the line the text after ?> starts on: " + wp.debugLog());

            Diagnosis offline = wp.offline();
            Diagnosis live = wp.live(url);
            WordPressStack.assertTops(CauseCode.APP_OUTPUT_BEFORE_HEADERS, offline, "theme gd-minimal",
                    CauseCode.APP_OUTPUT_BEFORE_HEADERS, live, "theme gd-minimal");
            assertTrue(Diagnose.explain(live).contains("after a final ?>") || Diagnose.explain(live).contains("after the closing"),
                    Diagnose.explain(live));

            // the same site through the real CLI jar, --wordpress instead of --wp-config
            assertTrue(Files.isRegularFile(JAR), JAR + " is built by the cli module's package phase");
            for (String format : List.of("json", "text", "nagios")) {
                Cli out = cli(stack, "diagnose", "--url", url.toString(), "--nginx-config", Nginx.configFile(stack).toString(),
                        "--fpm-config", PhpFpm.configFile(stack).toString(), "--wordpress", stack.path("www").toString(),
                        "--logs", stack.logs().toString(), "--format", format, "--no-color");
                String all = out.stdout() + out.stderr();
                assertAll(
                        () -> assertTrue(out.stdout().contains("app.output_before_headers"), format + ": " + all),
                        () -> WordPressStack.CANARIES.forEach(c -> assertFalse(all.contains(c), format + " shows " + c)));
                if (format.equals("json")) {
                    assertTrue(out.stdout().contains("theme gd-minimal"), out.stdout());
                    assertTrue(out.stdout().contains("\"wordpress.config\""), out.stdout());
                }
            }
            FaultTable.record(FaultTable.Row.of("wp-theme-output-after-close", WordPressStack.CHAIN,
                    "the active theme's functions.php ends with ?> and a blank line", r.status(), Diagnose.top(offline),
                    Diagnose.top(live), "headers already sent by (output started at …/themes/gd-minimal/functions.php:6)",
                    ""));
        }
    }

    record Cli(int exit, String stdout, String stderr) {
    }

    private static Cli cli(Stack stack, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Path out = stack.path("cli-out.txt");
        Path err = stack.path("cli-err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the CLI did not finish in 180 s: " + cmd);
        }
        try {
            return new Cli(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
