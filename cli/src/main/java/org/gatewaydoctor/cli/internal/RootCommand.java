package org.gatewaydoctor.cli.internal;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code gateway-doctor}: only dispatches to its subcommands (added by {@link Cli}, only the one used when it can). */
@Command(name = "gateway-doctor",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {"Tells why a site answers 502 Bad Gateway and what to do about it.", ""},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%n",
        footer = {
            "Examples:",
            "  gateway-doctor diagnose --example",
            "  gateway-doctor diagnose --url https://example.org/ --logs /var/log/nginx",
            "  gateway-doctor diagnose --logs /var/log/nginx /var/log/php8.2-fpm.log --zone UTC",
            "  gateway-doctor diagnose --url https://example.org/ --format nagios --timeout 20s",
            "  gateway-doctor diagnose --logs /var/log/nginx --since 2h",
            "  gateway-doctor scan --logs /var/log/nginx --since 09:00",
            "  zcat /var/log/nginx/error.log.2.gz | gateway-doctor scan --logs -",
            "  gateway-doctor checks",
            "",
            RootCommand.EXIT_CODES_HEADING,
            RootCommand.EXIT_CODES_1,
            RootCommand.EXIT_CODES_2,
            RootCommand.EXIT_CODES_SCAN})
public final class RootCommand implements Callable<Integer> {

    static final String EXIT_CODES_HEADING = "Exit codes (Nagios convention, every format):";
    static final String EXIT_CODES_1 = "  0 healthy (OK)   1 degraded (WARNING)   2 failing (CRITICAL)";
    static final String EXIT_CODES_2 = "  3 inconclusive, usage error or internal error (UNKNOWN)";
    static final String EXIT_CODES_SCAN = "scan: 0 nothing matched, 1 matches, 2 matches that imply a 5xx, 3 usage error "
            + "or nothing readable (see 'gateway-doctor scan --help').";

    @Spec
    private CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Log at debug level and print stack traces of internal errors (stderr).")
    private boolean debug;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "no command given: use 'diagnose' (find the cause), 'scan' (search logs for known failures) or "
                        + "'checks' (list what is installed)");
    }

    /** Whether {@code --debug} was given. */
    boolean debug() {
        return debug;
    }
}
