package org.gatewaydoctor.checks.wordpress.internal.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** DB_HOST read as wpdb::parse_db_host() and mysqli read it. */
class DbHostTest {

    private static final Path DEF = DbHost.DEFAULT_SOCKET;

    private static DbHost p(String s) {
        return DbHost.parse(s, DEF).orElseThrow();
    }

    @Test
    void localhostMeansTheDefaultSocketWhateverThePort() {
        assertEquals(DEF, p("localhost").socket());
        assertEquals(DEF, p("localhost:3307").socket());
        assertEquals(Path.of("/var/run/mysqld/other.sock"), p("localhost:/var/run/mysqld/other.sock").socket());
        assertEquals(DEF, p("").socket());
    }

    @Test
    void hostsAndPortsGoOverTcp() {
        DbHost h = p("127.0.0.1:3307");
        assertNull(h.socket());
        assertEquals("127.0.0.1", h.host());
        assertEquals(3307, h.port());
        assertEquals(3306, p("db.internal").port());
        assertEquals("db.internal:3306", p("db.internal").describe());
        // a socket after a real host name is ignored by mysqli: TCP to the host
        assertFalse(p("db.internal:/tmp/x.sock").isSocket());
    }

    @Test
    void readsIpv6AsWordPressDoes() {
        DbHost h = p("[::1]:3308");
        assertEquals("::1", h.host());
        assertEquals(3308, h.port());
        assertEquals("[::1]:3308", h.describe());
        assertEquals(3306, p("fe80::1").port());
    }

    @Test
    void outOfRangePortsFallBackAndHugeInputIsRefused() {
        assertEquals(3306, p("127.0.0.1:99999999").port());
        assertTrue(DbHost.parse("x".repeat(5000), DEF).isEmpty());
    }
}
