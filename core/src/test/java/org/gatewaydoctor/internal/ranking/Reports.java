package org.gatewaydoctor.internal.ranking;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.PathHop;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckResult;

/** Builds check reports and assembles them into a diagnosis, without the engine. */
final class Reports {

    static final Instant T0 = Instant.parse("2026-12-07T05:02:53Z");

    private Reports() {
    }

    static CheckReport report(String checkId, Layer layer, Finding... findings) {
        return new CheckReport.Completed(checkId, layer, Duration.ofMillis(5), CheckResult.findings(findings));
    }

    static CheckReport passed(String checkId, Layer layer) {
        return new CheckReport.Completed(checkId, layer, Duration.ofMillis(5), CheckResult.passed());
    }

    static Diagnosis diagnose(List<CheckReport> reports) {
        return diagnose(null, reports);
    }

    static Diagnosis diagnose(String url, List<CheckReport> reports) {
        return diagnose(url, reports, Ranker.standard());
    }

    static Diagnosis diagnose(String url, List<CheckReport> reports, Ranker ranker) {
        Target target = new Target(url == null ? null : URI.create(url), List.of(), Map.of(), Map.of(), null);
        return Assembler.assemble(target, T0, Duration.ofMillis(10), reports, List.of(), org.gatewaydoctor.spi.Redactor.standard(), List.of(),
                ranker);
    }

    static List<CauseCode> codes(Diagnosis d) {
        return d.causes().stream().map(RankedCause::code).toList();
    }

    static RankedCause cause(Diagnosis d, CauseCode code) {
        return d.causes().stream().filter(c -> c.code().equals(code)).findFirst().orElseThrow(
                () -> new AssertionError(code + " not among " + codes(d)));
    }

    static PathHop hop(Diagnosis d, Layer layer) {
        return d.hops().stream().filter(h -> h.layer() == layer).findFirst().orElseThrow();
    }
}
