package org.gatewaydoctor.checks.phpfpm.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** glob(3) as PHP-FPM's include uses it. */
class GlobTest {

    @TempDir
    Path dir;

    @Test
    void matchesLikeFnmatch() {
        assertTrue(Glob.matches("*.conf", "www.conf"));
        assertFalse(Glob.matches("*.conf", ".hidden.conf"));
        assertTrue(Glob.matches(".*.conf", ".hidden.conf"));
        assertTrue(Glob.matches("www?.conf", "www2.conf"));
        assertTrue(Glob.matches("[a-c]*.conf", "b.conf"));
        assertFalse(Glob.matches("[!a-c]*.conf", "b.conf"));
        assertTrue(Glob.matches("[^a-c]*.conf", "d.conf"));
        assertTrue(Glob.matches("[]]x", "]x"));
        assertTrue(Glob.matches("a\\*b", "a*b"));
        assertFalse(Glob.matches("a\\*b", "axb"));
        assertFalse(Glob.matches("{a,b}.conf", "a.conf")); // no GLOB_BRACE
        assertTrue(Glob.matches("[unclosed", "[unclosed"));
    }

    @Test
    void pathologicalPatternsStayLinear() {
        String name = "a".repeat(250);
        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertFalse(Glob.matches("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", name)));
    }

    @Test
    void expandsSortedFilesAndSkipsDirectories() throws IOException {
        Files.createDirectories(dir.resolve("pool.d/sub.conf"));
        Files.writeString(dir.resolve("pool.d/b.conf"), "");
        Files.writeString(dir.resolve("pool.d/a.conf"), "");
        Files.writeString(dir.resolve("pool.d/c.txt"), "");
        Glob.Result r = Glob.expand(dir + "/pool.d/*.conf", 100, 1000);
        assertEquals(Glob.Outcome.MATCHED, r.outcome());
        assertEquals(List.of(dir.resolve("pool.d/a.conf"), dir.resolve("pool.d/b.conf")), r.files());
    }

    @Test
    void expandsWildcardsInDirectories() throws IOException {
        Files.createDirectories(dir.resolve("8.1/pool.d"));
        Files.createDirectories(dir.resolve("8.2/pool.d"));
        Files.writeString(dir.resolve("8.1/pool.d/www.conf"), "");
        Files.writeString(dir.resolve("8.2/pool.d/www.conf"), "");
        assertEquals(List.of(dir.resolve("8.1/pool.d/www.conf"), dir.resolve("8.2/pool.d/www.conf")),
                Glob.expand(dir + "/8.*/pool.d/*.conf", 100, 1000).files());
    }

    @Test
    void tellsNoMatchFromAnUnreadableDirectory() throws IOException {
        assertEquals(Glob.Outcome.NO_MATCH, Glob.expand(dir + "/missing.conf", 100, 1000).outcome());
        Files.createDirectories(dir.resolve("empty"));
        assertEquals(Glob.Outcome.NO_MATCH, Glob.expand(dir + "/empty/*.conf", 100, 1000).outcome());
        Glob.Result aborted = Glob.expand(dir + "/none/*.conf", 100, 1000);
        assertEquals(Glob.Outcome.ABORTED, aborted.outcome());
        assertTrue(aborted.error().contains("no such file or directory"), aborted.error());
    }

    @Test
    void stopsAtItsLimits() throws IOException {
        for (int k = 0; k < 30; k++) {
            Files.writeString(dir.resolve("f" + k + ".conf"), "");
        }
        Glob.Result few = Glob.expand(dir + "/*.conf", 5, 1000);
        assertTrue(few.truncated());
        assertEquals(5, few.files().size());
        Glob.Result scanned = Glob.expand(dir + "/*.conf", 100, 10);
        assertTrue(scanned.truncated());
    }
}
