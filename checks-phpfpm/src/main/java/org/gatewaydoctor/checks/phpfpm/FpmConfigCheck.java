package org.gatewaydoctor.checks.phpfpm;

import static org.gatewaydoctor.checks.phpfpm.internal.FpmConfigs.plural;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gatewaydoctor.checks.phpfpm.internal.FpmConfigs;
import org.gatewaydoctor.checks.phpfpm.internal.FpmTarget;
import org.gatewaydoctor.checks.phpfpm.internal.ListenMatch;
import org.gatewaydoctor.checks.phpfpm.internal.config.ConfigProblem;
import org.gatewaydoctor.checks.phpfpm.internal.config.FpmConfig;
import org.gatewaydoctor.checks.phpfpm.internal.config.FpmPool;
import org.gatewaydoctor.checks.phpfpm.internal.config.Setting;
import org.gatewaydoctor.facts.Address;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.facts.FpmPools;
import org.gatewaydoctor.facts.WebServers;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;

/**
 * Reads the PHP-FPM configuration the target names ({@link Target#CONFIG_PHP_FPM}) as PHP-FPM does, includes
 * and {@code $pool} included, publishes its pools ({@link Facts#FPM_POOLS}) and reports what would stop PHP-FPM
 * from starting ({@code phpfpm.start_failure}), what PHP-FPM warns about, and settings that make 502s likely
 * under load: a tiny {@code pm.max_children}, a short {@code listen.backlog}, no
 * {@code request_terminate_timeout} while the proxies in front wait long. Those are configuration risks, reported
 * as warning symptoms without a cause code (their summaries start with {@link #RISK}): only what is observed (the
 * status page, the logs, a probe) names a cause. Every finding names its file and line.
 *
 * <pre>{@code
 * Target t = Target.builder().config(Target.CONFIG_PHP_FPM, Path.of("/etc/php/8.2/fpm/php-fpm.conf")).build();
 * }</pre>
 */
public final class FpmConfigCheck implements Check {

    /** This check's id. */
    public static final String ID = Facts.FPM_POOLS_CHECK;
    /** A pool with at most this many workers is flagged: one slow request fills it. */
    public static final int TINY_MAX_CHILDREN = 2;
    /** An explicit {@code listen.backlog} below this is flagged (PHP-FPM's default -1 means somaxconn). */
    public static final int SHORT_BACKLOG = 64;
    /** A proxy read timeout above this counts as waiting long (nginx's default is 60 s). */
    public static final Duration LONG_PROXY_WAIT = Duration.ofSeconds(60);
    /** How the summary of a configuration risk starts: it names a risk, not something observed. */
    public static final String RISK = "configuration risk (nothing shows it happening yet): ";

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public FpmConfigCheck() {
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
        return "PHP-FPM configuration: pools, start failures and risky settings";
    }

    @Override
    public Set<String> runsAfter() {
        return Set.of(Facts.WEB_SERVERS_CHECK);
    }

    @Override
    public CheckResult run(CheckContext ctx) {
        FpmTarget fpm = FpmTarget.of(ctx);
        if (fpm.config().isEmpty()) {
            return fpm.notApplicable();
        }
        Path file = fpm.file().orElseThrow();
        FpmConfig config = fpm.config().get();
        ctx.publish(FpmConfigs.PARSED, config);
        FpmPools pools = FpmConfigs.facts(file, config);
        ctx.publish(Facts.FPM_POOLS, pools);
        Optional<WebServers> web = ctx.fact(Facts.WEB_SERVERS);

        List<Finding> findings = new ArrayList<>();
        List<ConfigProblem> fatal = config.problems(ConfigProblem.Severity.FATAL);
        if (!fatal.isEmpty()) {
            findings.add(Finding.cause(CauseCode.PHPFPM_START_FAILURE, Layer.PHP_FPM, Severity.CRITICAL, 0.75,
                            "PHP-FPM would refuse this configuration: " + fatal.get(0).message()
                                    + (fatal.size() > 1 ? " (and " + (fatal.size() - 1) + " more)" : "")
                                    + "; it cannot start (or restart) with it, and the web server answers 502")
                    .risk()
                    .evidence(problemEvidence(fatal))
                    .remediation("Fix each line named in the evidence, then run php-fpm8.2 -t (or php-fpm -t) until "
                                    + "it prints 'configuration file ... test is successful'.",
                            "Restart PHP-FPM and check that its sockets exist again.")
                    .confirmWith("php-fpm -t -y " + file + " fails with the same message")
                    .httpStatus(502).build());
        }
        List<ConfigProblem> warnings = config.problems(ConfigProblem.Severity.WARNING);
        if (!warnings.isEmpty()) {
            findings.add(Finding.symptom(Layer.PHP_FPM, Severity.WARNING, "PHP-FPM accepts its configuration but "
                            + "warns about " + plural(warnings.size(), "line") + ": " + warnings.get(0).message())
                    .evidence(problemEvidence(warnings))
                    .remediation("Correct the lines named in the evidence; php-fpm -t prints the same warnings.")
                    .build());
        }
        List<ConfigProblem> incomplete = config.problems(ConfigProblem.Severity.INCOMPLETE);
        if (!incomplete.isEmpty()) {
            findings.add(Finding.symptom(Layer.PHP_FPM, Severity.INFO, "part of the PHP-FPM configuration could not "
                            + "be read, so its pools may be incomplete: " + incomplete.get(0).message())
                    .evidence(problemEvidence(incomplete)).build());
        }
        for (FpmPool p : config.pools()) {
            risky(p, web, findings);
        }

        if (findings.isEmpty()) {
            List<Evidence> ev = new ArrayList<>();
            ev.add(new Evidence.Observation("read " + plural(config.files().size(), "file") + " from " + file
                    + ": " + plural(config.pools().size(), "pool") + ", no problem PHP-FPM would report"));
            for (FpmPool p : config.pools()) {
                ev.add(new Evidence.Observation("pool " + p.name() + " (" + p.origin() + ") listens on "
                        + p.listen().address().map(a -> a.value().describe()).orElse("nothing")
                        + ", pm.max_children " + p.pm().maxChildren().map(s -> s.value().toString()).orElse("unset")
                        + ", request_terminate_timeout " + FpmConfigs.seconds(p.requests().terminateTimeout().value())));
            }
            return CheckResult.passed(ev);
        }
        return CheckResult.findings(findings);
    }

    /**
     * Settings that make 502s likely under load. They are risks, not evidence that anything fails now, so they
     * are symptoms without a cause code: they never rank among (or above) the causes other checks observe. When
     * the pool is seen exhausted (the status page, PHP-FPM's max_children line), those checks cite the same
     * configuration lines as evidence for {@code phpfpm.pool_exhausted}.
     */
    private static void risky(FpmPool p, Optional<WebServers> web, List<Finding> findings) {
        Optional<Setting<Integer>> max = p.pm().maxChildren();
        if (max.isPresent() && max.get().value() >= 1 && max.get().value() <= TINY_MAX_CHILDREN) {
            int n = max.get().value();
            findings.add(risk("pool " + p.name() + " runs at most " + plural(n, "worker") + " (pm.max_children = "
                            + n + "): " + (n == 1 ? "one slow request" : n + " slow requests at once")
                            + " would fill it and every other visitor would wait or get a 502")
                    .evidence(FpmConfigs.evidence("pm.max_children", max.get()))
                    .remediation("Size pm.max_children to the memory: memory available for PHP divided by the "
                            + "average worker size (the phpfpm.process check measures both), then restart PHP-FPM.")
                    .confirmWith("it is happening (phpfpm.pool_exhausted) when the status page's 'max children "
                            + "reached' grows, or the log says 'server reached pm.max_children setting'")
                    .build());
        }
        Setting<Integer> backlog = p.listen().backlog();
        if (!backlog.isBuiltIn() && backlog.value() >= 0 && backlog.value() < SHORT_BACKLOG) {
            int b = backlog.value();
            findings.add(risk("pool " + p.name() + " lets only " + plural(b, "connection") + " wait while its "
                            + "workers are busy (listen.backlog = " + b + "); the next one would be refused at once: "
                            + "nginx logs '(11: Resource temporarily unavailable) while connecting to upstream' and "
                            + "answers 502")
                    .evidence(FpmConfigs.evidence("listen.backlog", backlog))
                    .remediation("Remove listen.backlog (PHP-FPM 8.2's default -1 means the kernel's "
                            + "net.core.somaxconn, 4096 on current kernels) or raise it, then restart PHP-FPM.")
                    .confirmWith("it is happening (phpfpm.pool_exhausted) when the status page's 'max listen queue' "
                            + "reaches 'listen queue len', or nginx logs '(11: Resource temporarily unavailable)'")
                    .build());
        }
        Setting<Duration> rtt = p.requests().terminateTimeout();
        if (rtt.value().isZero() && web.isPresent()) {
            Optional<Address> listen = FpmConfigs.address(p);
            if (listen.isPresent()) {
                List<ListenMatch.Routed> routes = ListenMatch.routesTo(web.get(), listen.get());
                Optional<ListenMatch.Routed> longest = routes.stream()
                        .max((a, b) -> a.route().readTimeout().compareTo(b.route().readTimeout()));
                if (longest.isPresent() && longest.get().route().readTimeout().compareTo(LONG_PROXY_WAIT) > 0) {
                    ListenMatch.Routed r = longest.get();
                    findings.add(risk("pool " + p.name() + " never stops a running script "
                                    + "(request_terminate_timeout = 0) while " + kind(r) + " waits "
                                    + FpmConfigs.seconds(r.route().readTimeout()) + " for it: a hung script (a dead "
                                    + "remote API, a locked table) would hold its worker long after the visitor got "
                                    + "a 504, and enough of them would fill the pool")
                            .evidence(FpmConfigs.evidence("request_terminate_timeout", rtt),
                                    new Evidence.ConfigLine(r.route().file(), r.route().line(), "read timeout",
                                            FpmConfigs.seconds(r.route().readTimeout())))
                            .remediation("Set request_terminate_timeout a little below the proxy's read timeout (e.g. "
                                    + "request_terminate_timeout = " + Math.max(1, r.route().readTimeout().toSeconds() - 5)
                                    + "s) so PHP-FPM frees the worker, and set request_slowlog_timeout to learn "
                                    + "which script hangs.")
                            .confirmWith("it is happening when the status page shows workers 'Running' the same "
                                    + "request for minutes")
                            .build());
                }
            }
        }
    }

    /** A configuration risk: a warning symptom that names no cause, in words that say it is a risk. */
    private static Finding.Builder risk(String what) {
        return Finding.symptom(Layer.PHP_FPM, Severity.WARNING, RISK + what).risk();
    }

    private static String kind(ListenMatch.Routed r) {
        return r.server().kind().name().toLowerCase(java.util.Locale.ROOT) + " (" + r.route().location() + ")";
    }

    private static List<Evidence> problemEvidence(List<ConfigProblem> problems) {
        List<Evidence> ev = new ArrayList<>();
        for (ConfigProblem p : problems.subList(0, Math.min(20, problems.size()))) {
            ev.add(new Evidence.Observation(p.origin() + ": " + p.message()));
        }
        if (problems.size() > 20) {
            ev.add(new Evidence.Observation("and " + (problems.size() - 20) + " more"));
        }
        return ev;
    }

}
