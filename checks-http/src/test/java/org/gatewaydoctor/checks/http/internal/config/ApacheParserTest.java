package org.gatewaydoctor.checks.http.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests of {@link ApacheParser}: httpd's lines, words, sections, variables and includes. Where a test
 * quotes an error, the same input made Apache 2.4.71 (Debian 12, {@code apache2 -t}) say the same words
 * at the same line.
 */
class ApacheParserTest {

    private static final String MAIN = "/etc/apache2/apache2.conf";

    @TempDir
    Path root;

    private ApacheOptions options() {
        return ApacheOptions.debian().withRoot(root);
    }

    private ApacheConfig parse(String text) {
        Fixtures.write(root, MAIN, text);
        return ApacheParser.parse(MAIN, options());
    }

    private static List<String> names(List<Directive> ds) {
        return ds.stream().map(Directive::name).toList();
    }

    @Test
    void splitsWordsAsHttpdDoes() {
        ApacheConfig c = parse("LogFormat \"%h \\\"%r\\\" %>s\" 'it''s' a\\\\b c\\d \"x\\\\y\\z\" tab\there\n");
        assertEquals(List.of(), c.problems());
        assertEquals(List.of("%h \"%r\" %>s", "it", "s", "a\\b", "c\\d", "x\\y\\z", "tab", "here"),
                c.directives().get(0).args(), "a word ends at its closing quote; \\\\ and \\\" are escapes");
    }

    @Test
    void joinsContinuationLinesAndHasNoEndOfLineComments() {
        ApacheConfig c = parse("# comment \\\n  still the comment\n  ProxySet timeout=300 \\\n"
                + "        connectiontimeout=5\r\nTimeout 300 # five minutes\n");
        assertEquals(List.of("ProxySet", "Timeout"), names(c.directives()));
        Directive set = c.directives().get(0);
        assertEquals(List.of("timeout=300", "connectiontimeout=5"), set.args());
        assertEquals(3, set.line(), "the line it starts on");
        assertEquals(List.of("300", "#", "five", "minutes"), c.directives().get(1).args());
        assertEquals(5, c.directives().get(1).line());
    }

    @Test
    void buildsSectionsWithTheirArguments() {
        ApacheConfig c = parse("<VirtualHost *:80 [::1]:80>\n  <FilesMatch \".+\\.ph(?:ar|p|tml)$\">\n"
                + "    SetHandler \"proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost\"\n  </FilesMatch>\n"
                + "  <Directory />\n  </Directory>\n  <If \"%{HTTP_HOST} == 'a'\">\n  </If>\n  <Else>\n  </Else>\n</VirtualHost>\n");
        assertEquals(List.of(), c.problems());
        Directive vhost = c.directives().get(0);
        assertTrue(vhost.block());
        assertEquals("VirtualHost", vhost.name());
        assertEquals(List.of("*:80", "[::1]:80"), vhost.args());
        assertEquals(List.of("FilesMatch", "Directory", "If", "Else"), names(vhost.children()));
        assertEquals(List.of(".+\\.ph(?:ar|p|tml)$"), vhost.children().get(0).args());
        assertEquals(List.of("proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost"),
                vhost.children().get(0).children().get(0).args());
        assertEquals(List.of("/"), vhost.children().get(1).args());
        assertEquals(List.of("%{HTTP_HOST} == 'a'"), vhost.children().get(2).args());
        assertEquals(List.of(), vhost.children().get(3).args());
    }

    @Test
    void replacesVariablesFromDefinesThenTheEnvironment() {
        Fixtures.write(root, "/etc/apache2/envvars", "export APACHE_LOG_DIR=/var/log/apache2$SUFFIX\n");
        Fixtures.write(root, MAIN, "Define FOO bar\nServerName ${FOO}\nErrorLog ${NOPE}/x\nCustomLog ${APACHE_LOG_DIR}/a.log "
                + "${FORMAT}\n<IfDefine NEVER>\nDefine FOO other\n</IfDefine>\nServerAdmin ${FOO}@${HOST:-x}\n");
        ApacheConfig c = ApacheParser.parse(MAIN, options().withEnvironment(Map.of("FORMAT", "combined env=x",
                "FOO", "from-env")));
        assertEquals(List.of(MAIN + ":3: Config variable ${NOPE} is not defined"), Fixtures.problems(c.problems()),
                "httpd warns of no name with a colon in it");
        assertEquals(List.of("bar"), c.directives().get(1).args(), "a Define wins over the environment");
        assertEquals(List.of("${NOPE}/x"), c.directives().get(2).args(), "unknown ones stay as written");
        assertEquals(List.of("/var/log/apache2/a.log", "combined", "env=x"), c.directives().get(3).args(),
                "replaced before the line is split");
        assertEquals(List.of("bar@${HOST:-x}"), c.directives().get(5).args(), "a Define under a false <IfDefine> is not made");
        assertEquals("bar", c.variables().get("FOO"));
    }

    @Test
    void readsDebianEnvvarsOnlyWhenAsked() {
        Fixtures.write(root, "/etc/apache2/envvars", "export APACHE_RUN_USER=www-data\n");
        Fixtures.write(root, MAIN, "User ${APACHE_RUN_USER}\n");
        assertEquals(List.of("www-data"), ApacheParser.parse(MAIN, options()).directives().get(0).args());
        ApacheOptions none = new ApacheOptions("/etc/apache2", root, Map.of(), false,
                ApacheOptions.DEBIAN_COMPILED_MODULES, java.util.Set.of(), "logs/error_log", ConfigLimits.DEFAULTS);
        ApacheConfig c = ApacheParser.parse(MAIN, none);
        assertEquals(List.of("${APACHE_RUN_USER}"), c.directives().get(0).args());
        assertEquals(List.of(MAIN + ":1: Config variable ${APACHE_RUN_USER} is not defined"), Fixtures.problems(c.problems()));
    }

    // ---- broken input, in httpd's words

    @Test
    void reportsSectionsNotClosedAndKeepsTheirContent() {
        ApacheConfig c = parse("<VirtualHost *:80>\nServerName x\n<Directory /var/www>\n");
        assertEquals(List.of(MAIN + ":3: <Directory> was not closed.", MAIN + ":1: <VirtualHost> was not closed."),
                Fixtures.problems(c.problems()));
        Directive vhost = c.directives().get(0);
        assertEquals(List.of("ServerName", "Directory"), names(vhost.children()));
    }

    @Test
    void reportsClosingSectionsThatDoNotMatch() {
        assertEquals(List.of(MAIN + ":1: </VirtualHost> without matching <VirtualHost> section"),
                Fixtures.problems(parse("</VirtualHost>\n").problems()));
        ApacheConfig c = parse("<VirtualHost *:80>\n</Directory>\nServerName a\n</VirtualHost>\nListen 80\n");
        assertEquals(List.of(MAIN + ":2: Expected </VirtualHost> but saw </Directory>"), Fixtures.problems(c.problems()));
        assertEquals(List.of("VirtualHost", "Listen"), names(c.directives()));
        assertEquals(List.of("ServerName"), names(c.directives().get(0).children()));
        c = parse("<VirtualHost *:80>\n<Directory />\n</VirtualHost>\n");
        assertEquals(List.of(MAIN + ":3: Expected </Directory> but saw </VirtualHost>"), Fixtures.problems(c.problems()));
        assertEquals(List.of("Directory"), names(c.directives().get(0).children()), "closed up to the matching one");
        assertEquals(List.of(MAIN + ":1: <VirtualHost> directive missing closing '>'"),
                Fixtures.problems(parse("<VirtualHost *:80\n</VirtualHost>\n").problems()));
    }

    @Test
    void warnsOfAnUnterminatedQuoteWhichHttpdAccepts() {
        ApacheConfig c = parse("ServerName \"unterminated\nListen 80\n");
        assertEquals(List.of(MAIN + ":1: unterminated quote: httpd takes the rest of the line as the argument"),
                Fixtures.problems(c.problems()));
        assertEquals(ConfigProblem.Severity.WARNING, c.problems().get(0).severity());
        assertEquals(List.of("unterminated"), c.directives().get(0).args());
        assertEquals(List.of("80"), c.directives().get(1).args());
    }

    @Test
    void readsBinaryJunkIntoProblemsNotExceptions() {
        byte[] junk = new byte[64 * 1024];
        new Random(11).nextBytes(junk);
        Fixtures.write(root, MAIN, "Listen 80\nInclude junk.bin\nInclude noise.conf\n".getBytes(StandardCharsets.UTF_8));
        Fixtures.write(root, "/etc/apache2/junk.bin", junk);
        for (int i = 0; i < junk.length; i++) {
            junk[i] = junk[i] == 0 ? 1 : junk[i];
        }
        Fixtures.write(root, "/etc/apache2/noise.conf", junk);
        ApacheConfig c = ApacheParser.parse(MAIN, options());
        assertTrue(c.problems().get(0).toString().startsWith("/etc/apache2/junk.bin:"), c.problems().toString());
        assertTrue(c.problems().get(0).message().startsWith("binary data (a NUL byte)"), c.problems().toString());
        assertEquals(ConfigProblem.Severity.ERROR, c.problems().get(0).severity());
        assertTrue(c.problems().get(1).message().startsWith("not parsed: binary data"), c.problems().toString());
        assertEquals("Listen", c.directives().get(0).name());
        assertTrue(c.directives().size() > 1, "noise without NUL bytes reads as (nonsense) directives");
    }

    @Test
    void skipsAFileOverTheSizeLimitAndReadsATenMegabyteLineWithinIt() {
        Fixtures.write(root, MAIN, "Include big.conf\n");
        Fixtures.write(root, "/etc/apache2/big.conf", "ServerName " + "a".repeat(10 * 1024 * 1024));
        assertEquals(List.of("/etc/apache2/big.conf: not read: 10485771 bytes, over the limit of 4194304 bytes a file"),
                Fixtures.problems(ApacheParser.parse(MAIN, options()).problems()));
        ApacheConfig c = ApacheParser.parse(MAIN, options().withLimits(ConfigLimits.DEFAULTS.withMaxFileBytes(16 << 20)));
        assertEquals(List.of(), c.problems());
        assertEquals(10 * 1024 * 1024, c.directives().get(0).arg(0).length());
    }

    @Test
    void stopsAtTheNestingLimit() {
        ApacheConfig c = parse("<IfModule a>\n".repeat(100_000));
        assertEquals(MAIN + ":65: sections nested deeper than 64; the rest of the file is not read",
                c.problems().get(0).toString());
        assertEquals(1, c.problems().size(), c.problems().toString());
        Directive d = c.directives().get(0);
        int depth = 1;
        for (; !d.children().isEmpty(); depth++) {
            d = d.children().get(0);
        }
        assertEquals(64, depth, "what was read is kept");
    }

    // ---- includes

    @Test
    void reportsIncludesThatFailAsHttpdDoes() {
        Fixtures.write(root, "/etc/apache2/empty/README", "not a .conf\n");
        ApacheConfig c = parse("Include /etc/apache2/nothing/*.conf\nInclude /etc/apache2/empty/*.conf\n"
                + "Include /etc/apache2/missing.conf\nIncludeOptional /etc/apache2/empty/*.conf\n"
                + "IncludeOptional /etc/apache2/missing.conf\nIncludeOptional /etc/apache2/nothing/*.conf\nInclude\n");
        assertEquals(List.of(
                MAIN + ":1: Include/IncludeOptional: Could not open directory /etc/apache2/nothing: No such file or directory",
                MAIN + ":2: Include/IncludeOptional: No matches for the wildcard '*.conf' in '/etc/apache2/empty', failing",
                MAIN + ":3: Could not open configuration file /etc/apache2/missing.conf: No such file or directory",
                MAIN + ":4: Include/IncludeOptional: No matches for the wildcard '*.conf' in '/etc/apache2/empty' (optional)",
                MAIN + ":7: Include takes one argument, Name of a config file or directory to include"),
                Fixtures.problems(c.problems()));
        assertEquals(List.of(ConfigProblem.Severity.ERROR, ConfigProblem.Severity.ERROR, ConfigProblem.Severity.ERROR,
                ConfigProblem.Severity.NOTE, ConfigProblem.Severity.ERROR),
                c.problems().stream().map(ConfigProblem::severity).toList());
    }

    @Test
    void includesRelativeToServerRootInPlaceAndInOrder() {
        Fixtures.write(root, "/etc/apache2/mods-enabled/b.load", "LoadModule b_module b.so\n");
        Fixtures.write(root, "/etc/apache2/mods-enabled/a.load", "LoadModule a_module a.so\n");
        Fixtures.write(root, "/etc/apache2/mods-enabled/.hidden.load", "LoadModule hidden_module h.so\n");
        Fixtures.write(root, "/etc/apache2/sites/one/site.conf", "ServerName one\n");
        Fixtures.write(root, "/etc/apache2/sites/two/site.conf", "ServerName two\n");
        Fixtures.write(root, "/etc/apache2/sites/two.conf", "ServerName file\n");
        Fixtures.write(root, "/etc/apache2/conf.d/z.conf", "Z\n");
        Fixtures.write(root, "/etc/apache2/conf.d/.dot", "Dot\n");
        Fixtures.write(root, "/etc/apache2/conf.d/sub/a.conf", "SubA\n");
        ApacheConfig c = parse("IncludeOptional mods-enabled/*.load\n<VirtualHost *:80>\nInclude sites/*/site.conf\n"
                + "</VirtualHost>\nInclude conf.d\n");
        assertEquals(List.of(), c.problems());
        assertEquals(List.of("LoadModule", "LoadModule", "VirtualHost", "Dot", "SubA", "Z"), names(c.directives()),
                "a directory includes everything, dot files too, sorted by path");
        assertEquals(List.of("a_module", "b_module"), c.directives().stream().limit(2).map(d -> d.arg(0)).toList());
        assertEquals(List.of("one", "two"), c.directives().get(2).children().stream().map(d -> d.arg(0)).toList(),
                "into the section, the wildcard matching directories only");
        assertEquals("/etc/apache2/sites/one/site.conf", c.directives().get(2).children().get(0).file());
    }

    @Test
    void followsServerRootAsItChanges() {
        Fixtures.write(root, "/srv/httpd/conf/extra.conf", "ServerName extra\n");
        ApacheConfig c = parse("ServerRoot \"/srv/httpd\"\nInclude conf/extra.conf\n");
        assertEquals(List.of(), c.problems());
        assertEquals("extra", c.directives().get(1).arg(0));
        assertEquals("/srv/httpd", c.serverRoot());
    }

    @Test
    void requiresEachIncludedFileToCloseItsSections() {
        Fixtures.write(root, "/etc/apache2/open.conf", "<VirtualHost *:80>\n");
        ApacheConfig c = parse("Include open.conf\n</VirtualHost>\n");
        assertEquals(List.of("/etc/apache2/open.conf:1: <VirtualHost> was not closed.",
                MAIN + ":2: </VirtualHost> without matching <VirtualHost> section"), Fixtures.problems(c.problems()));
    }

    @Test
    void cutsIncludeCyclesWhereTheyClose() {
        ApacheConfig c = parse("Listen 80\nInclude /etc/apache2/apache2.conf\n");
        assertEquals(List.of(MAIN + ":2: Include cycle: " + MAIN + " -> " + MAIN + "; not read again"),
                Fixtures.problems(c.problems()), "httpd recurses 128 deep, then says there appears to be a recursion");
        assertEquals(List.of("Listen"), names(c.directives()));
        assertFalse(c.hasErrors() && c.directives().isEmpty());
    }
}
