package org.gatewaydoctor.checks.http.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.gatewaydoctor.checks.http.internal.config.haproxy.HaproxyParser;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.checks.http.internal.config.ApacheOptions;
import org.gatewaydoctor.checks.http.internal.config.ApacheParser;
import org.gatewaydoctor.checks.http.internal.config.ApacheView;
import org.gatewaydoctor.checks.http.internal.config.NginxOptions;
import org.gatewaydoctor.checks.http.internal.config.NginxParser;
import org.gatewaydoctor.checks.http.internal.config.NginxView;
import org.gatewaydoctor.spi.LogLocator;

/**
 * The error and access logs an nginx or Apache configuration names ({@code error_log}, {@code access_log},
 * {@code ErrorLog}, {@code CustomLog}), with their rotated siblings in the same folder
 * ({@code error.log.1}, {@code error.log.2.gz}). HAProxy logs through syslog and names no file: when its
 * {@code global} section sends logs to a syslog address ({@code log 127.0.0.1 local0}, {@code log /dev/log
 * local0}), the file Debian's rsyslog rule for HAProxy writes, {@code /var/log/haproxy.log}, is added if it
 * exists (with its rotated siblings).
 */
public final class HttpLogLocator implements LogLocator {

    /** Where Debian's rsyslog rule for HAProxy ({@code /etc/rsyslog.d/49-haproxy.conf}) writes its lines. */
    static final Path DEBIAN_HAPROXY_LOG = Path.of("/var/log/haproxy.log");

    private final Path haproxySyslogFile;

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public HttpLogLocator() {
        this(DEBIAN_HAPROXY_LOG);
    }

    /** A locator that looks for HAProxy's syslog lines in {@code haproxySyslogFile} (tests). */
    HttpLogLocator(Path haproxySyslogFile) {
        this.haproxySyslogFile = haproxySyslogFile;
    }

    @Override
    public List<Path> locate(Target target) {
        Set<Path> out = new LinkedHashSet<>();
        if (target.config(Target.CONFIG_NGINX).isPresent() || target.config(Target.CONFIG_APACHE).isPresent()) {
            out.addAll(named(target));
        }
        target.config(Target.CONFIG_HAPROXY).ifPresent(cfg -> {
            boolean syslog = HaproxyParser.parse(cfg).global().logs().stream().anyMatch(HttpLogLocator::isSyslog);
            if (syslog && Files.isRegularFile(haproxySyslogFile)) {
                out.add(haproxySyslogFile);
                out.addAll(LogLocator.rotated(haproxySyslogFile));
            }
        });
        return new ArrayList<>(out);
    }

    /**
     * The log files nginx's {@code server}s and Apache's {@code <VirtualHost>}s write alone (see
     * {@code NginxView#siteLogFiles}, {@code ApacheView#siteLogFiles}), with their rotated copies, each with its
     * site's names.
     */
    @Override
    public List<SiteLog> siteLogs(Target target) {
        java.util.Map<Path, List<String>> files = new java.util.LinkedHashMap<>();
        target.config(Target.CONFIG_NGINX).ifPresent(p -> NginxView.of(NginxParser.parse(p), NginxOptions.debian())
                .siteLogFiles().forEach((f, names) -> files.putIfAbsent(Path.of(f), names)));
        target.config(Target.CONFIG_APACHE).ifPresent(p -> ApacheView.of(ApacheParser.parse(p), ApacheOptions.debian())
                .siteLogFiles().forEach((f, names) -> files.putIfAbsent(Path.of(f), names)));
        List<SiteLog> out = new ArrayList<>();
        files.forEach((file, names) -> {
            out.add(new SiteLog(file, names));
            LogLocator.rotated(file).forEach(r -> out.add(new SiteLog(r, names)));
        });
        return out;
    }

    /** Whether a HAProxy {@code log} target is a syslog server (an address or a unix socket), not a stream or ring. */
    static boolean isSyslog(String target) {
        return !(target.equals("stdout") || target.equals("stderr") || target.startsWith("fd@")
                || target.startsWith("ring@") || target.equals("global"));
    }

    private static Set<Path> named(Target target) {
        Target.Builder b = Target.builder();
        target.config(Target.CONFIG_NGINX).ifPresent(p -> b.config(Target.CONFIG_NGINX, p));
        target.config(Target.CONFIG_APACHE).ifPresent(p -> b.config(Target.CONFIG_APACHE, p));
        Set<Path> out = new LinkedHashSet<>();
        for (Path log : ProxyStack.read(b.build()).logFiles()) {
            out.add(log);
            out.addAll(LogLocator.rotated(log));
        }
        return out;
    }
}
