package org.gatewaydoctor.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.NameResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One diagnosis's shared name answers: asked once per name, every caller within its own deadline. */
class NameAnswersTest {

    private static final Target TARGET = Target.builder().url("https://shop.example.test/").build();
    private static final Instant LATER = Instant.now().plus(Duration.ofMinutes(10));

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private static NameResolver.Answer resolved(String host) {
        return new NameResolver.Answer(host, NameResolver.Status.RESOLVED, List.of(InetAddress.getLoopbackAddress()),
                "resolver 127.0.0.1:53 (test)", "127.0.0.1 (TTL 60 s)");
    }

    private static NameResolver.Answer timedOut(String host) {
        return new NameResolver.Answer(host, NameResolver.Status.TIMEOUT, List.of(), "resolver 127.0.0.1:53 (test)",
                "no reply within 2000 ms");
    }

    /** Asks {@code answers} through {@code resolver} about shop.example.test of {@link #TARGET}. */
    private static NameResolver.Answer ask(NameAnswers answers, NameResolver resolver, Instant deadline)
            throws InterruptedException {
        return answers.view(resolver).resolve("shop.example.test", TARGET, deadline);
    }

    /** A lookup started on another thread, returned once {@code resolver} has counted {@code entered} down. */
    private Future<NameResolver.Answer> running(NameAnswers answers, NameResolver resolver, CountDownLatch entered)
            throws InterruptedException {
        Future<NameResolver.Answer> f = threads.submit(() -> ask(answers, resolver, LATER));
        assertTrue(entered.await(30, TimeUnit.SECONDS), "the resolver was not asked");
        return f;
    }

    @Test
    void aNameAskedAgainIsAnsweredFromTheFirstLookupWhateverItsCaseOrFinalDot() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        NameResolver counting = (host, target, deadline) -> {
            asked.incrementAndGet();
            return new NameResolver.Answer(host, NameResolver.Status.NXDOMAIN, List.of(), "test", "NXDOMAIN");
        };
        NameAnswers answers = new NameAnswers(Clock.systemUTC());
        NameResolver.Answer first = ask(answers, counting, LATER);
        assertEquals(first, answers.view(counting).resolve("Shop.Example.Test.", TARGET, LATER));
        assertEquals(1, asked.get());
        // another name, another target, another resolver: asked of their own
        answers.view(counting).resolve("www.example.test", TARGET, LATER);
        answers.view(counting).resolve("shop.example.test", TARGET.toBuilder().option("dns.servers", "127.0.0.9")
                .build(), LATER);
        NameResolver other = (host, target, deadline) -> counting.resolve(host, target, deadline);
        ask(answers, other, LATER);
        assertEquals(4, asked.get());
        // a new diagnosis keeps nothing of the last one
        new NameAnswers(Clock.systemUTC()).view(counting).resolve("shop.example.test", TARGET, LATER);
        assertEquals(5, asked.get());
    }

    @Test
    void callersThatAskWhileTheLookupRunsWaitForItsAnswer() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        NameResolver slow = (host, target, deadline) -> {
            asked.incrementAndGet();
            entered.countDown();
            release.await();
            return resolved(host);
        };
        NameAnswers answers = new NameAnswers(Clock.systemUTC());
        Future<NameResolver.Answer> owner = running(answers, slow, entered);
        List<Future<NameResolver.Answer>> waiting = List.of(
                threads.submit(() -> ask(answers, slow, LATER)),
                threads.submit(() -> ask(answers, slow, LATER)));
        release.countDown();
        NameResolver.Answer a = owner.get(30, TimeUnit.SECONDS);
        for (Future<NameResolver.Answer> w : waiting) {
            assertEquals(a, w.get(30, TimeUnit.SECONDS));
        }
        assertEquals(1, asked.get());
    }

    @Test
    void aCallerWhoseDeadlinePassesWhileWaitingAsksTheResolverWhichWordsTheTimeout() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        NameResolver hanging = (host, target, deadline) -> {
            if (asked.incrementAndGet() == 1) {
                entered.countDown();
                release.await();
                return resolved(host);
            }
            return Instant.now().isBefore(deadline) ? resolved(host) : timedOut(host);
        };
        NameAnswers answers = new NameAnswers(Clock.systemUTC());
        Future<NameResolver.Answer> owner = running(answers, hanging, entered);
        // a deadline already passed: no waiting for the hanging lookup, the resolver's own timeout answer
        NameResolver.Answer mine = ask(answers, hanging, Instant.now().minusSeconds(1));
        assertEquals(timedOut("shop.example.test"), mine);
        assertEquals(2, asked.get());
        release.countDown();
        assertEquals(resolved("shop.example.test"), owner.get(30, TimeUnit.SECONDS));
        // the answer that came is kept, not the waiter's timeout
        assertEquals(resolved("shop.example.test"), ask(answers, hanging, LATER));
        assertEquals(2, asked.get());
    }

    @Test
    void aTimeoutIsHandedOnlyToCallersWithNoMoreTimeThanItWasAskedWith() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        Instant first = LATER.minusSeconds(60);
        NameResolver resolver = (host, target, deadline) -> asked.incrementAndGet() == 1 ? timedOut(host)
                : resolved(host);
        NameAnswers answers = new NameAnswers(Clock.systemUTC());
        assertEquals(NameResolver.Status.TIMEOUT, ask(answers, resolver, first).status());
        // no more time than the first caller had: the same timeout, nothing asked
        assertEquals(NameResolver.Status.TIMEOUT, ask(answers, resolver, first.minusSeconds(1)).status());
        assertEquals(1, asked.get());
        // more time: asked again, and that answer is kept for everyone after
        assertEquals(NameResolver.Status.RESOLVED, ask(answers, resolver, LATER).status());
        assertEquals(NameResolver.Status.RESOLVED, ask(answers, resolver, first.minusSeconds(1)).status());
        assertEquals(2, asked.get());
    }

    @Test
    void aLookupThatThrowsKeepsNothingAndTheNextCallerAsksItself() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        NameResolver flaky = (host, target, deadline) -> {
            if (asked.incrementAndGet() == 1) {
                throw new IllegalStateException("provider bug");
            }
            return resolved(host);
        };
        NameAnswers answers = new NameAnswers(Clock.systemUTC());
        assertThrows(IllegalStateException.class, () -> ask(answers, flaky, LATER));
        assertEquals(resolved("shop.example.test"), ask(answers, flaky, LATER));
        assertEquals(2, asked.get());
    }

    @Test
    void anInterruptedLookupKeepsNothingAndTheCallerWaitingForItAsksItself() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        CountDownLatch entered = new CountDownLatch(1);
        NameResolver blocking = (host, target, deadline) -> {
            if (asked.incrementAndGet() == 1) {
                entered.countDown();
                new CountDownLatch(1).await(); // until interrupted (its check timed out)
            }
            return resolved(host);
        };
        NameAnswers answers = new NameAnswers(Clock.systemUTC());
        Future<NameResolver.Answer> owner = running(answers, blocking, entered);
        Future<NameResolver.Answer> waiter = threads.submit(() -> ask(answers, blocking, LATER));
        owner.cancel(true);
        assertEquals(resolved("shop.example.test"), waiter.get(30, TimeUnit.SECONDS));
        assertEquals(2, asked.get());
    }
}
