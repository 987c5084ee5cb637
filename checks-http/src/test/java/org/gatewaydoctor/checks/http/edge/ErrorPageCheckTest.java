package org.gatewaydoctor.checks.http.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.ErrorSource;
import org.gatewaydoctor.testkit.CheckRun;
import org.gatewaydoctor.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code http.error-page} through the engine: the saved response named by the target's {@code response} option. */
class ErrorPageCheckTest {

    @TempDir
    Path dir;

    @Test
    void describesItselfAndDoesNotApplyWithoutASavedResponse() {
        CheckTester.of(new ErrorPageCheck()).assertDescribesItselfProperly().run().assertNotApplicable();
    }

    @Test
    void aSavedCloudfrontPageRanksItsCauseAndReportsWhoWroteIt() throws IOException {
        Path saved = Files.writeString(dir.resolve("504.txt"), "HTTP/1.1 504 Gateway Timeout\r\nServer: CloudFront\r\n"
                + "X-Cache: Error from cloudfront\r\nX-Amz-Cf-Pop: FRA56-P1\r\nX-Amz-Cf-Id: "
                + "HIlJv-iPxkK0f_35ZmXBvNaMqhODQeCCWHEJvmchYdP9NXnlB6NOrA==\r\n\r\n"
                + PublicCapturesTest.read("cloudfront-504-html-truncated.txt"));

        CheckRun run = CheckTester.of(new ErrorPageCheck()).withOption(ErrorPageCheck.OPTION, saved.toString()).run()
                .assertFound(CauseCode.EDGE_ORIGIN_TIMEOUT)
                .assertValidAgainstSchema();

        ErrorSource s = run.diagnosis().errorSource();
        assertEquals("cloudfront", s.vendor());
        assertEquals(504, s.status());
        assertEquals("HIlJv-iPxkK0f_35ZmXBvNaMqhODQeCCWHEJvmchYdP9NXnlB6NOrA==", s.reference());
    }

    @Test
    void cookiesAndCredentialsNeverReachTheOutputEvenWhenAnEntryKeysOnThem() throws IOException {
        Fingerprint cookieKeyed = new Fingerprint("acme.cookie", Fingerprint.Kind.HEADERS, "acme-waf", ErrorSource.Hop.EDGE,
                List.of(), List.of(Fingerprint.Marker.header("set-cookie", "acme_session")), List.of(), List.of(), 0,
                Fingerprint.Marker.header("set-cookie"), 0.9, null, "Acme", "", List.of(), "test");
        ErrorPageClassifier classifier = ErrorPageClassifier.of(List.of(cookieKeyed));
        Path saved = Files.writeString(dir.resolve("403.txt"), "HTTP/1.1 403 Forbidden\r\nSet-Cookie: acme_session="
                + "CANARY-cookie-51c9; HttpOnly\r\nAuthorization: Bearer CANARY-token-0a7e\r\n\r\n");

        CheckRun run = CheckTester.of(new ErrorPageCheck(classifier)).withOption(ErrorPageCheck.OPTION, saved.toString())
                .run()
                .assertCompleted()
                .assertNoSecretsLeak("CANARY-cookie-51c9", "CANARY-token-0a7e");

        assertEquals("acme-waf", run.diagnosis().errorSource().vendor());
        assertTrue(run.diagnosis().errorSource().markers().contains("header set-cookie (value withheld)"));
    }

    @Test
    void aMissingFileIsAnErrorNamingTheFile() {
        CheckRun run = CheckTester.of(new ErrorPageCheck())
                .withOption(ErrorPageCheck.OPTION, dir.resolve("gone.txt").toString()).run();

        CheckReport.Errored e = (CheckReport.Errored) run.report();
        assertTrue(e.message().contains("gone.txt") && e.message().contains("does not exist"), e.message());
    }

    @Test
    void aHugeFileIsReadOnlyInPartAndStillAttributed() throws IOException {
        byte[] head = ("HTTP/1.1 502 Bad Gateway\r\nServer: nginx\r\n\r\n"
                + ErrorPageClassifierTest.nginxTemplate("nginx")).getBytes(StandardCharsets.UTF_8);
        Path saved = dir.resolve("huge.txt");
        Files.write(saved, head);
        Files.write(saved, new byte[8 << 20], java.nio.file.StandardOpenOption.APPEND);

        CheckRun run = CheckTester.of(new ErrorPageCheck()).withOption(ErrorPageCheck.OPTION, saved.toString())
                .run()
                .assertRespectsDeadline(Duration.ofSeconds(1));

        assertEquals("nginx", run.diagnosis().errorSource().vendor());
    }

    @Test
    void aResponseThatIsNotAnErrorPasses() throws IOException {
        Path saved = Files.writeString(dir.resolve("200.txt"), "HTTP/1.1 200 OK\r\nServer: cloudflare\r\n\r\nhello");

        CheckTester.of(new ErrorPageCheck()).withOption(ErrorPageCheck.OPTION, saved.toString()).run().assertPassed();
    }

    @Test
    void anAdversarialPageFullOfStatusLikeWordsEndsInsideTheDeadline() throws IOException {
        String body = "502 bad gateway ".repeat(16_000) + "502 bad gateway nginx";
        Path saved = Files.writeString(dir.resolve("many.txt"), "HTTP/1.1 502 Bad Gateway\r\n\r\n" + body);

        CheckRun run = CheckTester.of(new ErrorPageCheck()).withOption(ErrorPageCheck.OPTION, saved.toString())
                .run()
                .assertRespectsDeadline(Duration.ofSeconds(1));

        assertEquals("nginx", run.diagnosis().errorSource().vendor(), "the footer at the end still counts");
    }
}
