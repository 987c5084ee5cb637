package org.gatewaydoctor.facts;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The value of {@link Facts#FPM_POOLS}: the pools of one PHP-FPM configuration.
 *
 * @param config the main configuration file ({@code php-fpm.conf})
 * @param pools its pools in file order
 */
public record FpmPools(Path config, List<FpmPool> pools) {
    public FpmPools {
        Objects.requireNonNull(config, "config");
        pools = List.copyOf(pools);
    }
}
