package org.gatewaydoctor.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gatewaydoctor.cli.Main;

/**
 * The training run of the launcher's class-data sharing archive ({@code GD_CDS_DUMP}, see
 * {@code src/main/launcher/gateway-doctor}): runs the commands people and monitoring run most, each in every
 * output format it has for them, in this one JVM on the bundled example's logs, so that
 * {@code -XX:DumpLoadedClassList} lists every class any of them loads. Nothing it prints is kept; nothing
 * outside the example's temporary copy is read, no address is contacted.
 */
public final class CdsTraining {

    private CdsTraining() {
    }

    /** The commands, in the order they run; {@code LOGS} and {@code ERROR_LOG} stand for the example's paths. */
    static final List<List<String>> COMMANDS = List.of(
            List.of("--version"),
            List.of("--help"),
            List.of("checks"),
            List.of("checks", "--format", "json"),
            List.of("scan", "--logs", "LOGS"),
            List.of("scan", "--logs", "LOGS", "--format", "json"),
            List.of("scan", "--logs", "-"),
            List.of("diagnose", "--logs", "ERROR_LOG"),
            List.of("diagnose", "--logs", "ERROR_LOG", "--format", "json"),
            List.of("diagnose", "--logs", "LOGS", "--format", "nagios"),
            List.of("diagnose", "--example"),
            List.of("diagnose", "--example", "--format", "json"),
            List.of("diagnose", "--no-such-option"));

    /**
     * Runs {@link #COMMANDS}, then {@code scan} and {@code diagnose} (text and JSON) on each log file or folder
     * named in {@code GD_CDS_LOGS} (separated by the path separator; the build names the test fixtures of
     * nginx, Apache, Caddy, HAProxy, PHP-FPM and WordPress, whose lines take paths the example's do not); returns
     * normally whatever their exit codes (a failing site is the example).
     */
    public static void main(String[] args) throws IOException {
        PrintStream none = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        InputStream stdin = System.in;
        List<List<String>> commands = new ArrayList<>(COMMANDS);
        String more = System.getenv("GD_CDS_LOGS");
        for (String logs : more == null ? new String[0] : more.split(java.io.File.pathSeparator)) {
            if (!logs.isBlank() && Files.exists(Path.of(logs))) {
                commands.add(List.of("scan", "--logs", logs));
                commands.add(List.of("scan", "--logs", logs, "--format", "json"));
                commands.add(List.of("diagnose", "--logs", logs));
                commands.add(List.of("diagnose", "--logs", logs, "--format", "json"));
            }
        }
        // what main does before any command: when the process started
        Cli.processStarted();
        try (ExampleIncident example = ExampleIncident.extract()) {
            Path errorLog = example.directory().resolve("nginx").resolve("error.log");
            for (List<String> command : commands) {
                List<String> line = new ArrayList<>();
                for (String arg : command) {
                    line.add(switch (arg) {
                        case "LOGS" -> example.directory().toString();
                        case "ERROR_LOG" -> errorLog.toString();
                        default -> arg;
                    });
                }
                if (!command.contains("-")) {
                    Main.run(line.toArray(String[]::new), none, none);
                    continue;
                }
                // --logs -: the log on standard input, as in zcat error.log.2.gz | gateway-doctor scan --logs -
                try (InputStream in = Files.newInputStream(errorLog)) {
                    System.setIn(in);
                    Main.run(line.toArray(String[]::new), none, none);
                } finally {
                    System.setIn(stdin);
                }
            }
        }
    }
}
