package org.gatewaydoctor.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.gatewaydoctor.cli.internal.html.ScanHtml;
import org.gatewaydoctor.spi.Redactor;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.LogScanner;
import org.gatewaydoctor.logs.ScannedFile;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.logs.SignatureHits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gateway-doctor scan}: searches logs for every known 502-class failure signature and shows
 * what matched, when, how often and about what. No configuration: the signatures come from the
 * installed check modules (plus {@code --signatures} files), the log formats are recognised by
 * content.
 */
@Command(name = "scan",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Search logs for every known cause of 502s: a grep that needs no configuration.",
        description = {
            "Searches nginx, Apache, HAProxy, PHP-FPM, WordPress/PHP and MariaDB/MySQL logs (recognised by content, "
                    + "plain or gzipped, rotated ones included) for every known signature of a 502/503/504 and "
                    + "shows, per signature, how often and when it occurred, a histogram over time, what it was "
                    + "about (which socket, upstream, pool, plugin) and sample lines with file and line number, "
                    + "then the matches of all logs merged into one timeline.",
            ""},
        footerHeading = "%n",
        footer = {
            "PATH: a file, a directory (every file in it), a glob ('/var/log/nginx/*error.log*', quoted) or - for "
                    + "standard input (e.g. zcat error.log.2.gz | gateway-doctor scan --logs -).",
            TimeWindowOptions.HELP,
            "DURATION: 30s, 2m, 500ms, 1m30s, plain seconds (45) or ISO-8601 (PT30S).",
            "PATTERN: a signature id glob ('nginx.*'); a plain prefix ('phpfpm') also matches the ids below it. "
                    + "Several patterns may be given comma-separated or by repeating the option.",
            "FILE.json: {\"signatures\": [{\"id\": \"acme.backend-down\", \"layer\": \"PROXY\", \"literal\": \"acme backend "
                    + "unreachable\", \"pattern\": \"backend (?<upstream>\\\\S+) unreachable\", \"httpStatus\": 502, "
                    + "\"causes\": [\"proxy.upstream_refused\"], \"title\": \"the acme cache cannot reach its backend\"}]}"
                    + " (\"formats\", \"pattern\", \"httpStatus\" and \"causes\" are optional).",
            "",
            "Examples:",
            "  gateway-doctor scan --logs /var/log/nginx /var/log/php8.2-fpm.log",
            "  gateway-doctor scan --logs /var/log/nginx --since 2h --only 'nginx.*'",
            "  gateway-doctor scan --logs /var/log --around '2026-11-21 09:14' --window 10m",
            "  journalctl -u php8.2-fpm | gateway-doctor scan --logs - --format json",
            "",
            "Exit codes: 0 nothing matched; 1 signatures matched, none of which implies a 5xx; 2 a matched "
                    + "signature implies a 5xx response (httpStatus 500 or more); 3 usage error, no log could be "
                    + "read, no signatures are installed, or nothing matched in a scan cut short by --timeout."})
public final class ScanCommand implements Callable<Integer> {

    /** Exit code: no signature matched. */
    static final int EXIT_NOTHING = 0;
    /** Exit code: signatures matched, none implying a 5xx. */
    static final int EXIT_MATCHED = 1;
    /** Exit code: a matched signature implies a 5xx. */
    static final int EXIT_SERVER_ERROR = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = "--logs", paramLabel = "PATH", arity = "1..*",
            description = "Logs to search: files, directories, globs, or - for standard input. Takes several paths "
                    + "and may be repeated.")
    private List<String> logs = new ArrayList<>();

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Same as --logs.")
    private List<String> paths = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = OutputFormat.Converter.class,
            description = "text (for people), json (every count, sample, per-minute histogram and timeline "
                    + "event) or html (one self-contained page with the histograms and the timeline as charts; see "
                    + "--output) (default: ${DEFAULT-VALUE}).")
    private OutputFormat format;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Write the result to FILE instead of standard output (replaced whole, never half-written), "
                    + "e.g. --format html --output scan.html.")
    private Path output;

    @Mixin
    private TimeWindowOptions window = new TimeWindowOptions();

    @Option(names = "--zone", paramLabel = "ZONE", converter = Arguments.ZoneConverter.class,
            description = "Time zone of log lines that carry none (nginx and PHP-FPM write local time) and of the "
                    + "times shown, e.g. UTC, Europe/Berlin, +02:00 (default: this machine's zone).")
    private ZoneId zone;

    @Option(names = "--signatures", paramLabel = "FILE.json",
            description = "Also look for the signatures in this JSON file (see FILE.json below). May be repeated.")
    private List<Path> signatureFiles = new ArrayList<>();

    @Option(names = "--only", paramLabel = "PATTERN", split = ",",
            description = "Look only for the signatures whose id matches.")
    private List<String> only = new ArrayList<>();

    @Option(names = "--skip", paramLabel = "PATTERN", split = ",",
            description = "Leave out the signatures whose id matches.")
    private List<String> skip = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationParser.Converter.class,
            description = "Stop reading after this long and report what was read, marked incomplete "
                    + "(default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--timeline", paramLabel = "N", defaultValue = "" + ScanText.DEFAULT_TIMELINE,
            description = "How many of the most recent timeline events text output shows; 0 for none "
                    + "(default: ${DEFAULT-VALUE}; json has them all).")
    private int timelineLines;

    @Option(names = "--no-color", description = "No colours in text output (also: the NO_COLOR variable).")
    private boolean noColor;

    private final CliContext context;

    ScanCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (format == OutputFormat.NAGIOS) {
            throw usage("--format nagios is for 'diagnose'; 'scan' prints text, json or html");
        }
        if (output != null) {
            try {
                Report.checkWritable(output);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        List<String> sources = sources();
        if (format == OutputFormat.JSON) {
            // the JSON mapper makes its serializers on another core while this thread reads the signatures and
            // the scan runs, instead of after it
            Thread warmUp = new Thread(ScanJson::warmUp, "gateway-doctor-json-warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
        }
        for (String pattern : only) {
            requirePattern("--only", pattern);
        }
        for (String pattern : skip) {
            requirePattern("--skip", pattern);
        }
        if (timelineLines < 0) {
            throw usage("--timeline must be 0 or more, got " + timelineLines);
        }
        ZoneId logZone = zone != null ? zone : context.clock().getZone();
        TimeWindow tw;
        try {
            tw = window.resolve(logZone, context.clock());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        SignatureCatalog catalog = catalog();
        PrintStream err = context.err();
        if (catalog.signatures().isEmpty()) {
            err.println("gateway-doctor: no log signatures are installed, so there is nothing to look for: this "
                    + "build has no check modules with signatures; give some with --signatures FILE.json");
            catalog.problems().forEach(p -> err.println("gateway-doctor: " + Cli.oneLine(Cli.redact(p))));
            return Cli.EXIT_UNKNOWN;
        }
        List<Signature> selected = select(catalog.signatures());

        // Reading stops a little before --timeout, and building the result (redacting what is kept) at a
        // tenth of it (at most 1 s) before, so that the output is written within --timeout.
        long end = System.nanoTime() + timeout.toNanos();
        long resultDeadline = end - Math.min(1_000_000_000L, timeout.toNanos() / 10);
        long deadline = resultDeadline - Math.min(1_000_000_000L, timeout.toNanos() / 10);
        LogScanner scanner = LogScanner.builder()
                .catalog(SignatureCatalog.of(selected))
                .zone(logZone)
                .since(tw.since())
                .until(tw.until())
                .redactor(Redactor.standard()::redact)
                .deadlineNanos(deadline)
                .resultDeadlineNanos(resultDeadline)
                .build();
        LogScan scan;
        try {
            scan = scan(scanner, sources, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("gateway-doctor: interrupted while reading the logs");
            return Cli.EXIT_UNKNOWN;
        }
        List<String> problems = new ArrayList<>(scan.problems());
        catalog.problems().forEach(p -> problems.add("signatures: " + p));
        scan = new LogScan(scan.bytesScanned(), scan.linesScanned(), scan.elapsed(), scan.files(), scan.signatures(),
                scan.timeline(), problems);

        boolean readable = scan.files().stream().anyMatch(f -> f.complete() || f.bytes() > 0);
        boolean complete = readable && scan.files().stream().allMatch(ScannedFile::complete);
        print(scan, sources, logZone, tw, selected.size(), complete, readable);
        for (String p : problems) {
            err.println("gateway-doctor: " + Cli.oneLine(Cli.redact(p)));
        }
        if (!readable) {
            err.println("gateway-doctor: nothing could be read from " + Cli.redact(String.join(", ", sources)));
            return Cli.EXIT_UNKNOWN;
        }
        return exitCode(scan, complete);
    }

    /** The exit code of a scan that read something. */
    static int exitCode(LogScan scan, boolean complete) {
        if (scan.signatures().isEmpty()) {
            return complete ? EXIT_NOTHING : Cli.EXIT_UNKNOWN;
        }
        boolean serverError = scan.signatures().stream().map(SignatureHits::signature)
                .anyMatch(s -> s.httpStatus() != null && s.httpStatus() >= 500);
        return serverError ? EXIT_SERVER_ERROR : EXIT_MATCHED;
    }

    private List<String> sources() {
        LinkedHashSet<String> all = new LinkedHashSet<>(logs);
        all.addAll(paths);
        if (all.isEmpty()) {
            throw usage("no logs to scan: give --logs PATH... (files, directories, globs, or - for standard input)");
        }
        for (String s : all) {
            if (s.isBlank()) {
                throw usage("--logs: an empty path");
            }
            Cli.requireNoOptionTypo(spec.commandLine(), s);
        }
        return List.copyOf(all);
    }

    /** The discovered catalogue plus the --signatures files. */
    private SignatureCatalog catalog() {
        List<Signature> extra = new ArrayList<>();
        for (Path file : signatureFiles) {
            if (Files.isDirectory(file)) {
                throw usage("--signatures " + file + ": is a directory; give a JSON file");
            }
            if (!Files.isRegularFile(file)) {
                throw usage("--signatures " + file + ": no such file");
            }
            try (InputStream in = Files.newInputStream(file)) {
                extra.addAll(SignatureCatalog.readJson(in, file.toString()));
            } catch (IOException | IllegalArgumentException e) {
                throw usage("--signatures " + file + ": not a valid signature file: " + Cli.oneLine(
                        String.valueOf(e.getMessage())));
            }
        }
        SignatureCatalog discovered = context.signatures().get();
        return extra.isEmpty() ? discovered : discovered.with(extra);
    }

    private List<Signature> select(List<Signature> all) {
        List<Signature> selected = SignatureCatalog.of(all).select(only, skip).signatures();
        if (selected.isEmpty()) {
            throw usage("no signature is left to look for: " + (only.isEmpty() ? "" : "--only " + String.join(",",
                    only) + " ") + (skip.isEmpty() ? "" : "--skip " + String.join(",", skip) + " ")
                    + "excludes all " + all.size());
        }
        return selected;
    }

    private LogScan scan(LogScanner scanner, List<String> sources, long deadline) throws InterruptedException {
        List<String> files = sources.stream().filter(s -> !s.equals("-")).toList();
        LogScan scan = files.isEmpty() ? null : scanner.scan(files);
        if (!sources.contains("-")) {
            return scan;
        }
        if (context.terminal().interactive()) {
            context.err().println("gateway-doctor: reading log lines from standard input (end with Ctrl-D)");
        }
        LogScan stdin;
        try (DeadlineInputStream in = new DeadlineInputStream(context.in(), deadline)) {
            stdin = scanner.scan(in, "-");
            if (in.stoppedAtDeadline()) {
                stdin = stoppedAtDeadline(stdin, in.bytes());
            }
        }
        return scan == null ? stdin : ScanMerge.combine(scan, stdin);
    }

    /** Marks standard input as incomplete: the pipe was still open when --timeout ran out. */
    private LogScan stoppedAtDeadline(LogScan s, long bytes) {
        String problem = "-: standard input was still open after --timeout " + DurationText.of(timeout)
                + "; scanned the " + bytes + " bytes that came before";
        List<ScannedFile> files = new ArrayList<>();
        for (ScannedFile f : s.files()) {
            List<String> problems = new ArrayList<>(f.problems());
            problems.add(problem);
            files.add(new ScannedFile(f.path(), f.formats(), f.bytes(), f.lines(), false, problems));
        }
        List<String> problems = new ArrayList<>(s.problems());
        problems.add(problem);
        return new LogScan(s.bytesScanned(), s.linesScanned(), s.elapsed(), files, s.signatures(), s.timeline(),
                problems);
    }

    private void print(LogScan scan, List<String> sources, ZoneId logZone, TimeWindow tw, int searched,
                       boolean complete, boolean readable) {
        String result;
        if (format == OutputFormat.JSON) {
            result = ScanJson.write(ScanJson.document(scan, sources, logZone, tw, searched, complete))
                    + System.lineSeparator();
        } else if (format == OutputFormat.HTML) {
            result = ScanHtml.render(ScanJson.document(scan, sources, logZone, tw, searched, complete),
                    Report.provenance(spec));
        } else if (readable) {
            ScanText text = new ScanText(new Style(output == null && context.terminal().colour(noColor)),
                    context.terminal().unicode(), logZone, timelineLines);
            result = Style.visible(text.render(scan, tw, searched, complete));
        } else {
            return;
        }
        if (output != null) {
            Report.write(output, result);
            return;
        }
        PrintStream out = context.out();
        out.print(result);
        out.flush();
    }

    private void requirePattern(String option, String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw usage(option + " needs a signature id pattern, e.g. 'nginx.*'");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Durations as typed: {@code 60s}, {@code 2m}, {@code 1m30s}, {@code 500ms}. */
    static final class DurationText {
        private DurationText() {
        }

        static String of(Duration d) {
            if (d.toMillis() < 1000) {
                return d.toMillis() + "ms";
            }
            long s = d.getSeconds();
            if (s % 3600 == 0) {
                return s / 3600 + "h";
            }
            if (s % 60 == 0) {
                return s / 60 + "m";
            }
            return s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
        }
    }
}
