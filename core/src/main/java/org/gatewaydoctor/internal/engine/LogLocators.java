package org.gatewaydoctor.internal.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.LogLocator;

/** Runs the {@link LogLocator}s before the checks, together on one short budget. */
final class LogLocators {

    /** All locators together get this long; a configuration parse is milliseconds. */
    static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(3);

    private LogLocators() {
    }

    /**
     * The existing paths the locators name, in order, without duplicates or the target's own logs.
     * Failures and late locators become notes; nothing here throws.
     */
    static List<Path> locate(List<LogLocator> locators, Target target, long budgetNanos, List<String> notes) {
        return locateWithSites(locators, target, budgetNanos, notes).paths();
    }

    /**
     * What the locators found: the paths ({@link #locate}) and the files they give to one site each (absolute,
     * normalised, with the sites' names), for site scoping.
     */
    record Located(List<Path> paths, Map<Path, List<String>> sites) {
    }

    static Located locateWithSites(List<LogLocator> locators, Target target, long budgetNanos, List<String> notes) {
        if (locators.isEmpty()) {
            return new Located(List.of(), Map.of());
        }
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "gateway-doctor-log-locator");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<List<Path>>> futures = new ArrayList<>();
            Map<Path, List<String>> sites = new java.util.concurrent.ConcurrentHashMap<>();
            for (LogLocator locator : locators) {
                futures.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        List<Path> found = locator.locate(target);
                        List<LogLocator.SiteLog> siteLogs = locator.siteLogs(target);
                        if (siteLogs != null) {
                            for (LogLocator.SiteLog l : siteLogs) {
                                if (l != null && !l.sites().isEmpty()) {
                                    sites.putIfAbsent(l.file().toAbsolutePath().normalize(), l.sites());
                                }
                            }
                        }
                        return found == null ? List.<Path>of() : found;
                    } catch (Exception e) {
                        throw new IllegalStateException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
                    }
                }, pool));
            }
            Set<Path> own = new LinkedHashSet<>();
            target.logs().forEach(p -> own.add(p.toAbsolutePath().normalize()));
            Set<Path> out = new LinkedHashSet<>();
            long end = System.nanoTime() + budgetNanos;
            for (int i = 0; i < futures.size(); i++) {
                String name = locators.get(i).getClass().getName();
                try {
                    for (Path p : futures.get(i).get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        Path norm = p.toAbsolutePath().normalize();
                        if (!own.contains(norm) && Files.exists(norm)) {
                            out.add(norm);
                        }
                    }
                } catch (TimeoutException e) {
                    notes.add("Log locator " + name + " took too long; the logs it would have found were not read.");
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause() instanceof IllegalStateException && e.getCause().getCause() != null
                            ? e.getCause().getCause() : e.getCause();
                    notes.add("Log locator " + name + " failed (" + cause.getClass().getSimpleName() + ": "
                            + cause.getMessage() + "); the logs it would have found were not read.");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (!out.isEmpty()) {
                notes.add("Also read " + out.size() + " log " + (out.size() == 1 ? "path" : "paths")
                        + " named by the configuration: " + String.join(", ", out.stream().map(Path::toString).toList())
                        + ".");
            }
            return new Located(List.copyOf(out), Map.copyOf(sites));
        } finally {
            pool.shutdownNow();
        }
    }
}
