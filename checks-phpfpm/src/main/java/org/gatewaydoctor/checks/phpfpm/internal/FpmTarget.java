package org.gatewaydoctor.checks.phpfpm.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.gatewaydoctor.checks.phpfpm.internal.config.FpmConfig;
import org.gatewaydoctor.checks.phpfpm.internal.config.FpmConfigParser;
import org.gatewaydoctor.checks.phpfpm.internal.config.FpmPool;
import org.gatewaydoctor.facts.Address;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;

/**
 * What the PHP-FPM checks look at: the configuration the target names ({@link Target#CONFIG_PHP_FPM}), as
 * {@code phpfpm.config} parsed and shared it ({@link FpmConfigs#PARSED}) or parsed now by a check that runs
 * without it, with its pools; or, when the target names none (or a file that cannot be read), why a check has
 * nothing to look at. Every check of this module starts here, so they agree on when they apply.
 *
 * <pre>{@code
 * FpmTarget fpm = FpmTarget.of(ctx);
 * if (fpm.listening().isEmpty()) {
 *     return fpm.nothingListens();
 * }
 * }</pre>
 */
public final class FpmTarget {

    private final Path file;
    private final FpmConfig config;
    private final String absent;

    private FpmTarget(Path file, FpmConfig config, String absent) {
        this.file = file;
        this.config = config;
        this.absent = absent;
    }

    /**
     * Whether the checks may look at this machine for {@code target}: its processes, its sockets and ports, the
     * status page, the logs the configuration names. Yes when the target is this machine ({@link Target#local()},
     * the command line's {@code --local}) and, when the target does not say ({@link Target#OPTION_LOCAL} unset), for
     * a configuration given: an application embedding the library on the server names the server's own files. No
     * when the target says it is not this machine ({@link Target#OPTION_LOCAL} {@code false}: the command line
     * without {@code --local} for configuration files outside {@code /etc}, such as a customer's copied onto a
     * support engineer's laptop): only the files are read, and nothing here stands for the server they come from.
     */
    public static boolean onThisMachine(Target target) {
        return target.local() || !target.option(Target.OPTION_LOCAL).map(v -> v.strip().equalsIgnoreCase("false"))
                .orElse(false);
    }

    /** Why a check that looks at this machine did not: {@code what} (plural) were not looked at. */
    public static CheckResult notThisMachine(String what) {
        return CheckResult.notApplicable(notLookedAt(what));
    }

    /** {@code what} (plural) were not looked at, and why. */
    public static String notLookedAt(String what) {
        return what + " on this machine were not looked at: the configuration given is read as files only, as "
                + "another server's (--local says this machine is the server diagnosed)";
    }

    /** The configuration {@code ctx}'s target names: the shared parse, else parsed now. */
    public static FpmTarget of(CheckContext ctx) {
        Optional<Path> file = ctx.target().config(Target.CONFIG_PHP_FPM);
        if (file.isEmpty()) {
            return new FpmTarget(null, null, "no PHP-FPM configuration was given");
        }
        Optional<FpmConfig> shared = ctx.fact(FpmConfigs.PARSED);
        if (shared.isPresent()) {
            return new FpmTarget(file.get(), shared.get(), null);
        }
        if (!Files.isRegularFile(file.get())) {
            return new FpmTarget(file.get(), null, "the PHP-FPM configuration " + file.get()
                    + " is not a readable file");
        }
        return new FpmTarget(file.get(), FpmConfigParser.standard().parse(file.get()), null);
    }

    /** The main configuration file, when there is a configuration to look at. */
    public Optional<Path> file() {
        return config == null ? Optional.empty() : Optional.of(file);
    }

    /** The parsed configuration; empty when the target names none or it cannot be read. */
    public Optional<FpmConfig> config() {
        return Optional.ofNullable(config);
    }

    /** Every pool of the configuration; empty without one. */
    public List<FpmPool> pools() {
        return config == null ? List.of() : config.pools();
    }

    /** The pools with an address PHP-FPM can listen on, in configuration order. */
    public List<FpmPool> listening() {
        return pools().stream().filter(p -> FpmConfigs.address(p).isPresent()).toList();
    }

    /** The first listening pool that a connection to {@code target} reaches. */
    public Optional<FpmPool> poolAt(Address target) {
        Objects.requireNonNull(target, "target");
        return listening().stream().filter(p -> ListenMatch.reaches(target, FpmConfigs.address(p).orElseThrow()))
                .findFirst();
    }

    /** Why there is no configuration to look at; empty when there is one. */
    public Optional<String> absence() {
        return Optional.ofNullable(absent);
    }

    /** The result of a check that needs the configuration and has none, with the reason. */
    public CheckResult notApplicable() {
        if (absent == null) {
            throw new IllegalStateException("the PHP-FPM configuration " + file + " is there");
        }
        return CheckResult.notApplicable(absent);
    }

    /** The result of a check that needs a pool with a listen address and has none, with the reason. */
    public CheckResult nothingListens() {
        if (!listening().isEmpty()) {
            throw new IllegalStateException("pools listen in " + file);
        }
        return absent != null ? CheckResult.notApplicable(absent)
                : CheckResult.notApplicable("the PHP-FPM configuration has no pool with a listen address");
    }
}
