package org.gatewaydoctor.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What to diagnose: the site's URL and/or the local evidence to read (logs, configuration files).
 * Every part is optional; checks that need a missing part report themselves not applicable.
 *
 * <pre>{@code
 * Target target = Target.builder()
 *     .url(URI.create("https://example.org/"))
 *     .logs(Path.of("/var/log/nginx"), Path.of("/var/log/php8.2-fpm.log"))
 *     .config(Target.CONFIG_NGINX, Path.of("/etc/nginx/nginx.conf"))
 *     .build();
 * }</pre>
 *
 * @param url the site's address, {@code null} for an offline (logs only) diagnosis
 * @param logs log files and directories to read; a directory means every file in it, rotated and
 *     gzipped ones included
 * @param configs configuration files by kind (see the {@code CONFIG_*} constants)
 * @param options free-form settings for checks, by name (third-party checks document theirs)
 * @param zone the time zone of log lines that carry no zone (nginx, PHP-FPM write local time)
 */
@JsonPropertyOrder({"url", "logs", "configs", "options", "zone"})
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Target(URI url, List<Path> logs, Map<String, Path> configs, Map<String, String> options,
                     ZoneId zone) {

    /** Key of the nginx main configuration file in {@link #configs()}. */
    public static final String CONFIG_NGINX = "nginx";
    /** Key of the Apache main configuration file in {@link #configs()}. */
    public static final String CONFIG_APACHE = "apache";
    /** Key of the PHP-FPM main configuration file in {@link #configs()}. */
    public static final String CONFIG_PHP_FPM = "php-fpm";
    /** Key of the HAProxy configuration file in {@link #configs()}. */
    public static final String CONFIG_HAPROXY = "haproxy";
    /** Option: read log lines dated at or after this ISO-8601 instant only (e.g. {@code 2026-11-21T09:00:00Z}). */
    public static final String OPTION_SINCE = "logs.since";
    /** Option: read log lines dated at or before this ISO-8601 instant only. */
    public static final String OPTION_UNTIL = "logs.until";

    /**
     * Option: the web site to diagnose, by host name (several comma-separated: its {@code server_name}s).
     * Log lines that name another site (nginx's {@code server:} / {@code host:}) are set aside; the URL's
     * host counts as well. Without either, every site's lines are read and the busiest failing site is named.
     */
    public static final String OPTION_SITE = "site";

    /**
     * Option: {@code true} when the diagnosis is about this machine (the command line's {@code --local}), so that
     * checks may look at its processes to find what the target does not name. Without it, only what the target
     * names is read: a diagnosis of logs copied from another server (a customer's pasted log on a support
     * engineer's laptop) never reports this machine's processes. {@code false} says the target is another
     * machine's: its configuration files are read as files, and checks look at nothing on this machine (processes,
     * sockets, ports, the logs a configuration names); the command line sets it without {@code --local} unless the
     * configurations given lie under {@code /etc}. Unset, a configuration given is read as this machine's (an
     * application embedding the library runs on the server it names).
     */
    public static final String OPTION_LOCAL = "local";

    /** Key of a WordPress installation's {@code wp-config.php} in {@link #configs()}. */
    public static final String CONFIG_WORDPRESS = "wordpress";

    public Target {
        logs = List.copyOf(logs == null ? List.of() : logs);
        configs = Map.copyOf(configs == null ? Map.of() : configs);
        options = Map.copyOf(options == null ? Map.of() : options);
        zone = zone == null ? ZoneId.systemDefault() : zone;
        for (String key : List.of(OPTION_SINCE, OPTION_UNTIL)) {
            String value = options.get(key);
            if (value != null) {
                try {
                    java.time.Instant.parse(value);
                } catch (java.time.format.DateTimeParseException e) {
                    throw new IllegalArgumentException("option " + key + " must be an ISO-8601 instant such as "
                            + "2026-11-21T09:00:00Z, got '" + value + "'");
                }
            }
        }
        if (url != null) {
            String scheme = url.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                throw new IllegalArgumentException("the URL must be http:// or https://, got '" + url + "'");
            }
            if (url.getHost() == null) {
                throw new IllegalArgumentException("the URL has no host name: '" + url + "'");
            }
        }
    }

    /** The URL, when one was given. */
    public Optional<URI> urlOption() {
        return Optional.ofNullable(url);
    }

    /** The configuration file of {@code kind}, when one was given. */
    public Optional<Path> config(String kind) {
        return Optional.ofNullable(configs.get(kind));
    }

    /** The option {@code name}, when set. */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** Whether the diagnosis is about this machine: the option {@link #OPTION_LOCAL} is {@code true}. */
    public boolean local() {
        return option(OPTION_LOCAL).map(v -> v.strip().equalsIgnoreCase("true")).orElse(false);
    }

    /** Whether the target has nothing at all to look at. */
    @JsonIgnore
    public boolean isEmpty() {
        return url == null && logs.isEmpty() && configs.isEmpty();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder prefilled with this target's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.url = url;
        b.logs.addAll(logs);
        b.configs.putAll(configs);
        b.options.putAll(options);
        b.zone = zone;
        return b;
    }

    /** Builds a {@link Target}. */
    public static final class Builder {
        private URI url;
        private final List<Path> logs = new ArrayList<>();
        private final Map<String, Path> configs = new TreeMap<>();
        private final Map<String, String> options = new TreeMap<>();
        private ZoneId zone;

        private Builder() {
        }

        public Builder url(URI url) {
            this.url = url;
            return this;
        }

        public Builder url(String url) {
            return url(URI.create(url));
        }

        public Builder logs(Path... paths) {
            logs.addAll(List.of(paths));
            return this;
        }

        public Builder logs(List<Path> paths) {
            logs.addAll(paths);
            return this;
        }

        public Builder config(String kind, Path file) {
            configs.put(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(file, "file"));
            return this;
        }

        public Builder option(String name, String value) {
            options.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder zone(ZoneId zone) {
            this.zone = zone;
            return this;
        }

        public Target build() {
            return new Target(url, logs, configs, options, zone);
        }
    }
}
