package org.gatewaydoctor.checks.phpfpm.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The INI line reader. Every expected value here was first observed with {@code php-fpm8.2 -tt} (PHP 8.2.36),
 * which dumps the configuration as PHP-FPM read it; {@code FpmConfigParserIT} repeats the comparison live.
 */
class IniLineTest {

    static IniLine.Entry entry(String line) {
        return entry(line, Map.of());
    }

    static IniLine.Entry entry(String line, Map<String, String> env) {
        IniLine l = IniLine.parse(line, env);
        return assertInstanceOf(IniLine.Entry.class, l, line + " -> " + l);
    }

    static String value(String line) {
        return entry(line).value();
    }

    @Test
    void trimsValuesAndDropsComments() {
        assertEquals("/tmp/fx/$pool.sock", value("listen = /tmp/fx/$pool.sock ; a comment"));
        assertEquals("hello world", value("slowlog = hello world  ; c"));
        assertEquals("a", value("slowlog = a;b"));
        assertEquals("a#b", value("slowlog = a#b"));
        assertEquals("/p", value("  slowlog  =  /p  "));
        assertEquals("a{b}", value("slowlog = a{b}"));
        assertEquals("a]b", value("slowlog = a]b"));
        assertEquals("", value("pm.max_children ="));
        assertEquals("static", value("pm = static\r"));
        assertEquals("sta", value("pm = sta\0tic"));
    }

    @Test
    void readsQuotedStringsAsPhpDoes() {
        assertEquals("foobarbaz", value("slowlog = foo\"bar\"baz"));
        assertEquals("a\\tb\\c\"d\\q", value("slowlog = \"a\\tb\\\\c\\\"d\\q\""));
        assertEquals("a\\b;c", value("slowlog = 'a\\b;c'"));
        assertEquals("on", value("slowlog = \"on\""));
        assertEquals("x ; y", value("ping.response = \"x ; y\" ; comment"));
    }

    @Test
    void readsBooleanWordsAsOneAndEmpty() {
        assertEquals("1", value("catch_workers_output = On"));
        assertEquals("1", value("catch_workers_output = TRUE"));
        assertEquals("1", value("catch_workers_output = yes ; comment"));
        assertEquals("", value("catch_workers_output = none"));
        assertEquals("", value("catch_workers_output = Off"));
        assertEquals("", value("slowlog = null"));
        assertEquals("yes please", value("ping.response = yes please"));
    }

    @Test
    void expandsEnvironmentVariablesAndRecordsMissingOnes() {
        IniLine.Entry e = entry("chdir = ${HOME}/x", Map.of("HOME", "/root"));
        assertEquals("/root/x", e.value());
        assertEquals(List.of(), e.unresolved());
        IniLine.Entry missing = entry("slowlog = /x ${NOPE_NOT_SET} y");
        assertEquals("/x  y", missing.value());
        assertEquals(List.of("NOPE_NOT_SET"), missing.unresolved());
        assertEquals("/v/www", entry("slowlog = \"/v/${P}\"", Map.of("P", "www")).value());
    }

    @Test
    void keepsExpressionsAsWritten() {
        IniLine.Entry e = entry("php_value[error_reporting] = E_ALL & ~E_DEPRECATED");
        assertTrue(e.expression());
        assertEquals("E_ALL & ~E_DEPRECATED", e.value());
        assertTrue(entry("php_value[error_reporting] = (E_ALL | E_STRICT) & !E_NOTICE").expression());
        assertTrue(entry("slowlog = x & y").expression());
    }

    @Test
    void rejectsExpressionsPhpCannotParse() {
        assertEquals("syntax error, unexpected '!'",
                assertInstanceOf(IniLine.SyntaxError.class, IniLine.parse("ping.path = /p!ng", Map.of())).message());
        assertEquals("syntax error, unexpected 'end of line'",
                assertInstanceOf(IniLine.SyntaxError.class, IniLine.parse("x = E_ALL &", Map.of())).message());
        assertEquals("syntax error, unexpected '('",
                assertInstanceOf(IniLine.SyntaxError.class, IniLine.parse("slowlog = /var/log/(x).log", Map.of()))
                        .message());
    }

    @Test
    void readsArrayOffsetsPlainAndQuoted() {
        IniLine.Entry e = entry("php_admin_value[memory_limit] = 128M");
        assertEquals("php_admin_value", e.key());
        assertEquals("memory_limit", e.offset());
        assertEquals("128M", e.value());
        assertEquals("quoted key", entry("php_value[\"quoted key\"] = 1").offset());
        assertEquals("", entry("access.suppress_path[] = /ping").offset());
        assertNull(entry("pm = static").offset());
    }

    @Test
    void keepsSectionNamesAsWritten() {
        assertEquals(" spaced ", assertInstanceOf(IniLine.Section.class, IniLine.parse("[ spaced ]", Map.of())).name());
        assertEquals("www", assertInstanceOf(IniLine.Section.class, IniLine.parse("[www] ; pool", Map.of())).name());
        assertEquals("WWW", assertInstanceOf(IniLine.Section.class, IniLine.parse("  [WWW]", Map.of())).name());
    }

    @Test
    void aHashIsNoCommentSincePhp7() {
        assertEquals("# a hash comment",
                assertInstanceOf(IniLine.BareKey.class, IniLine.parse("# a hash comment", Map.of())).key());
        assertEquals("#foo", entry("#foo = bar").key());
    }

    @Test
    void recognisesBlankLinesBareKeysAndSyntaxErrors() {
        assertInstanceOf(IniLine.Blank.class, IniLine.parse("", Map.of()));
        assertInstanceOf(IniLine.Blank.class, IniLine.parse("   ; comment", Map.of()));
        assertInstanceOf(IniLine.Blank.class, IniLine.parse("\t", Map.of()));
        assertEquals("pm.max_children",
                assertInstanceOf(IniLine.BareKey.class, IniLine.parse("pm.max_children", Map.of())).key());
        assertInstanceOf(IniLine.SyntaxError.class, IniLine.parse("ping.response = a=b", Map.of()));
        assertInstanceOf(IniLine.SyntaxError.class, IniLine.parse("slowlog = \"unterminated", Map.of()));
        assertInstanceOf(IniLine.SyntaxError.class, IniLine.parse("slowlog = 'unterminated", Map.of()));
        assertInstanceOf(IniLine.SyntaxError.class, IniLine.parse("[www", Map.of()));
        assertInstanceOf(IniLine.SyntaxError.class, IniLine.parse("[www] trailing", Map.of()));
        assertInstanceOf(IniLine.SyntaxError.class, IniLine.parse("= value", Map.of()));
        assertInstanceOf(IniLine.SyntaxError.class, IniLine.parse("php_value[x = 1", Map.of()));
        assertInstanceOf(IniLine.SyntaxError.class, IniLine.parse("slowlog = ${UNCLOSED", Map.of()));
    }

    @Test
    void keepsKeysCaseAndRawText() {
        IniLine.Entry e = entry("PM.MAX_CHILDREN = 7 ; seven");
        assertEquals("PM.MAX_CHILDREN", e.key());
        assertEquals("7", e.raw());
    }
}
