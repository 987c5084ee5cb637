package org.gatewaydoctor.checks.wordpress.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.LogLocator;

/**
 * Finds WordPress's debug log from {@code wp-config.php}: {@code WP_DEBUG_LOG}'s custom path or
 * {@code wp-content/debug.log}, and the default {@code wp-content/debug.log} left from an earlier debugging
 * session, with their rotated copies.
 */
public final class WordPressLogLocator implements LogLocator {

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public WordPressLogLocator() {
    }

    @Override
    public List<Path> locate(Target target) throws Exception {
        Optional<WpSite> site = WpSite.locate(target);
        if (site.isEmpty()) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        site.get().debugLog().ifPresent(p -> {
            out.add(p);
            out.addAll(LogLocator.rotated(p));
        });
        site.get().contentDir().map(c -> c.resolve("debug.log")).filter(p -> !out.contains(p)).ifPresent(out::add);
        return out;
    }
}
