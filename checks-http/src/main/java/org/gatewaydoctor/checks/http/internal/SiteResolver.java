package org.gatewaydoctor.checks.http.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import org.gatewaydoctor.checks.http.probe.HttpProber;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.NameResolver;

/**
 * The probes' resolver: a {@link NameResolver} found with {@link ServiceLoader} ({@code checks-dns} provides one
 * that asks {@code --dns-server}, or the system's hosts file and resolv.conf), called by the probe itself under its
 * own deadline, so no probe waits for the DNS checks; the JVM's resolver when no provider is present. The provider
 * is asked through {@link CheckContext#perDiagnosis}: the five probe checks of one diagnosis ({@code http.probe},
 * {@code tls}, the samples, the dynamic page and the edge origin) share one answer per name instead of asking DNS
 * five times, each still within its own deadline. One instance per check run: it remembers each answer, for the
 * probe's evidence and its DNS findings.
 */
public final class SiteResolver implements HttpProber.Resolver {

    /** What {@link ServiceLoader} found: the first provider that loads, and what went wrong with the others. */
    public record Discovered(Optional<NameResolver> resolver, List<String> problems) {
        public Discovered {
            problems = List.copyOf(problems);
        }

        /** No provider: the JVM's resolver is used. */
        public static final Discovered NONE = new Discovered(Optional.empty(), List.of());

        /** A given provider (tests). */
        public static Discovered of(NameResolver resolver) {
            return new Discovered(Optional.of(resolver), List.of());
        }
    }

    private static volatile Discovered discovered;

    private final CheckContext ctx;
    private final Discovered provider;
    private final HttpProber.Resolver fallback;
    private final Map<String, NameResolver.Answer> answers = new ConcurrentHashMap<>();

    private SiteResolver(CheckContext ctx, Discovered provider, HttpProber.Resolver fallback) {
        this.ctx = ctx;
        this.provider = provider;
        this.fallback = fallback;
    }

    /** The providers on this module's class path or module path, looked up once. */
    public static Discovered discovered() {
        Discovered d = discovered;
        if (d == null) {
            d = discover(SiteResolver.class.getClassLoader());
            discovered = d;
        }
        return d;
    }

    /**
     * The first {@link NameResolver} {@code loader} provides; each is loaded in its own {@code try}, so a broken
     * provider hides nothing else, and its failure is kept for the probe's evidence.
     */
    public static Discovered discover(ClassLoader loader) {
        List<String> problems = new ArrayList<>();
        Iterator<ServiceLoader.Provider<NameResolver>> it = ServiceLoader.load(NameResolver.class, loader).stream()
                .iterator();
        for (int tries = 0; tries < 16; tries++) {
            ServiceLoader.Provider<NameResolver> p;
            try {
                if (!it.hasNext()) {
                    break;
                }
                p = it.next();
            } catch (ServiceConfigurationError e) {
                problems.add("a name resolver could not be loaded: " + e.getMessage());
                continue;
            }
            try {
                return new Discovered(Optional.of(p.get()), problems);
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                problems.add("name resolver " + p.type().getName() + " could not be instantiated: " + e.getMessage());
            }
        }
        return new Discovered(Optional.empty(), problems);
    }

    /** A resolver for one run of a check: {@code provider}'s, else {@code fallback} (the JVM's). */
    public static SiteResolver of(CheckContext ctx, Discovered provider, HttpProber.Resolver fallback) {
        return new SiteResolver(ctx, provider, fallback);
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        Optional<NameResolver> p = provider.resolver();
        if (p.isEmpty()) {
            return fallback.resolve(host);
        }
        // half of what is left: the connection and the answer need the rest
        Instant deadline = ctx.clock().instant().plus(ctx.remaining().dividedBy(2));
        NameResolver.Answer a;
        try {
            a = ctx.perDiagnosis(p.get()).resolve(host, ctx.target(), deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnknownHostException(host + ": interrupted while resolving");
        } catch (RuntimeException e) {
            // a provider that fails is not the site's fault: the JVM's resolver answers instead
            answers.remove(key(host));
            return fallback.resolve(host);
        }
        if (a == null) {
            return fallback.resolve(host);
        }
        answers.put(key(host), a);
        if (a.resolved()) {
            return a.addresses().toArray(InetAddress[]::new);
        }
        throw new UnknownHostException(a.describe());
    }

    /** The provider's answer for {@code host}, if the provider was asked and answered. */
    public Optional<NameResolver.Answer> answer(String host) {
        return host == null ? Optional.empty() : Optional.ofNullable(answers.get(key(host)));
    }

    /**
     * Where the probe's addresses for {@code url}'s host came from, when a provider resolved it: e.g.
     * {@code shop.example as this probe resolved it: 127.0.0.2 (TTL 60 s) from resolver 127.0.0.1:53 (--dns-server)}.
     * Without a provider, why not (when one failed to load).
     */
    public Optional<Evidence> note(URI url) {
        if (url == null || url.getHost() == null) {
            return Optional.empty();
        }
        Optional<NameResolver.Answer> a = answer(url.getHost());
        if (a.isPresent()) {
            return Optional.of(new Evidence.Observation(a.get().host() + " as this probe resolved it: "
                    + a.get().describe()));
        }
        if (!provider.problems().isEmpty() && provider.resolver().isEmpty()) {
            return Optional.of(new Evidence.Observation(url.getHost() + " was resolved by the JVM's resolver: "
                    + String.join("; ", provider.problems())));
        }
        return Optional.empty();
    }

    private static String key(String host) {
        String l = host.toLowerCase(Locale.ROOT);
        return l.endsWith(".") ? l.substring(0, l.length() - 1) : l;
    }
}
