package org.gatewaydoctor.it.wordpress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            WordPressStack wp = WordPressStack.serving(stack);
            URI url = wp.url("/");
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

    @Test
    void namesTooManyConnectionsWhenEverySlotIsTaken() throws Exception {
        try (Stack stack = Stack.create("wp-db-full")) {
            WordPressStack wp = WordPressStack.start(stack, List.of("--max-connections=10"));
            URI url = wp.url("/");
            assertEquals(200, Http.get(url).status(), stack.outputs() + wp.debugLog());
            // Eleven sessions of the site's user hold the ten slots and the one MariaDB keeps for SUPER.
            List<Process> holders = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 11; i++) {
                    if (i == 10) {
                        // the last free slot asks for the count, then the eleventh session takes it
                        Wait.until("10 sleeping sessions", Duration.ofSeconds(20), () -> wp.db.sql("SELECT COUNT(*) FROM "
                                + "information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP%'").strip().equals("10"));
                    }
                    holders.add(new ProcessBuilder("/usr/bin/mariadb", "--no-defaults", "-S", wp.db.socket().toString(),
                            "-uroot", "-e", "SELECT SLEEP(60)").redirectErrorStream(true)
                            .redirectOutput(stack.path("holder-" + i + ".out").toFile()).start());
                }
                Thread.sleep(1000);
                Http.Response r = Http.get(url);
                assertEquals(500, r.status(), r.body());
                assertTrue(r.body().contains(DB_PAGE), r.body());
                // Past the slot kept for SUPER, MariaDB refuses after the handshake: SQLSTATE 08004, not HY000
                String line = "mysqli_real_connect(): (08004/1040): Too many connections";
                wp.awaitDebugLog(line);

                Diagnosis offline = wp.offline();
                Diagnosis live = wp.live(url);
                WordPressStack.assertTops(CauseCode.DATABASE_TOO_MANY_CONNECTIONS, offline, line,
                        CauseCode.DATABASE_TOO_MANY_CONNECTIONS, live, "1040");
                FaultTable.record(FaultTable.Row.of("wp-db-too-many-connections", WordPressStack.CHAIN,
                        "max_connections = 10 (MariaDB's minimum), 11 sessions sleeping", 500, Diagnose.top(offline),
                        Diagnose.top(live), "PHP Warning:  " + line, ""));
            } finally {
                holders.forEach(Process::destroyForcibly);
            }
        }
    }

    @Test
    void namesAutoloadBloatLiveAsADatabaseRiskNotAnOutage() {
        try (Stack stack = Stack.create("wp-db-autoload")) {
            WordPressStack wp = WordPressStack.start(stack, List.of());
            wp.db.sql("INSERT INTO wordpress.wp_options (option_name, option_value, autoload) VALUES "
                    + "('acme_stats_cache', REPEAT('x', 1200000), 'yes')");
            URI url = wp.url("/");
            assertEquals(200, Http.get(url).status(), stack.outputs() + wp.debugLog());
            Diagnosis live = wp.live(url);
            WordPressStack.assertTop("live", CauseCode.DATABASE_SLOW, live, "autoloaded option acme_stats_cache");
            Diagnosis offline = wp.offline();
            assertTrue(offline.causes().stream().noneMatch(c -> c.code().equals(CauseCode.DATABASE_SLOW)),
                    WordPressStack.summary(offline));
            FaultTable.record(FaultTable.Row.of("wp-db-autoload-bloat", WordPressStack.CHAIN,
                    "a 1.2 MB autoloaded option (Site Health warns above 800,000 bytes)", 200, null,
                    Diagnose.top(live), "autoloaded option acme_stats_cache 1200000 bytes",
                    "nothing in the logs; a risk until slow responses are seen"));
        }
    }
    @Test
    void namesTheIdleTransactionHoldingTheRowLockAnUpdateWaitsFor() throws Exception {
        try (Stack stack = Stack.create("wp-db-lock-wait")) {
            WordPressStack wp = WordPressStack.start(stack, List.of());
            wp.db.sql("INSERT INTO wordpress.wp_options (option_name, option_value, autoload) VALUES "
                    + "('acme_sync_state', 'idle', 'no')");
            URI url = wp.url("/");
            assertEquals(200, Http.get(url).status(), stack.outputs() + wp.debugLog());
            String canary = "CANARY-lock-token-4b7e";
            Process holder = null;
            Process waiter = null;
            try {
                // A: begins a transaction, updates the row and stays connected doing nothing (the client waits on stdin)
                holder = new ProcessBuilder(org.gatewaydoctor.it.harness.MariaDb.CLIENT, "--no-defaults", "-S",
                        wp.db.socket().toString(), "-uroot").redirectErrorStream(true)
                        .redirectOutput(stack.path("holder.out").toFile()).start();
                holder.getOutputStream().write(("BEGIN;\nUPDATE wordpress.wp_options SET option_value = 'held' "
                        + "WHERE option_name = 'acme_sync_state';\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                holder.getOutputStream().flush();
                Wait.until("A's open transaction", Duration.ofSeconds(30), () -> !wp.db.sql(
                        "SELECT trx_mysql_thread_id FROM information_schema.INNODB_TRX").isBlank());
                String a = wp.db.sql("SELECT trx_mysql_thread_id FROM information_schema.INNODB_TRX").strip();
                // B: updates the same row, with a secret in its statement, and waits for A's lock
                waiter = new ProcessBuilder(org.gatewaydoctor.it.harness.MariaDb.CLIENT, "--no-defaults", "-S",
                        wp.db.socket().toString(), "-uroot", "-e", "SET SESSION innodb_lock_wait_timeout = 600; "
                        + "UPDATE wordpress.wp_options SET option_value = '" + canary + "' WHERE option_name = "
                        + "'acme_sync_state'").redirectErrorStream(true)
                        .redirectOutput(stack.path("waiter.out").toFile()).start();
                Wait.until("B waiting for A's lock", Duration.ofSeconds(30), () -> !wp.db.sql(
                        "SELECT trx_mysql_thread_id FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'")
                        .isBlank());
                String b = wp.db.sql("SELECT trx_mysql_thread_id FROM information_schema.INNODB_TRX "
                        + "WHERE trx_state = 'LOCK WAIT'").strip();

                // without the PROCESS privilege, the site's user cannot see lock waits: said, not hidden
                Diagnosis unprivileged = wp.live(url);
                String unprivilegedJson = org.gatewaydoctor.json.DiagnosisJson.write(unprivileged);
                assertTrue(unprivilegedJson.contains("need the PROCESS privilege"), unprivilegedJson);
                WordPressStack.assertNoCanary("live without PROCESS", unprivileged);
                assertFalse(unprivilegedJson.contains(canary), unprivilegedJson);

                wp.db.sql("GRANT PROCESS ON *.* TO 'wp'@'localhost'");
                Diagnosis live = wp.live(url);
                String expected = "connection " + b + " (root) has waited ";
                WordPressStack.assertTop("live", CauseCode.DATABASE_SLOW, live, expected);
                org.gatewaydoctor.model.RankedCause top = live.topCause().orElseThrow();
                assertTrue(top.summary().startsWith(expected) && top.summary().contains("row lock (X) on "
                        + "`wordpress`.`wp_options`, held by connection " + a + " (root), idle in transaction"),
                        WordPressStack.summary(live));
                assertTrue(top.remediation().get(0).contains("KILL " + a + ";"), top.remediation().toString());
                String json = org.gatewaydoctor.json.DiagnosisJson.write(live);
                assertFalse(json.contains(canary), "the waiting statement's secret leaks: " + json);
                assertTrue(json.contains("option_value = '?'"), json);
                assertTrue(waiter.isAlive(), "B stopped waiting before the diagnosis ended");
                assertTrue(holder.isAlive(), "A ended");
                FaultTable.record(FaultTable.Row.of("wp-db-lock-wait", WordPressStack.CHAIN,
                        "a transaction left open and idle after updating a wp_options row; another UPDATE of the row "
                                + "waits for its lock", 200, null, Diagnose.top(live), "connection B (root) has waited N s for a row lock (X) on "
                                + "`wordpress`.`wp_options`, held by connection A (root), idle in transaction",
                        "nothing in the logs; needs the PROCESS privilege to see who holds the lock"));
            } finally {
                if (waiter != null) {
                    waiter.destroyForcibly();
                }
                if (holder != null) {
                    holder.destroyForcibly();
                }
            }
        }
    }
}
