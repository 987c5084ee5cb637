package org.gatewaydoctor.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;

/**
 * A check that does everything right: registers the secret it reads, redacts what it reports,
 * bounds its network wait by the deadline with a margin, and stops reading logs in time. Listed in
 * this module's test {@code META-INF/services}.
 */
public final class WellBehavedCheck implements Check {

    /** Configuration kind of the application's ini file in the target. */
    static final String CONFIG_APP = "app";
    private static final Duration MARGIN = Duration.ofMillis(100);

    @Override
    public String id() {
        return "testkit.well-behaved";
    }

    @Override
    public Layer layer() {
        return Layer.PROXY;
    }

    @Override
    public String title() {
        return "Test kit sample: upstream answers and the error log is clean";
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(5);
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        List<Finding> findings = new ArrayList<>();
        List<Evidence> fine = new ArrayList<>();

        Optional<Path> config = ctx.target().config(CONFIG_APP);
        if (config.isPresent()) {
            List<String> lines = Files.readAllLines(config.get(), StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String[] kv = lines.get(i).split("=", 2);
                if (kv.length == 2 && kv[0].strip().equals("db.pass")) {
                    ctx.redactor().addSecret(kv[1].strip());
                    fine.add(new Evidence.ConfigLine(config.get().toString(), i + 1, "db.pass",
                            ctx.redactor().redact(kv[1].strip())));
                }
            }
        }

        List<Evidence> timeouts = new ArrayList<>();
        AtomicBoolean timeIsUp = new AtomicBoolean();
        try {
            ctx.logs().forEachLine((file, n, text, truncated) -> {
                if (timeIsUp.get() || ctx.remaining().compareTo(MARGIN) < 0) {
                    // Throwing from the visitor stops the reader; the exception propagates to us.
                    timeIsUp.set(true);
                    throw new TimeIsUp();
                }
                if (text.contains("upstream timed out")) {
                    timeouts.add(new Evidence.LogLine(file.toString(), n, null, ctx.redactor().redact(text)));
                }
            });
        } catch (TimeIsUp stop) {
            // stopped on purpose: keep what was read
        }
        if (timeIsUp.get()) {
            fine.add(new Evidence.Observation("stopped reading logs at the deadline"));
        }
        if (!timeouts.isEmpty()) {
            findings.add(Finding.cause(CauseCode.PROXY_UPSTREAM_TIMEOUT, Layer.PROXY, Severity.WARNING, 0.7,
                            "nginx gave up waiting for its upstream " + timeouts.size() + " times")
                    .evidence(timeouts)
                    .remediation("Find why the upstream is slow before raising proxy_read_timeout.")
                    .httpStatus(504)
                    .build());
        }

        Optional<URI> url = ctx.target().urlOption();
        if (url.isPresent()) {
            probe(ctx, url.get()).ifPresent(findings::add);
        }
        return findings.isEmpty() ? new CheckResult.Passed(fine) : CheckResult.findings(findings);
    }

    private static Optional<Finding> probe(CheckContext ctx, URI url) throws IOException {
        Duration budget = ctx.remaining().minus(MARGIN);
        if (budget.toMillis() < 1) {
            return Optional.empty();
        }
        long start = System.nanoTime();
        int port = url.getPort() > 0 ? url.getPort() : 80;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(url.getHost(), port), (int) budget.toMillis());
            s.setSoTimeout((int) Math.max(1, ctx.remaining().minus(MARGIN).toMillis()));
            OutputStream out = s.getOutputStream();
            out.write(("GET " + url.getRawPath() + " HTTP/1.0\r\nHost: " + url.getHost() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            in.read();
            return Optional.empty();
        } catch (SocketTimeoutException e) {
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            return Optional.of(Finding.symptom(Layer.PROXY, Severity.CRITICAL,
                            "The site did not answer within " + waited.toMillis() + " ms")
                    .evidence(new Evidence.Probe(ctx.redactor().redact(url.toString()), "http", null, waited,
                            "no answer", ctx.clock().instant()))
                    .build());
        }
    }

    private static final class TimeIsUp extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TimeIsUp() {
            super(null, null, false, false);
        }
    }
}
