package org.gatewaydoctor.checks.http.internal.config.haproxy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.gatewaydoctor.checks.http.internal.config.ConfigProblem;
import org.gatewaydoctor.checks.http.internal.config.Endpoint;
import org.gatewaydoctor.checks.http.internal.config.Setting;

/**
 * A HAProxy configuration as parsed, with {@code defaults} inheritance applied: the {@code global}
 * settings that matter for the proxy hop and every {@code frontend}, {@code backend} and {@code listen}.
 *
 * @param mainFile the file read
 * @param global the {@code global} section's settings
 * @param proxies the frontends, backends and listens, in file order ({@code defaults} sections are folded in)
 * @param problems what HAProxy would refuse or warn about, in the order found
 * @param resolvers the {@code resolvers} sections by name, in file order
 */
public record HaproxyConfig(String mainFile, Global global, List<Proxy> proxies, List<ConfigProblem> problems,
                            Map<String, Resolvers> resolvers) {

    /** HAProxy's default {@code tune.bufsize} (bytes). */
    public static final long DEFAULT_BUFSIZE = 16384;
    /** HAProxy's default {@code tune.maxrewrite} (bytes). */
    public static final long DEFAULT_MAXREWRITE = 1024;

    /** A configuration without {@code resolvers} sections. */
    public HaproxyConfig(String mainFile, Global global, List<Proxy> proxies, List<ConfigProblem> problems) {
        this(mainFile, global, proxies, problems, Map.of());
    }

    public HaproxyConfig {
        Objects.requireNonNull(mainFile, "mainFile");
        Objects.requireNonNull(global, "global");
        proxies = List.copyOf(proxies);
        problems = List.copyOf(problems);
        resolvers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(resolvers));
    }

    /**
     * A {@code resolvers} section: the name servers HAProxy asks at run time for the servers that name it
     * ({@code server ... resolvers NAME}).
     *
     * @param name the section's name
     * @param nameservers the {@code nameserver ID ADDRESS} addresses as written ({@code 10.0.0.2:53})
     * @param parseResolvConf whether {@code parse-resolv-conf} adds the system's {@code resolv.conf} name servers
     * @param file where the section is
     * @param line its line
     */
    public record Resolvers(String name, List<Endpoint> nameservers, boolean parseResolvConf, String file, int line) {
        public Resolvers {
            Objects.requireNonNull(name, "name");
            nameservers = List.copyOf(nameservers);
            Objects.requireNonNull(file, "file");
        }
    }

    /** The backend or listen named {@code name} (case-sensitive, as HAProxy matches them). */
    public Optional<Proxy> backend(String name) {
        return proxies.stream().filter(p -> p.hasServers() && p.name().equals(name)).findFirst();
    }

    /** Whether HAProxy itself would refuse part of this. */
    public boolean hasErrors() {
        return problems.stream().anyMatch(p -> p.severity() == ConfigProblem.Severity.ERROR);
    }

    /**
     * The {@code global} settings.
     *
     * @param bufsize {@code tune.bufsize}: the buffer a request's or response's headers must fit in
     *     (minus {@code maxrewrite}); 16384 by default
     * @param maxrewrite {@code tune.maxrewrite}: the part of the buffer kept free for header rewrites;
     *     1024 by default
     * @param user {@code user}, {@code ""} when absent
     * @param group {@code group}, {@code ""} when absent
     * @param serverVerify {@code ssl-server-verify}: {@code required} (the default) or {@code none}
     * @param logs the {@code log} targets as written (syslog addresses, {@code stdout}...)
     */
    public record Global(Setting<Long> bufsize, Setting<Long> maxrewrite, String user, String group,
                         String serverVerify, List<String> logs) {
        public Global {
            Objects.requireNonNull(bufsize, "bufsize");
            Objects.requireNonNull(maxrewrite, "maxrewrite");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(serverVerify, "serverVerify");
            logs = List.copyOf(logs);
        }
    }

    /** Which section a proxy is. */
    public enum Kind { FRONTEND, BACKEND, LISTEN }

    /**
     * A frontend, backend or listen, with what it inherits from its {@code defaults}.
     *
     * @param kind which section
     * @param name its name
     * @param mode {@code http} or {@code tcp} (HAProxy's default is {@code tcp})
     * @param timeouts {@code timeout connect|server|client|queue|...} in effect, by name
     * @param defaultBackend {@code default_backend}, if any
     * @param useBackends its {@code use_backend} rules, in order
     * @param servers its {@code server}s, {@code default-server} applied
     * @param binds its {@code bind} addresses as written
     * @param file where the section starts
     * @param line its line
     */
    public record Proxy(Kind kind, String name, Setting<String> mode, Map<String, Setting<Duration>> timeouts,
                        Optional<Setting<String>> defaultBackend, List<UseBackend> useBackends, List<Server> servers,
                        List<String> binds, String file, int line) {
        public Proxy {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(mode, "mode");
            timeouts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(timeouts));
            Objects.requireNonNull(defaultBackend, "defaultBackend");
            useBackends = List.copyOf(useBackends);
            servers = List.copyOf(servers);
            binds = List.copyOf(binds);
            Objects.requireNonNull(file, "file");
        }

        /** {@code timeout NAME} in effect, if set. */
        public Optional<Setting<Duration>> timeout(String which) {
            return Optional.ofNullable(timeouts.get(which));
        }

        /** Whether it accepts client connections (a frontend or listen). */
        public boolean isFrontend() {
            return kind != Kind.BACKEND;
        }

        /** Whether it has servers (a backend or listen). */
        public boolean hasServers() {
            return kind != Kind.FRONTEND;
        }

        /** Whether it speaks HTTP ({@code mode http}). */
        public boolean http() {
            return mode.value().equals("http");
        }
    }

    /**
     * A {@code use_backend} rule.
     *
     * @param backend the backend's name as written (it may be a log-format expression)
     * @param condition the {@code if}/{@code unless} condition as written, empty when none
     * @param file where it is written
     * @param line its line
     */
    public record UseBackend(String backend, String condition, String file, int line) {
        public UseBackend {
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(condition, "condition");
            Objects.requireNonNull(file, "file");
        }
    }

    /**
     * A {@code server} of a backend.
     *
     * @param name its name
     * @param address where it is: a {@link Endpoint.HostPort} (port 0 when none is written: HAProxy then
     *     uses the port the client connected to) or a {@link Endpoint.UnixSocket}; empty when the address
     *     is one this parser does not model ({@code abns@}, {@code fd@}, a port range)
     * @param rawAddress the address as written
     * @param ssl whether HAProxy speaks TLS to it ({@code ssl})
     * @param verify {@code none} or {@code required} (the server's {@code verify}, else
     *     {@code ssl-server-verify}); meaningful only with {@code ssl}
     * @param caFile {@code ca-file}, {@code ""} when absent
     * @param verifyHost {@code verifyhost}, else {@code sni} when it is a constant string, else {@code ""}
     * @param check whether it is health-checked ({@code check})
     * @param proto {@code proto} ({@code fcgi} for FastCGI, {@code h2}), {@code ""} when absent
     * @param resolvers {@code resolvers} (resolved at run time with that section), {@code ""} when absent
     * @param backup {@code backup}
     * @param disabled {@code disabled}
     * @param file where it is written
     * @param line its line
     */
    public record Server(String name, Optional<Endpoint> address, String rawAddress, boolean ssl, String verify,
                         String caFile, String verifyHost, boolean check, String proto, String resolvers,
                         boolean backup, boolean disabled, String file, int line) {
        public Server {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(rawAddress, "rawAddress");
            Objects.requireNonNull(verify, "verify");
            Objects.requireNonNull(caFile, "caFile");
            Objects.requireNonNull(verifyHost, "verifyHost");
            Objects.requireNonNull(proto, "proto");
            Objects.requireNonNull(resolvers, "resolvers");
            Objects.requireNonNull(file, "file");
        }

        /** Whether HAProxy checks the server's certificate. */
        public boolean verifies() {
            return ssl && verify.equals("required");
        }
    }
}
