package org.gatewaydoctor.checks.wordpress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.testkit.CheckRun;
import org.gatewaydoctor.testkit.CheckTester;
import org.gatewaydoctor.testkit.StallingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * wordpress.database without a real database: local peers that misbehave. The real MariaDB faults (down, wrong
 * password, max_connections, autoload) are in integration-tests' {@code it.wordpress}.
 */
class DatabaseCheckTest {

    private static final String PASSWORD = "CANARY-db-pass-31c9";

    private static Path wpConfig(Path dir, String dbHost) throws IOException {
        return Files.writeString(dir.resolve("wp-config.php"), "<?php\ndefine('DB_NAME', 'wordpress');\n"
                + "define('DB_USER', 'wp');\ndefine('DB_PASSWORD', '" + PASSWORD + "');\ndefine('DB_HOST', '" + dbHost
                + "');\n$table_prefix = 'wp_';\n");
    }

    private static CheckTester tester(Path config) {
        return CheckTester.of(new DatabaseCheck()).withCompanions(new WpConfigCheck())
                .withTarget(Target.builder().config(Target.CONFIG_WORDPRESS, config).build());
    }

    @Test
    void describesItselfProperly() {
        CheckTester.of(new DatabaseCheck()).assertDescribesItselfProperly();
        CheckTester.of(new WpConfigCheck()).assertDescribesItselfProperly();
        CheckTester.of(new PhpErrorLogCheck()).assertDescribesItselfProperly();
    }

    @Test
    void aDatabaseThatAcceptsAndNeverGreetsIsDownWithinTheDeadline(@TempDir Path dir) throws IOException {
        try (StallingServer db = StallingServer.start()) {
            CheckRun run = tester(wpConfig(dir, "127.0.0.1:" + db.port())).withTimeout(Duration.ofSeconds(4)).run()
                    .assertFound(CauseCode.DATABASE_DOWN, Severity.CRITICAL)
                    .assertRespectsDeadline()
                    .assertNoSecretsLeak(PASSWORD)
                    .assertValidAgainstSchema();
            Finding f = run.findings().get(0);
            assertTrue(f.summary().contains("does not answer"), f.summary());
            assertEquals(500, f.httpStatus());
        }
    }

    @Test
    void aMissingSocketIsDownAndSaysWhichSocket(@TempDir Path dir) throws IOException {
        Path sock = dir.resolve("mysqld.sock");
        CheckRun run = tester(wpConfig(dir, "localhost:" + sock)).run().assertFound(CauseCode.DATABASE_DOWN)
                .assertNoSecretsLeak(PASSWORD);
        assertTrue(run.findings().get(0).summary().contains(sock.toString()), run.findings().get(0).summary());
    }

    @Test
    void aNonStaticDbHostIsNotGuessed(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("wp-config.php"), "<?php define('DB_HOST', getenv('DB_HOST'));");
        tester(config).run().assertNotApplicable();
    }

    @Test
    void withoutWordPressItDoesNotApply() {
        CheckTester.of(new DatabaseCheck()).withCompanions(new WpConfigCheck()).run().assertNotApplicable();
    }
}
