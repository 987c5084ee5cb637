package org.gatewaydoctor.checks.http.internal.config;

import java.util.List;
import java.util.Objects;

/**
 * An nginx configuration as parsed: its directives with includes spliced in, the files read, and the
 * problems found. Build one with {@link NginxParser#parse}; read it with {@link NginxView#of}.
 *
 * @param mainFile the main file's configuration path
 * @param directives the main context's directives
 * @param files every file read, in order, each once
 * @param problems what was wrong or skipped, in the order found
 */
public record NginxConfig(String mainFile, List<Directive> directives, List<String> files,
                          List<ConfigProblem> problems) {

    public NginxConfig {
        Objects.requireNonNull(mainFile, "mainFile");
        directives = List.copyOf(directives);
        files = List.copyOf(files);
        problems = List.copyOf(problems);
    }

    /** Whether nginx itself would refuse part of this (an {@link ConfigProblem.Severity#ERROR}). */
    public boolean hasErrors() {
        return problems.stream().anyMatch(p -> p.severity() == ConfigProblem.Severity.ERROR);
    }
}
