package org.gatewaydoctor.spi;

import java.nio.file.Path;
import java.util.List;
import org.gatewaydoctor.model.Target;

/**
 * Finds the log files a target's configuration names, so an operator need not name them: an nginx
 * configuration's {@code error_log}, a PHP-FPM pool's {@code slowlog}. Locators are found with
 * {@link java.util.ServiceLoader} (list the class in {@code META-INF/services/org.gatewaydoctor.spi.LogLocator})
 * and run before any check; what they return joins the target's own logs in the shared
 * {@linkplain CheckContext#logScan() log scan}.
 *
 * <p>A locator only reads, returns quickly (the engine gives all locators a few seconds together and
 * drops late answers), and returns paths whether or not they exist; the engine keeps the readable files.
 */
public interface LogLocator {

    /**
     * The log files {@code target}'s configuration points at.
     *
     * @param target what is being diagnosed; most locators look at {@link Target#config(String)}
     * @return paths to files or folders; empty when the target names nothing this locator understands
     * @throws Exception when a configuration cannot be read; the engine notes it and goes on
     */
    List<Path> locate(Target target) throws Exception;
}
