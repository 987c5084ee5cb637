package org.gatewaydoctor.it.wordpress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.it.harness.Wait;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.junit.jupiter.api.Test;

/**
 * The database behind a working WordPress fails for real: MariaDB killed, the password in wp-config.php wrong,
 * every connection slot taken, a megabyte of autoloaded options. WordPress answers 500 with its own page, which is
 * not a gateway error; the diagnosis names the database cause from WordPress's debug.log and, live, by connecting
 * where DB_HOST points.
 */
class DatabaseFaultsIT {

    private static final String DB_PAGE = "Error establishing a database connection";

    @Test
    void namesDatabaseDownWhenMariaDbIsKilled() {
        try (Stack stack = Stack.create("wp-db-down")) {
            WordPressStack wp = WordPressStack.start(stack, List.of());
            URI url = wp.url("/");
            assertEquals(200, Http.get(url).status(), stack.outputs() + wp.debugLog());
            wp.db.server().kill();
            Wait.until("MariaDB gone", Duration.ofSeconds(10), () -> !Wait.listening(wp.db.socket()));
            Http.Response r = Http.get(url);
            assertEquals(500, r.status());
            assertTrue(r.body().contains(DB_PAGE), r.body());
            String line = "mysqli_real_connect(): (HY000/2002): Connection refused";
            wp.awaitDebugLog(line);

            Diagnosis offline = wp.offline();
            Diagnosis live = wp.live(url);
            WordPressStack.assertTops(CauseCode.DATABASE_DOWN, offline, line, CauseCode.DATABASE_DOWN, live,
                    "nothing accepts connections on " + wp.db.socket());
            FaultTable.record(FaultTable.Row.of("wp-db-down", WordPressStack.CHAIN,
                    "MariaDB killed (SIGKILL), its socket file left behind", 500, Diagnose.top(offline),
                    Diagnose.top(live), "PHP Warning:  " + line, ""));
        }
    }

    @Test
    void namesAccessDeniedWhenWpConfigHasTheWrongPassword() {
        try (Stack stack = Stack.create("wp-db-password")) {
            WordPressStack wp = WordPressStack.start(stack, List.of());
            URI url = wp.url("/");
            String wrong = "CANARY-wrong-pass-9d8c";
            stack.write("www/wp-config.php", WordPressStack.wpConfig("localhost:" + wp.db.socket(), wrong,
                    "http://127.0.0.1:" + wp.port, stack.logs().resolve("wp-debug.log"), ""));
            Http.Response r = Http.get(url);
            assertEquals(500, r.status());
            assertTrue(r.body().contains(DB_PAGE), r.body());
            String line = "mysqli_real_connect(): (HY000/1045): Access denied for user 'wp'@'localhost' (using password: YES)";
            wp.awaitDebugLog(line);

            Diagnosis offline = wp.offline();
            Diagnosis live = wp.live(url);
            WordPressStack.assertTops(CauseCode.DATABASE_ACCESS_DENIED, offline, line, CauseCode.DATABASE_ACCESS_DENIED,
                    live, "Access denied for user 'wp'@'localhost' (using password: YES)");
            assertTrue(!org.gatewaydoctor.json.DiagnosisJson.write(live).contains(wrong), "the wrong password leaks");
            FaultTable.record(FaultTable.Row.of("wp-db-access-denied", WordPressStack.CHAIN,
                    "DB_PASSWORD in wp-config.php differs from the database account's", 500, Diagnose.top(offline),
                    Diagnose.top(live), "(HY000/1045): Access denied for user 'wp'@'localhost' (using password: YES)", ""));
        }
    }
}
