package org.gatewaydoctor.checks.http.internal.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An Apache httpd configuration as parsed: its directives with includes spliced in and {@code ${VAR}}
 * substituted, the files read, the variables used, and the problems found. Build one with
 * {@link ApacheParser#parse}; read it with {@link ApacheView#of}.
 *
 * @param mainFile the main file's configuration path
 * @param serverRoot the {@code ServerRoot} in effect at the end
 * @param directives the top-level directives; conditional sections ({@code <IfModule>}) are kept as
 *     blocks with their content, whatever the condition
 * @param files every file read, in order, each once
 * @param variables the variables {@code ${VAR}} was resolved against: {@code envvars}, then the given
 *     environment over it, then {@code Define}s over both (httpd looks at {@code Define}s first)
 * @param problems what was wrong or skipped, in the order found
 */
public record ApacheConfig(String mainFile, String serverRoot, List<Directive> directives, List<String> files,
                           Map<String, String> variables, List<ConfigProblem> problems) {

    public ApacheConfig {
        Objects.requireNonNull(mainFile, "mainFile");
        Objects.requireNonNull(serverRoot, "serverRoot");
        directives = List.copyOf(directives);
        files = List.copyOf(files);
        variables = Map.copyOf(variables);
        problems = List.copyOf(problems);
    }

    /** Whether httpd itself would refuse part of this (an {@link ConfigProblem.Severity#ERROR}). */
    public boolean hasErrors() {
        return problems.stream().anyMatch(p -> p.severity() == ConfigProblem.Severity.ERROR);
    }
}
