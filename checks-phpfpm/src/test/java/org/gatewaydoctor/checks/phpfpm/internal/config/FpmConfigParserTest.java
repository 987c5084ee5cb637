package org.gatewaydoctor.checks.phpfpm.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatewaydoctor.checks.phpfpm.internal.config.ConfigProblem.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parser on Debian's stock configuration (fpmconf/debian-php8.2) and on written ones. Where PHP-FPM's
 * behaviour is not obvious, the expectation was observed with {@code php-fpm8.2 -tt} first.
 */
class FpmConfigParserTest {

    @TempDir
    Path dir;

    static final String GLOBAL = "[global]\nerror_log = /var/log/fpm.log\n";

    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    FpmConfig parse(String text) throws IOException {
        return FpmConfigParser.standard().withPrefix(dir.toString()).parse(write("php-fpm.conf", text));
    }

    static String pool(String name, String... extra) {
        return "[" + name + "]\nuser = www-data\nlisten = /run/php/" + name + ".sock\npm = static\npm.max_children = 2\n"
                + String.join("\n", extra) + "\n";
    }

    static List<String> messages(FpmConfig c, Severity s) {
        return c.problems(s).stream().map(ConfigProblem::message).toList();
    }

    static Path debianRoot() throws URISyntaxException {
        return Path.of(FpmConfigParserTest.class.getResource("/fpmconf/debian-php8.2").toURI());
    }

    @Test
    void readsDebiansStockConfigurationWithTheLineOfEveryValue() throws Exception {
        FpmConfig c = FpmConfigParser.standard().withRoot(debianRoot())
                .parse(Path.of("/etc/php/8.2/fpm/php-fpm.conf"));
        assertEquals(List.of(), c.problems());
        assertFalse(c.refusedByFpm());
        String main = "/etc/php/8.2/fpm/php-fpm.conf";
        String www = "/etc/php/8.2/fpm/pool.d/www.conf";
        assertEquals(List.of(new ConfigFile(main, Optional.empty(), 145),
                new ConfigFile(www, Optional.of(new Origin(main, 145)), 490)), c.files());

        assertEquals(new Setting<>("/run/php/php8.2-fpm.pid", "pid = /run/php/php8.2-fpm.pid", new Origin(main, 19)),
                c.global().pid().orElseThrow());
        assertEquals(new Setting<>("/var/log/php8.2-fpm.log", "error_log = /var/log/php8.2-fpm.log",
                new Origin(main, 26)), c.global().errorLog());
        assertEquals("notice", c.global().logLevel().value());
        assertTrue(c.global().logLevel().isBuiltIn());

        FpmPool p = c.pool("WWW").orElseThrow();
        assertEquals("www", p.name());
        assertEquals(new Origin(www, 4), p.origin());
        assertEquals(new Setting<>("www-data", "user = www-data", new Origin(www, 28)), p.user().orElseThrow());
        assertEquals(new Origin(www, 29), p.group().orElseThrow().origin());
        Setting<ListenAddress> listen = p.listen().address().orElseThrow();
        assertEquals(new ListenAddress.Unix("/run/php/php8.2-fpm.sock", "/run/php/php8.2-fpm.sock"), listen.value());
        assertEquals("listen = /run/php/php8.2-fpm.sock", listen.text());
        assertEquals(new Origin(www, 41), listen.origin());
        assertEquals(-1, p.listen().backlog().value());
        assertTrue(p.listen().backlog().isBuiltIn());
        assertEquals(4096, p.listen().effectiveBacklog(4096));
        assertEquals(128, p.listen().effectiveBacklog(128));
        assertEquals("www-data", p.listen().owner().orElseThrow().value());
        assertEquals(new Origin(www, 53), p.listen().owner().orElseThrow().origin());
        assertEquals(new Origin(www, 54), p.listen().group().orElseThrow().origin());
        assertEquals("0660", p.listen().modeOctal());
        assertTrue(p.listen().mode().isBuiltIn());
        assertEquals(Optional.empty(), p.listen().allowedClients());

        assertEquals(ProcessManager.DYNAMIC, p.pm().style().orElseThrow().value());
        assertEquals(new Origin(www, 116), p.pm().style().orElseThrow().origin());
        assertEquals(new Setting<>(5, "pm.max_children = 5", new Origin(www, 127)), p.pm().maxChildren().orElseThrow());
        assertEquals(2, p.pm().startServers().value());
        assertEquals(new Origin(www, 132), p.pm().startServers().origin());
        assertEquals(1, p.pm().minSpareServers().value());
        assertEquals(3, p.pm().maxSpareServers().value());
        assertEquals(0, p.pm().maxRequests().value());
        assertEquals(Duration.ofSeconds(10), p.pm().processIdleTimeout().value());

        assertEquals(Duration.ZERO, p.requests().terminateTimeout().value());
        assertTrue(p.requests().terminateTimeout().isBuiltIn());
        assertEquals(Duration.ZERO, p.requests().slowlogTimeout().value());
        assertEquals(Optional.empty(), p.requests().slowlog());
        assertFalse(p.requests().catchWorkersOutput().value());
        assertEquals(Optional.empty(), p.status().statusPath());
        assertEquals(Optional.empty(), p.status().pingPath());
        assertEquals(Optional.empty(), p.status().pingResponse());
        assertEquals(List.of(), p.php());
        assertEquals(Optional.empty(), p.maxExecutionTime());
        assertEquals(Optional.empty(), p.memoryLimit());
    }

    @Test
    void includesGlobsRelativeToThePrefixInSortedOrder() throws IOException {
        write("pool.d/b.conf", pool("b"));
        write("pool.d/a.conf", pool("a"));
        write("pool.d/notes.txt", "not a pool");
        FpmConfig c = parse(GLOBAL + "include = pool.d/*.conf\n");
        assertEquals(List.of("a", "b"), c.pools().stream().map(FpmPool::name).toList());
        assertEquals(new Origin(dir.resolve("php-fpm.conf").toString(), 3), c.files().get(1).includedFrom().orElseThrow());
        assertEquals(List.of(), c.problems());
    }

    @Test
    void theSectionAnIncludedFileEndsInStaysCurrent() throws IOException {
        // php-fpm8.2 -tt: pm.max_children = 3 lands in pool2, which the included file opened
        write("inc/a.conf", "[pool2]\nuser = nobody\nlisten = /tmp/p2.sock\npm = static\n");
        FpmConfig c = parse(GLOBAL + "include = inc/*.conf\npm.max_children = 3\n");
        FpmPool p = c.pool("pool2").orElseThrow();
        assertEquals(3, p.pm().maxChildren().orElseThrow().value());
        assertEquals(new Origin(dir.resolve("php-fpm.conf").toString(), 4), p.pm().maxChildren().orElseThrow().origin());
    }

    @Test
    void aMissingIncludeIsAWarningAndAMissingDirectoryFatal() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        FpmConfig c = parse(GLOBAL + "include = " + dir + "/missing.conf\ninclude = empty/*.conf\n"
                + "include = none/*.conf\n" + pool("www"));
        assertEquals(List.of("Nothing matches the include pattern '" + dir + "/missing.conf'",
                "Nothing matches the include pattern '" + dir + "/empty/*.conf'"), messages(c, Severity.WARNING));
        assertEquals(1, messages(c, Severity.FATAL).size());
        assertTrue(messages(c, Severity.FATAL).get(0).startsWith("Unable to globalize '" + dir + "/none/*.conf'"));
        assertEquals(5, c.problems(Severity.FATAL).get(0).origin().line());
    }

    @Test
    void includesNestAtMostFiveFilesDeepAndLoopsStop() throws IOException {
        write("l2.conf", "include = " + dir + "/l3.conf\n");
        write("l3.conf", "include = " + dir + "/l4.conf\n");
        write("l4.conf", "include = " + dir + "/l5.conf\n");
        write("l5.conf", pool("deep") + "include = " + dir + "/l6.conf\n");
        write("l6.conf", pool("too-deep"));
        FpmConfig c = parse(GLOBAL + "include = " + dir + "/l2.conf\n");
        assertEquals(List.of("deep"), c.pools().stream().map(FpmPool::name).toList());
        assertEquals(List.of("failed to include more than 5 files recursively (" + dir + "/l6.conf)"),
                messages(c, Severity.FATAL));

        write("loop.conf", pool("loop") + "include = " + dir + "/loop.conf\n");
        FpmConfig loop = FpmConfigParser.standard().parse(dir.resolve("loop.conf"));
        assertEquals(5, loop.files().size());
        assertTrue(loop.refusedByFpm());
    }

    @Test
    void substitutesThePoolNameInStringsAndPhpValues() throws IOException {
        FpmConfig c = parse(GLOBAL + "[site1]\nuser = $pool\nlisten = /run/php/$pool.sock\npm = static\n"
                + "pm.max_children = 1\nslowlog = /var/log/php/$pool-slow.log\nrequest_slowlog_timeout = 5s\n"
                + "php_admin_value[error_log] = /var/log/php/$pool-error.log\n");
        FpmPool p = c.pool("site1").orElseThrow();
        assertEquals("site1", p.user().orElseThrow().value());
        assertEquals("unix:/run/php/site1.sock", p.listen().address().orElseThrow().value().describe());
        assertEquals("/var/log/php/site1-slow.log", p.requests().slowlog().orElseThrow().value());
        assertEquals("/var/log/php/site1-error.log", p.errorLog().orElseThrow().value());
        assertEquals(List.of(), c.problems());

        FpmConfig g = parse("[global]\nerror_log = /var/log/$pool.log\n" + pool("www"));
        assertEquals(List.of("unable to parse value for entry 'error_log': Can't use '$pool' when the pool is not "
                + "defined"), messages(g, Severity.FATAL));
    }

    @Test
    void reopensASectionCaseInsensitivelyAndKeepsTheLastString() throws IOException {
        FpmConfig c = parse(GLOBAL + pool("www", "listen = /run/php/second.sock") + "[other]\nuser = nobody\n"
                + "listen = /run/php/other.sock\npm = ondemand\npm.max_children = 1\n[WWW]\nlisten.mode = 0600\n");
        assertEquals(List.of("www", "other"), c.pools().stream().map(FpmPool::name).toList());
        FpmPool www = c.pool("www").orElseThrow();
        assertEquals("/run/php/second.sock", ((ListenAddress.Unix) www.listen().address().orElseThrow().value()).path());
        assertEquals("0600", www.listen().modeOctal());
        assertEquals(15, www.listen().mode().origin().line());
        assertEquals(List.of(), c.problems());
    }

    @Test
    void readsUnitsAsPhpFpmDoesAndWarnsWhereItReadsLess() throws IOException {
        FpmConfig c = parse(GLOBAL + pool("www", "request_terminate_timeout = 1.5m", "request_slowlog_timeout = 30s",
                "slowlog = slow.log", "pm.process_idle_timeout = 1h", "catch_workers_output = yes",
                "php_admin_value[memory_limit] = 256M", "php_value[max_execution_time] = 120",
                "PM.MAX_REQUESTS = 500"));
        FpmPool p = c.pool("www").orElseThrow();
        assertEquals(Duration.ofSeconds(60), p.requests().terminateTimeout().value());
        assertEquals(Duration.ofSeconds(30), p.requests().slowlogTimeout().value());
        assertEquals(dir + "/slow.log", p.requests().slowlog().orElseThrow().value());
        assertEquals(Duration.ofHours(1), p.pm().processIdleTimeout().value());
        assertTrue(p.requests().catchWorkersOutput().value());
        assertEquals(256L << 20, p.memoryLimit().orElseThrow().value());
        assertEquals(Duration.ofSeconds(120), p.maxExecutionTime().orElseThrow().value());
        assertEquals(500, p.pm().maxRequests().value());
        assertEquals(List.of("php-fpm reads '1.5m' as 60s: it stops reading the number at '.5'"),
                messages(c, Severity.WARNING));
    }

    @Test
    void rejectsWhatPhpFpmRejectsWhileReading() throws IOException {
        FpmConfig c = parse(GLOBAL + "listen = /x.sock\n" + pool("www", "bogus = 1", "pm.max_requests = 5 5",
                "request_terminate_timeout = 30S", "catch_workers_output = 2", "pm.max_children", "# comment",
                "php_value[] = 1", "php_values[x] = 1", "ping.response = a=b", "pm = lazy", "env[EMPTY] = "));
        assertEquals(List.of(
                "unknown entry 'listen'",
                "unknown entry 'bogus'",
                "unable to parse value for entry 'pm.max_requests': is not a valid number (greater or equal than zero)",
                "unable to parse value for entry 'request_terminate_timeout': unknown suffix used in time value",
                "unable to parse value for entry 'catch_workers_output': invalid boolean value",
                "value is NULL for a ZEND_INI_PARSER_ENTRY ('pm.max_children' has no '=')",
                "value is NULL for a ZEND_INI_PARSER_ENTRY ('# comment' has no '=')",
                "You must provide a key for field 'php_value'",
                "unknown directive 'php_values'",
                "PHP: syntax error, unexpected '='",
                "unable to parse value for entry 'pm': invalid process manager (static, dynamic or ondemand)",
                "empty value"), messages(c, Severity.FATAL));
        assertTrue(c.refusedByFpm());
        assertEquals(3, c.problems().get(0).origin().line());
        FpmConfig arrays = parse("[global]\nphp_value[x] = 1\n" + pool("www"));
        assertEquals(List.of("Array are not allowed in the global section"), messages(arrays, Severity.FATAL));
    }

    @Test
    void appliesPhpFpmsChecksAfterReading() throws IOException {
        FpmConfig c = parse(GLOBAL
                + "[nolisten]\nuser = a\npm = static\npm.max_children = 1\n"
                + "[nopm]\nuser = a\nlisten = /run/a.sock\npm.max_children = 1\n"
                + "[zero]\nuser = a\nlisten = /run/b.sock\npm = static\npm.max_children = 0\n"
                + "[spares]\nuser = a\nlisten = /run/c.sock\npm = dynamic\npm.max_children = 2\n"
                + "pm.min_spare_servers = 3\npm.max_spare_servers = 1\n"
                + "[pages]\nuser = a\nlisten = /run/d.sock\npm = static\npm.max_children = 1\n"
                + "pm.status_path = status\nping.path = /p\nping.response = \"\"\n"
                + "[slow]\nuser = a\nlisten = /run/e.sock\npm = static\npm.max_children = 1\n"
                + "request_slowlog_timeout = 10s\nrequest_terminate_timeout = 5s\n"
                + "[dup]\nuser = a\nlisten = /run/e.sock\npm = static\npm.max_children = 1\n"
                + "[port]\nuser = a\nlisten = 127.0.0.1:99999\npm = static\npm.max_children = 1\n"
                + "[idle]\nuser = a\nlisten = /run/f.sock\npm = ondemand\npm.max_children = 1\n"
                + "pm.process_idle_timeout = 0\n"
                + "[badpath]\nuser = a\nlisten = /run/g.sock\npm = static\npm.max_children = 1\n"
                + "pm.status_path = /st@tus\n");
        // pm.start_servers unset is derived (3 + (1 - 3) / 2 = 2) and not range-checked; "/p" is long enough
        assertEquals(List.of(
                "[pool nolisten] no listen address have been defined!",
                "[pool nopm] the process manager is missing (static, dynamic or ondemand)",
                "[pool zero] pm.max_children must be a positive value",
                "[pool spares] pm.min_spare_servers(3) and pm.max_spare_servers(1) cannot be greater than "
                        + "pm.max_children(2)",
                "[pool spares] pm.max_spare_servers(1) must not be less than pm.min_spare_servers(3)",
                "[pool pages] the status path 'status' must start with a '/'",
                "[pool pages] the ping response page '' is not long enough",
                "[pool slow] 'slowlog' must be specified for use with 'request_slowlog_timeout'",
                "[pool slow] 'request_slowlog_timeout' (10) can't be greater than 'request_terminate_timeout' (5)",
                "[pool port] php-fpm cannot listen on '127.0.0.1:99999': invalid port value '99999'",
                "[pool idle] pm.process_idle_timeout(0s) must be greater than 0s",
                "[pool badpath] the status path '/st@tus' must contain only the following characters '[alphanum]/_-.~'",
                "[pool dup] unable to set listen address as it's already used in another pool 'slow'"),
                messages(c, Severity.FATAL));
        assertEquals(2, c.pool("spares").orElseThrow().pm().startServers().value());
    }

    @Test
    void fillsInWhatPhpFpmDerives() throws IOException {
        FpmConfig c = parse(GLOBAL + "[dyn]\nuser = a\nlisten = 9000\npm = dynamic\npm.max_children = 10\n"
                + "pm.min_spare_servers = 2\npm.max_spare_servers = 6\nping.path = /ping\n"
                + "[od]\nuser = a\nlisten = [::1]:9001\npm = ondemand\npm.max_children = 4\npm.start_servers = 3\n"
                + "ping.response = ignored\n");
        FpmPool dyn = c.pool("dyn").orElseThrow();
        assertEquals(4, dyn.pm().startServers().value());
        assertTrue(dyn.pm().startServers().isBuiltIn());
        assertEquals("pong", dyn.status().pingResponse().orElseThrow().value());
        assertEquals(new ListenAddress.Tcp("", 9000, "9000"), dyn.listen().address().orElseThrow().value());
        assertEquals("127.0.0.1", ((ListenAddress.Tcp) dyn.listen().address().orElseThrow().value()).connectHost());
        FpmPool od = c.pool("od").orElseThrow();
        assertEquals(0, od.pm().startServers().value());
        assertEquals(Optional.empty(), od.status().pingResponse());
        assertEquals(new ListenAddress.Tcp("::1", 9001, "[::1]:9001"), od.listen().address().orElseThrow().value());
        assertEquals("[::1]:9001", od.listen().address().orElseThrow().value().describe());
        assertEquals(List.of(), c.problems());
    }

    @Test
    void resolvesRelativePathsAgainstThePoolPrefixThenTheGlobalOne() throws IOException {
        FpmConfig c = parse(GLOBAL + pool("a", "slowlog = log/$pool.slow", "access.log = log/access.log",
                "php_value[error_log] = log/php.log", "php_admin_value[error_log] = syslog")
                + "[b]\nprefix = /srv/b\nuser = a\nlisten = run/b.sock\npm = static\npm.max_children = 1\n"
                + "chdir = $prefix/htdocs\nphp_admin_value[error_log] = log/err.log\n");
        FpmPool a = c.pool("a").orElseThrow();
        assertEquals(dir + "/log/a.slow", a.requests().slowlog().orElseThrow().value());
        assertEquals(dir + "/log/access.log", a.requests().accessLog().orElseThrow().value());
        assertEquals("syslog", a.errorLog().orElseThrow().value());
        assertEquals(dir + "/log/php.log", a.php().get(0).value());
        FpmPool b = c.pool("b").orElseThrow();
        assertEquals("/srv/b/run/b.sock", ((ListenAddress.Unix) b.listen().address().orElseThrow().value()).path());
        assertEquals("/srv/b/htdocs", b.chdir().orElseThrow().value());
        assertEquals("/srv/b/log/err.log", b.errorLog().orElseThrow().value());
    }

    @Test
    void theGlobalLogGoesUnderVarWithoutPrefix() throws IOException {
        Path main = write("php-fpm.conf", "[global]\npid = run/fpm.pid\n" + pool("www"));
        FpmConfig c = FpmConfigParser.standard().parse(main);
        assertEquals("/var/log/php-fpm.log", c.global().errorLog().value());
        assertTrue(c.global().errorLog().isBuiltIn());
        assertEquals("/var/run/fpm.pid", c.global().pid().orElseThrow().value());
        FpmConfig prefixed = FpmConfigParser.standard().withPrefix("/opt/php").parse(main);
        assertEquals("/opt/php/log/php-fpm.log", prefixed.global().errorLog().value());
    }

    @Test
    void theFirstPhpValueWrittenWinsAndAdminValuesBeatPlainOnes() throws IOException {
        // observed with php-fpm8.2 and ini_get(): memory_limit 64M, max_execution_time 11
        FpmConfig c = parse(GLOBAL + pool("www", "php_admin_value[memory_limit] = 64M",
                "php_admin_value[memory_limit] = 96M", "php_value[max_execution_time] = 7",
                "php_value[max_execution_time] = 9", "php_admin_value[max_execution_time] = 11",
                "php_flag[display_errors] = off", "php_admin_flag[log_errors] = on"));
        FpmPool p = c.pool("www").orElseThrow();
        assertEquals(64L << 20, p.memoryLimit().orElseThrow().value());
        assertEquals(8, p.memoryLimit().orElseThrow().origin().line());
        assertEquals(Duration.ofSeconds(11), p.maxExecutionTime().orElseThrow().value());
        assertEquals("0", p.php("display_errors").orElseThrow().value());
        assertEquals("1", p.php("log_errors").orElseThrow().value());
        assertTrue(p.php("log_errors").orElseThrow().admin());
    }

    @Test
    void readsEnvironmentVariablesFromTheGivenEnvironmentOnly() throws IOException {
        Path main = write("php-fpm.conf", GLOBAL + pool("www", "chdir = ${DOCROOT}/public"));
        FpmConfig known = FpmConfigParser.standard().withEnvironment(Map.of("DOCROOT", "/srv/site")).parse(main);
        assertEquals("/srv/site/public", known.pool("www").orElseThrow().chdir().orElseThrow().value());
        assertEquals(List.of(), known.problems());
        FpmConfig unknown = FpmConfigParser.standard().parse(main);
        assertEquals(List.of("${DOCROOT} comes from php-fpm's environment, unknown here; read as empty"),
                messages(unknown, Severity.INCOMPLETE));
        assertEquals("/public", unknown.pool("www").orElseThrow().chdir().orElseThrow().value());
    }

    @Test
    void warnsAboutAPoolWithoutUser() throws IOException {
        FpmConfig c = parse(GLOBAL + "[www]\nlisten = /run/x.sock\npm = static\npm.max_children = 1\n");
        assertEquals(List.of("[pool www] user has not been defined (php-fpm refuses this when its master runs as "
                + "root, unless started with --allow-to-run-as-root)"), messages(c, Severity.WARNING));
        assertFalse(c.refusedByFpm());
    }

    @Test
    void aConfigurationWithoutPoolsIsRefused() throws IOException {
        assertEquals(List.of("No pool defined. at least one pool section must be specified in config file"),
                messages(parse(GLOBAL), Severity.FATAL));
    }

    // ---- hostile inputs ----------------------------------------------------------------------------------

    @Test
    void aMissingMainFileIsAProblemNotAnException() {
        FpmConfig c = FpmConfigParser.standard().parse(dir.resolve("nope.conf"));
        assertEquals(List.of("failed to open configuration file '" + dir + "/nope.conf': No such file or directory (2)",
                "No pool defined. at least one pool section must be specified in config file"),
                messages(c, Severity.FATAL));
        assertEquals(List.of(), c.files());
    }

    @Test
    void aDirectoryOrDeviceIsNotRead() throws IOException {
        Files.createDirectories(dir.resolve("adir"));
        FpmConfig c = FpmConfigParser.standard().parse(dir.resolve("adir"));
        assertEquals("failed to read configuration file '" + dir + "/adir': not a regular file",
                messages(c, Severity.FATAL).get(0));
        FpmConfig proc = parse(GLOBAL + "include = /proc/self/status\ninclude = /dev/zero\n" + pool("www"));
        assertEquals(List.of("not read: /proc/self/status is a kernel or device file",
                "not read: /dev/zero is a kernel or device file"), messages(proc, Severity.INCOMPLETE));
    }

    @Test
    void binaryGarbageGivesProblemsNotExceptions() throws IOException {
        byte[] garbage = new byte[64 * 1024];
        new java.util.Random(42).nextBytes(garbage);
        Path main = dir.resolve("garbage.conf");
        Files.write(main, garbage);
        FpmConfig c = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> FpmConfigParser.standard().parse(main));
        assertTrue(c.refusedByFpm());
        assertTrue(c.problems().size() <= FpmConfigParser.Limits.DEFAULT.maxProblems() + 1);
    }

    @Test
    void readsAtMostTheFileLimitAndSkipsOverlongLines() throws IOException {
        FpmConfigParser small = FpmConfigParser.standard()
                .withLimits(new FpmConfigParser.Limits(200, 10, 100, 10, 50, 10, 100, 10));
        String longLine = "slowlog = /" + "x".repeat(100) + "\n";
        Path main = write("big.conf", longLine + pool("www") + ";".repeat(500) + "\n");
        FpmConfig c = small.parse(main);
        assertEquals(List.of("file larger than 200 bytes; only its first " + (longLine.length() + pool("www").length())
                + " bytes read", "line longer than 100 characters, not read"), messages(c, Severity.INCOMPLETE));
        assertEquals(1, c.problems(Severity.INCOMPLETE).get(1).origin().line());
        assertTrue(c.pool("www").isPresent());
    }

    @Test
    void boundsPoolsFilesArraysAndProblems() throws IOException {
        StringBuilder many = new StringBuilder(GLOBAL);
        for (int k = 0; k < 20; k++) {
            many.append(pool("p" + k, "bogus = " + k, "php_value[a" + k + "] = 1", "php_value[b" + k + "] = 1"));
        }
        FpmConfigParser small = FpmConfigParser.standard()
                .withLimits(new FpmConfigParser.Limits(1 << 20, 3, 1000, 5, 8, 10, 100, 1));
        FpmConfig c = small.parse(write("many.conf", many.toString()));
        assertEquals(5, c.pools().size());
        assertEquals(9, c.problems().size());
        assertEquals("more problems not kept", c.problems().get(8).message().replaceAll("^\\d+ ", ""));
        for (int k = 0; k < 10; k++) {
            write("inc/f" + k + ".conf", "");
        }
        FpmConfig files = small.parse(write("files.conf", GLOBAL + "include = " + dir + "/inc/*.conf\n" + pool("www")));
        assertEquals(3, files.files().size());
        assertTrue(messages(files, Severity.INCOMPLETE).stream().anyMatch(m -> m.startsWith("more than 3 files")));
    }

    @Test
    void readsCrlfFilesAndInvalidUtf8() throws IOException {
        Path main = dir.resolve("crlf.conf");
        Files.write(main, (GLOBAL + pool("www", "slowlog = /var/log/caf\u00e9.log")).replace("\n", "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        FpmConfig c = FpmConfigParser.standard().parse(main);
        assertEquals(List.of(), c.problems());
        assertEquals("static", c.pool("www").orElseThrow().pm().style().orElseThrow().value().configName());
        assertEquals("/var/log/caf\ufffd.log", c.pool("www").orElseThrow().requests().slowlog().orElseThrow().value());
    }
}
