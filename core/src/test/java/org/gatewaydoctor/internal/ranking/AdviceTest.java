package org.gatewaydoctor.internal.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.gatewaydoctor.model.Evidence;
import org.junit.jupiter.api.Test;

/** Advice said once: which steps are one step, and which confirmations are already answered. */
class AdviceTest {

    @Test
    void theSameStepInOtherWordsIsKeptOnceInTheMoreDetailedWording() {
        String shortStep = "Raise pm.max_children only if memory allows: (RAM left for PHP) / (average php-fpm worker RSS).";
        String longStep = "Size the pool to the memory: pm.max_children (now 5) = memory available for PHP / average "
                + "worker size (ps -C php-fpm8.x -o rss= | awk '{s+=$1} END {print s/NR/1024 \" MB\"}'); raise it only "
                + "as far as that allows, then restart PHP-FPM.";
        String other = "Serve anonymous visitors from a full-page cache so fewer requests need a PHP worker at peak.";
        assertEquals(List.of(longStep, other), Advice.steps(List.of(shortStep, other, longStep)));
    }

    @Test
    void differentStepsOnOneSubjectStaySeparate() {
        List<String> steps = List.of(
                "Check whether PHP-FPM runs: systemctl status php8.x-fpm (or ps aux | grep php-fpm).",
                "Enable it at boot so a reboot does not bring the 502s back: systemctl enable php8.x-fpm.",
                "A larger listen.backlog in the pool (and net.core.somaxconn) only lengthens the queue: it helps with "
                        + "short bursts, not with workers held for minutes.");
        assertEquals(steps, Advice.steps(steps));
    }

    @Test
    void shortStepsAreOnlyMergedWhenEqual() {
        assertEquals(List.of("Reload nginx.", "Reload PHP-FPM."),
                Advice.steps(List.of("Reload nginx.", "Reload PHP-FPM.", "reload  nginx.")));
    }

    @Test
    void aConfirmationWhoseQuotedTextIsInTheEvidenceIsDropped() {
        Evidence line = new Evidence.LogLine("/var/log/php8.2-fpm.log", 3, Instant.EPOCH,
                "[07-Dec-2026 05:02:53] WARNING: [pool www] server reached pm.max_children setting (5), consider raising it");
        List<String> open = Advice.confirmations(List.of(
                        "PHP-FPM's log shows 'server reached pm.max_children setting' at peak hours",
                        "the kernel log shows the OOM killer ending php-fpm workers (dmesg -T)"),
                List.of(line), List.of("phpfpm.log"));
        assertEquals(List.of("the kernel log shows the OOM killer ending php-fpm workers (dmesg -T) (give it with --logs "
                + "(/var/log/kern.log, or journalctl -k > file))"), open);
    }

    @Test
    void aConfirmationNamingACheckThatReportedTheCauseIsDropped() {
        assertEquals(List.of(), Advice.confirmations(List.of("no php-fpm master process runs (the phpfpm.process check)"),
                List.of(), List.of("phpfpm.socket", "phpfpm.process")));
    }

    @Test
    void anErrnoAlreadyQuotedInTheEvidenceAnswersTheConfirmation() {
        Evidence line = new Evidence.LogLine("/var/log/nginx/error.log", 9, Instant.EPOCH,
                "connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable) while "
                        + "connecting to upstream");
        assertEquals(List.of(), Advice.confirmations(List.of("nginx's error log shows connect() to the socket failing "
                + "with (11: Resource temporarily unavailable) at the same times"), List.of(line), List.of()));
    }

    @Test
    void aKillAtRequestTerminateTimeoutAnywhereInTheDiagnosisAnswersTheSlowlogButNothingElse() {
        // PHP-FPM 8.2's line, and PHP-FPM 5's without the request (fpm_request.c); of another cause's evidence
        Evidence kill = new Evidence.LogLine("/var/log/php8.2-fpm.log", 2, Instant.EPOCH, "[07-Dec-2026 05:02:55] "
                + "WARNING: [pool www] child 2211, script '/var/www/shop/wp-admin/admin-ajax.php' (request: \"POST "
                + "/wp-admin/admin-ajax.php\") execution timed out (61.002345 sec), terminating");
        Evidence old = new Evidence.LogLine("/var/log/php5-fpm.log", 9, Instant.EPOCH, "[07-Dec-2016 05:02:55] WARNING: "
                + "[pool www] child 2211, script '/var/www/index.php' execution timed out (30.000412 sec), terminating");
        List<String> asked = List.of("the PHP-FPM slowlog or the application's logs show requests slower than nginx's "
                + "read timeout", "the kernel log shows the OOM killer ending php-fpm workers (dmesg -T)");
        for (Evidence e : List.of(kill, old)) {
            List<String> open = Advice.confirmations(asked, List.of(), List.of(), List.of(e));
            assertEquals(1, open.size(), open.toString());
            assertTrue(open.get(0).startsWith("the kernel log shows the OOM killer"), open.toString());
        }
        // a slow-request warning of PHP-FPM ("executing too slow ... logging") is not a kill: the slowlog stays asked
        Evidence slow = new Evidence.LogLine("/var/log/php8.2-fpm.log", 4, Instant.EPOCH, "[07-Dec-2026 05:02:40] "
                + "WARNING: [pool www] child 2211, script '/var/www/index.php' (request: \"GET /index.php\") executing "
                + "too slow (5.123456 sec), logging");
        assertEquals(2, Advice.confirmations(asked, List.of(), List.of(), List.of(slow)).size());
    }

    @Test
    void aConfirmationThatNamesItsOptionIsLeftAsItIs() {
        assertEquals("give --fpm-config so the status page can be read",
                Advice.where("give --fpm-config so the status page can be read"));
        assertEquals("the slowlog names the plugin (the pool's slowlog file (slowlog = in the pool), given with --logs)",
                Advice.where("the slowlog names the plugin"));
    }
}
