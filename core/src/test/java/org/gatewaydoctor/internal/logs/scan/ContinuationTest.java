package org.gatewaydoctor.internal.logs.scan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which lines count as the continuation of a PHP error record when a source's formats are sampled. */
class ContinuationTest {

    @Test
    void recognisesTheLinesPhpWritesAfterAnUncaughtExceptionsFirstLine() {
        // as captured from nginx 1.22 + PHP-FPM 8.2 in checks-http's fixtures/nginx/error.log
        assertTrue(Continuation.ofPhpError("Stack trace:"));
        assertTrue(Continuation.ofPhpError("#0 {main}"));
        assertTrue(Continuation.ofPhpError("#12 /var/www/html/wp-includes/class-wp-hook.php(324): acme_init('')"));
        assertTrue(Continuation.ofPhpError("  thrown in /tmp/cap/www/wp-content/themes/northwind/functions.php on line 2\""
                + " while reading response header from upstream, client: 127.0.0.1, server: example.test"));
        assertTrue(Continuation.ofPhpError("Next RuntimeException: outer in /var/www/a.php:3"));
    }

    @Test
    void leavesEveryOtherLineOfNoKnownFormatToTheWrapperAndFragmentRules() {
        assertFalse(Continuation.ofPhpError("   2018/07/14 07:13:11 [crit] 1#1: *1 connect() failed"));
        assertFalse(Continuation.ofPhpError("nginx_1  | 2024/01/02 03:04:05 [error] 7#7: *1 upstream timed out"));
        assertFalse(Continuation.ofPhpError("#hashtag"));
        assertFalse(Continuation.ofPhpError("#"));
        assertFalse(Continuation.ofPhpError("WARNING: [pool www] child 18357 exited on signal 11 (SIGSEGV)"));
        assertFalse(Continuation.ofPhpError("recv() failed (104: Connection reset by peer) while reading response header"));
    }
}
