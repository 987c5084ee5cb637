package org.gatewaydoctor.spi;

import java.util.Objects;

/**
 * The typed name of a fact one check publishes for later ones, e.g. the PHP-FPM pools a config
 * check parsed, which a socket check then probes.
 *
 * <pre>{@code
 * public static final FactKey<FpmPools> POOLS = FactKey.of("phpfpm.pools", FpmPools.class);
 * ctx.publish(POOLS, pools);                    // in the producer
 * ctx.fact(POOLS).ifPresent(p -> ...);          // in a check that dependsOn() the producer
 * }</pre>
 *
 * @param name a unique name, conventionally prefixed with the module's check prefix
 * @param type the value's type; values should be immutable
 * @param <T> the value's type
 */
public record FactKey<T>(String name, Class<T> type) {
    public FactKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** Creates a key. */
    public static <T> FactKey<T> of(String name, Class<T> type) {
        return new FactKey<>(name, type);
    }
}
