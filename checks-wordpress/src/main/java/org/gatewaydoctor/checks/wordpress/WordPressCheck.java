package org.gatewaydoctor.checks.wordpress;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.spi.Check;

/**
 * What every check of this module says about itself (id, hop, title, the checks it runs after, its time), given
 * once to the constructor instead of five methods each: the checks only implement {@link Check#run}. Package-private
 * (not in {@code internal}): a public check whose superclass sits in a package the module does not export is what
 * {@code -Xlint:exports} warns about.
 */
abstract class WordPressCheck implements Check {

    private final String id;
    private final Layer layer;
    private final String title;
    private final Duration timeout;
    private final Set<String> runsAfter;

    /**
     * @param id the check's stable id
     * @param layer the hop it looks at
     * @param title its short human title
     * @param timeout its time ({@link Check#UNTIL_DIAGNOSIS_DEADLINE} for a check that waits on the shared log scan)
     * @param runsAfter the checks whose facts it reads
     */
    protected WordPressCheck(String id, Layer layer, String title, Duration timeout, String... runsAfter) {
        this.id = Objects.requireNonNull(id, "id");
        this.layer = Objects.requireNonNull(layer, "layer");
        this.title = Objects.requireNonNull(title, "title");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.runsAfter = Set.of(runsAfter);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Layer layer() {
        return layer;
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public final Set<String> runsAfter() {
        return runsAfter;
    }

    @Override
    public final Duration timeout() {
        return timeout;
    }
}
