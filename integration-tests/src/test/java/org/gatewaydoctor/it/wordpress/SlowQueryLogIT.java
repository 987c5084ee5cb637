package org.gatewaydoctor.it.wordpress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.FaultTable;
import org.gatewaydoctor.it.harness.Http;
import org.gatewaydoctor.it.harness.Wait;
import org.gatewaydoctor.json.DiagnosisJson;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Evidence;
import org.junit.jupiter.api.Test;

/**
 * MariaDB writes every statement to its slow query log ({@code --slow-query-log=1 --long-query-time=0}) while an active
 * plugin runs a 2-second query on every page and looks up an option whose name is a canary. The slowest statement is
 * named with file and line, offline (the slow log among the logs, read by the shared log scan and placed on the
 * timeline) and live (the file the server names), and no quoted literal of the log reaches the diagnosis.
 */
class SlowQueryLogIT {

    static final String CANARY_LITERAL = "CANARY-slowlog-literal-4d4d";

    @Test
    void theSlowestStatementOfTheRealSlowLogIsNamedRedacted() throws Exception {
        try (org.gatewaydoctor.it.harness.Stack stack = org.gatewaydoctor.it.harness.Stack.create("wp-db-slow-log")) {
            Path slowLog = stack.logs().resolve("mariadb-slow.log");
            WordPressStack wp = WordPressStack.start(stack, List.of("--slow-query-log=1", "--long-query-time=0",
                    "--slow-query-log-file=" + slowLog));
            wp.plugin("acme-report", "add_action( 'init', function () {\n"
                    + "    global $wpdb;\n"
                    + "    $wpdb->get_var( \"SELECT SLEEP(2)\" );\n"
                    + "    $wpdb->get_var( $wpdb->prepare( \"SELECT option_value FROM {$wpdb->options} WHERE option_name = %s\", '"
                    + CANARY_LITERAL + "' ) );\n"
                    + "} );\n");
            URI url = wp.url("/");
            Http.Response r = Http.get(url);
            assertEquals(200, r.status(), stack.outputs() + wp.debugLog());
            Wait.until("the canary lookup in " + slowLog, java.time.Duration.ofSeconds(20),
                    () -> Files.exists(slowLog) && WordPressStack.read(slowLog).contains(CANARY_LITERAL));

            Diagnosis offline = wp.offline();
            Diagnosis live = wp.live(url);
            String statement = "SELECT SLEEP(2)";
            WordPressStack.assertTops(CauseCode.DATABASE_SLOW, offline, statement, CauseCode.DATABASE_SLOW, live, statement);
            for (Diagnosis d : List.of(offline, live)) {
                String json = DiagnosisJson.write(d);
                assertFalse(json.contains(CANARY_LITERAL), json);
                assertTrue(json.contains(slowLog.toString()), json);
            }
            // the log scan reads the slow log (format MYSQL_SLOW): the statement joins the timeline, dated by the
            // entry's SET timestamp, at the line of its "# Query_time:"
            java.time.Instant before = java.time.Instant.now();
            assertTrue(offline.timeline().stream().anyMatch(t -> t.evidence() instanceof Evidence.LogLine l
                    && l.file().equals(slowLog.toString()) && l.text().contains(statement)
                    && WordPressStack.read(slowLog).lines().skip(l.line() - 1).findFirst().orElse("")
                            .startsWith("# Query_time: 2.")
                    && t.at().isAfter(before.minus(java.time.Duration.ofMinutes(5))) && !t.at().isAfter(before)),
                    offline.timeline().toString());
            // and it is the current episode: a day of older multi-site failures (pool exhaustion among them) is
            // history (FaultTable.record diagnoses the logs again in that noise and fails when the top cause differs)
            FaultTable.record(FaultTable.Row.of("wp-db-slow-query", WordPressStack.CHAIN,
                    "a plugin runs SELECT SLEEP(2) on every page; slow_query_log=1, long_query_time=0", r.status(),
                    Diagnose.top(offline), Diagnose.top(live), "SELECT SLEEP(2)", null));
        }
    }
}
