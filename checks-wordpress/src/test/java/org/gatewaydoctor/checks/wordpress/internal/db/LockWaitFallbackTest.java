package org.gatewaydoctor.checks.wordpress.internal.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * When information_schema's lock tables (a snapshot InnoDB refreshes only after 0.1 s unread) miss a wait the live
 * process list shows: which connections are unexplained, which listed waits have ended, and what SHOW ENGINE INNODB
 * STATUS adds. The process-list rows are those MariaDB 10.11 showed with the status fixture (connection 129 idle in
 * transaction, 131 Updating, 130 Statistics).
 */
class LockWaitFallbackTest {

    private static final String CANARY = "CANARY-status-7f3a";

    private static Map<Long, DbInspector.Session> sessions() {
        Map<Long, DbInspector.Session> s = new LinkedHashMap<>();
        s.put(129L, new DbInspector.Session(129, "root", "Sleep", 4, "", null));
        s.put(131L, new DbInspector.Session(131, "root", "Query", 3, "Updating", DbInspector.masked(
                "UPDATE wordpress.wp_options SET option_value='" + CANARY + "' WHERE option_name='acme_sync_state'")));
        s.put(130L, new DbInspector.Session(130, "root", "Query", 3, "Statistics", DbInspector.masked(
                "SELECT * FROM wordpress.wp_options WHERE option_name='acme_sync_state' AND option_value <> '" + CANARY
                        + "' FOR UPDATE")));
        s.put(140L, new DbInspector.Session(140, "root", "Query", 30, "User sleep", "SELECT SLEEP(60)"));
        return s;
    }

    private static DbInspection.LockWait listed(long waiter, long holder) {
        return new DbInspection.LockWait(waiter, "root", 3, "UPDATE t SET a = '?'", "`wordpress`.`wp_options`", "X", holder,
                "root", 4, null, "Sleep", 4);
    }

    @Test
    void runningStatementsTheSnapshotDoesNotNameAreUnexplainedButSleepsAndIdleSessionsAreNot() {
        assertEquals(Set.of(131L, 130L), DbInspector.unexplained(List.of(), sessions()));
        assertEquals(Set.of(130L), DbInspector.unexplained(List.of(listed(131, 129)), sessions()));
        assertEquals(Set.of(), DbInspector.unexplained(List.of(listed(131, 129), listed(130, 131)), sessions()));
    }

    @Test
    void aListedWaitWhoseConnectionNoLongerRunsAStatementHasEnded() {
        List<DbInspection.LockWait> kept = DbInspector.stillWaiting(List.of(listed(131, 129), listed(77, 129),
                listed(129, 131)), sessions());
        assertEquals(List.of(131L), kept.stream().map(DbInspection.LockWait::waiterId).toList());
        // without a readable process list nothing is dropped
        assertEquals(3, DbInspector.stillWaiting(List.of(listed(131, 129), listed(77, 129), listed(129, 131)),
                Map.of()).size());
    }

    @Test
    void theStatusNamesTheMissingWaitersWithoutAHolderAndTheIdleTransactionHoldingRowLocksAsTheCandidate()
            throws Exception {
        List<InnodbStatus.Trx> trx = InnodbStatus.transactions(InnodbStatusTest.mariadb());
        List<DbInspection.LockWait> waits = new ArrayList<>();
        List<DbInspection.LockHolder> holders = new ArrayList<>();
        DbInspector.fromStatus(trx, sessions(), DbInspector.unexplained(List.of(), sessions()), waits, holders);
        assertEquals(List.of(131L, 130L), waits.stream().map(DbInspection.LockWait::waiterId).toList());
        DbInspection.LockWait w = waits.get(0);
        assertEquals(-1, w.holderId());
        assertEquals("`wordpress`.`wp_options`", w.table());
        assertEquals("X", w.lockMode());
        assertEquals(3, w.waitSeconds());
        assertEquals("UPDATE wordpress.wp_options SET option_value='?' WHERE option_name='?'", w.waiterStatement());
        assertEquals(List.of(new DbInspection.LockHolder(129, "root", 3, 2, 1, null, "Sleep", 4)), holders);
        assertTrue(holders.get(0).idle());
        assertFalse((waits + "" + holders).contains(CANARY));
    }

    @Test
    void aWaitInTheStatusCountsOnlyForAConnectionTheProcessListShowsRunningAndUnexplained() throws Exception {
        List<InnodbStatus.Trx> trx = InnodbStatus.transactions(InnodbStatusTest.mariadb());
        Map<Long, DbInspector.Session> s = sessions();
        s.put(130L, new DbInspector.Session(130, "root", "Sleep", 0, "", null)); // its wait ended since
        List<DbInspection.LockWait> waits = new ArrayList<>(List.of(listed(131, 129)));
        List<DbInspection.LockHolder> holders = new ArrayList<>();
        DbInspector.fromStatus(trx, s, DbInspector.unexplained(waits, s), waits, holders);
        assertEquals(List.of(listed(131, 129)), waits, "131 was listed, 130 no longer runs a statement");
        assertTrue(holders.isEmpty(), "no candidates when no wait lacks its holder");
    }

    @Test
    void aCandidateTheProcessListDoesNotShowIsNotCalledIdle() {
        DbInspection.LockHolder unknown = new DbInspection.LockHolder(5, null, 60, 1, 1, null, null, -1);
        assertFalse(unknown.idle());
        assertTrue(new DbInspection.LockHolder(5, "wp", 60, 1, 1, null, "Sleep", 50).idle());
        assertFalse(new DbInspection.LockHolder(5, "wp", 60, 1, 1, "UPDATE t SET a = 1", "Query", 2).idle());
    }
}
