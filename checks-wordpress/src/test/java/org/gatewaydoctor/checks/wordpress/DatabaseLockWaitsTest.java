package org.gatewaydoctor.checks.wordpress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gatewaydoctor.checks.wordpress.internal.db.DbInspection;
import org.gatewaydoctor.checks.wordpress.internal.db.DbInspection.LockWait;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.spi.Redactor;
import org.junit.jupiter.api.Test;

/** How InnoDB lock waits read from the server become one finding whose lead is the transaction holding the lock. */
class DatabaseLockWaitsTest {

    private static final String TABLE = "`wordpress`.`wp_options`";
    private static final String WAITING = "UPDATE wp_options SET option_value = '?' WHERE option_name = '?'";

    private static LockWait wait(long waiter, long seconds, long holder, String holderStatement, String command,
                                 long trxSeconds) {
        return new LockWait(waiter, "wp", seconds, WAITING, TABLE, "X", holder, "wp", trxSeconds, holderStatement,
                command, command == null ? -1 : 40);
    }

    private static String all(Finding f) {
        StringBuilder b = new StringBuilder(f.summary()).append('\n');
        f.remediation().forEach(x -> b.append(x).append('\n'));
        for (Evidence e : f.evidence()) {
            b.append(e).append('\n');
        }
        return b.append(f.confirmWith()).toString();
    }

    @Test
    void noLockWaitsNoFinding() {
        assertTrue(DatabaseCheck.lockWaits(List.of(), "wordpress", Redactor.standard()).isEmpty());
    }

    @Test
    void anIdleOpenTransactionAtTheHeadOfTheChainIsTheLeadAndTheKillIsTheUsersDecision() {
        // 12 waits for 11 (idle, transaction open 60 s); 13 waits for 12 and for 11: 12 is a holder too, but it waits
        List<LockWait> waits = List.of(
                wait(13, 3, 12, WAITING, "Query", 20),
                wait(12, 20, 11, null, "Sleep", 60),
                wait(13, 3, 11, null, "Sleep", 60));
        Finding f = DatabaseCheck.lockWaits(waits, "wordpress", Redactor.standard()).orElseThrow();
        assertEquals(CauseCode.DATABASE_SLOW, f.cause());
        assertTrue(f.summary().startsWith("connection 12 (wp) has waited 20 s for a row lock (X) on " + TABLE
                + ", held by connection 11 (wp), idle in transaction (no statement for 40 s), its transaction open 60 s"),
                f.summary());
        assertTrue(f.summary().contains("2 connections wait for locks"), f.summary());
        assertTrue(f.remediation().get(0).contains("KILL 11;"), f.remediation().get(0));
        assertTrue(f.remediation().get(0).contains("your decision"), f.remediation().get(0));
        assertTrue(f.remediation().get(0).contains("idle"), f.remediation().get(0));
        assertFalse(all(f).contains("KILL 12"), all(f));
        assertEquals(4, f.evidence().size(), all(f));
    }

    @Test
    void aHolderStillRunningIsShownWithItsStatement() {
        Finding f = DatabaseCheck.lockWaits(List.of(wait(8, 9, 7, "ALTER TABLE wp_options ADD COLUMN x INT", "Query", 30)),
                "wordpress", Redactor.standard()).orElseThrow();
        assertTrue(f.summary().endsWith("held by connection 7 (wp), its transaction open 30 s, running: "
                + "ALTER TABLE wp_options ADD COLUMN x INT"), f.summary());
        assertFalse(f.summary().contains("idle"), f.summary());
        assertFalse(f.remediation().get(0).contains("idle"), f.remediation().get(0));
        assertTrue(f.remediation().get(0).contains("KILL 7;"), f.remediation().get(0));
    }

    @Test
    void unknownTableModeUserAndAgeAreLeftOutNotInvented() {
        LockWait w = new LockWait(5, null, 6, "UPDATE t SET a = 1", null, null, 4, null, -1, null, null, -1);
        Finding f = DatabaseCheck.lockWaits(List.of(w), "wordpress", Redactor.standard()).orElseThrow();
        assertEquals("connection 5 has waited 6 s for a row lock on a table, held by connection 4, idle in transaction", f.summary());
    }

    @Test
    void aSecretInAStatementNeverReachesTheFinding() {
        String canary = "CANARY-lock-secret-5e1a";
        Redactor r = Redactor.standard();
        r.addSecret(canary);
        LockWait w = new LockWait(3, "wp", 12, "UPDATE wp_options SET option_value = '" + canary + "'", TABLE, "X", 2,
                "wp", 50, "UPDATE wp_users SET user_pass = '" + canary + "'", "Query", 50);
        Finding f = DatabaseCheck.lockWaits(List.of(w), "wordpress", r).orElseThrow();
        assertFalse(all(f).contains(canary), all(f));
        assertTrue(all(f).contains(Redactor.MASK), all(f));
    }

    @Test
    void lockWaitsOfAnotherSitesDatabaseOnTheSameServerAreNotThisSitesCause() {
        LockWait other = new LockWait(21, "shop", 30, WAITING, "`shop`.`wp_options`", "X", 20, "shop", 90, null, "Sleep", 80);
        assertTrue(DatabaseCheck.lockWaits(List.of(other), "wordpress", Redactor.standard()).isEmpty());
        Finding f = DatabaseCheck.lockWaits(List.of(other, wait(12, 5, 11, null, "Sleep", 9)), "wordpress",
                Redactor.standard()).orElseThrow();
        assertTrue(f.summary().contains("held by connection 11 (wp)"), f.summary());
        assertFalse(all(f).contains("connection 20"), all(f));
    }

    private static final String CANARY = "CANARY-status-7f3a";

    /** As MariaDB 10.11 showed it with a pinned snapshot: waits only in SHOW ENGINE INNODB STATUS, no holder named. */
    private static LockWait unnamed(long waiter, long seconds) {
        return new LockWait(waiter, "root", seconds, "UPDATE wordpress.wp_options SET option_value='?' WHERE option_name='?'",
                TABLE, "X", -1, null, -1, null, null, -1);
    }

    @Test
    void aWaitWithoutANamedHolderSaysSoAndOffersTheOnlyTransactionHoldingRowLocksAsACandidateToConfirm() {
        DbInspection.LockHolder idle = new DbInspection.LockHolder(129, "root", 60, 2, 1, null, "Sleep", 40);
        Finding f = DatabaseCheck.lockWaits(List.of(unnamed(131, 12), unnamed(130, 3)), List.of(idle), "wordpress",
                Redactor.standard()).orElseThrow();
        assertEquals(CauseCode.DATABASE_SLOW, f.cause());
        assertEquals("connection 131 (root) has waited 12 s for a row lock (X) on " + TABLE + "; InnoDB does not name the "
                + "holder: the only transaction holding row locks without waiting is connection 129 (root), idle in "
                + "transaction (no statement for 40 s), its transaction open 60 s (2 row locks, 1 uncommitted row change); "
                + "2 connections wait for locks", f.summary());
        assertTrue(f.remediation().get(0).startsWith("Confirm the holder first"), f.remediation().get(0));
        assertTrue(f.remediation().get(0).contains("If it is connection 129, idle in transaction, ending it is your "
                + "decision: KILL 129;"), f.remediation().get(0));
        assertFalse(all(f).contains("KILL 131") || all(f).contains("KILL 130"), all(f));
        assertFalse(all(f).contains("held by connection"), all(f));
        assertTrue(all(f).contains("did not list this wait"), all(f));
        assertTrue(f.confidence() < 0.7, "less sure than when InnoDB names the holder");
    }

    @Test
    void aWaitWithoutANamedHolderAndNoCandidateNamesNoConnectionToKill() {
        Finding f = DatabaseCheck.lockWaits(List.of(unnamed(131, 12)), List.of(), "wordpress", Redactor.standard())
                .orElseThrow();
        assertEquals("connection 131 (root) has waited 12 s for a row lock (X) on " + TABLE + "; InnoDB does not name "
                + "the holder", f.summary());
        assertFalse(all(f).matches("(?s).*KILL \\d.*"), all(f));
        assertTrue(f.remediation().get(0).contains("sys.innodb_lock_waits"), f.remediation().get(0));
    }

    @Test
    void severalCandidatesAreCountedAndTheOldestNamedNeverAsTheVerdict() {
        Finding f = DatabaseCheck.lockWaits(List.of(unnamed(131, 12)), List.of(
                new DbInspection.LockHolder(129, "root", 60, 2, 1, null, "Sleep", 40),
                new DbInspection.LockHolder(127, "wp", 8, 5, 5, "UPDATE wp_postmeta SET meta_value = '?'", "Query", 8)),
                "wordpress", Redactor.standard()).orElseThrow();
        assertTrue(f.summary().endsWith("; 2 transactions hold row locks without waiting, the oldest connection 129 (root), "
                + "idle in transaction (no statement for 40 s), its transaction open 60 s (2 row locks, 1 uncommitted row "
                + "change)"), f.summary());
        assertTrue(all(f).contains("holds row locks without waiting: connection 127 (wp), its transaction open 8 s (5 row "
                + "locks, 5 uncommitted row changes), running: UPDATE wp_postmeta SET meta_value = '?'"), all(f));
    }

    @Test
    void aSecretInAWaitSeenOnlyInTheStatusNeverReachesTheFinding() {
        Redactor r = Redactor.standard();
        r.addSecret(CANARY);
        LockWait w = new LockWait(131, "root", 12, "UPDATE wp_options SET option_value = '" + CANARY + "'", TABLE, "X", -1,
                null, -1, null, null, -1);
        DbInspection.LockHolder h = new DbInspection.LockHolder(129, "root", 60, 2, 1, "SELECT '" + CANARY + "'", "Query", 1);
        Finding f = DatabaseCheck.lockWaits(List.of(w), List.of(h), "wordpress", r).orElseThrow();
        assertFalse(all(f).contains(CANARY), all(f));
    }

    @Test
    void aWaitingStatementIsToldOnceInTheLockFindingNotAgainAsALongQuery() {
        DbInspection.Query waiter = new DbInspection.Query(12, "wp", 20, "Updating",
                "UPDATE wp_options SET option_value = '?' WHERE option_name = '?'");
        DbInspection.Query slow = new DbInspection.Query(30, "wp", 9, "Sending data", "SELECT SQL_CALC_FOUND_ROWS * FROM wp_posts");
        List<Finding> onlyWaiter = DatabaseCheck.statements(inspection(List.of(waiter), List.of(wait(12, 20, 11, null, "Sleep",
                60))), "wordpress", Redactor.standard());
        assertEquals(1, onlyWaiter.size(), onlyWaiter.toString());
        assertTrue(onlyWaiter.get(0).summary().startsWith("connection 12 (wp) has waited 20 s"), onlyWaiter.get(0).summary());

        List<Finding> both = DatabaseCheck.statements(inspection(List.of(waiter, slow), List.of(wait(12, 20, 11, null, "Sleep",
                60))), "wordpress", Redactor.standard());
        assertEquals(2, both.size(), both.toString());
        Finding longQuery = both.get(1);
        assertEquals("1 statement has been running for 5 s or more (longest 9 s), apart from the row-lock waits",
                longQuery.summary());
        assertFalse(all(longQuery).contains("connection 12"), all(longQuery));

        // a holder running a long statement is told in the lock finding ("running: ..."), not again
        DbInspection.Query holderRuns = new DbInspection.Query(7, "wp", 30, "Updating", "UPDATE wp_postmeta SET meta_value = '?'");
        List<Finding> holderLong = DatabaseCheck.statements(inspection(List.of(waiter, holderRuns), List.of(wait(12, 20, 7,
                "UPDATE wp_postmeta SET meta_value = '?'", "Query", 30))), "wordpress", Redactor.standard());
        assertEquals(1, holderLong.size(), holderLong.toString());
        assertTrue(holderLong.get(0).summary().contains("held by connection 7 (wp), its transaction open 30 s, running: "
                + "UPDATE wp_postmeta"), holderLong.get(0).summary());

        // another site's wait does not hide this site's long query
        List<Finding> other = DatabaseCheck.statements(inspection(List.of(waiter), List.of(new LockWait(12, "shop", 20,
                WAITING, "`shop`.`wp_options`", "X", 11, "shop", 60, null, "Sleep", 40))), "wordpress", Redactor.standard());
        assertEquals(1, other.size());
        assertTrue(other.get(0).summary().startsWith("1 statement has been running"), other.get(0).summary());
    }

    private static DbInspection inspection(List<DbInspection.Query> queries, List<LockWait> waits) {
        return new DbInspection("10.11.19-MariaDB", java.util.Map.of(), queries, -1, -1, java.util.Map.of(), List.of(),
                java.util.Map.of(), List.of(), waits);
    }
}
