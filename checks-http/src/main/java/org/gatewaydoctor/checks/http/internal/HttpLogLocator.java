package org.gatewaydoctor.checks.http.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.LogLocator;

/**
 * The error and access logs an nginx or Apache configuration names ({@code error_log}, {@code access_log},
 * {@code ErrorLog}, {@code CustomLog}), with their rotated siblings in the same folder
 * ({@code error.log.1}, {@code error.log.2.gz}). HAProxy logs through syslog and names no file: nothing
 * for it.
 */
public final class HttpLogLocator implements LogLocator {

    /** The most rotated siblings kept per log. */
    static final int MAX_SIBLINGS = 20;

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public HttpLogLocator() {
    }

    @Override
    public List<Path> locate(Target target) {
        if (target.config(Target.CONFIG_NGINX).isEmpty() && target.config(Target.CONFIG_APACHE).isEmpty()) {
            return List.of();
        }
        Target.Builder b = Target.builder();
        target.config(Target.CONFIG_NGINX).ifPresent(p -> b.config(Target.CONFIG_NGINX, p));
        target.config(Target.CONFIG_APACHE).ifPresent(p -> b.config(Target.CONFIG_APACHE, p));
        Set<Path> out = new LinkedHashSet<>();
        for (Path log : ProxyStack.read(b.build()).logFiles()) {
            out.add(log);
            out.addAll(siblings(log));
        }
        return new ArrayList<>(out);
    }

    /** {@code NAME.N} and {@code NAME.N.gz} (and {@code NAME-DATE[.gz]}) next to {@code log}. */
    static List<Path> siblings(Path log) {
        Path dir = log.getParent();
        String name = log.getFileName().toString();
        List<Path> out = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, name + "[.-]*")) {
            for (Path p : files) {
                String rest = p.getFileName().toString().substring(name.length());
                if (rest.matches("[.-][0-9]{1,10}(\\.gz)?") && out.size() < MAX_SIBLINGS) {
                    out.add(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        out.sort(null);
        return out;
    }
}
