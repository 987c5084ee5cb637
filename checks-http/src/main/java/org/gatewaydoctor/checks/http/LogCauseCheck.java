package org.gatewaydoctor.checks.http;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.gatewaydoctor.checks.http.internal.LogCauseReport;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;

/**
 * What the web servers' log checks share: a proxy-layer check with an id, a title and a {@link LogCauseReport.Spec}
 * that reads the diagnosis's shared log scan, waits on it until the diagnosis's deadline, and may add findings of
 * its own ({@link #more}).
 */
abstract sealed class LogCauseCheck implements Check
        permits NginxErrorLogCheck, ApacheErrorLogCheck, CaddyErrorLogCheck, LiteSpeedErrorLogCheck {

    private final String id;
    private final String title;
    private final LogCauseReport.Spec spec;

    LogCauseCheck(String id, String title, LogCauseReport.Spec spec) {
        this.id = Objects.requireNonNull(id, "id");
        this.title = Objects.requireNonNull(title, "title");
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Layer layer() {
        return Layer.PROXY;
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public final Duration timeout() {
        // it waits on the shared log scan, which the diagnosis deadline bounds
        return UNTIL_DIAGNOSIS_DEADLINE;
    }

    @Override
    public final CheckResult run(CheckContext ctx) throws InterruptedException {
        return LogCauseReport.run(ctx, spec, scan -> more(ctx, scan));
    }

    /** Findings of this check's own beside the causes its log names; none by default. */
    List<Finding> more(CheckContext ctx, LogScan scan) {
        return List.of();
    }
}
