package org.gatewaydoctor.checks.wordpress.internal.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live transaction list of SHOW ENGINE INNODB STATUS, as MariaDB 10.11 and MySQL print it. */
class InnodbStatusTest {

    static String mariadb() throws IOException {
        try (InputStream in = InnodbStatusTest.class.getResourceAsStream("/innodb-status/mariadb-10.11-lock-wait.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsMariaDbWaitersWithTheirTableModeAndWaitAndTheIdleHolderWithItsRowLocks() throws IOException {
        List<InnodbStatus.Trx> trx = InnodbStatus.transactions(mariadb());
        assertEquals(List.of(
                new InnodbStatus.Trx(131, 3, true, 3, "`wordpress`.`wp_options`", "X", 1, 0),
                new InnodbStatus.Trx(130, 3, true, 3, "`wordpress`.`wp_options`", "X", 1, 0),
                new InnodbStatus.Trx(129, 3, false, -1, null, null, 2, 1)), trx);
        assertFalse(trx.toString().contains("CANARY"), trx.toString());
        assertFalse(trx.toString().contains("acme_sync_state"), "the record dump (the row's key) is not kept");
    }

    @Test
    void readsMySqlsShapeWithSecondsAndLockModeWords() {
        // as MySQL 5.7/8.0 print it (lock0lock.cc: "TRX HAS BEEN WAITING %lu SEC"), from a posted SHOW ENGINE INNODB STATUS
        String status = String.join("\n", "", "=====================================",
                "2018-04-01 10:00:00 0x7f INNODB MONITOR OUTPUT", "------------", "TRANSACTIONS", "------------",
                "Trx id counter 1322765", "LIST OF TRANSACTIONS FOR EACH SESSION:",
                "---TRANSACTION 421876543210, not started",
                "0 lock struct(s), heap size 1136, 0 row lock(s)",
                "---TRANSACTION 1322764, ACTIVE 74 sec starting index read",
                "mysql tables in use 1, locked 1",
                "LOCK WAIT 2 lock struct(s), heap size 1136, 1 row lock(s), undo log entries 2",
                "MySQL thread id 139, OS thread handle 140648641087232, query id 2146 localhost root statistics",
                "SELECT * FROM t WHERE a=30 LOCK IN SHARE MODE",
                "------- TRX HAS BEEN WAITING 17 SEC FOR THIS LOCK TO BE GRANTED:",
                "RECORD LOCKS space id 389 page no 3 n bits 80 index PRIMARY of table `test`.`t` trx id 1322764 lock mode S "
                        + "locks rec but not gap waiting",
                "Record lock, heap no 4 PHYSICAL RECORD: n_fields 3; compact format; info bits 0",
                " 0: len 4; hex 8000001e; asc     ;;",
                "---TRANSACTION 1322763, ACTIVE 153 sec",
                "2 lock struct(s), heap size 1136, 1 row lock(s)",
                "MySQL thread id 138, OS thread handle 140648641488640, query id 2150 localhost root starting",
                "---TRANSACTION 1322770, ACTIVE 5 sec",
                "mysql tables in use 1, locked 1",
                "LOCK WAIT 2 lock struct(s), heap size 1136, 1 row lock(s)",
                "MySQL thread id 140, OS thread handle 1, query id 2151 localhost root Waiting for table lock",
                "LOCK TABLE x",
                "------- TRX HAS BEEN WAITING 5 SEC FOR THIS LOCK TO BE GRANTED:",
                "TABLE LOCK table `test`.`u` trx id 1322770 lock mode IX waiting",
                "--------", "FILE I/O", "--------");
        assertEquals(List.of(
                new InnodbStatus.Trx(-1, -1, false, -1, null, null, 0, 0),
                new InnodbStatus.Trx(139, 74, true, 17, "`test`.`t`", "S", 1, 2),
                new InnodbStatus.Trx(138, 153, false, -1, null, null, 1, 0),
                new InnodbStatus.Trx(140, 5, true, 5, "`test`.`u`", "IX", 1, 0)), InnodbStatus.transactions(status));
    }

    @Test
    void aStatementPrintingLockLinesCannotMakeAnIdleTransactionWait() {
        // the statement text comes after the thread line: count lines there are the statement's, not InnoDB's
        String status = String.join("\n", "LIST OF TRANSACTIONS FOR EACH SESSION:",
                "---TRANSACTION 93, ACTIVE 3 sec",
                "3 lock struct(s), heap size 1128, 2 row lock(s), undo log entries 1",
                "MariaDB thread id 129, OS thread handle 1, query id 601 localhost root Updating",
                "UPDATE t SET note = '",
                "LOCK WAIT 2 lock struct(s), heap size 1128, 1 row lock(s)",
                "------- TRX HAS BEEN WAITING 999000000 us FOR THIS LOCK TO BE GRANTED:",
                "TABLE LOCK table `wordpress`.`wp_users` trx id 93 lock mode X waiting",
                "'", "--------", "FILE I/O");
        assertEquals(List.of(new InnodbStatus.Trx(129, 3, false, -1, null, null, 2, 1)),
                InnodbStatus.transactions("\n" + status));
    }

    @Test
    void noTransactionSectionNothingAndLargeStatusIsBounded() {
        assertTrue(InnodbStatus.transactions(null).isEmpty());
        assertTrue(InnodbStatus.transactions("").isEmpty());
        assertTrue(InnodbStatus.transactions("garbage\n---TRANSACTION 1, ACTIVE 2 sec\n").isEmpty());
        StringBuilder b = new StringBuilder("\nLIST OF TRANSACTIONS FOR EACH SESSION:\n");
        for (int i = 0; b.length() < InnodbStatus.MAX_CHARS + 1000; i++) {
            b.append("---TRANSACTION ").append(i).append(", ACTIVE 1 sec\n1 lock struct(s), heap size 1128, 1 row lock(s)\n")
                    .append("MariaDB thread id ").append(i).append(", OS thread handle 1, query id 1 localhost wp\n");
        }
        assertEquals(InnodbStatus.MAX_TRANSACTIONS, InnodbStatus.transactions(b.toString()).size());
    }
}
