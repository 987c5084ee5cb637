package org.gatewaydoctor.springboot;

import java.util.Objects;
import org.gatewaydoctor.model.Target;

/**
 * A site under watch: the name it has in health, the endpoint and meter tags, and what to diagnose.
 *
 * @param name unique among the sites; letters, digits, {@code .}, {@code _}, {@code -} and {@code :}
 * @param target what every diagnosis of the site looks at
 */
public record MonitoredSite(String name, Target target) {

    public MonitoredSite {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        if (!name.matches("[A-Za-z0-9._:-]+")) {
            throw new IllegalArgumentException("a site name holds letters, digits, '.', '_', '-' and ':' only: '"
                    + name + "'");
        }
        if (target.isEmpty()) {
            throw new IllegalArgumentException("site '" + name + "' has nothing to diagnose: give it a url, logs or"
                    + " configs");
        }
    }
}
