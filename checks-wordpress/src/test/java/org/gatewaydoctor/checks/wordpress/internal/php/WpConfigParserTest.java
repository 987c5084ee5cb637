package org.gatewaydoctor.checks.wordpress.internal.php;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WpConfigParserTest {

    private static final Path FILE = Path.of("/srv/www/site/wp-config.php");

    private static WpConfig parse(String php) {
        return WpConfigParser.parse(FILE, php);
    }

    @Test
    void readsTheDefinesOfWordPressesOwnSampleConfig() throws IOException {
        // wp-config-sample.php as WordPress 6.1 ships it (Debian's package), with values filled in
        WpConfig c = parse(new String(getClass().getResourceAsStream("/fixtures/wp-config/sample-filled.php")
                .readAllBytes(), StandardCharsets.UTF_8));
        assertEquals("wordpress", c.value("DB_NAME").orElseThrow());
        assertEquals("wp", c.value("DB_USER").orElseThrow());
        assertEquals("CANARY-dbpass-7f3a9", c.value("DB_PASSWORD").orElseThrow());
        assertEquals("localhost", c.value("DB_HOST").orElseThrow());
        assertEquals("utf8", c.value("DB_CHARSET").orElseThrow());
        assertEquals("false", c.value("WP_DEBUG").orElseThrow());
        assertEquals("CANARY-nonce-salt-3c1d", c.value("NONCE_SALT").orElseThrow());
        assertEquals("wp_", c.tablePrefix().value());
        assertEquals("wp_", c.safeTablePrefix().orElseThrow());
        assertTrue(c.problems().isEmpty(), c.problems().toString());
        // ABSPATH is defined from __DIR__ inside an if block
        assertEquals("/srv/www/site/", c.value("ABSPATH").orElseThrow());
    }

    @Test
    void joinsConcatenationsAndResolvesEarlierConstantsAndDirname() {
        WpConfig c = parse("""
                <?php
                define( 'WP_CONTENT_DIR', dirname( __FILE__ ) . '/content' );
                define('WP_DEBUG_LOG', WP_CONTENT_DIR . "/logs/" . 'debug.log');
                define('DB_PASSWORD', 'first-half' . 'second-half');
                """);
        assertEquals("/srv/www/site/content", c.value("WP_CONTENT_DIR").orElseThrow());
        assertEquals("/srv/www/site/content/logs/debug.log", c.value("WP_DEBUG_LOG").orElseThrow());
        assertEquals("first-halfsecond-half", c.value("DB_PASSWORD").orElseThrow());
        assertEquals(List.of("first-half", "second-half"), c.constant("DB_PASSWORD").orElseThrow().literals());
    }

    @Test
    void keepsTheFirstOfTwoDefinitionsAsPhpDoesAndRecordsTheSecond() {
        WpConfig c = parse("<?php\ndefine('WP_DEBUG', false);\n\ndefine('WP_DEBUG', true);\n");
        assertEquals("false", c.value("WP_DEBUG").orElseThrow());
        assertEquals(List.of(4), c.redefined().get("WP_DEBUG"));
    }

    @Test
    void saysWhenAValueIsNotStatic() {
        WpConfig c = parse("""
                <?php
                define('DB_HOST', getenv('WORDPRESS_DB_HOST'));
                define('DB_NAME', $_SERVER['DB'] ?? 'fallback');
                define('WP_HOME', "https://{$host}/");
                define('WP_CACHE', true);
                """);
        PhpValue host = c.constant("DB_HOST").orElseThrow();
        assertFalse(host.isStatic());
        assertEquals("getenv('WORDPRESS_DB_HOST')", host.source());
        assertFalse(c.constant("DB_NAME").orElseThrow().isStatic());
        assertFalse(c.constant("WP_HOME").orElseThrow().isStatic());
        assertTrue(c.constant("WP_CACHE").orElseThrow().isTrue());
    }

    @Test
    void ignoresCommentsStringsAndMethodsThatLookLikeDefines() {
        WpConfig c = parse("""
                <?php
                // define('DB_HOST', 'commented-out');
                # define('DB_HOST', 'hash-comment');
                /* define('DB_HOST', 'block');
                   */
                $x = "define('DB_HOST', 'in-a-string')";
                $obj->define('DB_HOST', 'method');
                Foo::define('DB_HOST', 'static-method');
                define /* odd */ ( /* here */ 'DB_HOST' /* and */ , # there
                   '127.0.0.1:3307' );
                """);
        assertEquals("127.0.0.1:3307", c.value("DB_HOST").orElseThrow());
        assertEquals(1, c.constants().size(), c.constants().keySet().toString());
    }

    @Test
    void decodesEscapesInBothQuoteStylesAndHeredocs() {
        WpConfig c = parse("<?php\n"
                + "define('A', 'it\\'s a \\\\ back\\n');\n"
                + "define(\"B\", \"tab\\there \\x41\\101 \\$notavar\");\n"
                + "define('C', <<<'EOT'\n  raw $x\n  EOT);\n"
                + "define('D', <<<EOT\nline\\tone\nEOT\n);\n");
        assertEquals("it's a \\ back\\n", c.value("A").orElseThrow());
        assertEquals("tab\there AA $notavar", c.value("B").orElseThrow());
        assertEquals("raw $x", c.value("C").orElseThrow());
        assertEquals("line\tone", c.value("D").orElseThrow());
    }

    @Test
    void readsCodeAfterACloseTagAndInlineText() {
        WpConfig c = parse("<?php define('A', '1') ?>\n<p>html define('B','no')</p>\n<?php define('C', '3');");
        assertEquals("1", c.value("A").orElseThrow());
        assertTrue(c.constant("B").isEmpty());
        assertEquals("3", c.value("C").orElseThrow());
    }

    @Test
    void anUnterminatedStringEndsReadingWithAProblemThatHoldsNoValue() {
        WpConfig c = parse("<?php\ndefine('DB_USER', 'wp');\ndefine('DB_PASSWORD', 'CANARY-unterminated");
        assertEquals("wp", c.value("DB_USER").orElseThrow());
        assertEquals(1, c.problems().size());
        assertTrue(c.problems().get(0).contains("line 3"), c.problems().toString());
        assertFalse(c.problems().toString().contains("CANARY"), c.problems().toString());
    }

    @Test
    void refusesAnInvalidTablePrefixForQueries() {
        assertTrue(parse("<?php $table_prefix = 'wp_; DROP TABLE x; --';").safeTablePrefix().isEmpty());
        assertEquals("site2_", parse("<?php $table_prefix  = 'site2_';").safeTablePrefix().orElseThrow());
        assertTrue(parse("<?php $table_prefix = getenv('P');").safeTablePrefix().isEmpty());
    }

    @Test
    void deepNestingIsSkippedWithAProblemNotAStackOverflow() {
        String deep = "(".repeat(50_000) + "'x'" + ")".repeat(50_000);
        WpConfig c = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> parse("<?php define('A', " + deep + "); define('B', 'b');"));
        assertTrue(c.constant("A").isEmpty());
        assertEquals("b", c.value("B").orElseThrow());
        assertTrue(c.problems().stream().anyMatch(p -> p.contains("deeper than")), c.problems().toString());
    }

    @Test
    void garbageAndHugeInputsEndQuicklyWithWhatCouldBeRead(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("wp-config.php");
        StringBuilder b = new StringBuilder("<?php define('DB_NAME', 'wp');\n");
        while (b.length() < 3 * (1 << 20)) {
            b.append("define('X").append(b.length()).append("', 'y'); /* ").append("z".repeat(100)).append(" */\n");
        }
        Files.writeString(big, b);
        WpConfig c = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> WpConfigParser.read(big));
        assertEquals("wp", c.value("DB_NAME").orElseThrow());
        assertTrue(c.problems().get(0).contains("larger than 1024 KiB"), c.problems().toString());

        byte[] junk = new byte[1 << 20];
        new java.util.Random(42).nextBytes(junk);
        Path bin = dir.resolve("junk.php");
        Files.write(bin, junk);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> WpConfigParser.read(bin));
        // A million open tags, quotes and heredoc starts
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> parse("<?php " + "<<<A\n".repeat(200_000)));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> parse("<?php " + "define(".repeat(200_000)));
    }

    @Test
    void aFolderOrMissingFileIsAnIoErrorNotAnEmptyConfig(@TempDir Path dir) {
        assertThrows(IOException.class, () -> WpConfigParser.read(dir));
        assertThrows(IOException.class, () -> WpConfigParser.read(dir.resolve("absent.php")));
    }

    @Test
    void namesSecretsByWordPressNamesAndBySuffix() {
        assertTrue(WpConfig.isSecret("DB_PASSWORD"));
        assertTrue(WpConfig.isSecret("NONCE_SALT"));
        assertTrue(WpConfig.isSecret("AUTH_KEY"));
        assertTrue(WpConfig.isSecret("WP_REDIS_PASSWORD"));
        assertTrue(WpConfig.isSecret("AWS_SECRET_ACCESS_KEY"));
        assertFalse(WpConfig.isSecret("DB_HOST"));
        assertNull(parse("<?php").tablePrefix());
    }
}
