package org.gatewaydoctor.spi;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /**
     * A log file the configuration gives one web site alone: nginx's {@code error_log}/{@code access_log} inside
     * one {@code server {}} (and its locations), Apache's {@code ErrorLog}/{@code CustomLog} inside one
     * {@code <VirtualHost>}, and written by no other context. When a diagnosis is about one site
     * ({@code --site}, the URL's host), the lines of another site's files are set aside as that site's, and lines
     * of the site's own files that name no site are its own.
     *
     * @param file the file (its rotated copies are listed as files of their own)
     * @param sites the site's host names ({@code server_name}s, {@code ServerName} and {@code ServerAlias})
     */
    record SiteLog(Path file, List<String> sites) {
        public SiteLog {
            java.util.Objects.requireNonNull(file, "file");
            sites = List.copyOf(sites);
        }
    }

    /**
     * The log files {@code target}'s configuration gives to one site each (see {@link SiteLog}); none by default.
     * Called with {@link #locate(Target)}, on the same budget.
     *
     * @throws Exception when a configuration cannot be read; the engine notes it and goes on
     */
    default List<SiteLog> siteLogs(Target target) throws Exception {
        return List.of();
    }

    /** At most this many rotated copies of one log are returned by {@link #rotated(Path)}. */
    int MAX_ROTATED = 20;

    /**
     * The rotated copies of {@code log} in its folder, as logrotate names them: {@code NAME.1},
     * {@code NAME.2.gz}, {@code NAME-20261121}, {@code NAME-20261121.gz}; sorted, at most {@link #MAX_ROTATED}.
     * Empty when the folder cannot be read.
     */
    static List<Path> rotated(Path log) {
        Path dir = log.getParent();
        Path file = log.getFileName();
        List<Path> out = new ArrayList<>();
        if (dir == null || file == null || !Files.isDirectory(dir)) {
            return out;
        }
        String name = file.toString();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir,
                p -> p.getFileName().toString().startsWith(name)
                        && p.getFileName().toString().substring(name.length()).matches("[.-][0-9]{1,10}(\\.gz)?"))) {
            for (Path p : files) {
                out.add(p);
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        out.sort(null);
        return out.size() > MAX_ROTATED ? List.copyOf(out.subList(0, MAX_ROTATED)) : out;
    }
}
