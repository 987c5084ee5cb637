package org.gatewaydoctor.checks.phpfpm;

import static org.gatewaydoctor.checks.phpfpm.internal.FpmConfigs.plural;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.gatewaydoctor.checks.phpfpm.internal.FpmConfigs;
import org.gatewaydoctor.checks.phpfpm.internal.FpmTarget;
import org.gatewaydoctor.checks.phpfpm.internal.ProcTable;
import org.gatewaydoctor.checks.phpfpm.internal.config.FpmConfig;
import org.gatewaydoctor.checks.phpfpm.internal.config.FpmPool;
import org.gatewaydoctor.checks.phpfpm.internal.config.Setting;
import org.gatewaydoctor.facts.Facts;
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
 * Looks for PHP-FPM in the Linux process table ({@code /proc}, read only): whether a master runs and with which
 * configuration ({@code php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)}), its workers per pool
 * ({@code php-fpm: pool www}) and their resident memory, and the host's {@code MemAvailable}. From these it sizes
 * the pools as the field guides do by hand: memory available to PHP divided by the average worker size, against
 * the sum of {@code pm.max_children}. No master while a configuration is given is evidence for
 * {@code phpfpm.down}; pools that could not all run at once without running out of memory are a
 * {@code host.out_of_memory} risk. It looks only when the target names a PHP-FPM configuration or is this
 * machine ({@link Target#local()}, {@code --local}): logs alone may be another server's; and not when the
 * configuration given is another server's ({@link FpmTarget#onThisMachine}).
 */
public final class FpmProcessCheck implements Check {

    /** This check's id. */
    public static final String ID = "phpfpm.process";

    private final Path proc;

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}: reads {@code /proc}. */
    public FpmProcessCheck() {
        this(Path.of("/proc"));
    }

    /** Reads the process table from {@code proc} (a copy of {@code /proc}, for tests). */
    FpmProcessCheck(Path proc) {
        this.proc = proc;
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
        return "PHP-FPM processes: master, workers, memory and pool sizing";
    }

    @Override
    public Set<String> runsAfter() {
        return Set.of(Facts.FPM_POOLS_CHECK);
    }

    @Override
    public CheckResult run(CheckContext ctx) {
        if (ctx.target().config(Target.CONFIG_PHP_FPM).isEmpty() && !ctx.target().local()) {
            // logs alone may come from another server: this machine's PHP-FPM is not theirs
            return CheckResult.notApplicable("no PHP-FPM configuration was given, and this machine's processes are "
                    + "looked at only when it is the server diagnosed (--local)");
        }
        if (!FpmTarget.onThisMachine(ctx.target())) {
            return FpmTarget.notThisMachine("PHP-FPM's processes");
        }
        ProcTable table = new ProcTable(proc);
        if (!table.available()) {
            return CheckResult.notApplicable("no Linux process table at " + proc);
        }
        FpmTarget fpm = FpmTarget.of(ctx);
        Optional<FpmConfig> config = fpm.config();
        Optional<Path> configFile = fpm.file();
        ProcTable.Scan scan = table.scan(ctx.deadline().minusMillis(200), ctx.clock());
        List<ProcTable.FpmProc> masters = scan.masters();
        String scanned = "looked at " + scan.scanned() + " processes in " + proc
                + (scan.complete() ? "" : " (stopped early: the deadline or the limit)");
        if (masters.isEmpty()) {
            if (config.isEmpty()) {
                return CheckResult.notApplicable("no PHP-FPM master process runs, and " + fpm.absence().orElseThrow());
            }
            return CheckResult.findings(Finding.cause(CauseCode.PHPFPM_DOWN, Layer.PHP_FPM,
                            scan.complete() ? Severity.CRITICAL : Severity.WARNING, scan.complete() ? 0.75 : 0.4,
                            "no PHP-FPM master process is running, though " + configFile.orElseThrow()
                                    + " configures " + plural(config.get().pools().size(), "pool")
                                    + ": the web server finds no socket (or a stale one) and answers 502 (Apache: 503)")
                    .evidence(new Evidence.Observation(scanned + ": no 'php-fpm: master process'",
                            ctx.clock().instant()))
                    .remediation("Start PHP-FPM (systemctl start php8.2-fpm); if it stops again, read its log and "
                            + "'journalctl -u php8.2-fpm' (a configuration error, a port in use, the OOM killer).")
                    .confirmWith("PHP-FPM runs in another container or PID namespace when it still answers on its "
                            + "socket (the phpfpm.socket check)")
                    .httpStatus(502).build());
        }
        List<Evidence> ev = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        ev.add(new Evidence.Observation(scanned + ": " + plural(masters.size(), "PHP-FPM master") + ", "
                + plural(scan.workers().size(), "worker"), ctx.clock().instant()));
        List<ProcTable.FpmProc> ours = masters;
        if (configFile.isPresent()) {
            String want = configFile.get().toString();
            List<ProcTable.FpmProc> matching = masters.stream().filter(m -> sameFile(m.detail(), want)).toList();
            if (matching.isEmpty()) {
                findings.add(Finding.symptom(Layer.PHP_FPM, Severity.INFO, "no PHP-FPM master runs with " + want
                                + "; the running " + (masters.size() == 1 ? "one uses " : "ones use ")
                                + String.join(", ", masters.stream().map(ProcTable.FpmProc::detail).distinct().toList())
                                + ", so the pools of " + want + " may not be the ones serving")
                        .evidence(masters.stream().map(m -> (Evidence) new Evidence.Observation("pid " + m.pid() + ": "
                                + m.cmdline())).toList()).build());
            } else {
                ours = matching;
            }
        }
        for (ProcTable.FpmProc m : ours) {
            ev.add(new Evidence.Observation("pid " + m.pid() + ": " + m.cmdline()));
        }
        List<ProcTable.FpmProc> workers = new ArrayList<>();
        for (ProcTable.FpmProc m : ours) {
            workers.addAll(scan.workersOf(m.pid()));
        }
        long[] rss = workers.stream().map(ProcTable.FpmProc::rssKb).filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong).toArray();
        if (config.isPresent()) {
            for (FpmPool p : config.get().pools()) {
                long n = workers.stream().filter(w -> w.detail().equals(p.name())).count();
                ev.add(new Evidence.Measurement("pool " + p.name() + ": workers running", n, "workers"));
            }
        }
        if (rss.length > 0) {
            long sum = 0;
            for (long r : rss) {
                sum += r;
            }
            double avgKb = (double) sum / rss.length;
            ev.add(new Evidence.Measurement("average PHP-FPM worker resident memory (VmRSS)", Math.round(avgKb / 1024.0),
                    "MB"));
            OptionalLong avail = scan.memAvailableKb();
            if (avail.isPresent()) {
                ev.add(new Evidence.Measurement("MemAvailable", avail.getAsLong() / 1024, "MB"));
                // the workers already hold their memory: PHP may use what is free plus what they hold
                long forPhpKb = avail.getAsLong() + sum;
                long fit = (long) Math.floor(forPhpKb / avgKb);
                ev.add(new Evidence.Measurement("workers that fit in memory (MemAvailable + workers' RSS) / average "
                        + "worker RSS", fit, "workers"));
                if (config.isPresent()) {
                    int total = config.get().pools().stream().mapToInt(p -> p.pm().maxChildren().map(Setting::value)
                            .orElse(0)).sum();
                    ev.add(new Evidence.Measurement("sum of pm.max_children", total, "workers"));
                    if (total > fit && total > 0) {
                        List<Evidence> fev = new ArrayList<>(ev);
                        for (FpmPool p : config.get().pools()) {
                            p.pm().maxChildren().ifPresent(s -> fev.add(FpmConfigs.evidence("pm.max_children", s)));
                        }
                        findings.add(Finding.cause(CauseCode.HOST_OUT_OF_MEMORY, Layer.HOST, Severity.WARNING, 0.35,
                                        "the pools may start " + total + " workers (pm.max_children), but memory holds "
                                                + "about " + fit + " of " + Math.round(avgKb / 1024.0) + " MB: at peak "
                                                + "load the host swaps or the OOM killer kills workers (502)")
                                .risk()
                                .evidence(fev)
                                .remediation("Lower pm.max_children so that all pools together fit: about " + fit
                                                + " workers in total, less what the database and the web server need.",
                                        "Or give the host more memory, or trim what each request loads (plugins).")
                                .confirmWith("the kernel log shows 'Out of memory: Killed process ... (php-fpm8.2)'")
                                .build());
                    }
                }
            }
        }
        if (findings.isEmpty()) {
            return CheckResult.passed(ev);
        }
        return CheckResult.findings(findings);
    }

    private static boolean sameFile(String running, String given) {
        if (running.equals(given)) {
            return true;
        }
        try {
            return Path.of(running).normalize().equals(Path.of(given).toAbsolutePath().normalize());
        } catch (RuntimeException e) {
            return false;
        }
    }


    @Override
    public Duration timeout() {
        return Duration.ofSeconds(10);
    }
}
