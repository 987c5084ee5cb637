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
        return GatewayDoctor.builder().timeout(Duration.ofSeconds(60)).build().diagnose(loopbackDns(target));
    }

    /**
     * The target with the DNS checks' system resolver set to a resolv.conf naming only 127.0.0.1 (unless the
     * test chose one): whatever names a configuration holds, no DNS query leaves the machine.
     */
    private static Target loopbackDns(Target target) {
        if (target.option("dns.resolv-conf").isPresent()) {
            return target;
        }
        return target.toBuilder().option("dns.resolv-conf", LOOPBACK_RESOLV_CONF.toString()).build();
    }

    private static final java.nio.file.Path LOOPBACK_RESOLV_CONF = writeLoopbackResolvConf();

    private static java.nio.file.Path writeLoopbackResolvConf() {
        try {
            java.nio.file.Path p = java.nio.file.Files.createTempFile("gateway-doctor-it-resolv", ".conf");
            p.toFile().deleteOnExit();
            return java.nio.file.Files.writeString(p, "# whole-stack tests: DNS stays on the loopback\nnameserver 127.0.0.1\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
