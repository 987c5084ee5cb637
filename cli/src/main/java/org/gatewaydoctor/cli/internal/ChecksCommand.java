package org.gatewaydoctor.cli.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.gatewaydoctor.CheckInfo;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.json.DiagnosisJson;
import org.gatewaydoctor.model.DiscoveryIssue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gateway-doctor checks}: what is installed, and what is wrong with the installation. */
@Command(name = "checks",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "List the installed checks and any problem finding them.",
        description = {
            "Lists the checks found on the class path: id, layer, module (jar), version, title and the checks "
                    + "each depends on. Problems finding them (a broken jar, a duplicate id, a dependency cycle) "
                    + "go to stderr in text format and into 'discoveryIssues' in JSON.",
            ""},
        footerHeading = "%n",
        footer = {"Exit codes: 0 all checks found cleanly, 1 some discovery issues, 3 no checks at all or usage "
                + "error."})
public final class ChecksCommand implements Callable<Integer> {

    /**
     * By layer, then id. Written out: {@code Comparator.comparing} chains build serializable lambdas, which the
     * class-data archive cannot hold, and the first of them costs a start 15-50 ms.
     */
    static final Comparator<CheckInfo> BY_LAYER = (a, b) -> {
        int c = a.layer().compareTo(b.layer());
        return c != 0 ? c : a.id().compareTo(b.id());
    };

    @Spec
    private CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = OutputFormat.Converter.class,
            description = "text or json (default: ${DEFAULT-VALUE}).")
    private OutputFormat format;

    private final CliContext context;

    ChecksCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (format == OutputFormat.NAGIOS || format == OutputFormat.HTML) {
            throw new ParameterException(spec.commandLine(), "--format " + format.label()
                    + " is for 'diagnose'" + (format == OutputFormat.HTML ? " and 'scan'" : "")
                    + "; 'checks' prints text or json");
        }
        GatewayDoctor.Builder builder = GatewayDoctor.builder();
        context.customiser().accept(builder);
        GatewayDoctor doctor = builder.build();
        List<CheckInfo> checks = new ArrayList<>(doctor.checks());
        checks.sort(BY_LAYER);
        List<DiscoveryIssue> issues = doctor.discoveryIssues();
        PrintStream out = context.out();
        if (format == OutputFormat.JSON) {
            out.println(DiagnosisJson.writeValue(new CheckListing(checks, issues)));
        } else {
            out.print(table(checks));
            for (DiscoveryIssue issue : issues) {
                context.err().println("gateway-doctor: " + issue.kind().name().toLowerCase(java.util.Locale.ROOT)
                        .replace('_', ' ') + ": " + Cli.oneLine(issue.message()));
            }
        }
        out.flush();
        if (checks.isEmpty()) {
            return Cli.EXIT_UNKNOWN;
        }
        return issues.isEmpty() ? 0 : 1;
    }

    /** Dependencies, then (in parentheses) the checks it merely runs after. */
    private static String order(CheckInfo c) {
        String deps = String.join(", ", c.dependsOn());
        String after = c.runsAfter().isEmpty() ? "" : "(after " + String.join(", ", c.runsAfter()) + ")";
        String both = (deps + " " + after).strip();
        return both.isEmpty() ? "-" : both;
    }

    static String table(List<CheckInfo> checks) {
        if (checks.isEmpty()) {
            return "No checks found.\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "LAYER", "MODULE", "VERSION", "TITLE", "DEPENDS ON"});
        for (CheckInfo c : checks) {
            rows.add(new String[] {c.id(), c.layer().label(), module(c), c.version(), c.title(),
                order(c)});
        }
        int[] widths = new int[6];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : pad(row[i], widths[i] + 2));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        long modules = checks.stream().map(ChecksCommand::module).distinct().count();
        sb.append('\n').append(checks.size()).append(checks.size() == 1 ? " check" : " checks").append(" from ")
                .append(modules).append(modules == 1 ? " module" : " modules").append(".\n");
        return sb.toString();
    }

    /**
     * The jar a check came from. Inside the self-contained gateway-doctor.jar every bundled check
     * comes from that one jar; the project's own modules are then named after their root package
     * ({@code org.gatewaydoctor.checks.http} is {@code checks-http}), as module = artifact = package.
     */
    static String module(CheckInfo c) {
        String prefix = "org.gatewaydoctor.checks.";
        if (c.module().equals(OWN_JAR) && c.className().startsWith(prefix)) {
            String rest = c.className().substring(prefix.length());
            int dot = rest.indexOf('.');
            if (dot > 0) {
                return c.module() + " (checks-" + rest.substring(0, dot) + ")";
            }
        }
        return c.module();
    }

    private static final String OWN_JAR = ownJar();

    private static String ownJar() {
        try {
            var source = ChecksCommand.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null || !"file".equals(source.getLocation().getProtocol())) {
                return "";
            }
            var name = java.nio.file.Path.of(source.getLocation().toURI()).getFileName();
            return name == null || !name.toString().endsWith(".jar") ? "" : name.toString();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return "";
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
