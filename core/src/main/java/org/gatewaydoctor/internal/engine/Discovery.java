package org.gatewaydoctor.internal.engine;

import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatewaydoctor.CheckInfo;
import org.gatewaydoctor.model.DiscoveryIssue;
import org.gatewaydoctor.internal.ranking.Explanations;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.Explanation;
import org.gatewaydoctor.spi.ExplanationProvider;
import org.gatewaydoctor.spi.LogLocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds checks: programmatic ones first, then {@link java.util.ServiceLoader} providers, each instantiated
 * and described in its own {@code try}; and the {@link LogLocator}s on the class path. Never throws for a
 * broken provider.
 */
public final class Discovery {

    private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);
    static final Pattern ID = Pattern.compile("[a-z0-9]+(?:[.-][a-z0-9]+)*");

    private Discovery() {
    }

    /** Checks that may run, in registration order, and what went wrong finding them. */
    public record Result(List<RegisteredCheck> checks, List<LogLocator> locators, List<DiscoveryIssue> issues,
                         Explanations explanations) {
        public Result {
            checks = List.copyOf(checks);
            locators = List.copyOf(locators);
            issues = List.copyOf(issues);
        }
    }

    /**
     * @param loader where to discover providers, {@code null} to discover nothing
     * @param programmatic checks registered by the embedder
     */
    public static Result discover(ClassLoader loader, List<Check> programmatic) {
        return discover(loader, programmatic, List.of());
    }

    /**
     * @param loader where to discover providers, {@code null} to discover nothing
     * @param programmatic checks registered by the embedder
     * @param explanations explanation pairs registered by the embedder; discovered ones follow them
     */
    public static Result discover(ClassLoader loader, List<Check> programmatic, List<Explanation> explanations) {
        List<DiscoveryIssue> issues = new ArrayList<>();
        List<Explanation> pairs = new ArrayList<>(explanations);
        Map<String, RegisteredCheck> byId = new LinkedHashMap<>();
        List<LogLocator> locators = new ArrayList<>();
        for (Check check : programmatic) {
            add(check, byId, issues);
        }
        if (loader != null) {
            Providers.load(Check.class, loader, new Providers.Sink<>() {
                @Override
                public void loaded(Check check) {
                    add(check, byId, issues);
                }

                @Override
                public void failed(Class<?> type, Throwable e) {
                    if (type == null) {
                        issues.add(new DiscoveryIssue(DiscoveryIssue.Kind.PROVIDER_FAILED, "ServiceLoader",
                                "A check provider could not be loaded: " + message(e)));
                    } else {
                        issues.add(new DiscoveryIssue(DiscoveryIssue.Kind.PROVIDER_FAILED, type.getName(),
                                "Check provider " + type.getName() + " from " + origin(type)
                                        + " could not be instantiated: " + message(e)));
                        LOG.warn("check provider {} failed: {}", type.getName(), message(e));
                    }
                }
            });
            Providers.load(LogLocator.class, loader, new Providers.Sink<>() {
                @Override
                public void loaded(LogLocator locator) {
                    locators.add(locator);
                }

                @Override
                public void failed(Class<?> type, Throwable e) {
                    String name = type == null ? "ServiceLoader" : type.getName();
                    issues.add(new DiscoveryIssue(DiscoveryIssue.Kind.PROVIDER_FAILED, name,
                            (type == null ? "A log locator could not be loaded: "
                                    : "Log locator " + name + " from " + origin(type) + " could not be instantiated: ")
                                    + message(e)));
                }
            });
            Providers.load(ExplanationProvider.class, loader, new Providers.Sink<>() {
                @Override
                public void loaded(ExplanationProvider provider) {
                    String name = provider.getClass().getName();
                    try {
                        List<Explanation> got = provider.explanations();
                        if (got != null) {
                            got.stream().filter(java.util.Objects::nonNull).forEach(pairs::add);
                        }
                    } catch (RuntimeException | LinkageError e) {
                        issues.add(new DiscoveryIssue(DiscoveryIssue.Kind.PROVIDER_FAILED, name,
                                "Explanation provider " + name + " from " + origin(provider.getClass())
                                        + " failed: " + message(e) + "; its pairs are left out"));
                    }
                }

                @Override
                public void failed(Class<?> type, Throwable e) {
                    String name = type == null ? "ServiceLoader" : type.getName();
                    issues.add(new DiscoveryIssue(DiscoveryIssue.Kind.PROVIDER_FAILED, name,
                            (type == null ? "An explanation provider could not be loaded: "
                                    : "Explanation provider " + name + " from " + origin(type)
                                    + " could not be instantiated: ") + message(e)));
                }
            });
        }
        Explanations relation = Explanations.of(pairs, (e, why) -> issues.add(new DiscoveryIssue(
                DiscoveryIssue.Kind.PROVIDER_FAILED, e.cause() + " -> " + e.explained(),
                "The explanation pair " + e.cause() + " -> " + e.explained() + " is ignored: " + why + ".")));
        return new Result(new ArrayList<>(byId.values()), locators, issues, relation);
    }

    private static void add(Check check, Map<String, RegisteredCheck> byId, List<DiscoveryIssue> issues) {
        Class<?> type = check.getClass();
        CheckInfo info;
        try {
            info = describe(check);
        } catch (RuntimeException | LinkageError e) {
            issues.add(new DiscoveryIssue(DiscoveryIssue.Kind.INVALID_CHECK, type.getName(),
                    "Check " + type.getName() + " from " + origin(type) + " could not describe itself: " + message(e)));
            return;
        }
        RegisteredCheck existing = byId.get(info.id());
        if (existing != null) {
            issues.add(new DiscoveryIssue(DiscoveryIssue.Kind.DUPLICATE_ID, info.id(),
                    "Two checks have the id '" + info.id() + "': " + existing.info().className() + " from "
                            + existing.info().module() + " and " + info.className() + " from " + info.module()
                            + ". The first is kept; remove or rename the other."));
            return;
        }
        byId.put(info.id(), new RegisteredCheck(check, info));
    }

    private static CheckInfo describe(Check check) {
        Class<?> type = check.getClass();
        String id = check.id();
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("its id '" + id
                    + "' is not lower-case words separated by dots or hyphens (e.g. phpfpm.pool-status)");
        }
        Layer layer = check.layer();
        if (layer == null) {
            throw new IllegalArgumentException("check '" + id + "' has no layer");
        }
        String title = check.title();
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("check '" + id + "' has no title");
        }
        Duration timeout = check.timeout();
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("check '" + id + "' has a timeout that is not positive: " + timeout);
        }
        Set<String> deps = check.dependsOn();
        List<String> sortedDeps = deps == null ? List.of() : deps.stream().sorted().toList();
        if (sortedDeps.contains(id)) {
            throw new IllegalArgumentException("check '" + id + "' depends on itself");
        }
        Set<String> after = check.runsAfter();
        List<String> sortedAfter = after == null ? List.of()
                : after.stream().filter(a -> !a.equals(id) && !sortedDeps.contains(a)).sorted().toList();
        Package pkg = type.getPackage();
        String version = pkg == null ? null : pkg.getImplementationVersion();
        if (version == null && type.getModule().getDescriptor() != null) {
            // On the module path a named module's manifest is not read for its packages: take its descriptor's version.
            version = type.getModule().getDescriptor().rawVersion().orElse(null);
        }
        version = version == null ? "unknown" : version;
        return new CheckInfo(id, layer, title.strip(), sortedDeps, sortedAfter, timeout, type.getName(), origin(type), version);
    }

    /** The jar or folder a class came from, by file name. */
    static String origin(Class<?> type) {
        try {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location == null) {
                return "unknown";
            }
            if ("file".equals(location.getProtocol())) {
                Path path = Path.of(location.toURI());
                Path name = path.getFileName();
                if (name != null && (name.toString().equals("classes") || name.toString().equals("test-classes"))
                        && path.getParent() != null && path.getParent().getParent() != null) {
                    // target/classes of a module: name the module folder
                    return path.getParent().getParent().getFileName() + "/" + path.getParent().getFileName() + "/"
                            + name;
                }
                return name == null ? path.toString() : name.toString();
            }
            return location.toString();
        } catch (Exception | LinkageError e) {
            return "unknown";
        }
    }

    static String message(Throwable e) {
        Throwable root = e;
        StringBuilder sb = new StringBuilder(e.getClass().getName());
        if (e.getMessage() != null) {
            sb.append(": ").append(e.getMessage());
        }
        int depth = 0;
        while (root.getCause() != null && root.getCause() != root && depth++ < 5) {
            root = root.getCause();
            sb.append(" (caused by ").append(root.getClass().getName());
            if (root.getMessage() != null) {
                sb.append(": ").append(root.getMessage());
            }
            sb.append(')');
        }
        return sb.toString();
    }
}
