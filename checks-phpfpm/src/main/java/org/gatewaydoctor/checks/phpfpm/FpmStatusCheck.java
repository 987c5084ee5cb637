package org.gatewaydoctor.checks.phpfpm;

import static org.gatewaydoctor.checks.phpfpm.internal.FpmConfigs.plural;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gatewaydoctor.checks.phpfpm.internal.FpmConfigs;
import org.gatewaydoctor.checks.phpfpm.internal.FpmTarget;
import org.gatewaydoctor.checks.phpfpm.internal.config.FpmPool;
import org.gatewaydoctor.checks.phpfpm.internal.config.ListenAddress;
import org.gatewaydoctor.checks.phpfpm.internal.config.Setting;
import org.gatewaydoctor.checks.phpfpm.internal.fastcgi.FastCgiClient;
import org.gatewaydoctor.checks.phpfpm.internal.fastcgi.FcgiEndpoint;
import org.gatewaydoctor.checks.phpfpm.internal.fastcgi.FcgiResult;
import org.gatewaydoctor.checks.phpfpm.internal.fastcgi.FpmProbe;
import org.gatewaydoctor.checks.phpfpm.internal.fastcgi.FpmProcess;
import org.gatewaydoctor.checks.phpfpm.internal.fastcgi.FpmStatus;
import org.gatewaydoctor.checks.phpfpm.internal.fastcgi.StatusDelta;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;

/**
 * Asks each pool live how it is doing, over FastCGI on its own socket ({@code pm.status_listen} when set):
 * {@code ping.path}, and {@code pm.status_path?json&full} twice about a second apart. Between the two readings
 * it measures {@code max children reached}, the listen queue and its high-water mark and slow requests;
 * utilisation is busy workers over {@code pm.max_children}; a worker running one script longer than
 * {@code request_terminate_timeout} (or {@link #OPTION_STUCK_AFTER}) is stuck. A pool that refuses or is
 * absent is down; one whose queue is full, or that answers nothing within the deadline, is exhausted; an HTTP
 * answer where FastCGI was expected is a protocol mismatch. Only on the server diagnosed
 * ({@link FpmTarget#onThisMachine}): a configuration copied from another server names sockets and ports there.
 */
public final class FpmStatusCheck implements Check {

    /** This check's id. */
    public static final String ID = "phpfpm.status";
    /** Target option: seconds after which a running request counts as stuck when the pool has no request_terminate_timeout (default 30). */
    public static final String OPTION_STUCK_AFTER = "phpfpm.stuck-after";
    /** The default of {@link #OPTION_STUCK_AFTER}. */
    public static final Duration STUCK_AFTER = Duration.ofSeconds(30);
    /** The wanted time between the two status readings. */
    static final Duration WINDOW = Duration.ofSeconds(1);
    /** The longest one call may take. */
    static final Duration CALL = Duration.ofSeconds(4);

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public FpmStatusCheck() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Layer layer() {
        return Layer.PHP_FPM;
    }

    @Override
    public String title() {
        return "PHP-FPM live status: saturation, listen queue, stuck workers";
    }

    @Override
    public Set<String> runsAfter() {
        return Set.of(Facts.FPM_POOLS_CHECK, FpmSocketCheck.ID);
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(20);
    }

    @Override
    public CheckResult run(CheckContext ctx) throws InterruptedException {
        FpmTarget fpm = FpmTarget.of(ctx);
        if (fpm.config().isEmpty()) {
            return fpm.notApplicable();
        }
        if (!FpmTarget.onThisMachine(ctx.target())) {
            return FpmTarget.notThisMachine("the pools' ping and status pages");
        }
        List<FpmPool> pools = fpm.pools().stream()
                .filter(p -> p.status().statusPath().isPresent() || p.status().pingPath().isPresent())
                .filter(p -> endpoint(p).isPresent()).toList();
        if (pools.isEmpty()) {
            return CheckResult.notApplicable("no pool sets pm.status_path or ping.path, so PHP-FPM cannot be asked "
                    + "how it is doing (set pm.status_path = /status in each pool)");
        }
        Duration stuckAfter = ctx.target().option(OPTION_STUCK_AFTER).map(FpmStatusCheck::seconds).orElse(STUCK_AFTER);
        FpmProbe probe = new FpmProbe(FastCgiClient.standard(), ctx.clock());
        List<Finding> findings = new ArrayList<>();
        List<Evidence> fine = new ArrayList<>();
        List<Reading> first = new ArrayList<>();
        for (FpmPool p : pools) {
            FcgiEndpoint e = endpoint(p).orElseThrow();
            Optional<Setting<String>> ping = p.status().pingPath();
            if (ping.isPresent() && ctx.remaining().compareTo(Duration.ofMillis(50)) > 0) {
                Instant at = ctx.clock().instant();
                FpmProbe.PingResult r = probe.ping(e, ping.get().value(),
                        p.status().pingResponse().map(Setting::value).orElse("pong"), call(ctx, pools.size()));
                if (r instanceof FpmProbe.Pong pong) {
                    fine.add(new Evidence.Probe(e.describe() + " " + ping.get().value(), "fastcgi", 200,
                            pong.response().elapsed(), "pool " + p.name() + " answered its ping", at));
                } else if (r instanceof FpmProbe.NoAnswer na) {
                    noAnswer(p, e, ping.get().value(), na.result(), at, findings);
                    continue;
                } else if (r instanceof FpmProbe.WrongAnswer w) {
                    findings.add(wrongAnswer(p, e, ping.get().value(), w.response(), w.why(), at));
                }
            }
            Optional<Setting<String>> status = p.status().statusPath();
            if (status.isPresent() && ctx.remaining().compareTo(Duration.ofMillis(50)) > 0) {
                Instant at = ctx.clock().instant();
                FpmProbe.StatusResult r = probe.status(e, status.get().value(), call(ctx, pools.size()));
                if (r instanceof FpmProbe.Snapshot s) {
                    first.add(new Reading(p, e, status.get().value(), s.status()));
                } else if (r instanceof FpmProbe.NoAnswer na) {
                    noAnswer(p, e, status.get().value(), na.result(), at, findings);
                } else if (r instanceof FpmProbe.WrongAnswer w) {
                    findings.add(wrongAnswer(p, e, status.get().value(), w.response(), w.why(), at));
                }
            }
        }
        if (!first.isEmpty()) {
            Duration wait = ctx.remaining().dividedBy(4);
            wait = wait.compareTo(WINDOW) > 0 ? WINDOW : wait;
            if (!wait.isZero()) {
                Thread.sleep(wait.toMillis());
            }
            for (Reading a : first) {
                Instant at = ctx.clock().instant();
                FpmProbe.StatusResult r = probe.status(a.endpoint(), a.path(), call(ctx, first.size()));
                FpmStatus later = r instanceof FpmProbe.Snapshot s ? s.status() : null;
                analyse(a, later, stuckAfter, findings, fine);
                if (later == null && r instanceof FpmProbe.NoAnswer na) {
                    noAnswer(a.pool(), a.endpoint(), a.path(), na.result(), at, findings);
                }
            }
        }
        return findings.isEmpty() ? CheckResult.passed(fine) : CheckResult.findings(findings);
    }

    private record Reading(FpmPool pool, FcgiEndpoint endpoint, String path, FpmStatus status) {
    }

    /** The status socket ({@code pm.status_listen}) or the pool's own. */
    static Optional<FcgiEndpoint> endpoint(FpmPool p) {
        Optional<Setting<String>> statusListen = p.status().statusListen();
        if (statusListen.isPresent() && p.status().statusPath().isPresent()) {
            ListenAddress a = ListenAddress.parse(statusListen.get().value(), "/");
            return FcgiEndpoint.of(a);
        }
        return p.listen().address().flatMap(a -> FcgiEndpoint.of(a.value()));
    }

    private static boolean ownSocket(FpmPool p) {
        return p.status().statusListen().isEmpty();
    }

    private static Duration call(CheckContext ctx, int calls) {
        Duration share = ctx.remaining().dividedBy(Math.max(2, calls * 3L));
        return share.compareTo(CALL) > 0 ? CALL : share;
    }

    private static void analyse(Reading a, FpmStatus later, Duration stuckAfter, List<Finding> findings,
                                List<Evidence> fine) {
        FpmPool p = a.pool();
        FpmStatus s = later == null ? a.status() : later;
        int maxChildren = p.pm().maxChildren().map(Setting::value).orElse(0);
        long busy = Math.max(0, s.activeProcesses() - (ownSocket(p) ? 1 : 0));
        List<Evidence> ev = new ArrayList<>();
        StatusDelta d = later == null ? null : StatusDelta.between(a.status(), later);
        if (d != null) {
            ev.add(new Evidence.Measurement("pool " + p.name() + ": max children reached during "
                    + d.window().toMillis() + " ms", d.maxChildrenReached(), "times"));
            ev.add(new Evidence.Measurement("pool " + p.name() + ": listen queue", d.listenQueueNow(), "connections"));
            ev.add(new Evidence.Measurement("pool " + p.name() + ": max listen queue rise during "
                    + d.window().toMillis() + " ms", d.maxListenQueueRise(), "connections"));
            ev.add(new Evidence.Measurement("pool " + p.name() + ": slow requests during " + d.window().toMillis()
                    + " ms", d.slowRequests(), "requests"));
        }
        ev.add(new Evidence.Measurement("pool " + p.name() + ": busy workers", busy, "workers"));
        if (maxChildren > 0) {
            ev.add(new Evidence.Measurement("pool " + p.name() + ": utilisation (busy / pm.max_children "
                    + maxChildren + ")", Math.round(100.0 * busy / maxChildren), "%"));
        }
        ev.add(new Evidence.Measurement("pool " + p.name() + ": max children reached since start ("
                + s.startTime() + ")", s.maxChildrenReached(), "times"));
        s.listenQueueLen().ifPresent(q -> ev.add(new Evidence.Measurement("pool " + p.name() + ": listen queue len",
                q, "connections")));
        p.pm().maxChildren().ifPresent(m -> ev.add(FpmConfigs.evidence("pm.max_children", m)));

        boolean full = maxChildren > 0 && busy >= maxChildren;
        boolean nowExhausted = d != null && (d.maxChildrenReached() > 0 || d.listenQueueNow() > 0
                || d.maxListenQueueRise() > 0);
        Duration rtt = p.requests().terminateTimeout().value();
        Duration threshold = rtt.isZero() ? stuckAfter : rtt;
        List<FpmProcess> stuck = (d != null ? d.heldThroughout() : s.runningLongerThan(threshold)).stream()
                .filter(w -> !w.script().equals("-")).filter(w -> w.requestDuration().compareTo(threshold) >= 0)
                .toList();
        List<FpmProcess> longRunning = s.runningLongerThan(Duration.ofMillis(1)).stream()
                .filter(w -> !w.script().equals("-")).toList();

        if (nowExhausted || full) {
            String what = d != null && d.maxChildrenReached() > 0
                    ? "reached pm.max_children " + d.maxChildrenReached() + " times in " + d.window().toMillis() + " ms"
                    : d != null && d.listenQueueNow() > 0
                    ? d.listenQueueNow() + " connections wait in its listen queue"
                    : "all " + maxChildren + " workers are busy";
            Finding.Builder b = Finding.cause(CauseCode.PHPFPM_POOL_EXHAUSTED, Layer.PHP_FPM, Severity.CRITICAL, 0.85,
                            "pool " + p.name() + " is exhausted now: " + what + " (" + busy + " of " + maxChildren
                                    + " workers busy); new requests wait in the queue and get 502 when it is full, "
                                    + "504 when the proxy stops waiting")
                    .evidence(ev)
                    .remediation(longRunning.isEmpty()
                                    ? "Find what holds the workers: set request_slowlog_timeout = 5s and read the slowlog."
                                    : "Find what holds the workers: the busy ones run " + scripts(longRunning)
                                    + "; fix, cache or disable what those scripts call.",
                            "Size pm.max_children to the memory (the phpfpm.process check computes how many workers "
                                    + "fit), then restart PHP-FPM.")
                    .httpStatus(502);
            findings.add(b.build());
        } else if (s.maxChildrenReached() > 0) {
            findings.add(Finding.cause(CauseCode.PHPFPM_POOL_EXHAUSTED, Layer.PHP_FPM, Severity.WARNING, 0.5,
                            "pool " + p.name() + " has reached pm.max_children " + s.maxChildrenReached()
                                    + " times since PHP-FPM started (" + s.startTime() + "), though not right now: "
                                    + "at peak load it runs out of workers")
                    .evidence(ev)
                    .remediation("Size pm.max_children to the memory and find slow scripts with the slowlog.")
                    .confirmWith("PHP-FPM's log shows 'server reached pm.max_children setting' at peak hours")
                    .build());
        } else {
            fine.addAll(ev);
        }
        if (!stuck.isEmpty()) {
            List<Evidence> sev = new ArrayList<>();
            for (FpmProcess w : stuck.subList(0, Math.min(5, stuck.size()))) {
                sev.add(new Evidence.Observation("worker " + w.pid() + " of pool " + p.name() + " has run "
                        + w.requestMethod() + " " + w.requestUri() + " (" + w.script() + ") for "
                        + w.requestDuration().toMillis() + " ms", s.takenAt()));
            }
            sev.add(FpmConfigs.evidence("request_terminate_timeout", p.requests().terminateTimeout()));
            boolean pastTerminate = !rtt.isZero() && stuck.get(0).requestDuration().compareTo(rtt) > 0;
            findings.add(Finding.cause(CauseCode.APP_SLOW_REQUESTS, Layer.APPLICATION,
                            full || nowExhausted ? Severity.CRITICAL : Severity.WARNING, 0.65,
                            plural(stuck.size(), "worker") + " of pool " + p.name() + " " + (stuck.size() == 1 ? "has" : "have")
                                    + " been running one request for longer than " + FpmConfigs.seconds(threshold)
                                    + " (longest " + stuck.get(0).requestDuration().toSeconds() + " s: "
                                    + stuck.get(0).script() + ")"
                                    + (pastTerminate ? "; that is past request_terminate_timeout, which should have "
                                    + "killed it" : "") + ": each holds a worker the pool lacks")
                    .evidence(sev)
                    .remediation("Find what the script waits for (the slowlog's stack trace, or strace -p <pid>): a "
                                    + "remote API, a database lock, a loop.",
                            "Set request_terminate_timeout (a little below the proxy's read timeout) so a hung "
                                    + "script cannot hold a worker for ever.")
                    .build());
        }
        if (d != null && d.slowRequests() > 0 && stuck.isEmpty()) {
            findings.add(Finding.cause(CauseCode.APP_SLOW_REQUESTS, Layer.APPLICATION, Severity.WARNING, 0.55,
                            plural(d.slowRequests(), "request") + " of pool " + p.name() + " passed "
                                    + "request_slowlog_timeout during the " + d.window().toMillis() + " ms window")
                    .evidence(ev)
                    .remediation("Read the pool's slowlog to see which plugin or theme function is slow.")
                    .build());
        }
    }

    private static String scripts(List<FpmProcess> workers) {
        return String.join(", ", workers.stream().map(FpmProcess::script).distinct().limit(3).toList());
    }

    private static void noAnswer(FpmPool p, FcgiEndpoint e, String path, FcgiResult r, Instant at,
                                 List<Finding> findings) {
        Duration took = r instanceof FcgiResult.Timeout t ? t.waited() : Duration.ZERO;
        Evidence probe = new Evidence.Probe(e.describe() + " " + path, "fastcgi", null, took, r.describe(), at);
        if (r instanceof FcgiResult.Refused || r instanceof FcgiResult.NoSuchSocket) {
            findings.add(Finding.cause(CauseCode.PHPFPM_DOWN, Layer.PHP_FPM, Severity.CRITICAL, 0.85,
                            "pool " + p.name() + " does not answer at " + e.describe() + ": " + r.describe()
                                    + "; PHP-FPM is not running there and the web server answers 502 (Apache: 503)")
                    .evidence(probe)
                    .remediation("Start PHP-FPM and read its log if it stops again.")
                    .confirmWith("no php-fpm master process runs (the phpfpm.process check)")
                    .httpStatus(502).build());
        } else if (r instanceof FcgiResult.QueueFull) {
            findings.add(Finding.cause(CauseCode.PHPFPM_POOL_EXHAUSTED, Layer.PHP_FPM, Severity.CRITICAL, 0.85,
                            "pool " + p.name() + "'s listen queue is full: every worker is busy and the backlog is "
                                    + "taken, so nginx's connect fails with '(11: Resource temporarily unavailable)' "
                                    + "and visitors get 502")
                    .evidence(probe)
                    .remediation("Find what holds the workers (slowlog), then size pm.max_children to the memory.")
                    .httpStatus(502).build());
        } else if (r instanceof FcgiResult.Timeout t) {
            findings.add(Finding.cause(CauseCode.PHPFPM_POOL_EXHAUSTED, Layer.PHP_FPM, Severity.CRITICAL, 0.6,
                            "pool " + p.name() + " did not answer " + path + " within " + t.waited().toMillis()
                                    + " ms: PHP-FPM answers it before any script, so no worker was free")
                    .evidence(probe)
                    .remediation("Find what holds the workers (slowlog), then size pm.max_children to the memory.")
                    .confirmWith("set pm.status_listen to a separate socket: its status page answers even when the "
                            + "pool is full and shows 'listen queue' and 'max children reached'")
                    .httpStatus(502).build());
        } else if (r instanceof FcgiResult.ProtocolError pe
                && (pe.kind() == FcgiResult.ProtocolError.Kind.HTTP_RESPONSE
                || pe.kind() == FcgiResult.ProtocolError.Kind.TLS_RESPONSE)) {
            findings.add(Finding.cause(CauseCode.PROXY_PROTOCOL_MISMATCH, Layer.PROXY, Severity.CRITICAL, 0.8,
                            "an " + (pe.kind() == FcgiResult.ProtocolError.Kind.HTTP_RESPONSE ? "HTTP" : "TLS")
                                    + " server, not PHP-FPM, answers at pool " + p.name() + "'s address " + e.describe()
                                    + " (" + pe.what() + "): a FastCGI proxy there gets an answer it cannot read and "
                                    + "nginx logs 'upstream sent unsupported FastCGI protocol version: 72', answering 502")
                    .evidence(probe)
                    .remediation("Give PHP-FPM and the other server different ports, and check which one the web "
                            + "server's fastcgi_pass should reach.")
                    .httpStatus(502).build());
        } else {
            findings.add(Finding.symptom(Layer.PHP_FPM, r instanceof FcgiResult.PermissionDenied ? Severity.INFO
                            : Severity.WARNING, "pool " + p.name() + " gave no usable answer to " + path + " at "
                            + e.describe() + ": " + r.describe())
                    .evidence(probe).build());
        }
    }

    private static Finding wrongAnswer(FpmPool p, FcgiEndpoint e, String path, FcgiResult.Response r, String why,
                                       Instant at) {
        return Finding.symptom(Layer.PHP_FPM, Severity.INFO, "pool " + p.name() + " answered " + path + " at "
                        + e.describe() + " but not as its status or ping page: " + why
                        + " (is that path set in this pool, and is it PHP-FPM that listens there?)")
                .evidence(new Evidence.Probe(e.describe() + " " + path, "fastcgi", r.status(), r.elapsed(), why, at))
                .build();
    }

    static Duration seconds(String text) {
        try {
            long s = Long.parseLong(text.strip());
            return Duration.ofSeconds(Math.max(1, s));
        } catch (NumberFormatException e) {
            return STUCK_AFTER;
        }
    }

}
