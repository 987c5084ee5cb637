package org.gatewaydoctor.checks.http.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests of {@link NginxParser} and {@link NginxTokenizer}: nginx's tokens, includes and errors. Where a
 * test quotes an error, the same input made nginx 1.22.1 (Debian 12, {@code nginx -t}) say the same
 * words at the same line.
 */
class NginxParserTest {

    private static final String MAIN = "/etc/nginx/nginx.conf";

    @TempDir
    Path root;

    private NginxConfig parse(String text) {
        Fixtures.write(root, MAIN, text);
        return parse();
    }

    private NginxConfig parse() {
        return NginxParser.parse(MAIN, NginxOptions.debian().withRoot(root));
    }

    private static Directive only(NginxConfig c) {
        assertEquals(1, c.directives().size(), c.directives().toString());
        return c.directives().get(0);
    }

    @Test
    void splitsWordsUnquotesAndUnescapesAsNginxDoes() {
        NginxConfig c = parse("log_format x 'a \"b\"' \"c \\\"d\\\" \\t\" e\\ f \\x g\\\\h;\n");
        assertEquals(List.of(), c.problems());
        assertEquals(List.of("x", "a \"b\"", "c \"d\" \t", "e\\ f", "\\x", "g\\h"), only(c).args(),
                "\\\" \\' \\\\ \\t \\r \\n are unescaped, any other backslash stays");
    }

    @Test
    void keepsVariablesWithBracesInsideAWord() {
        Directive d = only(parse("set $x ${host}_suffix;\n"));
        assertEquals(List.of("$x", "${host}_suffix"), d.args());
    }

    @Test
    void readsCommentsOnlyAtTheStartOfAWord() {
        NginxConfig c = parse("# a comment ; { }\nlisten 80; # trailing } ;\nserver_name a#b;\n");
        assertEquals(List.of(), c.problems());
        assertEquals(List.of("listen", "server_name"), c.directives().stream().map(Directive::name).toList());
        assertEquals(List.of("a#b"), c.directives().get(1).args());
    }

    @Test
    void splitsAnIfConditionAroundItsParenthesis() {
        Directive d = only(parse("if ($request_uri ~* \"^/wp-admin\") { return 403; }\n"));
        assertEquals(List.of("($request_uri", "~*", "^/wp-admin", ")"), d.args(), "a ) may follow a quoted word");
        assertTrue(d.block());
        assertEquals("return", d.children().get(0).name());
    }

    @Test
    void givesEveryDirectiveTheLineItStartsOn() {
        NginxConfig c = parse("events {\r\n  worker_connections 768;\r\n}\r\n\r\n# note\r\nhttp {\r\n  log_format t\r\n"
                + "    '$a'\r\n    '$b';\r\n  server {\r\n    listen 80;\r\n  }\r\n}\r\n");
        assertEquals(List.of(), c.problems());
        Directive events = c.directives().get(0);
        Directive http = c.directives().get(1);
        assertEquals(1, events.line());
        assertEquals(2, events.children().get(0).line());
        assertEquals(6, http.line());
        assertEquals(7, http.children().get(0).line(), "a directive over three lines is on its first");
        assertEquals(List.of("t", "$a", "$b"), http.children().get(0).args());
        Directive server = http.children().get(1);
        assertEquals(10, server.line());
        assertEquals(11, server.children().get(0).line());
        assertEquals(MAIN, server.children().get(0).file());
    }

    @Test
    void keepsEmptyBlocksAsBlocks() {
        Directive d = only(parse("events {}\n"));
        assertTrue(d.block());
        assertEquals(List.of(), d.children());
    }

    // ---- the 4096-byte buffer, exactly where nginx 1.22.1 draws the line

    private NginxConfig logFormat(String value, String end) {
        return parse("events {}\nhttp { log_format x " + value + end + " }\n");
    }

    @Test
    void acceptsTheLongestWordsNginxAccepts() {
        assertEquals(List.of(), logFormat("\"" + "a".repeat(4094) + "\"", ";").problems(), "quoted");
        assertEquals(List.of(), logFormat("a".repeat(4095), ";").problems(), "unquoted, ended by ;");
        assertEquals(List.of(), parse("events {}\n#" + "a".repeat(4094) + "\n").problems(), "a comment");
    }

    @Test
    void rejectsOneByteMoreWithNginxsWords() {
        assertEquals(List.of(MAIN + ":2: too long parameter \"aaaaaaaaaa...\" started"),
                Fixtures.problems(logFormat("\"" + "a".repeat(4095) + "\"", ";").problems()));
        assertEquals(List.of(MAIN + ":2: too long parameter, probably missing terminating \"\"\" character"),
                Fixtures.problems(logFormat("\"" + "a".repeat(4096) + "\"", ";").problems()));
        assertEquals(List.of(MAIN + ":2: too long parameter \"aaaaaaaaaa...\" started"),
                Fixtures.problems(logFormat("a".repeat(4096), ";").problems()));
        assertEquals(List.of(MAIN + ":2: too long parameter \"aaaaaaaaaa...\" started"),
                Fixtures.problems(logFormat("a".repeat(4095), " ;").problems()),
                "a blank after the word counts until the next word starts");
        assertEquals(List.of(MAIN + ":2: too long parameter \"#aaaaaaaaa...\" started"),
                Fixtures.problems(parse("events {}\n#" + "a".repeat(4095) + "\n").problems()));
    }

    // ---- broken input: nginx's words, the right line, the rest kept where the intent is clear

    @Test
    void reportsAnUnterminatedQuoteAtTheEndOfTheFile() {
        NginxConfig c = parse("events {}\nerror_log /tmp/e.log;\npid /tmp/p.pid;\nhttp {\n server_name \"abc\n}\n");
        assertEquals(List.of(MAIN + ":7: unexpected end of file, expecting \";\" or \"}\""), Fixtures.problems(c.problems()));
        assertEquals(List.of("events", "error_log", "pid", "http"), c.directives().stream().map(Directive::name).toList(),
                "what came before the quote is kept");
    }

    @Test
    void reportsAMissingClosingBrace() {
        NginxConfig c = parse("events {}\nerror_log /tmp/e.log;\npid /tmp/p.pid;\nhttp {\n server { \n}\n");
        assertEquals(List.of(MAIN + ":7: unexpected end of file, expecting \"}\""), Fixtures.problems(c.problems()));
        assertEquals("server", c.directives().get(3).children().get(0).name(), "the open blocks are kept");
    }

    @Test
    void reportsAnExtraClosingBraceAndReadsOn() {
        NginxConfig c = parse("events {}\nhttp {\n}\n}\nworker_processes 2;\n");
        assertEquals(List.of(MAIN + ":4: unexpected \"}\""), Fixtures.problems(c.problems()));
        assertEquals(List.of("events", "http", "worker_processes"), c.directives().stream().map(Directive::name).toList());
    }

    @Test
    void readsAWordGluedToAQuoteAsTheNextWord() {
        NginxConfig c = parse("events {}\nerror_log /tmp/e.log;\npid /tmp/p.pid;\nhttp {\n server { listen 8099; "
                + "location / { return 200 \"a\"b; } }\n}\n");
        assertEquals(List.of(MAIN + ":5: unexpected \"b\""), Fixtures.problems(c.problems()));
        Directive ret = c.directives().get(3).children().get(0).children().get(1).children().get(0);
        assertEquals(List.of("200", "a", "b"), ret.args());
    }

    @Test
    void endsADirectiveMissingItsSemicolonAtTheClosingBrace() {
        NginxConfig c = parse("http { server { listen 80 } }\nworker_processes 1;\n");
        assertEquals(List.of(MAIN + ":1: unexpected \"}\""), Fixtures.problems(c.problems()));
        Directive server = c.directives().get(0).children().get(0);
        assertEquals(List.of("80"), server.children().get(0).args());
        assertEquals(2, c.directives().size());
    }

    @Test
    void skipsStraySemicolonsAndNamelessBlocks() {
        NginxConfig c = parse("events {};\n;\n{ listen 1; }\nuser www-data;\n");
        assertEquals(List.of(MAIN + ":1: unexpected \";\"", MAIN + ":2: unexpected \";\"", MAIN + ":3: unexpected \"{\""),
                Fixtures.problems(c.problems()));
        assertEquals(List.of("events", "user"), c.directives().stream().map(Directive::name).toList());
    }

    @Test
    void checksTheShapeOfTheBlocksItReads() {
        NginxConfig c = parse("events {}\nhttp {\nserver;\nserver {\nlisten 80 {\n}\n}\nupstream u { server 127.0.0.1:1; }\n}\n");
        assertEquals(List.of(MAIN + ":3: directive \"server\" has no opening \"{\"",
                MAIN + ":5: directive \"listen\" is not terminated by \";\""), Fixtures.problems(c.problems()));
        Directive upstream = c.directives().get(1).children().get(1);
        assertEquals("upstream", upstream.name());
        assertFalse(upstream.children().get(0).block(), "server inside upstream has no block");
    }

    @Test
    void readsBinaryJunkAsNoConfiguration() {
        byte[] junk = new byte[4096];
        new java.util.Random(42).nextBytes(junk);
        junk[100] = 0;
        Fixtures.write(root, MAIN, ("events {}\ninclude junk.bin;\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Fixtures.write(root, "/etc/nginx/junk.bin", junk);
        NginxConfig c = parse();
        // nginx refuses it (unknown directive) and it is not parsed: an error and a part not read
        assertEquals(2, c.problems().size(), c.problems().toString());
        ConfigProblem p = c.problems().get(0);
        assertEquals("/etc/nginx/junk.bin", p.file());
        assertTrue(p.line() >= 1);
        assertEquals(ConfigProblem.Severity.ERROR, p.severity());
        assertTrue(p.message().startsWith("binary data (a NUL byte)"), p.message());
        assertEquals(ConfigProblem.Severity.UNREAD, c.problems().get(1).severity());
        assertTrue(c.problems().get(1).message().startsWith("not parsed: binary data"), c.problems().toString());
        assertEquals(List.of("events"), c.directives().stream().map(Directive::name).toList());
    }

    @Test
    void readsBinaryJunkWithoutNulBytesIntoProblemsNotExceptions() {
        byte[] junk = new byte[64 * 1024];
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < junk.length; i++) {
            junk[i] = (byte) (1 + r.nextInt(255));
        }
        Fixtures.write(root, MAIN, junk);
        NginxConfig c = parse();
        assertFalse(c.problems().isEmpty());
        assertTrue(c.problems().stream().allMatch(p -> p.file().equals(MAIN) && p.line() >= 1), c.problems().toString());
    }

    @Test
    void skipsAFileOverTheSizeLimitAndParsesATenMegabyteLineWithinIt() {
        Fixtures.write(root, MAIN, "events {}\ninclude big.conf;\n");
        Fixtures.write(root, "/etc/nginx/big.conf", "a".repeat(10 * 1024 * 1024));
        assertEquals(List.of("/etc/nginx/big.conf: not read: 10485760 bytes, over the limit of 4194304 bytes a file"),
                Fixtures.problems(parse().problems()));

        NginxConfig c = NginxParser.parse(MAIN, NginxOptions.debian().withRoot(root)
                .withLimits(ConfigLimits.DEFAULTS.withMaxFileBytes(16 << 20)));
        assertEquals(List.of("/etc/nginx/big.conf:1: too long parameter \"aaaaaaaaaa...\" started"),
                Fixtures.problems(c.problems()), "nginx's own limit on a word");
    }

    @Test
    void stopsAtTheNestingLimitInsteadOfOverflowingTheStack() {
        NginxConfig c = parse("a {".repeat(100_000));
        assertEquals(List.of(MAIN + ":1: blocks nested deeper than 64; the rest of the file is not read"),
                Fixtures.problems(c.problems()));
    }

    @Test
    void keepsNoMoreDirectivesThanTheLimit() {
        NginxConfig c = NginxParser.parse(MAIN, NginxOptions.debian().withRoot(root).withLimits(
                new ConfigLimits(1 << 20, 1 << 20, 10, 4, 8, 3, 2)));
        assertTrue(c.problems().get(0).message().startsWith("open() \"/etc/nginx/nginx.conf\" failed (2: "),
                c.problems().toString());
        Fixtures.write(root, MAIN, "a 1 2 3;\nb;\nc;\nd;\ne;\n");
        c = NginxParser.parse(MAIN, NginxOptions.debian().withRoot(root).withLimits(
                new ConfigLimits(1 << 20, 1 << 20, 10, 4, 8, 3, 2)));
        assertEquals(List.of(MAIN + ":1: 3 arguments, only the first 2 kept",
                MAIN + ":4: this and later directives not kept: more than 3 directives"), Fixtures.problems(c.problems()));
        assertEquals(List.of("1", "2"), c.directives().get(0).args());
        assertEquals(3, c.directives().size());
    }

    // ---- includes

    @Test
    void includesRelativeToTheMainFilesDirectoryInPlace() {
        Fixtures.write(root, "/etc/nginx/snippets/php.conf", "fastcgi_index index.php;\ninclude fastcgi.conf;\n");
        Fixtures.write(root, "/etc/nginx/fastcgi.conf", "fastcgi_param A b;\n");
        NginxConfig c = parse("http {\n  server {\n    location / {\n      include snippets/php.conf;\n"
                + "      fastcgi_pass unix:/run/php/php8.2-fpm.sock;\n    }\n  }\n}\n");
        assertEquals(List.of(), c.problems());
        List<Directive> loc = c.directives().get(0).children().get(0).children().get(0).children();
        assertEquals(List.of("fastcgi_index /etc/nginx/snippets/php.conf:1", "fastcgi_param /etc/nginx/fastcgi.conf:1",
                "fastcgi_pass /etc/nginx/nginx.conf:5"), loc.stream().map(d -> d.name() + " " + d.where()).toList());
        assertEquals(List.of(MAIN, "/etc/nginx/snippets/php.conf", "/etc/nginx/fastcgi.conf"), c.files());
    }

    @Test
    void includesAGlobsMatchesInSortedOrderWithoutHiddenFiles() {
        Fixtures.write(root, "/etc/nginx/sites-enabled/b", "b;\n");
        Fixtures.write(root, "/etc/nginx/sites-enabled/a", "a;\n");
        Fixtures.write(root, "/etc/nginx/sites-enabled/.hidden", "hidden;\n");
        Fixtures.write(root, "/etc/nginx/sites-enabled/c.conf", "c;\n");
        Fixtures.write(root, "/etc/nginx/x/one/site.conf", "one;\n");
        Fixtures.write(root, "/etc/nginx/x/two/site.conf", "two;\n");
        Fixtures.write(root, "/etc/nginx/x/two.conf", "file;\n");
        NginxConfig c = parse("include sites-enabled/*;\ninclude /etc/nginx/x/*/site.conf;\ninclude x/[t]wo.con?;\n");
        assertEquals(List.of(), c.problems());
        assertEquals(List.of("a", "b", "c", "one", "two", "file"), c.directives().stream().map(Directive::name).toList());
    }

    @Test
    void notesAGlobThatMatchesNothingAndReportsAMissingFile() {
        NginxConfig c = parse("events {}\ninclude /etc/nginx/nothing/*.conf;\ninclude missing.conf;\ninclude a b;\n");
        assertEquals(List.of(MAIN + ":2: include \"/etc/nginx/nothing/*.conf\" matched no files (nginx accepts that)",
                MAIN + ":3: open() \"/etc/nginx/missing.conf\" failed (2: No such file or directory)",
                MAIN + ":4: invalid number of arguments in \"include\" directive"), Fixtures.problems(c.problems()));
        assertEquals(ConfigProblem.Severity.NOTE, c.problems().get(0).severity());
        assertEquals(ConfigProblem.Severity.ERROR, c.problems().get(1).severity());
    }

    @Test
    void reportsADirectoryIncludedAsAFileAsNginxDoes() throws Exception {
        Files.createDirectories(root.resolve("etc/nginx/conf.d"));
        NginxConfig c = parse("include /etc/nginx/conf.d;\n");
        assertEquals(List.of(MAIN + ":1: pread() \"/etc/nginx/conf.d\" failed (21: Is a directory)"),
                Fixtures.problems(c.problems()));
    }

    @Test
    void cutsAnIncludeCycleWhereItCloses() {
        Fixtures.write(root, "/etc/nginx/a.conf", "a;\ninclude b.conf;\n");
        Fixtures.write(root, "/etc/nginx/b.conf", "b;\ninclude a.conf;\ninclude nginx.conf;\n");
        NginxConfig c = parse("main;\ninclude a.conf;\n");
        assertEquals(List.of(
                "/etc/nginx/b.conf:2: include cycle: /etc/nginx/nginx.conf -> /etc/nginx/a.conf -> /etc/nginx/b.conf "
                        + "-> /etc/nginx/a.conf; not read again",
                "/etc/nginx/b.conf:3: include cycle: /etc/nginx/nginx.conf -> /etc/nginx/a.conf -> /etc/nginx/b.conf "
                        + "-> /etc/nginx/nginx.conf; not read again"), Fixtures.problems(c.problems()));
        assertEquals(List.of("main", "a", "b"), c.directives().stream().map(Directive::name).toList());
    }

    @Test
    void readsTheSameSnippetAgainWhereverItIsIncluded() {
        Fixtures.write(root, "/etc/nginx/fastcgi_params", "fastcgi_param QUERY_STRING $query_string;\n");
        NginxConfig c = parse("include fastcgi_params;\ninclude fastcgi_params;\n");
        assertEquals(List.of(), c.problems());
        assertEquals(2, c.directives().size());
        assertEquals(List.of(MAIN, "/etc/nginx/fastcgi_params"), c.files(), "each file listed once");
    }

    @Test
    void stopsIncludingBeyondTheDepthLimit() {
        for (int i = 0; i < 40; i++) {
            Fixtures.write(root, "/etc/nginx/n" + i + ".conf", "d" + i + ";\ninclude n" + (i + 1) + ".conf;\n");
        }
        NginxConfig c = parse("include n0.conf;\n");
        assertEquals(List.of("/etc/nginx/n31.conf:2: \"/etc/nginx/n32.conf\" not read: includes nested deeper than 32"),
                Fixtures.problems(c.problems()));
        assertEquals(32, c.directives().size());
    }

    @Test
    void followsSymbolicLinksInsideTheRootNeverOutOfIt() throws Exception {
        Fixtures.write(root, "/etc/nginx/sites-available/site", "site;\n");
        Files.createDirectories(root.resolve("etc/nginx/sites-enabled"));
        Files.createSymbolicLink(root.resolve("etc/nginx/sites-enabled/site"), Path.of("/etc/nginx/sites-available/site"));
        Files.createSymbolicLink(root.resolve("etc/nginx/sites-enabled/relative"), Path.of("../sites-available/site"));
        Files.createSymbolicLink(root.resolve("etc/nginx/sites-enabled/escape"), Path.of("../../../../../../etc/passwd"));
        NginxConfig c = parse("include sites-enabled/*;\n");
        assertEquals(List.of("open() \"/etc/nginx/sites-enabled/escape\" failed (2: No such file or directory)"),
                c.problems().stream().map(ConfigProblem::message).toList(), "the link stops at the root: /etc/passwd there");
        assertEquals(List.of("site", "site"), c.directives().stream().map(Directive::name).toList());
    }
}
