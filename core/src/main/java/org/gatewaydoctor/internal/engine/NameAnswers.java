package org.gatewaydoctor.internal.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.NameResolver;

/**
 * The name answers of one diagnosis ({@link org.gatewaydoctor.spi.CheckContext#perDiagnosis}): a resolver asked
 * about a host is asked once for all the checks of the diagnosis, and every check gets that answer. Made by the
 * engine per diagnosis and dropped with it, so nothing, a failure or a timeout least of all, outlives it.
 *
 * <p>The first check to ask a (resolver, target, host) asks it, under its own deadline; a check that asks while
 * that lookup runs waits for it until its own deadline. What is kept: every answer but {@link
 * NameResolver.Status#TIMEOUT}, which is handed only to checks whose deadline is not later than the one it was
 * asked under (a check with more time asks again, and its answer is kept instead). A lookup that throws or is
 * interrupted keeps nothing: the checks waiting for it ask themselves. A check whose deadline passes while it
 * waits asks the resolver itself with that deadline, so that the timeout is worded by the resolver, as it would
 * have been without sharing.
 */
final class NameAnswers {

    /** One lookup: its answer once known (null: none kept, ask again) and the deadline it was asked under. */
    private record Lookup(CompletableFuture<NameResolver.Answer> answer, Instant deadline) {
    }

    private record Key(NameResolver resolver, Target target, String host) {
    }

    private final Map<Key, Lookup> lookups = new ConcurrentHashMap<>();
    private final Clock clock;

    NameAnswers(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@code resolver} answering through this diagnosis's shared answers. */
    NameResolver view(NameResolver resolver) {
        Objects.requireNonNull(resolver, "resolver");
        return (host, target, deadline) -> resolve(resolver, host, target, deadline);
    }

    NameResolver.Answer resolve(NameResolver resolver, String host, Target target, Instant deadline)
            throws InterruptedException {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(deadline, "deadline");
        Key key = new Key(resolver, target, norm(host));
        while (true) {
            Lookup mine = new Lookup(new CompletableFuture<>(), deadline);
            Lookup seen = lookups.putIfAbsent(key, mine);
            if (seen == null) {
                return ask(resolver, host, target, key, mine);
            }
            NameResolver.Answer a;
            try {
                a = seen.answer().get(Math.max(0, Duration.between(clock.instant(), deadline).toNanos()),
                        TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // this check's deadline came first: the resolver words the timeout, as without sharing
                return resolver.resolve(host, target, deadline);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause()); // never completed exceptionally
            }
            if (a != null && (a.status() != NameResolver.Status.TIMEOUT || !deadline.isAfter(seen.deadline()))) {
                return a;
            }
            if (a != null && lookups.replace(key, seen, mine)) {
                // a timeout under an earlier deadline: this check, with more time, asks again
                return ask(resolver, host, target, key, mine);
            }
            // the lookup kept nothing, or another check asks again: look again
        }
    }

    /** Asks {@code resolver} for {@code mine}'s lookup and completes it; keeps nothing if it throws. */
    private NameResolver.Answer ask(NameResolver resolver, String host, Target target, Key key, Lookup mine)
            throws InterruptedException {
        NameResolver.Answer a = null;
        try {
            a = resolver.resolve(host, target, mine.deadline());
            return a;
        } finally {
            if (a == null) {
                lookups.remove(key, mine);
            }
            mine.answer().complete(a);
        }
    }

    private static String norm(String host) {
        String l = host.toLowerCase(Locale.ROOT);
        return l.endsWith(".") ? l.substring(0, l.length() - 1) : l;
    }
}
