package org.gatewaydoctor.checks.phpfpm.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gatewaydoctor.checks.phpfpm.internal.config.FpmConfig;
import org.gatewaydoctor.checks.phpfpm.internal.config.FpmConfigParser;
import org.gatewaydoctor.checks.phpfpm.internal.config.FpmPool;
import org.gatewaydoctor.checks.phpfpm.internal.config.Setting;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.LogLocator;

/**
 * The logs a PHP-FPM configuration names: the master's {@code error_log} (PHP-FPM's default
 * {@code log/php-fpm.log} under its prefix when unset; nothing for {@code syslog}) and each pool's
 * {@code slowlog}, resolved against the prefix as PHP-FPM does, each with its rotated siblings
 * ({@code php8.2-fpm.log.1}, {@code .2.gz}). Only on the server diagnosed ({@link FpmTarget#onThisMachine}).
 */
public final class FpmLogLocator implements LogLocator {

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public FpmLogLocator() {
    }

    @Override
    public List<Path> locate(Target target) {
        Optional<Path> file = target.config(Target.CONFIG_PHP_FPM);
        if (file.isEmpty() || !Files.isRegularFile(file.get()) || !FpmTarget.onThisMachine(target)) {
            // another server's configuration names that server's logs: the files at those paths here are not them
            return List.of();
        }
        return locate(FpmConfigParser.standard().parse(file.get()));
    }

    /** The logs of a parsed configuration. */
    public static List<Path> locate(FpmConfig config) {
        Set<Path> out = new LinkedHashSet<>();
        String errorLog = config.global().errorLog().value();
        if (!errorLog.equals("syslog") && !errorLog.startsWith("syslog")) {
            add(out, errorLog);
        }
        for (FpmPool p : config.pools()) {
            p.requests().slowlog().map(Setting::value).ifPresent(s -> add(out, s));
        }
        return new ArrayList<>(out);
    }

    private static void add(Set<Path> out, String path) {
        Path p;
        try {
            p = Path.of(path);
        } catch (IllegalArgumentException e) {
            return;
        }
        out.add(p);
        out.addAll(LogLocator.rotated(p));
    }
}
