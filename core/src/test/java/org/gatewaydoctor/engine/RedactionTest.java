package org.gatewaydoctor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.internal.redact.DefaultRedactor;
import org.gatewaydoctor.json.DiagnosisJson;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RedactionTest {

    /** Lines as real software writes them, each holding the canary secret CANARY. */
    private static final List<String> LEAKY = List.of(
            "define( 'DB_PASSWORD', 'CANARY' );",
            "define('AUTH_KEY',         'CANARY');",
            "define(\"NONCE_SALT\", \"CANARY\");",
            "define( 'LOGGED_IN_SALT', 'CANARY' );",
            "Authorization: Bearer CANARY",
            "authorization: Basic CANARY",
            "Proxy-Authorization: Basic CANARY",
            "Cookie: wordpress_logged_in_abc=CANARY; wp-settings-1=x",
            "Set-Cookie: PHPSESSID=CANARY; path=/",
            "GET /wp-login.php?action=rp&key=CANARY&login=admin HTTP/1.1",
            "request: \"GET /api/export?format=csv&access_token=CANARY HTTP/2.0\"",
            "GET /?token=CANARY",
            "upstream: \"https://deploy:CANARY@10.0.0.5:8443/\"",
            "mysql: password = CANARY",
            "DB password: CANARY",
            "CREATE USER 'wp'@'localhost' IDENTIFIED BY 'CANARY';");

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
    void masksEveryKnownSecretShape(int index) {
        String line = LEAKY.get(index).replace("CANARY", "s3cr3t-canary-" + index);
        String out = new DefaultRedactor().redact(line);
        assertFalse(out.contains("s3cr3t-canary-" + index), out);
        assertTrue(out.contains("[REDACTED]"), out);
    }

    @Test
    void masksOnlyTheSecretParameterOfAQueryString() {
        assertEquals("GET /?token=[REDACTED]&post=5120&password=[REDACTED] HTTP/1.1",
                new DefaultRedactor().redact("GET /?token=s3cr3t&post=5120&password=hunter2 HTTP/1.1"));
        assertEquals("token = [REDACTED], user = wp", new DefaultRedactor().redact("token = abc123, user = wp"));
    }

    @Test
    void keepsWhetherMariaDbWasSentAPasswordButMasksAPasswordAssignment() {
        String denied = "mysqli_real_connect(): (HY000/1045): Access denied for user 'wp'@'localhost' (using password: YES)";
        assertEquals(denied, new DefaultRedactor().redact(denied));
        assertEquals("(using password: NO)", new DefaultRedactor().redact("(using password: NO)"));
        assertEquals("password: [REDACTED]", new DefaultRedactor().redact("password: YESyes"));
    }

    @Test
    void keepsOrdinaryLogLinesIntact() {
        String nginx = "2026/11/21 09:14:03 [error] 812#812: *4711 connect() to unix:/run/php/php8.2-fpm.sock "
                + "failed (11: Resource temporarily unavailable) while connecting to upstream, client: 203.0.113.9, "
                + "server: example.org, request: \"GET /?p=42 HTTP/1.1\", upstream: "
                + "\"fastcgi://unix:/run/php/php8.2-fpm.sock:\", host: \"example.org\"";
        assertEquals(nginx, new DefaultRedactor().redact(nginx));
    }

    @Test
    void masksRegisteredSecretsWhereverTheyAppear() {
        DefaultRedactor r = new DefaultRedactor();
        r.addSecret("hunter2-wp-db");
        assertEquals("Access denied for user 'wp'@'localhost' (token [REDACTED])",
                r.redact("Access denied for user 'wp'@'localhost' (token hunter2-wp-db)"));
        r.addSecret("abc"); // too short to mask everywhere without destroying the text
        assertEquals("abcdef", r.redact("abcdef"));
    }

    @Test
    void noCanaryLeavesThroughAnyPartOfADiagnosis() {
        String canary = "CANARY-7f3a9";
        GatewayDoctor doctor = GatewayDoctor.builder().discover(false).secrets("registered-" + canary)
                .register(TestCheck.of("leaky.findings", ctx -> CheckResult.findings(
                                Finding.cause(CauseCode.APP_FATAL_ERROR, Layer.APPLICATION, Severity.CRITICAL, 0.9,
                                                "fatal error while Cookie: s=" + canary)
                                        .evidence(new Evidence.LogLine("/var/log/nginx/error.log", 3, null,
                                                        "GET /?token=" + canary + " Authorization: Bearer " + canary),
                                                new Evidence.ConfigLine("/var/www/wp-config.php", 23,
                                                        "define", "define( 'DB_PASSWORD', '" + canary + "' );"),
                                                new Evidence.Observation("seen registered-" + canary),
                                                new Evidence.Probe("https://u:" + canary + "@127.0.0.1/", "https",
                                                        null, java.time.Duration.ofMillis(5), "refused", null))
                                        .remediation("rotate the key password=" + canary)
                                        .confirmWith("check ?sig=" + canary)
                                        .build())),
                        TestCheck.of("leaky.error", ctx -> {
                            throw new IllegalStateException("auth failed: Authorization: Basic " + canary);
                        }),
                        TestCheck.of("leaky.na", ctx -> CheckResult.notApplicable("secret=" + canary)))
                .build();
        Diagnosis d = doctor.diagnose(Target.builder().url("https://admin:" + canary + "@127.0.0.1/?token=" + canary)
                .option("example.api-token", canary).option("example.dsn", "mysql://wp:" + canary + "@127.0.0.1/wp")
                .logs(java.nio.file.Path.of("/tmp/access.log?password=" + canary))
                .config(Target.CONFIG_NGINX, java.nio.file.Path.of("/tmp/site?token=" + canary + "/nginx.conf"))
                .build());
        String json = DiagnosisJson.write(d);
        assertFalse(json.contains(canary), json);
        assertFalse(d.toString().contains(canary), "toString leaks");
        assertTrue(json.contains("[REDACTED]"));
    }
}
