package org.gatewaydoctor.checks.wordpress.internal.htaccess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gatewaydoctor.testkit.WordPressFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay against shapes whose behaviour was observed with Apache 2.4 (Debian 12): WordPress's own block does not
 * loop; {@code RewriteRule ^(.*)$ /x/$1} and {@code RewriteRule ^(.*)$ /index.php [L]} alone loop internally (500,
 * AH00124); {@code RewriteRule ^shop/?$ /shop/ [R=302,L]} redirects /shop/ to itself.
 */
class RewriteReplayTest {

    @TempDir
    Path dir;

    private List<RewriteReplay.Loop> loops(String text) throws IOException {
        Path f = dir.resolve(".htaccess");
        Files.writeString(f, text);
        return RewriteReplay.of(Htaccess.read(f), "/", "example.org").loops();
    }

    @Test
    void wordPressOwnBlockDoesNotLoop() throws IOException {
        Files.writeString(dir.resolve("index.php"), "<?php");
        assertEquals(List.of(), loops(WordPressFiles.HTACCESS_BLOCK));
    }

    @Test
    void frontControllerWithoutItsGuardsLoopsInternally() throws IOException {
        Files.writeString(dir.resolve("index.php"), "<?php");
        List<RewriteReplay.Loop> loops = loops("RewriteEngine On\nRewriteRule ^(.*)$ /index.php [L]\n");
        assertEquals(1, loops.size());
        assertEquals(RewriteReplay.Kind.INTERNAL, loops.get(0).kind());
        assertEquals(List.of(2), loops.get(0).lines());
        assertEquals(11, loops.get(0).chain().size());
    }

    @Test
    void aPrefixRuleWithoutConditionGrowsForEverAndLoops() throws IOException {
        List<RewriteReplay.Loop> loops = loops("RewriteEngine On\nRewriteRule ^(.*)$ /x/$1\n");
        assertEquals(RewriteReplay.Kind.INTERNAL, loops.get(0).kind());
        assertTrue(loops.get(0).chain().get(3).startsWith("/x/x/x/"), loops.get(0).chain().toString());
    }

    @Test
    void aRedirectToItselfIsARedirectLoop() throws IOException {
        List<RewriteReplay.Loop> loops = loops("RewriteEngine On\nRewriteRule ^shop/?$ /shop/ [R=302,L]\n");
        assertEquals(1, loops.size());
        RewriteReplay.Loop l = loops.get(0);
        assertEquals(RewriteReplay.Kind.REDIRECT, l.kind());
        assertEquals(List.of("/shop/", "/shop/"), l.chain());
    }

    @Test
    void aForcedHttpsRuleLoopsOnlyBehindATlsFront() throws IOException {
        List<RewriteReplay.Loop> loops = loops("RewriteEngine On\nRewriteCond %{HTTPS} off\n"
                + "RewriteRule ^(.*)$ https://%{HTTP_HOST}/$1 [R=301,L]\n");
        assertEquals(RewriteReplay.Kind.REDIRECT_BEHIND_TLS, loops.get(0).kind());
        assertEquals(List.of(3), loops.get(0).lines());
    }

    @Test
    void rulesThatStopOrLeaveTheSiteAreNoLoop() throws IOException {
        assertEquals(List.of(), loops("RewriteEngine On\nRewriteRule ^(.*)$ /index.php [END]\n"));
        assertEquals(List.of(), loops("RewriteEngine On\nRewriteRule ^old/(.*)$ https://other.example/$1 [R=301,L]\n"));
        assertEquals(List.of(), loops("RewriteEngine Off\nRewriteRule ^(.*)$ /index.php [L]\n"));
        assertEquals(List.of(), loops("<IfModule !mod_rewrite.c>\nRewriteEngine On\nRewriteRule ^(.*)$ /index.php [L]\n</IfModule>\n"));
    }

    @Test
    void aConditionWhoseValueIsUnknownGivesNoConclusion() throws IOException {
        assertEquals(List.of(), loops("RewriteEngine On\nRewriteCond %{HTTP_USER_AGENT} bot\nRewriteRule ^(.*)$ /index.php [L]\n"));
    }

    @Test
    void aCatastrophicPatternIsStoppedByItsStepBudget() {
        // Java's engine memoizes (a+)+ but not a back-reference after a starred group
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)*\\1x$")
                .matcher(new RewriteReplay.Budget("1".repeat(29)));
        org.junit.jupiter.api.Assertions.assertThrows(RewriteReplay.Budget.Exceeded.class, m::find);
    }

    @Test
    void aSampleThatExceedsTheBudgetGivesNoConclusionAndSaysWhy() throws IOException {
        Path f = dir.resolve(".htaccess");
        String ones = "1".repeat(29);
        Files.writeString(f, "RewriteEngine On\nRewriteRule ^(\\d+)*\\1x$ /y [L]\nRewriteRule ^" + ones + "$ /" + ones + " [L]\n");
        RewriteReplay r = RewriteReplay.of(Htaccess.read(f), "/", null);
        assertEquals(List.of(), r.loops());
        assertTrue(r.problems().contains("line 2: the pattern ^(\\d+)*\\1x$ backtracks without end on " + ones
                + " (stopped after 200000 steps)"), r.problems().toString());
    }

    @Test
    void aPatternJavaCannotReadIsReportedNotThrown() throws IOException {
        Path f = dir.resolve(".htaccess");
        Files.writeString(f, "RewriteEngine On\nRewriteRule ^(unclosed$ /x [L]\n");
        RewriteReplay r = RewriteReplay.of(Htaccess.read(f), "/", null);
        assertEquals(List.of(), r.loops());
        assertTrue(r.problems().get(0).startsWith("line 2: the pattern ^(unclosed$ could not be read"), r.problems().toString());
    }
}
