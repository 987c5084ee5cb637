package org.gatewaydoctor.checks.http.internal.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What nginx was built with and where the configuration lives: the defaults a configuration does not
 * spell out. {@link #debian()} is the Debian/Ubuntu package ({@code nginx -V}: {@code --prefix=/usr/share/nginx},
 * {@code --conf-path=/etc/nginx/nginx.conf}, {@code --error-log-path=stderr},
 * {@code --http-log-path=/var/log/nginx/access.log}); {@link #upstream()} is nginx built from source with
 * no options.
 *
 * @param prefix nginx's {@code --prefix} (or {@code -p}), against which relative {@code root} and log paths
 *     resolve; with a trailing slash
 * @param root the tree the configuration's absolute paths are in: {@code null} for this machine's file
 *     system, else a directory standing for {@code /} (a container's root file system, a test fixture)
 * @param defaultErrorLog the error log when the main context names none ({@code --error-log-path})
 * @param defaultAccessLog the access log when no context names one ({@code --http-log-path}), format
 *     {@code combined}
 * @param pageSize the memory page size, the default of {@code *_buffer_size} and of each of
 *     {@code *_buffers 8 <page>}: 4096 on x86-64 and most arm64 Linux, 8192 on some platforms (nginx's
 *     documentation says "4k or 8k, depending on a platform")
 * @param limits the parser's bounds
 */
public record NginxOptions(String prefix, Path root, String defaultErrorLog, String defaultAccessLog, int pageSize,
                           ConfigLimits limits) {

    public NginxOptions {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(defaultErrorLog, "defaultErrorLog");
        Objects.requireNonNull(defaultAccessLog, "defaultAccessLog");
        Objects.requireNonNull(limits, "limits");
        if (!prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        if (pageSize < 512) {
            throw new IllegalArgumentException("page size " + pageSize);
        }
    }

    /** The Debian/Ubuntu {@code nginx} package, on this machine's file system. */
    public static NginxOptions debian() {
        return new NginxOptions("/usr/share/nginx/", null, "stderr", "/var/log/nginx/access.log", 4096,
                ConfigLimits.DEFAULTS);
    }

    /** nginx built from source with no {@code configure} options ({@code /usr/local/nginx}). */
    public static NginxOptions upstream() {
        return new NginxOptions("/usr/local/nginx/", null, "logs/error.log", "logs/access.log", 4096,
                ConfigLimits.DEFAULTS);
    }

    /** These options reading the configuration from the tree at {@code root} instead of {@code /}. */
    public NginxOptions withRoot(Path root) {
        return new NginxOptions(prefix, root, defaultErrorLog, defaultAccessLog, pageSize, limits);
    }

    /** These options with other limits. */
    public NginxOptions withLimits(ConfigLimits limits) {
        return new NginxOptions(prefix, root, defaultErrorLog, defaultAccessLog, pageSize, limits);
    }

    /** These options with another page size (8192 where the platform's pages are 8 KiB). */
    public NginxOptions withPageSize(int pageSize) {
        return new NginxOptions(prefix, root, defaultErrorLog, defaultAccessLog, pageSize, limits);
    }
}
