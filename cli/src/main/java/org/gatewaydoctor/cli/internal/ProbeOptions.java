package org.gatewaydoctor.cli.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gatewaydoctor.checks.http.probe.Origins;
import org.gatewaydoctor.checks.http.tls.Trust;
import org.gatewaydoctor.model.Target;
import picocli.CommandLine.Option;

/**
 * The live-probe options of {@code diagnose}: {@code --origin} (repeatable), {@code --dynamic-path},
 * {@code --samples}, {@code --interval} and {@code --ca-file}. They become target options read by the HTTP
 * checks ({@link Origins}, {@link Trust}).
 */
public final class ProbeOptions {

    @Option(names = "--origin", paramLabel = "IP[:PORT]",
            description = "The origin server behind the CDN or load balancer: the same request is sent to it "
                    + "directly (the URL's Host header and TLS name) and compared with the edge's answer. An IP "
                    + "address, an optional port, optionally http:// or https:// when the origin speaks the other "
                    + "scheme. Repeatable.")
    List<String> origins = new ArrayList<>();

    @Option(names = "--dynamic-path", paramLabel = "PATH",
            description = "A page no cache holds, requested beside the URL to expose a cache hiding a failing "
                    + "origin (default: " + Origins.DEFAULT_DYNAMIC_PATH + ").")
    String dynamicPath;

    @Option(names = "--samples", paramLabel = "N",
            description = "Send N spaced requests to the URL (2-1000) and report the failure rate, latency "
                    + "percentiles, edge locations and failures on reused connections.")
    Integer samples;

    @Option(names = "--interval", paramLabel = "DURATION", converter = DurationParser.Converter.class,
            description = "The time between two --samples requests (default: 1s).")
    Duration interval;

    @Option(names = "--ca-file", paramLabel = "FILE",
            description = "PEM certificates to trust besides the system's, for a site or origin under a private "
                    + "or origin CA.")
    String caFile;

    /**
     * Adds the options given to {@code b}.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    void applyTo(Target.Builder b, boolean hasUrl) {
        boolean any = !origins.isEmpty() || dynamicPath != null || samples != null || interval != null;
        if (any && !hasUrl) {
            throw new IllegalArgumentException("--origin, --dynamic-path, --samples and --interval need --url");
        }
        if (!origins.isEmpty()) {
            for (String o : origins) {
                Origins.parse(o); // fails with the user's text and an example
            }
            b.option(Origins.OPTION, String.join(",", origins));
        }
        if (dynamicPath != null) {
            if (!dynamicPath.startsWith("/")) {
                throw new IllegalArgumentException("--dynamic-path must start with '/', e.g. /wp-login.php");
            }
            b.option(Origins.DYNAMIC_PATH_OPTION, dynamicPath);
        }
        if (samples != null) {
            if (samples < 2 || samples > 1000) {
                throw new IllegalArgumentException("--samples must be within 2..1000, got " + samples);
            }
            b.option(Origins.SAMPLES_OPTION, String.valueOf(samples));
        }
        if (interval != null) {
            if (samples == null) {
                throw new IllegalArgumentException("--interval needs --samples");
            }
            b.option(Origins.INTERVAL_OPTION, interval.toMillis() + "ms");
        }
        if (caFile != null) {
            Trust.withExtraRoots(java.nio.file.Path.of(caFile)); // fails now, with the file's problem
            b.option(Trust.CA_FILE_OPTION, caFile);
        }
    }
}
