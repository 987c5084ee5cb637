package org.gatewaydoctor.it.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import org.gatewaydoctor.checks.http.probe.Origins;
import org.gatewaydoctor.checks.http.tls.Trust;
import org.gatewaydoctor.it.harness.Diagnose;
import java.util.List;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckResult;

/** What the edge tests share: the diagnosis a site owner behind a CDN can run, and its assertions. */
final class Edge {

    private Edge() {
    }

    /** The URL and the origins, nothing else (no access to the edge's logs or configuration). */
    static Diagnosis live(URI url, String origins, Path caFile) {
        Target.Builder b = Target.builder().url(url).zone(ZoneId.systemDefault());
        if (origins != null) {
            b.option(Origins.OPTION, origins);
        }
        if (caFile != null) {
            b.option(Trust.CA_FILE_OPTION, caFile.toString());
        }
        return Diagnose.run(b.build());
    }

    /** Every finding of every completed check. */
    static List<Finding> findings(Diagnosis d) {
        return d.checks().stream().filter(CheckReport.Completed.class::isInstance)
                .map(c -> ((CheckReport.Completed) c).result())
                .filter(CheckResult.Findings.class::isInstance)
                .flatMap(r -> ((CheckResult.Findings) r).findings().stream()).toList();
    }

    /** Asserts the top cause is {@code expected}. */
    static void top(Diagnosis d, CauseCode expected) {
        assertEquals(expected, Diagnose.top(d), Diagnose.explain(d));
    }

    /** Asserts some finding of {@code code} has {@code excerpt} in its summary or evidence. */
    static void cites(Diagnosis d, CauseCode code, String excerpt) {
        String json = Diagnose.explain(d);
        assertTrue(findings(d).stream().filter(f -> code.equals(f.cause()))
                .anyMatch(f -> f.summary().contains(excerpt) || f.evidence().stream()
                        .anyMatch(e -> e.describe().contains(excerpt))), excerpt + " in\n" + json);
    }

    /** Asserts the top cause is {@code expected} and that a finding of it cites {@code excerpt}. */
    static void topCiting(Diagnosis d, CauseCode expected, String excerpt) {
        top(d, expected);
        cites(d, expected, excerpt);
    }

    /**
     * An nginx {@code server {}} serving {@code www} over TLS on 127.0.0.1:{@code port} as {@code site.test} with
     * the certificate (chain) {@code cert} and its key, plus {@code extra} lines (each ending with a line break).
     */
    static String tlsServer(int port, Path cert, Path key, Path www, String extra) {
        return """
                server {
                    listen 127.0.0.1:%d ssl;
                    server_name site.test;
                    ssl_certificate %s;
                    ssl_certificate_key %s;
                    root %s;
                %s}
                """.formatted(port, cert, key, www, extra.indent(4));
    }
}
