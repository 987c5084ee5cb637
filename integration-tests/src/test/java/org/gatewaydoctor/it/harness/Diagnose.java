package org.gatewaydoctor.it.harness;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.json.DiagnosisJson;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.RankedCause;
import org.gatewaydoctor.model.Target;

/**
 * Runs the real engine with every check on the class path, the way an embedder would: offline from a
 * stack's logs alone, or live with the URL and the configuration files (logs then found through the
 * configuration).
 */
public final class Diagnose {

    private Diagnose() {
    }

    /** From the stack's log folder only; log lines without a zone are read in the JVM's zone, as the servers wrote them. */
    public static Diagnosis offline(Stack stack) {
        return run(Target.builder().logs(stack.logs()).zone(ZoneId.systemDefault()).build());
    }

    /** With the URL and configuration files ({@code Target.CONFIG_*} keys), no log folder. */
    public static Diagnosis live(URI url, Map<String, Path> configs) {
        Target.Builder b = Target.builder().url(url).zone(ZoneId.systemDefault());
        configs.forEach(b::config);
        return run(b.build());
    }

    public static Diagnosis run(Target target) {
        return GatewayDoctor.builder().timeout(Duration.ofSeconds(60)).build().diagnose(target);
    }

    /** The top cause's code, or null when the diagnosis found none. */
    public static CauseCode top(Diagnosis d) {
        return d.topCause().map(RankedCause::code).orElse(null);
    }

    /** The whole diagnosis as JSON, for assertion messages. */
    public static String explain(Diagnosis d) {
        return DiagnosisJson.write(d);
    }
}
