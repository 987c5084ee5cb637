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

    // equals and hashCode as a record's own (components in order, hash 31 * h + each's): written out, because the
    // record's are made by method handles at their first call, ~10 classes spun at run time in every diagnosis
    // (the class-data archive cannot hold them); RecordMethodsTest compares them with the record's
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof FactKey<?> k && name.equals(k.name) && type.equals(k.type);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + type.hashCode();
    }

    /** Creates a key. */
    public static <T> FactKey<T> of(String name, Class<T> type) {
        return new FactKey<>(name, type);
    }
}
