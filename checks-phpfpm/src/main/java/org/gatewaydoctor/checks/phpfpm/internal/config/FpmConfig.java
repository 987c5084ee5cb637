package org.gatewaydoctor.checks.phpfpm.internal.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A PHP-FPM configuration as PHP-FPM reads it: the main file and everything it includes.
 *
 * @param mainFile the file parsing started from
 * @param global the {@code [global]} settings
 * @param pools the pools in the order PHP-FPM creates them
 * @param files every file read, main file first, in reading order
 * @param problems what PHP-FPM would reject or warn about, and what could not be read
 */
public record FpmConfig(
        String mainFile, FpmGlobal global, List<FpmPool> pools, List<ConfigFile> files, List<ConfigProblem> problems) {

    public FpmConfig {
        Objects.requireNonNull(mainFile, "mainFile");
        Objects.requireNonNull(global, "global");
        pools = List.copyOf(pools);
        files = List.copyOf(files);
        problems = List.copyOf(problems);
    }

    /** The pool of that name (case-insensitive, as PHP-FPM matches sections). */
    public Optional<FpmPool> pool(String name) {
        return pools.stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
    }

    /** Whether PHP-FPM would refuse this configuration ({@code php-fpm -t} fails or the master cannot start). */
    public boolean refusedByFpm() {
        return problems.stream().anyMatch(p -> p.severity() == ConfigProblem.Severity.FATAL);
    }

    /** The problems of one severity. */
    public List<ConfigProblem> problems(ConfigProblem.Severity severity) {
        return problems.stream().filter(p -> p.severity() == severity).toList();
    }
}
