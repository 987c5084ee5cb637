package org.gatewaydoctor.checks.wordpress.internal.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The lock-wait read against the server's answers (the JDBC seam mocked with the rows and errors the servers give):
 * MySQL 8's sys view when information_schema has no INNODB_LOCK_WAITS, a missing PROCESS privilege, and the
 * SHOW ENGINE INNODB STATUS fallback when the snapshot keeps missing a running statement's wait.
 */
class LockWaitReadTest {

    /** A connection answering each statement with {@code answer} (rows, or an SQLException to throw). */
    private static Connection server(List<String> asked, Function<String, Object> answer) throws SQLException {
        Connection c = mock(Connection.class);
        when(c.createStatement()).thenAnswer(i -> {
            Statement s = mock(Statement.class);
            when(s.executeQuery(anyString())).thenAnswer(q -> {
                String sql = q.getArgument(0);
                asked.add(sql);
                Object a = answer.apply(sql);
                if (a instanceof SQLException e) {
                    throw e;
                }
                return rows((Object[][]) a);
            });
            return s;
        });
        return c;
    }

    private static ResultSet rows(Object[][] rows) throws SQLException {
        ResultSet rs = mock(ResultSet.class);
        int[] at = {-1};
        Object[] last = {null};
        when(rs.next()).thenAnswer(i -> ++at[0] < rows.length);
        when(rs.getString(anyInt())).thenAnswer(i -> {
            last[0] = rows[at[0]][(int) i.getArgument(0) - 1];
            return last[0] == null ? null : String.valueOf(last[0]);
        });
        when(rs.getLong(anyInt())).thenAnswer(i -> {
            last[0] = rows[at[0]][(int) i.getArgument(0) - 1];
            return last[0] == null ? 0L : ((Number) last[0]).longValue();
        });
        when(rs.wasNull()).thenAnswer(i -> last[0] == null);
        return rs;
    }

    private static final Object[][] NONE = new Object[0][];

    @Test
    void mySql8WithoutInformationSchemaLockTablesIsReadThroughSysInnodbLockWaits() throws SQLException {
        List<String> asked = new ArrayList<>();
        // MySQL 8.0 dropped INNODB_LOCK_WAITS: "Unknown table 'INNODB_LOCK_WAITS' in information_schema" (1109)
        Connection c = server(asked, sql -> sql.contains("information_schema.INNODB_LOCK_WAITS")
                ? new SQLSyntaxErrorException("Unknown table 'INNODB_LOCK_WAITS' in information_schema", "42S02", 1109)
                : sql.contains("sys.innodb_lock_waits") ? new Object[][] {{12L, "wp", 20L,
                        "UPDATE wp_options SET option_value = '?' WHERE option_name = '?'", "`wordpress`.`wp_options`",
                        "X,REC_NOT_GAP", 11L, "wp", 60L, null, "Sleep", 40L}}
                : sql.contains("PROCESSLIST") ? new Object[][] {{12L, "wp", "Query", 20L, "updating", "UPDATE wp_options "
                        + "SET option_value = 'x' WHERE option_name = 'y'"}, {11L, "wp", "Sleep", 40L, null, null}}
                : NONE);
        List<String> problems = new ArrayList<>();
        List<DbInspection.LockWait> waits = new ArrayList<>();
        List<DbInspection.LockHolder> holders = new ArrayList<>();
        DbInspector.lockWaits(c, 5, problems, waits, holders);
        assertEquals(List.of(new DbInspection.LockWait(12, "wp", 20, "UPDATE wp_options SET option_value = '?' WHERE "
                + "option_name = '?'", "`wordpress`.`wp_options`", "X,REC_NOT_GAP", 11, "wp", 60, null, "Sleep", 40)), waits);
        assertTrue(problems.isEmpty(), problems.toString());
        assertTrue(holders.isEmpty());
        assertTrue(asked.stream().noneMatch(q -> q.startsWith("SHOW ENGINE")), "nothing unexplained, no status read");
    }

    @Test
    void withoutThePrivilegeItIsSaidAndNothingElseIsTried() throws SQLException {
        List<String> asked = new ArrayList<>();
        Connection c = server(asked, sql -> new SQLSyntaxErrorException(
                "Access denied; you need (at least one of) the PROCESS privilege(s) for this operation", "42000", 1227));
        List<String> problems = new ArrayList<>();
        List<DbInspection.LockWait> waits = new ArrayList<>();
        DbInspector.lockWaits(c, 5, problems, waits, new ArrayList<>());
        assertEquals(List.of("could not read InnoDB lock waits (they need the PROCESS privilege, which this user lacks): "
                + "Access denied; you need (at least one of) the PROCESS privilege(s) for this operation"), problems);
        assertTrue(waits.isEmpty());
        assertEquals(1, asked.size(), asked.toString());
    }

    @Test
    void aRunningStatementTheSnapshotKeepsMissingIsLookedUpInTheLiveStatusAfterAPause() throws Exception {
        List<String> asked = new ArrayList<>();
        String status = InnodbStatusTest.mariadb();
        // the snapshot a poller pins: the holder's transaction only, so the join has no rows
        Connection c = server(asked, sql -> sql.contains("INNODB_LOCK_WAITS") ? NONE
                : sql.startsWith("SHOW ENGINE INNODB STATUS") ? new Object[][] {{"InnoDB", "", status}}
                : sql.contains("PROCESSLIST") ? new Object[][] {
                    {131L, "root", "Query", 3L, "Updating", "UPDATE wordpress.wp_options SET option_value="
                            + "'CANARY-status-7f3a' WHERE option_name='acme_sync_state'"},
                    {129L, "root", "Sleep", 4L, "", null}}
                : NONE);
        List<String> problems = new ArrayList<>();
        List<DbInspection.LockWait> waits = new ArrayList<>();
        List<DbInspection.LockHolder> holders = new ArrayList<>();
        DbInspector.lockWaits(c, 5, problems, waits, holders);
        assertEquals(2, asked.stream().filter(q -> q.contains("INNODB_LOCK_WAITS")).count(), "read again after the pause");
        assertEquals(List.of(new DbInspection.LockWait(131, "root", 3, "UPDATE wordpress.wp_options SET option_value='?' "
                + "WHERE option_name='?'", "`wordpress`.`wp_options`", "X", -1, null, -1, null, null, -1)), waits);
        assertEquals(List.of(new DbInspection.LockHolder(129, "root", 3, 2, 1, null, "Sleep", 4)), holders);
        assertTrue(problems.isEmpty(), problems.toString());
        assertFalse((waits + "" + holders).contains("CANARY"));
    }

    @Test
    void aSnapshotThatNamesEveryRunningStatementIsReadOnce() throws SQLException {
        List<String> asked = new ArrayList<>();
        Connection c = server(asked, sql -> sql.contains("INNODB_LOCK_WAITS") ? new Object[][] {{131L, "root", 3L,
                "UPDATE t SET a = '?'", "`wordpress`.`wp_options`", "X", 129L, "root", 4L, null, "Sleep", 4L}}
                : sql.contains("PROCESSLIST") ? new Object[][] {{131L, "root", "Query", 3L, "Updating", "UPDATE t SET a = 'b'"},
                    {129L, "root", "Sleep", 4L, "", null}}
                : NONE);
        List<DbInspection.LockWait> waits = new ArrayList<>();
        DbInspector.lockWaits(c, 5, new ArrayList<>(), waits, new ArrayList<>());
        assertEquals(1, waits.size());
        assertEquals(1, asked.stream().filter(q -> q.contains("INNODB_LOCK_WAITS")).count(), asked.toString());
        assertTrue(asked.stream().noneMatch(q -> q.startsWith("SHOW ENGINE")));
    }
}
