package org.gatewaydoctor.checks.wordpress.internal.htaccess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.gatewaydoctor.testkit.WordPressFiles;
import org.junit.jupiter.api.Test;

class HtaccessTest {

    static final Path FILE = Path.of("/var/www/html/.htaccess");

    @Test
    void readsWordPressOwnBlockAsBalancedWithItsMarkers() {
        Htaccess h = Htaccess.parse(FILE, WordPressFiles.HTACCESS_BLOCK, false);
        assertEquals(List.of(), h.problems());
        assertEquals(new Htaccess.Block(1, 15), h.wordpressBlock());
        assertEquals(9, h.inWordPressBlock().size());
        Htaccess.Directive rule = h.directives().stream().filter(d -> d.is("RewriteRule")).reduce((a, b) -> b).orElseThrow();
        assertEquals(List.of(".", "/index.php", "[L]"), rule.args());
        assertEquals(12, rule.line());
        assertEquals(List.of("IfModule mod_rewrite.c"), rule.sections());
    }

    @Test
    void aCloserWithoutItsOpenerIsWhatApacheRejects() {
        Htaccess h = Htaccess.parse(FILE, "RewriteEngine On\n</IfModule>\nRewriteRule . /index.php [L]\n", false);
        assertEquals(1, h.problems().size());
        Htaccess.Problem p = h.problems().get(0);
        assertEquals(Htaccess.ProblemKind.STRAY_CLOSER, p.kind());
        assertEquals(2, p.line());
        assertEquals("</IfModule> without matching <IfModule> section", p.text());
    }

    @Test
    void aSectionClosedByTheWrongCloserNamesTheOpenOne() {
        Htaccess h = Htaccess.parse(FILE, "<IfModule mod_rewrite.c>\nRewriteEngine On\n</Directory>\n", false);
        assertEquals(Htaccess.ProblemKind.STRAY_CLOSER, h.problems().get(0).kind());
        assertEquals("</Directory> without matching <Directory> section (the open section is <IfModule> of line 1)",
                h.problems().get(0).text());
    }

    @Test
    void anUnclosedCacheBlockBeforeTheWordPressBlockIsReportedWithItsModule() {
        String text = "<IfModule mod_expires.c>\nExpiresActive On\nExpiresDefault \"access plus 1 month\"\n\n"
                + WordPressFiles.HTACCESS_BLOCK;
        Htaccess h = Htaccess.parse(FILE, text, false);
        assertEquals(1, h.problems().size());
        Htaccess.Problem p = h.problems().get(0);
        assertEquals(Htaccess.ProblemKind.UNCLOSED, p.kind());
        assertEquals(1, p.line());
        assertEquals("IfModule", p.section());
        assertEquals("expires", Htaccess.moduleOf(p.argument()));
        assertTrue(h.wordpressBlock().present());
    }

    @Test
    void markersOutOfOrderOrDoubledAreProblemsOfTheirOwn() {
        Htaccess h = Htaccess.parse(FILE, "# END WordPress\n# BEGIN WordPress\n# BEGIN WordPress\n", false);
        assertEquals(List.of("'# BEGIN WordPress' without '# END WordPress': WordPress cannot rewrite its block and adds a new one",
                        "'# END WordPress' without '# BEGIN WordPress' before it",
                        "a second '# BEGIN WordPress' (the first is on line 2)"),
                h.problems().stream().map(Htaccess.Problem::text).sorted().toList().stream()
                        .sorted((a, b) -> a.compareTo(b)).toList());
        assertFalse(h.wordpressBlock().present());
    }

    @Test
    void backslashContinuesALineAndQuotesGroupWords() {
        Htaccess h = Htaccess.parse(FILE, "ErrorDocument 500 \"Sorry, \\\nwe broke\"\nHeader set X-A 'b c'\n", false);
        assertEquals(List.of("500", "Sorry,  we broke"), h.directives().get(0).args());
        assertEquals(List.of("set", "X-A", "b c"), h.directives().get(1).args());
    }

    @Test
    void moduleNamesAreNormalised() {
        assertEquals("rewrite", Htaccess.moduleOf("mod_rewrite.c"));
        assertEquals("rewrite", Htaccess.moduleOf("rewrite_module"));
        assertEquals("headers", Htaccess.moduleOf("!mod_headers.c"));
    }

    @Test
    void hostileInputIsBoundedAndNeverThrows() {
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            deep.append("<IfModule m").append(i).append(">\n");
        }
        deep.append("\\\n".repeat(10_000)).append('"').append("x".repeat(100_000));
        Htaccess h = Htaccess.parse(FILE, deep.toString(), false);
        assertEquals(100_000, h.problems().size());
        assertEquals(Htaccess.ProblemKind.UNCLOSED, h.problems().get(0).kind());
    }
}
