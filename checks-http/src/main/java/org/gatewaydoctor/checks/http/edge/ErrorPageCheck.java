package org.gatewaydoctor.checks.http.edge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.CheckResult;

/**
 * {@code http.error-page}: says who wrote a saved error response, offline. The response is the file
 * named by the target's {@value #OPTION} option ({@code gateway-doctor diagnose --response FILE}): a
 * {@code curl -si} capture, headers alone, a body alone or the text a browser displayed.
 *
 * <p>At most {@value #MAX_BYTES} bytes are read. An error page becomes a finding whose evidence carries
 * the {@link org.gatewaydoctor.model.ErrorSource}, so the diagnosis reports {@code errorSource}; a page that
 * names a cause (Cloudflare 521, CloudFront's "could not connect to origin", WordPress's database error)
 * ranks that cause. A response that is not an error passes.
 *
 * <pre>{@code
 * Target t = Target.builder().option(ErrorPageCheck.OPTION, "/tmp/502.txt").build();
 * Diagnosis d = GatewayDoctor.builder().build().diagnose(t);
 * d.attribution().map(ErrorSource::vendor);   // Optional[cloudflare]
 * }</pre>
 */
public final class ErrorPageCheck implements Check {

    /** This check's id. */
    public static final String ID = "http.error-page";
    /** The target option naming the saved response file. */
    public static final String OPTION = "response";
    /** Most bytes of the file read. */
    public static final int MAX_BYTES = 1 << 20;

    private final ErrorPageClassifier classifier;

    /** A check using {@link ErrorPageClassifier#standard()}, for {@link java.util.ServiceLoader}. */
    public ErrorPageCheck() {
        this(null);
    }

    /** A check using {@code classifier} ({@code null}: the standard one, loaded when first needed). */
    public ErrorPageCheck(ErrorPageClassifier classifier) {
        this.classifier = classifier;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Layer layer() {
        return Layer.EDGE;
    }

    @Override
    public String title() {
        return "Who wrote the saved error response";
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(5);
    }

    @Override
    public CheckResult run(CheckContext ctx) throws IOException {
        String file = ctx.target().options().get(OPTION);
        if (file == null || file.isBlank()) {
            return CheckResult.notApplicable("no saved response was given (--response FILE)");
        }
        Path path = Path.of(file);
        byte[] bytes;
        boolean cut;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(MAX_BYTES);
            cut = in.read() >= 0;
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file, null, "the saved response file does not exist");
        }
        CapturedResponse response = CapturedResponse.parse(bytes);
        if (cut) {
            response = new CapturedResponse(response.status(), response.headers(), response.body(), true,
                    response.shape());
        }
        if (response.shape() == CapturedResponse.Shape.EMPTY) {
            return CheckResult.notApplicable("the saved response " + file + " is empty");
        }
        ErrorPageClassifier c = classifier != null ? classifier : ErrorPageClassifier.standard();
        Attribution a = c.classify(response);
        if (!a.isError() && (response.status() != null || !a.source().isKnown())) {
            return CheckResult.passed(new Evidence.Observation("the saved response is "
                    + (response.status() == null ? "no known error page" : "a " + response.status() + ", not an error")
                    + (a.source().isKnown() ? " (from " + a.source().vendor() + ")" : "")));
        }
        return CheckResult.findings(a.finding(null));
    }
}
