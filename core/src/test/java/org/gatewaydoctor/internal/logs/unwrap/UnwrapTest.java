package org.gatewaydoctor.internal.logs.unwrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.gatewaydoctor.logs.LogFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wrappers and decoration around real log lines. The inner lines are real (from the project's
 * whole-stack tests and public reports); the wrappers are the formats the tools write: docker compose's
 * padded {@code name  | }, the json-file driver's JSON object, CRI files' {@code <RFC 3339> <stream> F },
 * {@code kubectl logs --timestamps}, markdown quotes, ANSI colours, line numbers and CR.
 */
class UnwrapTest {

    static final String NGINX = "2024/05/02 10:11:12 [error] 29#29: *7 connect() failed (111: Connection refused) while"
            + " connecting to upstream, client: 172.18.0.1, server: _, request: \"GET / HTTP/1.1\", upstream:"
            + " \"fastcgi://172.18.0.3:9000\", host: \"localhost\"";
    /** nginx 1.22.1 relaying PHP-FPM's stderr (checks-http's fixtures/nginx/error.log). */
    static final String STDERR = "2026/11/21 20:55:57 [error] 4590#4590: *56 FastCGI sent in stderr: \"PHP message: PHP"
            + " Fatal error:  Allowed memory size of 4194304 bytes exhausted (tried to allocate 8392704 bytes) in"
            + " /tmp/cap/www/wp-content/plugins/big-export/export.php on line 3\" while reading response header from"
            + " upstream, client: 127.0.0.1, server: example.test, request: \"GET"
            + " /wp-content/plugins/big-export/export.php HTTP/1.1\", upstream:"
            + " \"fastcgi://unix:/tmp/cap/sock/php8.2-fpm.sock:\", host: \"example.test\"";
    static final String FPM = "[02-May-2024 10:11:12] WARNING: [pool www] server reached pm.max_children setting (5),"
            + " consider raising it";

    @Test
    void cleanLinesAreLeftAlone() {
        assertNull(Unwrap.peel(NGINX));
        assertNull(Unwrap.peel(FPM));
        assertNull(Unwrap.peel(""));
        assertNull(Unwrap.peel(null));
    }

    @Test
    void peelsDockerComposeBarsAndKeepsTheServiceAsSource() {
        Unwrap.Peeled p = Unwrap.peel("web-1  | " + NGINX);
        assertEquals(NGINX, p.text());
        assertEquals(LogFormat.NGINX_ERROR, p.format());
        assertEquals("web-1", p.source());
        Unwrap.Peeled swarm = Unwrap.peel("app.1.xk2m@node-3    | " + FPM);
        assertEquals(FPM, swarm.text());
        assertEquals("app.1.xk2m@node-3", swarm.source());
        assertEquals(LogFormat.PHP_FPM, Unwrap.peel("phpfpm_1_516574473f7e | " + FPM).format());
    }

    @Test
    void peelsTheJsonFileDriverAndKeepsItsTime() {
        String json = "{\"log\":\"" + FPM + "\\n\",\"stream\":\"stderr\",\"time\":\"2024-05-02T10:11:12.345678901Z\"}";
        Unwrap.Peeled p = Unwrap.peel(json);
        assertEquals(FPM, p.text());
        assertEquals(LogFormat.PHP_FPM, p.format());
        assertEquals(Instant.parse("2024-05-02T10:11:12.345678901Z"), p.at());
        String quoted = "{\"log\":\"" + NGINX.replace("\"", "\\\"") + "\\n\",\"stream\":\"stderr\","
                + "\"time\":\"2024-05-02T10:11:12Z\"}";
        assertEquals(NGINX, Unwrap.peel(quoted).text());
    }

    @Test
    void peelsCriFilesAndKubectlTimestampsKeepingTheirTime() {
        Unwrap.Peeled cri = Unwrap.peel("2024-05-02T10:11:12.123456789Z stderr F " + NGINX);
        assertEquals(NGINX, cri.text());
        assertEquals(Instant.parse("2024-05-02T10:11:12.123456789Z"), cri.at());
        Unwrap.Peeled kubectl = Unwrap.peel("2024-05-02T10:11:12.123456789+02:00 " + NGINX);
        assertEquals(NGINX, kubectl.text());
        assertEquals(Instant.parse("2024-05-02T08:11:12.123456789Z"), kubectl.at());
    }

    /** Lines as real runtimes wrote them (this project's captures, cli/src/test/resources/reallogs/captured). */
    static Stream<Arguments> wrappers() {
        return Stream.of(
                Arguments.of("\u001b[33mweb_1  |\u001b[0m " + NGINX, Unwrap.COMPOSE, "web_1"),
                Arguments.of("php-1  | " + FPM, Unwrap.COMPOSE, "php-1"),
                // the colours of docker-compose's bar as a paste keeps them when it loses the ESC bytes (posted so in
                // hyperledger/firefly#1361: "[36;1mfirefly_core_1_1  |[0m [2023-07-03T20:25:06.334Z]  INFO ...")
                Arguments.of("[36;1mnginx_1  |[0m " + NGINX, Unwrap.COMPOSE, "nginx_1"),
                Arguments.of("app.1.xk2m@node-3    | " + FPM, Unwrap.SWARM, "app.1.xk2m@node-3"),
                Arguments.of("{\"log\":\"" + FPM + "\\n\",\"stream\":\"stderr\",\"time\":\"2026-12-07T14:43:36.9Z\"}",
                        Unwrap.JSON_FILE, null),
                Arguments.of("2024-05-02T10:11:12.123456789Z stderr F " + NGINX, Unwrap.CRI, null),
                Arguments.of("2026-12-07T14:38:28.253610685+00:00 stderr F " + FPM, Unwrap.PODMAN, null),
                Arguments.of("2026-12-07T14:38:28.258402449Z " + NGINX, Unwrap.TIMESTAMPS, null),
                Arguments.of("[SYSLOG] php-fpm[96]: " + FPM, Unwrap.RELAY, "php-fpm"),
                // compose's bar outside, the --timestamps stamp inside: the outermost wrapper is the runtime's
                Arguments.of("web-1  | 2024-05-02T10:11:12.123Z " + NGINX, Unwrap.COMPOSE, "web-1"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("wrappers")
    void namesTheWrapperAndItsContainer(String line, String wrapper, String source) {
        Unwrap.Peeled p = Unwrap.peel(line);
        assertEquals(wrapper, p.wrapper());
        assertEquals(source, p.source());
        assertTrue(p.text().equals(NGINX) || p.text().equals(FPM), p.text());
    }

    @Test
    void stripsQuotesIndentationAnsiColoursLineNumbersAndCarriageReturns() {
        assertEquals(NGINX, Unwrap.peel("> " + NGINX).text());
        assertEquals(NGINX, Unwrap.peel("> > " + NGINX).text());
        assertEquals(NGINX, Unwrap.peel("    " + NGINX).text());
        assertEquals(NGINX, Unwrap.peel("\t" + NGINX + "\r").text());
        Unwrap.Peeled ansi = Unwrap.peel("\u001b[36mweb-1  |\u001b[0m " + NGINX);
        assertEquals(NGINX, ansi.text());
        assertEquals("web-1", ansi.source());
        assertEquals(NGINX, Unwrap.peel("12: " + NGINX).text());
        assertEquals(NGINX, Unwrap.peel("12 | " + NGINX).text());
        assertEquals(FPM, Unwrap.peel("3. " + FPM).text());
    }

    @Test
    void aLineNumberIsOnlyTakenOffWhenAKnownLineFollows() {
        // a fragment that starts with digits keeps them
        Unwrap.Peeled p = Unwrap.peel("26848/   0/-1/-1/26849 503 212 - - SC-- 197/197/1/1/+3 0/0 \"GET /hello HTTP/1.1\"");
        assertTrue(p == null || p.text().startsWith("26848/"), String.valueOf(p));
    }

    @Test
    void aFragmentStaysAFragmentWithTheWrappersTimeAndSource() {
        String fragment = "*106 connect() to unix:/run/php/php8.3-fpm.sock failed (2: No such file or directory) while"
                + " connecting to upstream,";
        Unwrap.Peeled p = Unwrap.peel("nginx-1  | " + fragment);
        assertEquals(fragment, p.text());
        assertTrue(p.fragment());
        assertEquals("nginx-1", p.source());
        assertNull(p.at());
    }

    @Test
    void peelsRelayTagsVagrantPrefixesAndBullets() {
        Unwrap.Peeled tag = Unwrap.peel("[SYSLOG] php-fpm[96]: [ERROR] FPM initialization failed");
        assertEquals("[ERROR] FPM initialization failed", tag.text());
        assertEquals("php-fpm", tag.source());
        assertEquals("machine1", Unwrap.peel("==> machine1: Error: Systemd start for php-fpm failed!").source());
        assertEquals("(20014) Internal error: proxy: error reading status line from remote server localhost",
                Unwrap.peel("- (20014) Internal error: proxy: error reading status line from remote server localhost").text());
    }

    @Test
    void joinsAnEntryAMailClientWrappedKeepingTheLineCount() {
        String pasted = "2015/10/17 02:30:46 [error] 1368#1368: *1 readv() failed (104: Connection reset by peer)\n"
                + " while reading upstream, client: 192.168.0.2, server: ~^(?<domain>.+)$, request:\n"
                + " \"GET / HTTP/1.1\", upstream: \"fastcgi://unix:/home/u/example.org/var/run/fpm.sock:\",\n"
                + " host: \"example.org\"\n"
                + FPM + "\n";
        byte[] buf = new byte[4096];
        byte[] in = pasted.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(in, 0, buf, 0, in.length);
        int end = Unwrap.joinWrapped(buf, in.length, buf.length);
        String[] lines = new String(buf, 0, end, StandardCharsets.UTF_8).split("\n", -1);
        assertEquals(pasted.split("\n", -1).length, lines.length, "same number of lines");
        assertEquals("2015/10/17 02:30:46 [error] 1368#1368: *1 readv() failed (104: Connection reset by peer) while"
                + " reading upstream, client: 192.168.0.2, server: ~^(?<domain>.+)$, request: \"GET / HTTP/1.1\","
                + " upstream: \"fastcgi://unix:/home/u/example.org/var/run/fpm.sock:\", host: \"example.org\"", lines[0]);
        assertEquals("", lines[1]);
        assertEquals(FPM, lines[4]);
    }

    @Test
    void leavesCleanFilesAndProseUnjoined() {
        String clean = NGINX + "\n" + NGINX + "\n" + FPM + "\nThanks for any help\n";
        byte[] in = clean.getBytes(StandardCharsets.UTF_8);
        byte[] buf = new byte[4096];
        System.arraycopy(in, 0, buf, 0, in.length);
        assertEquals(in.length, Unwrap.joinWrapped(buf, in.length, buf.length));
        assertArrayEquals(in, Arrays.copyOf(buf, in.length));
    }

    @Test
    void joinsATerminalHardWrapWithoutASpace() {
        String first = "Jan 21 17:12:20 0524d65c9119 haproxy[655]: 1.1.1.1:48847 [21/Jan/2016:17:1";
        String padded = first + " ".repeat(80 - first.length());
        String pasted = padded + "\n2:08.054] fe~ be/srv 9998/-1/12140 213 SC 0/0/0/0/3 0/0\n";
        byte[] in = pasted.getBytes(StandardCharsets.UTF_8);
        byte[] buf = new byte[4096];
        System.arraycopy(in, 0, buf, 0, in.length);
        int end = Unwrap.joinWrapped(buf, in.length, buf.length);
        String joined = new String(buf, 0, end, StandardCharsets.UTF_8).split("\n")[0];
        assertTrue(joined.contains("[21/Jan/2016:17:1") && joined.contains("2:08.054]"), joined);
    }

    /**
     * Pastes whose second (and later) lines lost bytes of their header in transfer, so that no format takes
     * them: each line still starts an entry of its own. Most were found by LogClassifierFuzzTest.
     */
    static Stream<Arguments> damagedHeaders() {
        return Stream.of(
                // journalctl -o short-iso lines; the second one's time lost a byte in transfer
                Arguments.of("a journal line whose date lost a byte",
                        "2026-11-21T21:37:50+0100 vm php-fpm[31336]: [WARNING] [pool www] server reached max_children"
                        + " setting (2), consider raising it\n"
                        + "2026-11-21T21:3?8:05.371698+0100 vm kernel: python3 invoked oom-killer: gfp_mask=0xcc0"
                        + "(GFP_KERNEL), order=0, oom_score_adj=0\n"
                        + "261121 21:39:08 [ERROR] mysqld got signal 11 ;\n"),
                // MariaDB then MySQL 8 (format strings of sql/mysqld.cc and share/messages_to_error_log.txt); the
                // second line's date lost bytes, so neither a format nor the date rule takes it, but its [ERROR] does
                Arguments.of("a MySQL header that names its level",
                        "2026-11-21  9:14:04 0 [ERROR] Can't start server : Bind on unix socket: Address already in use\n"
                        + "2026-1\u0001\u0011)14:05.123456Z 0 [ERROR] [MY-010262] [Server] Can't start server: Bind on"
                        + " TCP/IP port: Address already in use\n"
                        + "2026/05/02 10:11:12 [error] 29#29: *7 connect() failed (111: Connection refused) while"
                        + " connecting to:\n"
                        + "2026\u0001 [warn] 29#29: *9 upstream server temporarily disabled while connecting to upstream\n"),
                // an old MySQL header whose date bytes were destroyed (LogClassifierFuzzTest, twice)
                Arguments.of("an old MySQL header ('  InnoDB: ')",
                        "2026-11-21  9:14:02 0 [ERROR] InnoDB: Cannot allocate memory for the buffer pool\n"
                        + "1\u00ff\u00ff\u00ff:01:50  InnoDB: Fatal error: cannot allocate memory for the buffer pool\n"),
                // the 14:02 clean-clone run: a long kernel line that lost its end, then a MySQL line that lost its
                // date and starts with the digits of the kernel line's tail; only a line cut at a column is wrapped
                Arguments.of("a long line that lost its end, then a line that lost its head",
                        "[Sat Nov 21 21:38:04 2026] Memory cgroup out of memory: Killed process 31720 (python3)"
                        + " total-vm:65740kB, anon-rss:48744: Completed initialization of buffer pool\n"
                        + "261121kB, file-rss:6640kB, shmem-rss:0kB, UID:0 pgtables:164  9:14:11 [ERROR]"
                        + " /usr/sbin/mysqld: Out of memory (Needed 128917504 bytes)\n"),
                // branch i9-gaps2's run: Apache's access log with LogFormat "%h %l %u %t \"%r\" %>s %b" ends its
                // records in a digit, and a record whose time lost bytes was read as the rest of the record before
                Arguments.of("an access-log record whose time was damaged",
                        "127.0.0.1 - - [21/Nov/2026:21:38:31 +0100] \"GET /missing HTTP/1.1\" 503 529\n"
                        + "127.0.0.1 - - [21/Nov/2026\u00fe\u00ff1 +0100] \"GET /refused HTTP/1.1\" 503 529\n"
                        + "old.example.test:80 127.0.0.1 - - [21/Nov/2026:21:38:33 +0100]\u009f\"GET /refused HTTP/1.1\""
                        + " 503 529\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damagedHeaders")
    void aLineWhoseHeaderWasDamagedStartsANewEntryInsteadOfContinuingTheOneBefore(String what, String pasted) {
        assertNothingJoined(pasted);
    }

    /** What each rule that marks a line as the start of an entry says of one line. */
    static Stream<Arguments> entryStarts() {
        Predicate<String> date = Unwrap::startsWithDate;
        Predicate<String> level = Unwrap::hasLevelTag;
        Predicate<String> access = Unwrap::startsLikeAccessRecord;
        Predicate<String> request = Unwrap::carriesAccessRequest;
        return Stream.of(
                Arguments.of("date", date, "2026/05/02 10:11:12 [error]", true),
                Arguments.of("date", date, "261121  9:39:08 [ERROR] mysqld got signal 11", true),
                Arguments.of("date", date, "2026 more requests, client: 10.0.0.1", false),
                Arguments.of("date", date, "12345 bytes", false),
                Arguments.of("level", level, "2026-1?)14:05.123456Z 0 [ERROR] [MY-010262] [Server] Can't start server", true),
                Arguments.of("level", level, "[21-Nov-2026 09:1?] WARNING: [pool www] server reached pm.max_children", true),
                Arguments.of("level", level, "2026-11\u00e921T21:37:50.000100+0100 vm php-fpm[31336]: [WARNING] [pool berlin]", true),
                Arguments.of("level", level, "2026-11-2?T21:39:08.104000+0100 vm mariadbd[812]: 261121 21:39:08 got signal", true),
                Arguments.of("level", level, "1\u00ff\u00ff\u00ff:01:50  InnoDB: Fatal error: cannot allocate memory", true),
                Arguments.of("level", level, "refused) while connecting to upstream, client: 10.0.0.1, server: _", false),
                Arguments.of("access", access, "192.0.2.7 - alice [21/Nov/2026:21:38:31 +0100] \"GET / HTTP/1.1\"", true),
                Arguments.of("access", access, "shop.example:443 2001:db8::7 - - [7/Dec/2026:05:02:00 +0000] \"GET", true),
                Arguments.of("access", access, "192.0.2.7, server: shop.example, request: \"GET / HTTP/1.1\"", false),
                Arguments.of("access", access, "in /var/www/html/wp-includes/class-wpdb.php on line 1982", false),
                Arguments.of("request", request, "127(0.0.1 - - [21/Nov/2026\u00fe1 +0100] \"GET /refused HTTP/1.1\" 503 529", true),
                Arguments.of("request", request, "x\u0001 \"POST /wp-login.php HTTP/2.0\" 200 512 \"-\" \"curl/7.88.1\"", true),
                Arguments.of("request", request, "heartbeat HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"", false),
                Arguments.of("request", request, "request: \"GET / HTTP/1.1\", upstream: \"fastcgi://127.0.0.1:9000\"", false),
                Arguments.of("request", request, "0/0/0/1/1 503 217 - - SC-- 1/1/0/0/0 0/0 \"GET / HTTP/1.1\"", false));
    }

    @ParameterizedTest(name = "{0}: {2} -> {3}")
    @MethodSource("entryStarts")
    void eachEntryStartRuleTellsAHeaderFromAContinuation(String rule, Predicate<String> test, String line,
                                                         boolean starts) {
        assertEquals(starts, test.test(line), rule + ": " + line);
    }

    @Test
    void aLineWithATimeAndLevelTagFarInIsAnEntryOfItsOwnAfterARecordLeftOpenInAQuote() {
        // found by LogClassifierFuzzTest (crash-f35b88c4...): an access record cut inside its quoted request, then a
        // digit-led line whose damaged MySQL header ("  9:14:11 [ERROR]") stands beyond the first 64 characters
        String record = "compact.example.test:80 127.0.0.1 - - [21/Nov/2026:21:38:33 +0100] \"GE kB, anon-rss:48744:"
                + " Completed initialization of buffer pool\n";
        String mysql = "261121kB, file-rss:6640kB, shmem-rss:0kB, UID:0 pgtables:164  9:14:11 [ERROR] /usr/sbin/mysqld:"
                + " Out of memory (Needed 128917504 bytes)\n";
        assertNothingJoined(record + mysql);
        // a quoted value a forum wrapped is still joined when the rest carries no header
        assertJoined(record.replace(" kB, anon-rss", " /wp-login.php") + "hp HTTP/1.1\" 200 512\n",
                "the wrapped request is joined");
    }

    @Test
    void aLineWithASyslogHeaderFarInIsAnEntryOfItsOwnAfterALineItWouldContinue() {
        // found by LogClassifierFuzzTest (crash-f3a6ff8c...): a line opening with ", upstream" (a continuation of an
        // nginx entry) that holds a kernel line whose syslog header lost its line break; the kernel has no pid, so
        // hasLevelTag's program tag did not see it, and joined into the PHP-FPM line, kernel.oom-invoked was lost
        String fpm = "2026-11-21T21:37:50.000100+0100 vm php-fpm[31336]: [WARNING] [pool berlin] server reached"
                + " max_children setting (2), consider raising it\n";
        String kernel = ", upstreamNov 21 21:38:05 vm kernel: python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL),"
                + " order=0, oom_score_adj=0\n";
        assertNothingJoined(fpm + kernel);
        assertNothingJoined(fpm + ", upstream2026-11-21T21:38:05.375607+0100 vm mariadbd[812]: 261121 21:38:05 [ERROR]"
                + " mariadbd got signal 11 ;\n");
        // the rest of an nginx entry a forum wrapped after its comma is still joined
        String nginx = "2026/11/21 21:38:05 [error] 812#812: *7 connect() to unix:/run/php/php8.2-fpm.sock failed"
                + " (111: Connection refused) while connecting to upstream, client: 127.0.0.1, server: example.test,\n";
        assertJoined(nginx + "upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock:\", host: \"example.test\"\n",
                "the wrapped upstream part is joined");
    }

    @Test
    void aLineWithAnOldMysqlTimeAndEngineFarInIsAnEntryOfItsOwnAfterARecordLeftOpenInAParenthesis() {
        // found by LogClassifierFuzzTest (crash-55fee67e..., the quality branch's verify run): a MariaDB line cut
        // inside "(Needed ..." and run into the next entry, then a digit-led line whose old MySQL header
        // ("140101  7:01:50  InnoDB: ", ut_print_timestamp) lost its date to a comment spliced in; joined, one of the
        // two buffer-pool failures was lost
        String open = "2026-11-21  9:14:01 0 [ERROR] mysqld: Out of memory (Needed 12893750-21  9:14:02 0 [ERROR] InnoDB:"
                + " Cannot allocate memory for the buffer pool\n";
        String old = "140101# Lines starting with \"#\" are comment" + "Y".repeat(74) + "s  7:01:50  InnoDB: Fatal error:"
                + " cannot allocate memory for the buffer pool\n";
        assertNothingJoined(open + old);
        // the rest of the parenthesis a paste wrapped is still joined
        assertJoined(open.replace(" Cannot allocate memory for the buffer pool", "") + "128917504 bytes)\n",
                "the wrapped rest is joined");
    }

    @Test
    void aLineCarryingAnAccessRequestAndStatusIsAnEntryOfItsOwnAfterARecordCutAtAColumn() {
        // found by LogClassifierFuzzTest (crash-eb04b9db..., the i14-perhit2 branch's verify run): Apache's access log
        // with LogFormat "%h %l %u %t \"%r\" %>s %b" (a 74-character record, a mail client's fill column, ending in a
        // digit), then a record whose host and time lost bytes, so startsLikeAccessRecord did not take it; joined as
        // the record's wrapped rest, one of the two access.503-http11 matches was lost
        String record = "127.0.0.1 - - [21/Nov/2026:21:38:31 +0100] \"GET /missing HTTP/1.1\" 503 529\n";
        assertNothingJoined(record + "127(0.0.1 - - [21/Nov/2026\u00fe\u00ff\u007f1 +0100] \"GET /refused HTTP/1.1\" 503"
                + " 529\n");
        // the class, not these bytes: whatever is left of the head, the request and status mark a record of its own
        assertNothingJoined(record + "1\u0000\u0001 \"POST /wp-login.php HTTP/1.1\" 200 512\n");
        assertNothingJoined(record + "4(\u00fe:21:38:32 +0100] \"GET /index.php HTTP/2.0\" 502 157 \"-\" \"curl/7.88.1\"\n");
        // the rest of a record a mail client wrapped at the same column is still joined ("%h %l %u %t \"%r\" %>s %b
        // %D": the time taken, in microseconds, after the size)
        assertJoined(record + "48213\n", "the wrapped time taken is joined");
        // so is the rest of a request a forum wrapped: it lacks the opening quote and method
        assertJoined("127.0.0.1 - - [21/Nov/2026:21:38:31 +0100] \"GET /wp-admin/admin-ajax.php?action=wp-remove-post-lock&_wpnonce=\n"
                + "8a7c0e HTTP/1.1\" 503 529 \"-\" \"Mozilla/5.0 (gd-capture)\"\n",
                "the wrapped request is joined");
    }

    @Test
    void aLineLongerThanAWrapLeavesIsAnEntryOfItsOwnAfterARecordLeftOpenInAQuote() {
        // found by LogClassifierFuzzTest (crash-081a5710..., the fuzzfix branch's campaign): a vhost access record cut
        // inside its quoted request (invalid bytes, then a kernel line's tail), then a digit-led line whose MySQL
        // header lost a byte of its time ("9:14:1@1 [ERROR]", beyond 64 characters, so neither hasLevelTag nor
        // hasTimedHeader takes it); joined as the rest of the open quote, mysql.out-of-memory was lost
        String record = "compact.example.test:80 127.0.0.1 - - [21/Nov/2026:21:38:33 +0100] \"GE" + "\ufffd".repeat(59)
                + "kB, anon-rss:48744: Completed initialization of buffer pool\n";
        String mysql = "261121kB, file-rss:6640kB, shmem-rss:0kB, " + "\u0000".repeat(104) + "UID:0 pgtables:164  9:14:1@1"
                + " [ERROR] /usr/sbin/mysqld: Out of memory (Needed 128917504 bytes)\n";
        assertNothingJoined(record + mysql);
        // the class, not these bytes: whatever the damage, a line longer than the line before and its own first word
        // is no rest a wrap left
        assertNothingJoined(record + "261121kB, " + "x".repeat(200) + " got signal 11 ;\n");
        // what wraps at a reader's width leave is still joined: a request wrapped inside its quotes (a word moved
        // down, and a long URL cut inside it), a parenthesis' rest
        for (int width : new int[] {129, 164}) {
            java.util.List<String> rows = wrap(STDERR, width); // the second row goes on inside the quoted message
            assertJoined(rows.get(0) + "\n" + rows.get(1) + "\n", "a message wrapped at " + width + " columns");
        }
        String url = "127.0.0.1 - - [21/Nov/2026:21:38:31 +0100] \"GET /wp-admin/admin-ajax.php?action=wp-remove-post-lock";
        assertJoined(url + "&_wpnonce=8a7c0e\n" + "a8d4 HTTP/1.1\" 503 529 \"-\" \"Mozilla/5.0 (gd-capture)\"\n",
                "a URL cut at the width");
        assertJoined("2026-11-21  9:14:01 0 [ERROR] mysqld: Out of memory (Needed\n128917504 bytes)\n",
                "a parenthesis' rest");
    }

    /**
     * Real log lines (core's format fixtures) wrapped as a forum or mail client fills its lines, at every width from
     * 30 to 200 columns (greedy, a word longer than the width cut inside): each rest fits the width of the line it
     * continues ({@link Unwrap#fitsTheWidth}), whatever the width.
     */
    @Test
    void everyRestAWrapAtAReadersWidthLeavesFitsTheWidthOfTheLineBefore() throws Exception {
        int pairs = 0;
        try (Stream<java.nio.file.Path> files = java.nio.file.Files.list(java.nio.file.Path.of("src/test/resources/formats"))) {
            for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                for (String line : java.nio.file.Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
                    if (line.startsWith("#") || line.isBlank()) {
                        continue;
                    }
                    for (int width = 30; width <= 200; width++) {
                        java.util.List<String> rows = wrap(line, width);
                        for (int k = 1; k < rows.size(); k++) {
                            assertTrue(Unwrap.fitsTheWidth(rows.get(k - 1), rows.get(k)),
                                    width + " columns: [" + rows.get(k - 1) + "] then [" + rows.get(k) + "]");
                            pairs++;
                        }
                    }
                }
            }
        }
        assertTrue(pairs > 10_000, "wrapped pairs checked: " + pairs);
    }

    /** {@code line} filled into rows of at most {@code width} characters, breaking at blanks, cutting longer words. */
    private static java.util.List<String> wrap(String line, int width) {
        java.util.List<String> rows = new java.util.ArrayList<>();
        StringBuilder row = new StringBuilder();
        for (String word : line.split(" ", -1)) {
            if (row.length() > 0 && row.length() + 1 + word.length() > width) {
                rows.add(row.toString());
                row.setLength(0);
            } else if (row.length() > 0) {
                row.append(' ');
            }
            String w = word;
            while (row.length() + w.length() > width) {
                int fit = width - row.length();
                row.append(w, 0, fit);
                rows.add(row.toString());
                row.setLength(0);
                w = w.substring(fit);
            }
            row.append(w);
        }
        rows.add(row.toString());
        return rows;
    }

    /** MySQL's out-of-memory signature as checks-wordpress's MysqlSignatureProvider declares it. */
    static final org.gatewaydoctor.logs.Signature MYSQL_OOM = new org.gatewaydoctor.logs.Signature("test.mysql-oom",
            org.gatewaydoctor.model.Layer.DATABASE, java.util.Set.of(LogFormat.MYSQL_ERROR), ": Out of memory (Needed ",
            java.util.regex.Pattern.compile("(?<process>\\S{1,256}): Out of memory \\(Needed (?<bytes>[0-9]{1,20}) bytes\\)"),
            null, java.util.List.of(), "out of memory");
    /** nginx's refused connection, as checks-http declares it. */
    static final org.gatewaydoctor.logs.Signature NGINX_REFUSED = new org.gatewaydoctor.logs.Signature("test.refused",
            org.gatewaydoctor.model.Layer.PROXY, java.util.Set.of(LogFormat.NGINX_ERROR), "failed (111: Connection refused)",
            java.util.regex.Pattern.compile("connect\\(\\) failed \\((?<errno>111): "), 502, java.util.List.of(), "refused");
    static final JoinGuard GUARD = JoinGuard.of(java.util.List.of(MYSQL_OOM, NGINX_REFUSED));

    @Test
    void aJoinThatWouldLoseAMatchOfALineOnItsOwnIsRefusedWhateverItsShape() {
        // the class of crash-081a5710 (and of the eight findings before it): the same two entries as above, but the
        // access record left open is long enough (its user agent's quote not closed) that the MySQL line fits the
        // width, so the rules on the lines' shape join them; read on its own the MySQL line matches the signature,
        // joined into the record (an access-log line, which the signature does not apply to) it would not
        String record = "compact.example.test:80 127.0.0.1 - - [21/Nov/2026:21:38:33 +0100] \"GET /fatal.php HTTP/1.1\" 500"
                + " 185 \"-\" \"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0 kB, anon-rss:48744:"
                + " Completed initialization of buffer pool\n";
        String mysql = "261121kB, file-rss:6640kB, shmem-rss:0kB, UID:0 pgtables:164  9:14:1@1 [ERROR] /usr/sbin/mysqld:"
                + " Out of memory (Needed 128917504 bytes)\n";
        assertJoined(record + mysql, "the shape rules alone join them");
        assertNothingJoined(record + mysql, GUARD);
        // so is a line that would bring a second match of a signature into one record (two entries are two matches)
        String refused = "2024/05/02 10:11:12 [error] 29#29: *7 connect() failed (111: Connection refused) while connecting"
                + " to upstream, client: (172.18.0.1\n";
        assertNothingJoined(refused + "29#29: *8 connect() failed (111: Connection refused) while connecting\n", GUARD);
        // a genuine wrap keeps its lines' matches and gains what the wrap cut: still joined with the guard
        assertJoined("2026-11-21  9:14:01 0 [ERROR] mysqld: Out of memory (Needed\n128917504 bytes)\n", "a parenthesis' rest",
                GUARD);
        assertJoined(NGINX.replace(" while", "\nwhile"), "an nginx entry a mail client wrapped", GUARD);
        for (int width : new int[] {129, 164}) {
            java.util.List<String> rows = wrap(STDERR, width);
            assertJoined(rows.get(0) + "\n" + rows.get(1) + "\n", "a message wrapped at " + width + " columns", GUARD);
        }
    }

    /** nginx 1.22 + PHP-FPM 8.2, as captured in checks-http's fixtures/nginx/error.log (PHP writes two blanks). */
    private static final String RELAYED = "2026/11/21 20:55:57 [error] 4590#4590: *56 FastCGI sent in stderr: \"PHP"
            + " message: PHP Fatal error:  Allowed memory size of 4194304 bytes exhausted (tried to allocate 8392704"
            + " bytes) in /tmp/cap/www/wp-content/plugins/big-export/export.php on line 3\" while reading response"
            + " header from upstream, client: 127.0.0.1, server: example.test, request: \"GET"
            + " /wp-content/plugins/big-export/export.php HTTP/1.1\", upstream:"
            + " \"fastcgi://unix:/tmp/cap/sock/php8.2-fpm.sock:\", host: \"example.test\"";

    /** The first line of {@code pasted} once joined (without a guard). */
    private static String joinedFirst(String pasted) {
        byte[] in = pasted.getBytes(StandardCharsets.UTF_8);
        byte[] buf = Arrays.copyOf(in, in.length + 4096);
        int end = Unwrap.joinWrapped(buf, in.length, buf.length);
        return new String(buf, 0, end, StandardCharsets.UTF_8).split("\n", -1)[0];
    }

    @Test
    void rowsAMailClientBrokeAtBlanksGoBackTogetherAsTheyWereWhateverTheirFirstCharacter() {
        // fold -s -w 76: a row opens with the script's path, one with a capital, one inside PHP's run of two blanks
        for (int width : new int[] {41, 60, 76, 80, 100}) {
            List<String> rows = new ArrayList<>();
            int start = 0;
            while (RELAYED.length() - start > width) {
                int cut = RELAYED.lastIndexOf(' ', start + width - 1);
                cut = cut < start ? start + width : cut + 1;
                rows.add(RELAYED.substring(start, cut));
                start = cut;
            }
            rows.add(RELAYED.substring(start));
            assertEquals(RELAYED, joinedFirst(String.join("\n", rows) + "\n"), "fold -s -w " + width);
        }
    }

    @Test
    void rowsAHardWrapCutAtAnyWidthGoBackTogetherAsTheyWere() {
        for (int width : new int[] {40, 80, 100, 132, 140}) {
            List<String> rows = new ArrayList<>();
            for (int i = 0; i < RELAYED.length(); i += width) {
                rows.add(RELAYED.substring(i, Math.min(RELAYED.length(), i + width)));
            }
            assertEquals(RELAYED, joinedFirst(String.join("\n", rows) + "\n"), "fold -w " + width);
        }
    }

    @Test
    void aRowEndingInABlankIsNoRestOfTheEntryBeforeWhenItOpensWithAHeader() {
        // the rows of one entry a mail client broke, then the next entry: its header starts an entry of its own
        assertNothingJoined("2026/11/21 20:55:30 [error] 3959#3959: *3 connect() to unix:/tmp/cap/sock/stale.sock "
                + "\n2026/11/21 20:55:31 [error] 3959#3959: *5 upstream timed out\n"
                + "[Sat Nov 21 20:44:00.306538 2026] [proxy:error] [pid 10806:tid 10811] (111)Connection refused: \n"
                + "[21-Nov-2026 20:56:09] WARNING: [pool quiet] child 4547 said into stderr: \"NOTICE: PHP message: \n"
                + "192.0.2.7 - - [21/Nov/2026:20:55:30 +0000] \"GET / HTTP/1.1\" 502 157 \"-\" \"curl/7.88.1\"\n");
    }

    /** Joining the wrapped lines of {@code pasted} changes it: some line was joined into the one before. */
    private static void assertJoined(String pasted, String what) {
        assertJoined(pasted, what, null);
    }

    private static void assertJoined(String pasted, String what, JoinGuard guard) {
        byte[] in = pasted.getBytes(StandardCharsets.UTF_8);
        byte[] buf = Arrays.copyOf(in, 4096);
        assertTrue(Unwrap.joinWrapped(buf, in.length, buf.length, guard) > 0);
        assertFalse(Arrays.equals(in, Arrays.copyOf(buf, in.length)), what);
    }

    /** Joining the wrapped lines of {@code pasted} leaves it as it is: every line is an entry of its own. */
    private static void assertNothingJoined(String pasted) {
        assertNothingJoined(pasted, null);
    }

    private static void assertNothingJoined(String pasted, JoinGuard guard) {
        byte[] in = pasted.getBytes(StandardCharsets.UTF_8);
        byte[] buf = new byte[4096];
        System.arraycopy(in, 0, buf, 0, in.length);
        assertEquals(in.length, Unwrap.joinWrapped(buf, in.length, buf.length, guard), "nothing is joined");
        // a hard wrap's join keeps the length: only the bytes show that nothing moved
        assertArrayEquals(in, Arrays.copyOf(buf, in.length), "nothing is joined");
    }
}
