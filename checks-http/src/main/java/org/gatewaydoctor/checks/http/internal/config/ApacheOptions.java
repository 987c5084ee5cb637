package org.gatewaydoctor.checks.http.internal.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What httpd was built and started with: the defaults a configuration does not spell out.
 * {@link #debian()} is the Debian/Ubuntu {@code apache2} package ({@code apache2 -V}:
 * {@code HTTPD_ROOT="/etc/apache2"}, {@code DEFAULT_ERRORLOG="logs/error_log"}; {@code apache2 -l}: the
 * modules compiled in).
 *
 * @param serverRoot the {@code ServerRoot} until the configuration sets one (httpd's {@code -d}, else
 *     {@code HTTPD_ROOT})
 * @param root the tree the configuration's absolute paths are in: {@code null} for this machine's file
 *     system, else a directory standing for {@code /}
 * @param environment the environment httpd was started with, for {@code ${VAR}}; it wins over the
 *     {@code envvars} file (hand it {@code /proc/PID/environ} of the running server and it is exact)
 * @param readEnvvars whether to read the Debian {@code envvars} file next to the main file
 *     ({@code apache2ctl} and the systemd unit source it before starting httpd)
 * @param compiledModules the modules compiled in, as {@code apache2 -l} lists them ({@code mod_so.c})
 * @param defines the {@code -D} names httpd was started with, for {@code <IfDefine>}
 * @param defaultErrorLog the {@code ErrorLog} when none is written, relative to {@code ServerRoot}
 * @param limits the parser's bounds
 */
public record ApacheOptions(String serverRoot, Path root, Map<String, String> environment, boolean readEnvvars,
                            Set<String> compiledModules, Set<String> defines, String defaultErrorLog,
                            ConfigLimits limits) {

    /** {@code apache2 -l} of the Debian 12 package (2.4.x). */
    public static final Set<String> DEBIAN_COMPILED_MODULES = Set.of("core.c", "mod_so.c", "mod_watchdog.c",
            "http_core.c", "mod_log_config.c", "mod_logio.c", "mod_version.c", "mod_unixd.c");

    public ApacheOptions {
        Objects.requireNonNull(serverRoot, "serverRoot");
        environment = Map.copyOf(environment);
        compiledModules = Set.copyOf(compiledModules);
        defines = Set.copyOf(defines);
        Objects.requireNonNull(defaultErrorLog, "defaultErrorLog");
        Objects.requireNonNull(limits, "limits");
    }

    /** The Debian/Ubuntu {@code apache2} package on this machine's file system, no environment given. */
    public static ApacheOptions debian() {
        return new ApacheOptions("/etc/apache2", null, Map.of(), true, DEBIAN_COMPILED_MODULES, Set.of(),
                "logs/error_log", ConfigLimits.DEFAULTS);
    }

    /** These options reading the configuration from the tree at {@code root} instead of {@code /}. */
    public ApacheOptions withRoot(Path root) {
        return new ApacheOptions(serverRoot, root, environment, readEnvvars, compiledModules, defines,
                defaultErrorLog, limits);
    }

    /** These options with the environment httpd was started with. */
    public ApacheOptions withEnvironment(Map<String, String> environment) {
        return new ApacheOptions(serverRoot, root, environment, readEnvvars, compiledModules, defines,
                defaultErrorLog, limits);
    }

    /** These options with another initial {@code ServerRoot}. */
    public ApacheOptions withServerRoot(String serverRoot) {
        return new ApacheOptions(serverRoot, root, environment, readEnvvars, compiledModules, defines,
                defaultErrorLog, limits);
    }

    /** These options with {@code -D} names. */
    public ApacheOptions withDefines(Set<String> defines) {
        return new ApacheOptions(serverRoot, root, environment, readEnvvars, compiledModules, defines,
                defaultErrorLog, limits);
    }

    /** These options with other limits. */
    public ApacheOptions withLimits(ConfigLimits limits) {
        return new ApacheOptions(serverRoot, root, environment, readEnvvars, compiledModules, defines,
                defaultErrorLog, limits);
    }
}
