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
    /**
     * A: a client that begins a transaction, updates a row and stays connected doing nothing. B: an autocommit UPDATE
     * of the same row with a secret in it, waiting for A's lock. Both tell their own connection id; nothing here waits
     * on wp-cron or reads information_schema's lock tables (a snapshot InnoDB refreshes only after 0.1 s unread):
     * the waits are confirmed in SHOW ENGINE INNODB STATUS, which InnoDB prints live.
     */
    private static final class RowLock implements AutoCloseable {
        final Process holder;
        final Process waiter;
        final String a;
        final String b;

        RowLock(WordPressStack wp, Stack stack, String canary) throws Exception {
            wp.db.sql("INSERT INTO wordpress.wp_options (option_name, option_value, autoload) VALUES "
                    + "('acme_sync_state', 'idle', 'no')");
            Path holderOut = stack.path("holder.out");
            holder = client(wp, List.of(), holderOut);
            holder.getOutputStream().write(("SELECT CONCAT('A=', CONNECTION_ID());\nBEGIN;\nUPDATE wordpress.wp_options "
                    + "SET option_value = 'held' WHERE option_name = 'acme_sync_state';\nSELECT 'A-holds';\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            holder.getOutputStream().flush();
            Wait.until("A to hold the row lock", Duration.ofSeconds(60), () -> read(holderOut).contains("A-holds"));
            a = id(read(holderOut), "A=");
            Path waiterOut = stack.path("waiter.out");
            waiter = client(wp, List.of("-e", "SELECT CONCAT('B=', CONNECTION_ID()); SET SESSION innodb_lock_wait_timeout = "
                    + "600; UPDATE wordpress.wp_options SET option_value = '" + canary + "' WHERE option_name = "
                    + "'acme_sync_state'"), waiterOut);
            Wait.until("B to tell its id", Duration.ofSeconds(60), () -> read(waiterOut).contains("B="));
            b = id(read(waiterOut), "B=");
            // B waits for a lock (InnoDB's live status) and has run for a second (what the process list counts in)
            Wait.until("B in LOCK WAIT for a second", Duration.ofSeconds(60), () -> waiting(wp, b) && !wp.db.sql(
                    "SELECT ID FROM information_schema.PROCESSLIST WHERE ID = " + b + " AND TIME >= 1").isBlank());
        }

        static boolean waiting(WordPressStack wp, String id) {
            String status = wp.db.sql("SHOW ENGINE INNODB STATUS");
            int at = status.indexOf("MariaDB thread id " + id + ",");
            int block = status.lastIndexOf("---TRANSACTION ", at);
            return at > 0 && block >= 0 && status.substring(block, at).contains("LOCK WAIT");
        }

        private static Process client(WordPressStack wp, List<String> args, Path out) throws java.io.IOException {
            List<String> cmd = new java.util.ArrayList<>(List.of(org.gatewaydoctor.it.harness.MariaDb.CLIENT, "--no-defaults",
                    "-S", wp.db.socket().toString(), "-uroot", "--unbuffered", "-N", "-B"));
            cmd.addAll(args);
            return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        }

        static String read(Path p) {
            try {
                return java.nio.file.Files.exists(p) ? java.nio.file.Files.readString(p) : "";
            } catch (java.io.IOException e) {
                return "";
            }
        }

        static String id(String out, String prefix) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(prefix + "(\\d+)").matcher(out);
            assertTrue(m.find(), out);
            return m.group(1);
        }

        void assertStillThere() {
            assertTrue(waiter.isAlive(), "B stopped waiting before the diagnosis ended");
            assertTrue(holder.isAlive(), "A ended");
        }

        @Override
        public void close() {
            if (waiter != null) {
                waiter.destroyForcibly();
            }
            if (holder != null) {
                holder.destroyForcibly();
            }
        }
    }

    @Test
    void namesTheIdleTransactionHoldingTheRowLockAnUpdateWaitsFor() throws Exception {
        try (Stack stack = Stack.create("wp-db-lock-wait")) {
            WordPressStack wp = WordPressStack.start(stack, List.of());
            URI url = wp.url("/");
            assertEquals(200, Http.get(url).status(), stack.outputs() + wp.debugLog());
            String canary = "CANARY-lock-token-4b7e";
            try (RowLock lock = new RowLock(wp, stack, canary)) {
                // without the PROCESS privilege, the site's user cannot see lock waits: said, not hidden
                Diagnosis unprivileged = wp.live(url);
                String unprivilegedJson = org.gatewaydoctor.json.DiagnosisJson.write(unprivileged);
                assertTrue(unprivilegedJson.contains("need the PROCESS privilege"), unprivilegedJson);
                WordPressStack.assertNoCanary("live without PROCESS", unprivileged);
                assertFalse(unprivilegedJson.contains(canary), unprivilegedJson);

                wp.db.sql("GRANT PROCESS ON *.* TO 'wp'@'localhost'");
                Wait.until("B waiting past the long-query threshold", Duration.ofSeconds(60), () -> !wp.db.sql(
                        "SELECT ID FROM information_schema.PROCESSLIST WHERE ID = " + lock.b + " AND TIME > 5")
                        .isBlank()); // DbInspector.LONG_QUERY_SECONDS
                Diagnosis live = wp.live(url);
                String expected = "connection " + lock.b + " (root) has waited ";
                WordPressStack.assertTop("live", CauseCode.DATABASE_SLOW, live, expected);
                org.gatewaydoctor.model.RankedCause top = live.topCause().orElseThrow();
                assertTrue(top.summary().startsWith(expected) && top.summary().contains("row lock (X) on "
                        + "`wordpress`.`wp_options`, held by connection " + lock.a + " (root), idle in transaction"),
                        WordPressStack.summary(live));
                assertTrue(top.remediation().get(0).contains("KILL " + lock.a + ";"), top.remediation().toString());
                String json = org.gatewaydoctor.json.DiagnosisJson.write(live);
                assertFalse(json.contains(canary), "the waiting statement's secret leaks: " + json);
                assertTrue(json.contains("option_value = '?'"), json);
                // B has run past the long-query threshold: its statement is told once, in the lock-wait finding
                assertFalse(json.contains("connection " + lock.b + " (root) has run"), json);
                lock.assertStillThere();
                FaultTable.record(FaultTable.Row.of("wp-db-lock-wait", WordPressStack.CHAIN,
                        "a transaction left open and idle after updating a wp_options row; another UPDATE of the row "
                                + "waits for its lock", 200, null, Diagnose.top(live), "connection B (root) has waited N s "
                                + "for a row lock (X) on `wordpress`.`wp_options`, held by connection A (root), idle in "
                                + "transaction",
                        "nothing in the logs; needs the PROCESS privilege to see who holds the lock"));
            }
        }
    }

    @Test
    void findsTheWaitInTheLiveStatusWhenAPollerKeepsInnodbsLockSnapshotOld() throws Exception {
        try (Stack stack = Stack.create("wp-db-lock-wait-pinned")) {
            WordPressStack wp = WordPressStack.start(stack, List.of());
            wp.db.sql("GRANT PROCESS ON *.* TO 'wp'@'localhost'");
            URI url = wp.url("/");
            assertEquals(200, Http.get(url).status(), stack.outputs() + wp.debugLog());
            String canary = "CANARY-lock-token-pinned-8c2d";
            // a monitor reading INNODB_TRX every 20 ms inside the server, from before B's wait begins: the snapshot
            // InnoDB serves is never 0.1 s unread, so it is not refreshed (trx0i_s.cc) while this runs (at most 90 s)
            Path pollerOut = stack.path("poller.out");
            Process poller = new ProcessBuilder(org.gatewaydoctor.it.harness.MariaDb.CLIENT, "--no-defaults", "-S",
                    wp.db.socket().toString(), "-uroot", "-N", "-B", "--unbuffered", "--delimiter=$$", "-e",
                    "SELECT CONCAT('P=', CONNECTION_ID())$$ BEGIN NOT ATOMIC DECLARE i INT DEFAULT 0; "
                    + "DECLARE n INT; WHILE i < 4500 DO SELECT COUNT(*) INTO n FROM information_schema.INNODB_TRX; "
                    + "DO SLEEP(0.02); SET i = i + 1; END WHILE; END").redirectErrorStream(true)
                    .redirectOutput(pollerOut.toFile()).start();
            try {
                // the process list shows the loop's current statement (DO SLEEP...), so the poller is found by its id
                Wait.until("the poller's id", Duration.ofSeconds(60), () -> RowLock.read(pollerOut).contains("P=")
                        || !poller.isAlive());
                String p = RowLock.id(RowLock.read(pollerOut), "P=");
                Wait.until("the poller running", Duration.ofSeconds(60), () -> !wp.db.sql("SELECT ID FROM "
                        + "information_schema.PROCESSLIST WHERE ID = " + p + " AND COMMAND = 'Query'").isBlank());
                try (RowLock lock = new RowLock(wp, stack, canary)) {
                    Diagnosis live = wp.live(url);
                    String expected = "connection " + lock.b + " (root) has waited ";
                    WordPressStack.assertTop("live", CauseCode.DATABASE_SLOW, live, expected);
                    String summary = live.topCause().orElseThrow().summary();
                    // while the poller holds the snapshot, InnoDB's status names the wait but not its holder; if the
                    // machine stalled the poller for 0.1 s the snapshot was refreshed and names the holder itself
                    boolean unnamed = summary.contains("InnoDB does not name the holder: the only transaction holding "
                            + "row locks without waiting is connection " + lock.a + " (root), idle in transaction");
                    boolean named = summary.contains("held by connection " + lock.a + " (root), idle in transaction");
                    assertTrue(unnamed || named, WordPressStack.summary(live));
                    System.out.println("[wp-db-lock-wait-pinned] " + (unnamed ? "holder not named (live status)"
                            : "holder named (snapshot refreshed)") + ": " + summary);
                    assertTrue(summary.contains("row lock (X) on `wordpress`.`wp_options`"), summary);
                    assertFalse(org.gatewaydoctor.json.DiagnosisJson.write(live).contains(canary), "the secret leaks");
                    assertFalse(summary.contains("KILL"), summary);
                    lock.assertStillThere();
                }
            } finally {
                poller.destroyForcibly();
            }
        }
    }
}
