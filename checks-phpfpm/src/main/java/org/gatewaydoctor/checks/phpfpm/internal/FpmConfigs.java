package org.gatewaydoctor.checks.phpfpm.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gatewaydoctor.checks.phpfpm.internal.config.FpmConfig;
import org.gatewaydoctor.checks.phpfpm.internal.config.FpmPool;
import org.gatewaydoctor.checks.phpfpm.internal.config.ListenAddress;
import org.gatewaydoctor.checks.phpfpm.internal.config.Setting;
import org.gatewaydoctor.facts.Address;
import org.gatewaydoctor.facts.FpmPools;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.spi.FactKey;

/**
 * The PHP-FPM configuration as the checks of this module share it: parsed once by {@code phpfpm.config} and
 * published under {@link #PARSED} ({@link FpmTarget} finds it, or parses again for a check that runs without
 * it), its facts view, and how its settings are cited and written.
 */
public final class FpmConfigs {

    /** The parsed configuration, for the checks of this module only (not part of the facts API). */
    public static final FactKey<FpmConfig> PARSED = FactKey.of("phpfpm.internal.parsed-config", FpmConfig.class);

    private FpmConfigs() {
    }

    /** The facts view of the pools: those with an address PHP-FPM can listen on. */
    public static FpmPools facts(Path mainFile, FpmConfig config) {
        List<org.gatewaydoctor.facts.FpmPool> out = new ArrayList<>();
        for (FpmPool p : config.pools()) {
            Optional<Address> listen = address(p);
            if (listen.isEmpty()) {
                continue;
            }
            out.add(new org.gatewaydoctor.facts.FpmPool(p.name(), listen.get(),
                    p.listen().owner().map(Setting::value).orElse(""),
                    p.listen().group().map(Setting::value).orElse(""),
                    p.listen().modeOctal(),
                    p.listen().allowedClients().map(Setting::value).orElse(List.of()),
                    p.pm().maxChildren().map(Setting::value).orElse(0),
                    p.requests().terminateTimeout().value(),
                    p.maxExecutionTime().map(Setting::value).orElse(Duration.ZERO),
                    p.origin().file(), Math.max(0, p.origin().line())));
        }
        return new FpmPools(mainFile, out);
    }

    /** The pool's listen address in the facts' terms; empty when missing or invalid. */
    public static Optional<Address> address(FpmPool p) {
        return p.listen().address().map(Setting::value).flatMap(FpmConfigs::address);
    }

    /** A listen address in the facts' terms; empty for an invalid one. */
    public static Optional<Address> address(ListenAddress a) {
        try {
            if (a instanceof ListenAddress.Unix u) {
                return Optional.of(Address.unix(Path.of(u.path())));
            }
            if (a instanceof ListenAddress.Tcp t) {
                return Optional.of(Address.tcp(t.host(), t.port()));
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * Evidence for a setting: its configuration line, or for a PHP-FPM default an observation naming the
     * default.
     */
    public static Evidence evidence(String directive, Setting<?> s) {
        if (s.isBuiltIn() || s.origin().line() <= 0) {
            return new Evidence.Observation(directive + " is not set: " + valueText(s.value()) + " ("
                    + s.origin().file() + ")");
        }
        String text = s.text();
        int eq = text.indexOf('=');
        String value = eq >= 0 ? text.substring(eq + 1).strip() : valueText(s.value());
        String written = eq >= 0 ? text.substring(0, eq).strip() : directive;
        return new Evidence.ConfigLine(s.origin().file(), s.origin().line(), written.isEmpty() ? directive : written,
                value);
    }

    /** A value as PHP-FPM would write it: durations in seconds. */
    public static String valueText(Object value) {
        if (value instanceof Duration d) {
            return seconds(d);
        }
        return String.valueOf(value);
    }

    /** {@code "1 pool"}, {@code "2 pools"}: how the checks of this module count. */
    public static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /** {@code 60s}, {@code 0} for zero, {@code 1.5s}. */
    public static String seconds(Duration d) {
        if (d.isZero()) {
            return "0";
        }
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + "s";
        }
        return (d.toMillis() / 1000.0) + "s";
    }
}
