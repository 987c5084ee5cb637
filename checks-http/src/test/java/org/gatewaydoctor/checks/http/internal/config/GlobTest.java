package org.gatewaydoctor.checks.http.internal.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Tests of {@link Glob}: shell wildcards in one file name. */
class GlobTest {

    @Test
    void matchesShellWildcards() {
        assertTrue(Glob.matches("*.conf", "default.conf"));
        assertFalse(Glob.matches("*.conf", "default.conf.bak"));
        assertTrue(Glob.matches("*", "default"));
        assertTrue(Glob.matches("php?.?-fpm.conf", "php8.2-fpm.conf"));
        assertTrue(Glob.matches("[0-9][0-9]-*", "00-default"));
        assertFalse(Glob.matches("[!0-9]*", "00-default"));
        assertTrue(Glob.matches("[^0-9]*", "default"));
        assertTrue(Glob.matches("[]x]", "]"));
        assertTrue(Glob.matches("a[-]b", "a-b"));
        assertTrue(Glob.matches("\\*", "*"));
        assertFalse(Glob.matches("\\*", "x"));
        assertTrue(Glob.matches("[a", "[a"), "an unclosed bracket is literal");
        assertTrue(Glob.matches("a.(b)+$", "a.(b)+$"), "regex characters are literal");
    }

    @Test
    void leavesHiddenFilesToAnExplicitDot() {
        assertFalse(Glob.matches("*", ".hidden"));
        assertFalse(Glob.matches("*.conf", ".site.conf"));
        assertFalse(Glob.matches("?site", ".site"));
        assertTrue(Glob.matches(".*", ".hidden"));
    }

    @Test
    void tellsWildcardsApart() {
        assertTrue(Glob.hasWildcard("/etc/nginx/sites-enabled/*"));
        assertTrue(Glob.hasWildcard("/etc/nginx/[ab].conf"));
        assertFalse(Glob.hasWildcard("/etc/nginx/nginx.conf"));
    }
}
