package org.gatewaydoctor.checks.wordpress.internal.db;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The transaction list of {@code SHOW ENGINE INNODB STATUS}, which InnoDB prints live under its lock-system latch.
 * {@code information_schema.INNODB_TRX}, {@code INNODB_LOCKS} and {@code INNODB_LOCK_WAITS} are instead served from a
 * shared snapshot that InnoDB refreshes only when nobody has read it for 0.1 s ({@code CACHE_MIN_IDLE_TIME_NS} and
 * {@code trx_i_s_cache_end_read} in {@code storage/innobase/trx/trx0i_s.cc}): a client reading them more often than
 * that keeps every reader on an old snapshot in which a newer lock wait does not exist.
 *
 * <p>Only structured fields are taken: thread ids, ages, the waited-for lock's table and mode, lock counts. The
 * statement texts and the record dumps ({@code asc ...;;}, which show the locked row's key) are never kept. Lines
 * are matched only at their start and only in the order InnoDB prints them inside one transaction, and the caller
 * accepts a waiter only when the live process list shows that connection running a statement.
 *
 * <p>Shapes: MariaDB 10.6+ ({@code MariaDB thread id}, {@code TRX HAS BEEN WAITING 3006049 us}) and MySQL 5.7/8.0
 * ({@code MySQL thread id}, {@code TRX HAS BEEN WAITING 17 SEC}).
 */
public final class InnodbStatus {

    /** The most characters of the status read. */
    static final int MAX_CHARS = 1 << 20;
    /** The most transactions kept. */
    static final int MAX_TRANSACTIONS = 500;

    private static final Pattern TRX = Pattern.compile("^---TRANSACTION [0-9A-Fa-fx]+, ACTIVE (?:\\(PREPARED\\) )?(\\d{1,9}) sec");
    private static final Pattern NOT_STARTED = Pattern.compile("^---TRANSACTION [0-9A-Fa-fx]+, not started");
    private static final Pattern STRUCTS = Pattern.compile(
            "^(LOCK WAIT )?\\d{1,9} lock struct\\(s\\), heap size \\d{1,12}, (\\d{1,12}) row lock\\(s\\)(?:, undo log entries (\\d{1,12}))?");
    private static final Pattern THREAD = Pattern.compile("^(?:MariaDB|MySQL) thread id (\\d{1,19}), OS thread handle ");
    private static final Pattern WAITING = Pattern.compile("^------- TRX HAS BEEN WAITING (\\d{1,19}) (us|SEC) FOR THIS LOCK TO BE GRANTED:$");
    private static final String NAME = "`(?:[^`\\n]|``){1,200}`";
    private static final Pattern RECORD_LOCK = Pattern.compile("^RECORD LOCKS space id \\d+ page no \\d+ n bits \\d+ index .{1,400}? of table ("
            + NAME + "\\." + NAME + ")(?: /\\* Partition " + NAME + " \\*/)? trx id \\d+ lock(?:_mode| mode) ([A-Z]{1,3})\\b");
    private static final Pattern TABLE_LOCK = Pattern.compile("^TABLE LOCK table (" + NAME + "\\." + NAME
            + ") trx id \\d+ lock mode ([A-Z-]{1,4})\\b");

    private InnodbStatus() {
    }

    /**
     * One transaction of the list.
     *
     * @param threadId the connection ({@code MariaDB thread id}), -1 when the block names none (background)
     * @param activeSeconds how long the transaction has been active
     * @param lockWait whether it waits for a lock ({@code LOCK WAIT})
     * @param waitSeconds how long it has waited, -1 when not waiting or not printed
     * @param table the waited-for lock's table ({@code `db`.`t`}), {@code null} when unknown
     * @param lockMode the waited-for lock's mode ({@code X}, {@code S}, {@code IX}), {@code null} when unknown
     * @param rowLocks the row locks it holds or requests
     * @param undoEntries its undo log entries (rows changed), 0 when not printed
     */
    public record Trx(long threadId, long activeSeconds, boolean lockWait, long waitSeconds, String table,
                      String lockMode, long rowLocks, long undoEntries) {
    }

    /** The transactions of {@code status} (the whole text of the statement's {@code Status} column), in order. */
    public static List<Trx> transactions(String status) {
        List<Trx> out = new ArrayList<>();
        if (status == null) {
            return out;
        }
        String text = status.length() > MAX_CHARS ? status.substring(0, MAX_CHARS) : status;
        int start = text.indexOf("\nLIST OF TRANSACTIONS FOR EACH SESSION:\n");
        if (start < 0) {
            return out;
        }
        Block b = null;
        boolean lockLineNext = false;
        for (String line : text.substring(start + 1).split("\n", -1)) {
            if (line.equals("--------")) {
                break; // the section's end: "--------" then "FILE I/O"
            }
            Matcher m = TRX.matcher(line);
            boolean active = m.find();
            if (active || NOT_STARTED.matcher(line).find()) {
                if (b != null) {
                    out.add(b.trx());
                    if (out.size() >= MAX_TRANSACTIONS) {
                        return out;
                    }
                }
                b = new Block(active ? Long.parseLong(m.group(1)) : -1);
                lockLineNext = false;
                continue;
            }
            if (b == null) {
                continue;
            }
            if (lockLineNext) {
                lockLineNext = false;
                if ((m = RECORD_LOCK.matcher(line)).find() || (m = TABLE_LOCK.matcher(line)).find()) {
                    b.table = m.group(1);
                    b.mode = m.group(2);
                }
                continue;
            }
            if (b.threadId < 0 && (m = STRUCTS.matcher(line)).find()) {
                b.lockWait = m.group(1) != null;
                b.rowLocks = Long.parseLong(m.group(2));
                b.undo = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
            } else if (b.threadId < 0 && (m = THREAD.matcher(line)).find()) {
                b.threadId = Long.parseLong(m.group(1));
            } else if (b.threadId >= 0 && b.lockWait && b.waitSeconds < 0 && (m = WAITING.matcher(line)).find()) {
                long n = Long.parseLong(m.group(1));
                b.waitSeconds = "us".equals(m.group(2)) ? n / 1_000_000 : n;
                lockLineNext = true;
            }
        }
        if (b != null && out.size() < MAX_TRANSACTIONS) {
            out.add(b.trx());
        }
        return out;
    }

    private static final class Block {
        final long active;
        long threadId = -1;
        boolean lockWait;
        long waitSeconds = -1;
        String table;
        String mode;
        long rowLocks;
        long undo;

        Block(long active) {
            this.active = active;
        }

        Trx trx() {
            return new Trx(threadId, active, lockWait, waitSeconds, table, mode, rowLocks, undo);
        }
    }
}
