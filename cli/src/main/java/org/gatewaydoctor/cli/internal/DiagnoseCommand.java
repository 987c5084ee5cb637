package org.gatewaydoctor.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gatewaydoctor.CheckInfo;
import org.gatewaydoctor.DiagnosisListener;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.LocalServers;
import org.gatewaydoctor.checks.http.edge.ErrorPageCheck;
import org.gatewaydoctor.cli.internal.html.DiagnosisHtml;
import org.gatewaydoctor.json.DiagnosisJson;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gateway-doctor diagnose}: runs the checks against a site and its logs and explains the result. */
@Command(name = "diagnose",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Find why a site answers 502 Bad Gateway and how to fix it.",
        description = {
            "Finds why a site answers 502 Bad Gateway (or 503/504): probes the URL, reads the web server's, "
                    + "PHP-FPM's and WordPress's logs and configuration, ranks the root causes and says how to "
                    + "fix the most likely one.",
            ""},
        footerHeading = "%n",
        footer = {
            TimeWindowOptions.HELP,
            "DURATION: 30s, 2m, 500ms, 1m30s, plain seconds (45) or ISO-8601 (PT30S).",
            "PATTERN: a check id glob ('phpfpm.*'); a plain prefix ('phpfpm') also matches the ids below it. "
                    + "Several patterns may be given comma-separated or by repeating the option.",
            "",
            RootCommand.EXIT_CODES_HEADING,
            RootCommand.EXIT_CODES_1,
            RootCommand.EXIT_CODES_2})
public final class DiagnoseCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DiagnoseCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", converter = Arguments.UrlConverter.class,
            description = "The site's address, e.g. https://example.org/ (a bare host name means https://).")
    private URI url;

    @Option(names = "--logs", paramLabel = "PATH", arity = "1..*",
            description = "Log files and directories to read (nginx, Apache, HAProxy, PHP-FPM, WordPress "
                    + "debug.log...). A directory means every file in it, rotated and gzipped ones included; - "
                    + "reads standard input (at most 2 GiB, kept in a private temporary file during the diagnosis). "
                    + "Takes several paths and may be repeated.")
    private List<Path> logs = new ArrayList<>();

    @Option(names = "--site", paramLabel = "NAME", split = ",",
            description = "The web site to diagnose on a shared server, by host name (several: its server_names). "
                    + "Log lines naming another site (nginx's server: and host:) are set aside and only counted; "
                    + "--url's host counts too. Without either, the busiest failing site is named.")
    private List<String> sites = new ArrayList<>();

    @Option(names = "--response", paramLabel = "FILE",
            description = "A saved error response to attribute offline: who wrote it (CDN, load balancer, proxy or "
                    + "the application), what that vendor's status means and what to do. A curl -si or curl -I "
                    + "capture, a body alone or the text a browser displayed; - reads standard input (at most "
                    + "16 MiB, kept in a private temporary file during the diagnosis).")
    private Path response;

    @Mixin
    private TimeWindowOptions window = new TimeWindowOptions();

    @Mixin
    private ProbeOptions probe = new ProbeOptions();

    @Option(names = "--nginx-config", paramLabel = "FILE", description = "nginx's main configuration file.")
    private Path nginxConfig;

    @Option(names = "--apache-config", paramLabel = "FILE", description = "Apache's main configuration file.")
    private Path apacheConfig;

    @Option(names = "--fpm-config", paramLabel = "FILE", description = "PHP-FPM's main configuration file. Under /etc "
            + "or /usr/local/etc it is this machine's: its sockets, processes and status pages are looked at too; "
            + "elsewhere (a copy of another server's) only the file is read, unless --local.")
    private Path fpmConfig;

    @Option(names = "--haproxy-config", paramLabel = "FILE", description = "HAProxy's configuration file.")
    private Path haproxyConfig;

    @Option(names = "--wp-config", paramLabel = "FILE", description = "WordPress's wp-config.php: read (never run) "
            + "for the database settings and debug.log; its password, keys and salts are redacted from all output.")
    private Path wpConfig;

    @Option(names = "--wordpress", paramLabel = "DIR", description = "The WordPress installation's folder (where "
            + "wp-settings.php is): its wp-config.php (there or one folder up), plugins, themes and debug.log.")
    private Path wordpressDir;

    @Option(names = "--local",
            description = "Find the nginx, Apache, HAProxy and PHP-FPM running on this machine (from /proc) and "
                    + "read the configuration files they were started with; --*-config options still win. "
                    + "Their logs are then found through the configuration. It also says this machine is the server "
                    + "diagnosed: without it, its processes, sockets, ports and the logs a configuration names are "
                    + "looked at only when the --*-config files given lie under /etc or /usr/local/etc (this "
                    + "machine's own); --logs and configuration files elsewhere are read as another server's.")
    private boolean local;

    /** For tests: a /proc-like tree instead of /proc. */
    @Option(names = "--proc-root", hidden = true, paramLabel = "DIR")
    private Path procRoot = Path.of("/proc");

    @Option(names = "--dns-server", paramLabel = "IP[:PORT]",
            description = "A name server to resolve the site's names with instead of this machine's resolver "
                    + "(IPv6 as [ADDRESS]:PORT); repeatable. Names nginx resolves per request are still asked of "
                    + "its own resolver.")
    private List<String> dnsServers = new ArrayList<>();

    @Option(names = "--expect-address", paramLabel = "IP",
            description = "An address the site's name should resolve to (the origin's); repeatable. Another "
                    + "address outside the CDNs' published ranges is reported as dns.wrong_address.")
    private List<String> expectAddresses = new ArrayList<>();

    @Option(names = "--zone", paramLabel = "ZONE", converter = Arguments.ZoneConverter.class,
            description = "Time zone of log lines that carry none (nginx and PHP-FPM write local time), "
                    + "e.g. UTC, Europe/Berlin, +02:00 (default: this machine's zone).")
    private ZoneId zone;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = OutputFormat.Converter.class,
            description = "text (for people), json (the stable contract), nagios (one status line with "
                    + "performance data) or html (one self-contained page to attach to a ticket; see --output) "
                    + "(default: ${DEFAULT-VALUE}).")
    private OutputFormat format;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Write the report to FILE instead of standard output (replaced whole, never half-written), "
                    + "e.g. --format html --output report.html.")
    private Path output;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationParser.Converter.class,
            description = "Limit on the whole diagnosis; checks still running then are reported timed out "
                    + "(default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--only", paramLabel = "PATTERN", split = ",",
            description = "Run only the checks whose id matches (and what they depend on).")
    private List<String> only = new ArrayList<>();

    @Option(names = "--skip", paramLabel = "PATTERN", split = ",",
            description = "Leave out the checks whose id matches.")
    private List<String> skip = new ArrayList<>();

    @Option(names = "--example",
            description = "Diagnose the bundled example incident (a WordPress site whose PHP-FPM pool ran full) "
                    + "instead of this machine: shows what a diagnosis looks like.")
    private boolean example;

    @Option(names = "--no-color", description = "No colours in text output (also: the NO_COLOR variable).")
    private boolean noColor;

    private final CliContext context;

    DiagnoseCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        Map<String, Path> configs = configs();
        validate(configs);
        if (format == OutputFormat.JSON) {
            // Jackson's classes and mapper are initialised on another core while the diagnosis runs, not after it
            Thread warmUp = new Thread(() -> {
                try {
                    DiagnosisJson.writeValue(List.of());
                } catch (RuntimeException ignored) {
                    // only a head start: the diagnosis is written (or fails) as it would without it
                }
            }, "gateway-doctor-json-warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
        }
        try (ExampleIncident incident = example ? ExampleIncident.extract() : null) {
            ZoneId logZone = incident != null ? incident.zone() : zone != null ? zone : context.clock().getZone();
            TimeWindow tw;
            try {
                tw = window.resolve(logZone, context.clock());
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            try (StdinCopy stdin = logs.contains(STDIN) ? readStdin() : null;
                 StdinCopy responseCopy = STDIN.equals(response) ? readResponse() : null) {
                Target.Builder b;
                if (incident != null) {
                    if (!incident.missing().isEmpty()) {
                        context.err().println("gateway-doctor: this build lacks part of the bundled example ("
                                + String.join(", ", incident.missing()) + "); the diagnosis covers what is there.");
                    }
                    b = Target.builder().logs(incident.directory()).zone(incident.zone());
                } else {
                    List<Path> paths = new ArrayList<>();
                    for (Path p : logs) {
                        Path path = p.equals(STDIN) ? stdin.file() : p;
                        if (!paths.contains(path)) {
                            paths.add(path);
                        }
                    }
                    b = Target.builder().url(url).logs(paths).zone(zone);
                    configs.forEach(b::config);
                    if (response != null) {
                        b.option(ErrorPageCheck.OPTION, (responseCopy != null ? responseCopy.file() : response)
                                .toAbsolutePath().toString());
                    }
                    if (wordpressDir != null) {
                        b.option(org.gatewaydoctor.checks.wordpress.WordPressOptions.DIR, wordpressDir.toString());
                    }
                    // this machine is the server diagnosed with --local, or when the server configurations given
                    // are this machine's own (under /etc); other ones are read as another server's files (logs
                    // alone need no word: checks look at this machine for them only with --local)
                    if (local || thisMachines(configs)) {
                        b.option(Target.OPTION_LOCAL, "true");
                    } else if (configs.keySet().stream().anyMatch(k -> !k.equals(Target.CONFIG_WORDPRESS))) {
                        b.option(Target.OPTION_LOCAL, "false");
                    }
                    if (local) {
                        discoverLocal(b);
                    }
                }
                dns(b);
                try {
                    probe.applyTo(b, url != null);
                } catch (IllegalArgumentException e) {
                    throw usage(e.getMessage());
                }
                if (!sites.isEmpty()) {
                    for (String site : sites) {
                        if (!site.strip().matches("(?i)(?=.*[a-z_*-])[a-z0-9_*-]+(\\.[a-z0-9_*-]+)+\\.?")) {
                            throw usage("--site wants a host name such as shop.example.org, got '" + site + "'");
                        }
                    }
                    b.option(Target.OPTION_SITE, String.join(",", sites));
                }
                if (tw.since() != null) {
                    b.option(Target.OPTION_SINCE, tw.since().toString());
                }
                if (tw.until() != null) {
                    b.option(Target.OPTION_UNTIL, tw.until().toString());
                }
                Diagnosis diagnosis = diagnose(b.build());
                print(diagnosis, incident, stdin);
                return diagnosis.verdict().nagiosExitCode();
            }
        }
    }

    /** {@code --dns-server} and {@code --expect-address} as the DNS checks' target options, checked here. */
    private void dns(Target.Builder b) {
        if (!dnsServers.isEmpty()) {
            String value = String.join(",", dnsServers);
            try {
                org.gatewaydoctor.checks.dns.DnsOptions.servers(Target.builder()
                        .option(org.gatewaydoctor.checks.dns.DnsOptions.SERVERS, value).build());
            } catch (IllegalArgumentException e) {
                throw usage("--dns-server " + e.getMessage().replaceFirst("^dns\\.servers: ", ""));
            }
            b.option(org.gatewaydoctor.checks.dns.DnsOptions.SERVERS, value);
        }
        if (!expectAddresses.isEmpty()) {
            String value = String.join(",", expectAddresses);
            try {
                org.gatewaydoctor.checks.dns.DnsOptions.expected(Target.builder()
                        .option(org.gatewaydoctor.checks.dns.DnsOptions.EXPECT_ADDRESS, value).build());
            } catch (IllegalArgumentException e) {
                throw usage("--expect-address " + e.getMessage().replaceFirst("^dns\\.expect-address: ", ""));
            }
            b.option(org.gatewaydoctor.checks.dns.DnsOptions.EXPECT_ADDRESS, value);
        }
    }

    /** {@code --local}: adds the configuration of the servers running here, and says what it found. */
    private void discoverLocal(Target.Builder b) {
        List<LocalServers.LocalServer> found = LocalServers.scan(procRoot);
        List<LocalServers.LocalServer> used = LocalServers.applyTo(b, b.build(), found);
        if (found.isEmpty()) {
            context.err().println("gateway-doctor: --local found no running nginx, Apache, HAProxy or PHP-FPM"
                    + " (or may not read their processes: run as root)");
        }
        for (LocalServers.LocalServer s : found) {
            String what = s.kind().configKind() + " (pid " + s.pid() + ")";
            context.err().println(Cli.redact("gateway-doctor: found " + what + (used.contains(s)
                    ? ", reading " + s.config().orElseThrow()
                    : s.config().isEmpty() ? ", but its command line names no configuration file"
                    : ", not used: " + s.config().get() + (configs().containsKey(s.kind().configKind())
                            ? " (given explicitly)" : " (another one of its kind came first)"))));
        }
    }

    /** {@code --logs -}: standard input. */
    private static final Path STDIN = Path.of("-");

    private StdinCopy readStdin() throws IOException {
        if (context.terminal().interactive()) {
            context.err().println("gateway-doctor: reading log lines from standard input (end with Ctrl-D)");
        }
        try {
            StdinCopy copy = StdinCopy.save(context.in(), StdinCopy.MAX_BYTES, System.nanoTime() + timeout.toNanos());
            if (copy.stoppedAtDeadline()) {
                context.err().println("gateway-doctor: standard input was still open after --timeout; diagnosing the "
                        + copy.bytes() + " bytes that came before");
            }
            return copy;
        } catch (StdinCopy.TooLargeException e) {
            throw usage("--logs -: " + e.getMessage());
        }
    }

    /** The most a saved response read from standard input may hold. */
    static final long MAX_RESPONSE_BYTES = 16L << 20;

    /** {@code --response -}: a saved response on standard input. */
    private StdinCopy readResponse() throws IOException {
        if (context.terminal().interactive()) {
            context.err().println("gateway-doctor: reading a saved response from standard input (end with Ctrl-D)");
        }
        try {
            StdinCopy copy = StdinCopy.save(context.in(), MAX_RESPONSE_BYTES, System.nanoTime() + timeout.toNanos(),
                    "a saved error response is a status line, headers and a page; give the start of it "
                            + "(curl -si URL | head -c 1000000)");
            if (copy.stoppedAtDeadline()) {
                context.err().println("gateway-doctor: standard input was still open after --timeout; attributing the "
                        + copy.bytes() + " bytes that came before");
            }
            return copy;
        } catch (StdinCopy.TooLargeException e) {
            throw usage("--response -: " + e.getMessage());
        }
    }

    private Diagnosis diagnose(Target target) {
        Progress progress = context.terminal().interactive() ? new Progress(context.err(),
                context.terminal().unicode()) : null;
        GatewayDoctor.Builder builder = GatewayDoctor.builder()
                .timeout(Cli.remaining(timeout))
                .listener(new Listener(progress));
        if (!only.isEmpty()) {
            builder.include(only.toArray(String[]::new));
        }
        if (!skip.isEmpty()) {
            builder.exclude(skip.toArray(String[]::new));
        }
        if (context.signatures() instanceof EarlySignatures early) {
            // the catalogue discovery gives (same signatures, same order), found while the command was parsed
            builder.discoverSignatures(false).signatures(early.get().signatures());
        }
        context.customiser().accept(builder);
        GatewayDoctor doctor = builder.build();
        if (progress == null) {
            return doctor.diagnose(target);
        }
        try (progress) {
            progress.start(doctor.checks().size());
            return doctor.diagnose(target);
        }
    }

    private void print(Diagnosis diagnosis, ExampleIncident incident, StdinCopy stdin) {
        if (output != null) {
            Report.write(output, render(diagnosis, incident, stdin));
            return;
        }
        PrintStream out = context.out();
        out.print(render(diagnosis, incident, stdin));
        out.flush();
    }

    private String render(Diagnosis diagnosis, ExampleIncident incident, StdinCopy stdin) {
        String rendered = renderAs(diagnosis, incident, stdin);
        // stdin and the bundled example are read from temporary copies that are gone when the command ends:
        // every format names them relative to that directory ("stdin", "nginx/error.log"), never by the copy
        Path temporary = incident != null ? incident.directory() : stdin != null ? stdin.directory() : null;
        return temporary == null ? rendered : rendered.replace(temporary + java.io.File.separator, "");
    }

    private String renderAs(Diagnosis diagnosis, ExampleIncident incident, StdinCopy stdin) {
        switch (format) {
            case JSON -> {
                return DiagnosisJson.write(diagnosis) + System.lineSeparator();
            }
            case NAGIOS -> {
                return NagiosReport.line(diagnosis) + System.lineSeparator();
            }
            case HTML -> {
                return DiagnosisHtml.render(diagnosis, Report.provenance(spec));
            }
            case TEXT -> {
                String footnote = incident == null ? null
                        : "This was the bundled example incident (log times in " + incident.zone().getId()
                                + "). On a server: gateway-doctor diagnose --url https://your.site/ --logs "
                                + "/var/log/nginx /var/log/php8.2-fpm.log";
                Path displayRoot = incident != null ? incident.directory() : stdin != null ? stdin.directory() : null;
                TextReport report = new TextReport(new Style(output == null && context.terminal().colour(noColor)),
                        context.terminal().unicode(), displayRoot, footnote);
                return Style.visible(report.render(diagnosis));
            }
            default -> throw new IllegalStateException("unhandled format " + format);
        }
    }

    private Map<String, Path> configs() {
        Map<String, Path> configs = new LinkedHashMap<>();
        put(configs, Target.CONFIG_NGINX, nginxConfig);
        put(configs, Target.CONFIG_APACHE, apacheConfig);
        put(configs, Target.CONFIG_PHP_FPM, fpmConfig);
        put(configs, Target.CONFIG_HAPROXY, haproxyConfig);
        put(configs, Target.CONFIG_WORDPRESS, wpConfig);
        return configs;
    }

    /** Where this machine keeps its own configuration: what lies there is not a copy of another server's. */
    static final List<Path> SYSTEM_CONFIG_DIRS = List.of(Path.of("/etc"), Path.of("/usr/local/etc"));

    /**
     * Whether the server configurations given (nginx, Apache, HAProxy, PHP-FPM; not wp-config.php, which lives in the
     * site's folder) are this machine's own: at least one, each under {@link #SYSTEM_CONFIG_DIRS} (its real path),
     * where packages and this machine's administrators keep what its servers start with. A copy of another server's
     * configuration (a customer's, on a support engineer's laptop) lies elsewhere; with it, the checks read the files
     * only and look at nothing on this machine (--local says otherwise).
     */
    static boolean thisMachines(Map<String, Path> configs) {
        List<Path> servers = configs.entrySet().stream().filter(e -> !e.getKey().equals(Target.CONFIG_WORDPRESS))
                .map(Map.Entry::getValue).toList();
        return !servers.isEmpty() && servers.stream().allMatch(f -> {
            Path real;
            try {
                real = f.toRealPath();
            } catch (IOException | RuntimeException e) {
                real = f.toAbsolutePath().normalize();
            }
            Path r = real;
            return SYSTEM_CONFIG_DIRS.stream().anyMatch(r::startsWith);
        });
    }

    private static void put(Map<String, Path> configs, String kind, Path file) {
        if (file != null) {
            configs.put(kind, file);
        }
    }

    private void validate(Map<String, Path> configs) {
        if (output != null) {
            try {
                Report.checkWritable(output);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        if (example) {
            List<String> clashing = new ArrayList<>();
            if (url != null) {
                clashing.add("--url");
            }
            if (!logs.isEmpty()) {
                clashing.add("--logs");
            }
            if (!configs.isEmpty()) {
                clashing.add("--*-config");
            }
            if (wordpressDir != null) {
                clashing.add("--wordpress");
            }
            if (zone != null) {
                clashing.add("--zone");
            }
            if (local) {
                clashing.add("--local");
            }
            if (response != null) {
                clashing.add("--response");
            }
            if (!clashing.isEmpty()) {
                throw usage("--example diagnoses the bundled incident and cannot be combined with "
                        + String.join(", ", clashing));
            }
        } else if (url == null && logs.isEmpty() && configs.isEmpty() && !local && response == null
                && wordpressDir == null) {
            throw usage("nothing to diagnose: give --url, --logs, --local, --wordpress and/or a --*-config file (or "
                    + "try --example); --response FILE attributes a saved error response");
        }
        if (response != null && !response.equals(STDIN)) {
            Cli.requireNoOptionTypo(spec.commandLine(), response.toString());
            if (Files.isDirectory(response)) {
                throw usage("--response " + response + ": is a directory; give the saved response file itself");
            }
            if (!Files.isRegularFile(response)) {
                throw usage("--response " + response + ": no such file");
            }
        }
        if (STDIN.equals(response) && logs.contains(STDIN)) {
            throw usage("--response - and --logs - both want standard input; save one of them to a file");
        }
        if (wordpressDir != null && !Files.isDirectory(wordpressDir)) {
            throw usage("--wordpress " + wordpressDir + ": not a folder; give the WordPress installation's folder");
        }
        for (Path log : logs) {
            Cli.requireNoOptionTypo(spec.commandLine(), log.toString());
        }
        for (Map.Entry<String, Path> e : configs.entrySet()) {
            Path file = e.getValue();
            String option = "--" + optionName(e.getKey());
            if (Files.isDirectory(file)) {
                throw usage(option + " " + file + ": is a directory; give the configuration file itself");
            }
            if (!Files.isRegularFile(file)) {
                throw usage(option + " " + file + ": " + (Files.exists(file)
                        ? "not a regular file (a device, FIFO or socket); give the configuration file itself"
                        : Arguments.missing(file)));
            }
        }
        if (url == null && configs.isEmpty() && response == null && !logs.isEmpty() && !logs.contains(STDIN)
                && logs.stream().noneMatch(Files::exists)) {
            throw usage("none of the --logs paths exist: " + String.join(", ", logs.stream().map(Path::toString)
                    .toList()));
        }
        for (String pattern : only) {
            requirePattern("--only", pattern);
        }
        for (String pattern : skip) {
            requirePattern("--skip", pattern);
        }
    }

    private static String optionName(String configKind) {
        return switch (configKind) {
            case Target.CONFIG_PHP_FPM -> "fpm-config";
            case Target.CONFIG_WORDPRESS -> "wp-config";
            default -> configKind + "-config";
        };
    }

    private void requirePattern(String option, String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw usage(option + " needs a check id pattern, e.g. 'phpfpm.*'");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Feeds the progress line and, with --debug, the log. */
    private static final class Listener implements DiagnosisListener {
        private final Progress progress;

        Listener(Progress progress) {
            this.progress = progress;
        }

        @Override
        public void checkStarted(CheckInfo check) {
            LOG.debug("check {} started", check.id());
            if (progress != null) {
                progress.checkStarted(check);
            }
        }

        @Override
        public void checkFinished(CheckInfo check, CheckReport report) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("check {} {} in {} ms", check.id(), TextReport.status(report), report.elapsed().toMillis());
            }
            if (progress != null) {
                progress.checkFinished(check, report);
            }
        }
    }
}
