package org.gatewaydoctor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.gatewaydoctor.checks.phpfpm.internal.config.ConfigProblem;
import org.gatewaydoctor.checks.phpfpm.internal.config.FpmConfig;
import org.gatewaydoctor.checks.phpfpm.internal.config.FpmConfigParser;

/**
 * The PHP-FPM configuration parser on any bytes as {@code /etc/php/8.2/fpm/php-fpm.conf} (and, after a NUL
 * byte, {@code /etc/php/8.2/fpm/pool.d/www.conf}, which Debian's main file includes). Seeds: Debian's
 * php8.2-fpm configuration and the other PHP-FPM configurations of checks-phpfpm's and core's fixtures.
 *
 * <p>Invariants: it never throws and never fails inside (it turns a {@code RuntimeException} into a
 * "parser failure" problem, which is a bug all the same); pools and problems stay inside its limits; parsing
 * is deterministic.
 */
class FpmConfigFuzzTest {

    private static final ConfigTree TREE = new ConfigTree("fpm");
    private static final Path MAIN = Path.of("/etc/php/8.2/fpm/php-fpm.conf");

    @FuzzTest(maxDuration = Budget.PER_TARGET)
    void parse(byte[] data) {
        TREE.write(data, MAIN.toString(), "/etc/php/8.2/fpm/pool.d/www.conf");
        FpmConfigParser parser = FpmConfigParser.standard().withRoot(TREE.root());
        FpmConfig c = parser.parse(MAIN);
        assertNotNull(c);
        for (ConfigProblem p : c.problems()) {
            assertFalse(p.message().startsWith("parser failure"), p::message);
            assertTrue(p.origin().line() <= data.length + 1, () -> "problem at line " + p.origin().line());
        }
        assertTrue(c.pools().size() <= FpmConfigParser.Limits.DEFAULT.maxPools(), "more pools than the limit");
        assertTrue(c.problems().size() <= FpmConfigParser.Limits.DEFAULT.maxProblems() + 1,
                "more problems than the limit");
        assertEquals(c, parser.parse(MAIN), "parsing is not deterministic");
    }
}
