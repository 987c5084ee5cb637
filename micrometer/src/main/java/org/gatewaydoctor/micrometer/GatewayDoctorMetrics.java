package org.gatewaydoctor.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.Verdict;
import org.gatewaydoctor.spi.CheckResult;

/**
 * Micrometer meters for diagnoses, one set per monitored site; plain Java, no framework needed.
 *
 * <p>Bind it to any registry (Prometheus, OTLP, JMX...), then hand it each diagnosis:
 * <pre>{@code
 * GatewayDoctorMetrics metrics = new GatewayDoctorMetrics();
 * metrics.bindTo(registry);
 * metrics.record("shop", doctor.diagnose(target));
 * }</pre>
 *
 * <p>Meters (names as Micrometer writes them; Prometheus names in brackets):
 * <ul>
 *   <li>{@value #DIAGNOSIS_DURATION} timer, tag {@code site}: how long each diagnosis took
 *       ({@code gateway_doctor_diagnosis_duration_seconds_count/_sum/_max}).</li>
 *   <li>{@value #VERDICT} gauge, tag {@code site}: the last verdict as its Nagios code, 0 healthy, 1
 *       degraded, 2 failing, 3 inconclusive ({@code gateway_doctor_verdict}).</li>
 *   <li>{@value #CAUSE} counter, tags {@code site}, {@code code}: diagnoses that named the cause, at any
 *       rank ({@code gateway_doctor_cause_total{code="phpfpm.pool_exhausted"}}).</li>
 *   <li>{@value #TOP_CAUSE} counter, tags {@code site}, {@code code}: diagnoses that ranked the cause first
 *       ({@code gateway_doctor_top_cause_total}).</li>
 *   <li>{@value #CHECK_DURATION} timer, tags {@code site}, {@code check}, {@code outcome} ({@code passed},
 *       {@code findings}, {@code not_applicable}, {@code errored}, {@code timed_out}, {@code skipped}): each
 *       check's run ({@code gateway_doctor_check_duration_seconds_count{outcome="timed_out"}}).</li>
 * </ul>
 * Tags hold only site names, cause codes, check ids and outcomes: never URLs or evidence, so nothing a
 * diagnosis redacted reaches the metrics, and cardinality stays bounded by sites × codes × checks.
 *
 * <p>Thread-safe; {@link #bindTo} may be called for several registries, each gets every meter.
 */
public final class GatewayDoctorMetrics implements MeterBinder {

    /** Timer of whole diagnoses. */
    public static final String DIAGNOSIS_DURATION = "gateway.doctor.diagnosis.duration";
    /** Gauge of the last verdict's Nagios code. */
    public static final String VERDICT = "gateway.doctor.verdict";
    /** Counter of diagnoses naming a cause. */
    public static final String CAUSE = "gateway.doctor.cause";
    /** Counter of diagnoses ranking a cause first. */
    public static final String TOP_CAUSE = "gateway.doctor.top.cause";
    /** Timer of check runs by outcome. */
    public static final String CHECK_DURATION = "gateway.doctor.check.duration";

    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> verdicts = new ConcurrentHashMap<>();

    /** Registers the meters of the sites recorded so far and of every site recorded later. */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        synchronized (this) {
            registries.add(registry);
            verdicts.forEach((site, value) -> verdictGauge(registry, site, value));
        }
    }

    /**
     * Announces a site before its first diagnosis: its verdict gauge then exists and reads NaN (absent data)
     * until {@link #record} sets it.
     */
    public void watch(String site) {
        verdictHolder(checkSite(site));
    }

    /** Updates every meter of {@code site} with {@code diagnosis}. */
    public void record(String site, Diagnosis diagnosis) {
        checkSite(site);
        Objects.requireNonNull(diagnosis, "diagnosis");
        verdictHolder(site).set(code(diagnosis.verdict()));
        Set<String> codes = new LinkedHashSet<>();
        for (RankedCause c : diagnosis.causes()) {
            codes.add(c.code().value());
        }
        String top = diagnosis.topCause().map(c -> c.code().value()).orElse(null);
        for (MeterRegistry r : registries) {
            Timer.builder(DIAGNOSIS_DURATION).description("How long a diagnosis of the site took")
                    .tag("site", site).register(r).record(diagnosis.elapsed());
            for (String code : codes) {
                Counter.builder(CAUSE).description("Diagnoses that named this root cause (any rank)")
                        .tags("site", site, "code", code).register(r).increment();
            }
            if (top != null) {
                Counter.builder(TOP_CAUSE).description("Diagnoses that ranked this root cause first")
                        .tags("site", site, "code", top).register(r).increment();
            }
            for (CheckReport report : diagnosis.checks()) {
                Timer.builder(CHECK_DURATION).description("Check runs by outcome")
                        .tags("site", site, "check", report.checkId(), "outcome", outcome(report))
                        .register(r).record(report.elapsed());
            }
        }
    }

    /** The outcome tag of a check report: {@code passed}, {@code findings}, {@code not_applicable}, {@code errored}, {@code timed_out} or {@code skipped}. */
    public static String outcome(CheckReport report) {
        if (report instanceof CheckReport.Completed c) {
            CheckResult result = c.result();
            if (result instanceof CheckResult.Passed) {
                return "passed";
            }
            return result instanceof CheckResult.Findings ? "findings" : "not_applicable";
        }
        if (report instanceof CheckReport.Errored) {
            return "errored";
        }
        return report instanceof CheckReport.TimedOut ? "timed_out" : "skipped";
    }

    private AtomicInteger verdictHolder(String site) {
        AtomicInteger existing = verdicts.get(site);
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            return verdicts.computeIfAbsent(site, s -> {
                AtomicInteger value = new AtomicInteger(-1);
                for (MeterRegistry r : registries) {
                    verdictGauge(r, s, value);
                }
                return value;
            });
        }
    }

    private static void verdictGauge(MeterRegistry registry, String site, AtomicInteger value) {
        Gauge.builder(VERDICT, value, v -> v.get() < 0 ? Double.NaN : v.get())
                .description("The last verdict: 0 healthy, 1 degraded, 2 failing, 3 inconclusive")
                .tag("site", site).strongReference(true).register(registry);
    }

    private static int code(Verdict verdict) {
        return verdict.nagiosExitCode();
    }

    private static String checkSite(String site) {
        Objects.requireNonNull(site, "site");
        if (site.isBlank()) {
            throw new IllegalArgumentException("the site name must not be blank");
        }
        return site;
    }
}
