package org.gatewaydoctor.checks.phpfpm.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parser against php-fpm itself: {@code php-fpm -n -tt} dumps the configuration as it read it, or refuses
 * it. For accepted configurations every value the dump shows must equal the parser's; for refused ones
 * php-fpm and the parser must both refuse, for the same reason.
 */
class FpmConfigParserIT {

    @TempDir
    Path dir;

    @BeforeEach
    void needsPhpFpm() {
        RealPhpFpm.requireBinary();
    }

    String header() {
        return "[global]\nerror_log = " + dir + "/fpm.log\npid = run/fpm.pid\n";
    }

    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void agreesOnDebiansStockPool() throws IOException, InterruptedException, URISyntaxException {
        Path www = Path.of(getClass().getResource("/fpmconf/debian-php8.2/etc/php/8.2/fpm/pool.d/www.conf").toURI());
        Files.copy(www, dir.resolve("www.conf"));
        compare(write("php-fpm.conf", header() + "include = " + dir + "/www.conf\n"));
    }

    @Test
    void agreesOnValuesThatAreEasyToMisread() throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("log")); // php-fpm creates the slowlog while it checks the configuration
        write("pool.d/b.conf", "[late]\nuser = nobody\nlisten = 127.0.0.1:9471\npm = static\n");
        write("pool.d/a.conf", "[early]\r\nuser = nobody\r\nlisten = 9472\r\npm = dynamic\r\npm.max_children = 8\r\n"
                + "pm.min_spare_servers = 2\r\npm.max_spare_servers = 4\r\n");
        Path main = write("php-fpm.conf", header()
                + "include = pool.d/*.conf\n"
                + "pm.max_children = 3 ; lands in [late], the section the last included file opened\n"
                + "[site]\n"
                + "user = nobody\n"
                + "listen = run/$pool.sock ; relative: under the prefix\n"
                + "listen.backlog = 64\n"
                + "listen.mode = 0666\n"
                + "listen.allowed_clients = 127.0.0.1, ::1\n"
                + "pm = ondemand\n"
                + "PM.MAX_CHILDREN = yes\n"
                + "pm.process_idle_timeout = 2m\n"
                + "pm.max_requests = 500\n"
                + "request_terminate_timeout = 1.5m\n"
                + "request_slowlog_timeout = 30s\n"
                + "slowlog = \"log/$pool slow.log\"\n"
                + "catch_workers_output = On\n"
                + "ping.path = /ping\n"
                + "pm.status_path = '/status'\n"
                + "php_admin_value[memory_limit] = 128M\n"
                + "php_admin_value[error_log] = log/$pool-error.log\n"
                + "php_value[max_execution_time] = 60\n"
                + "php_flag[display_errors] = off\n"
                + "php_admin_flag[log_errors] = yes\n"
                + "[v6]\n"
                + "user = nobody\n"
                + "listen = [::1]:9473\n"
                + "pm = static\n"
                + "pm.max_children = 2\n"
                + "ping.response = ignored without ping.path\n"
                + "chdir = /\n"
                + "[SITE]\n"
                + "request_terminate_timeout = 2h ; the same pool, reopened\n");
        compare(main);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("bogus = 1", "unknown entry 'bogus'"),
                Arguments.of("pm.max_requests = 5 5",
                        "is not a valid number (greater or equal than zero)"),
                Arguments.of("request_terminate_timeout = 30S", "unknown suffix used in time value"),
                Arguments.of("catch_workers_output = 2", "invalid boolean value"),
                Arguments.of("pm.max_requests", "value is NULL for a ZEND_INI_PARSER_ENTRY"),
                Arguments.of("ping.response = a=b", "syntax error, unexpected '='"),
                Arguments.of("php_value[] = 1", "You must provide a key for field 'php_value'"),
                Arguments.of("pm.min_spare_servers = 3\npm.max_spare_servers = 9",
                        "cannot be greater than pm.max_children"),
                Arguments.of("request_slowlog_timeout = 5s",
                        "'slowlog' must be specified for use with 'request_slowlog_timeout'"),
                Arguments.of("pm.status_path = status", "the status path 'status' must start with a '/'"),
                Arguments.of("ping.path = /p@ng", "must contain only the following characters"),
                Arguments.of("ping.path = /p!ng", "syntax error, unexpected '!'"),
                Arguments.of("include = none/*.conf", "Unable to globalize"),
                Arguments.of("[dup]\nuser = nobody\nlisten = $DIR/www.sock\npm = static\npm.max_children = 1",
                        "unable to set listen address as it's already used in another pool"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusesWhatPhpFpmRefuses(String lines, String reason) throws IOException, InterruptedException {
        Path main = write("php-fpm.conf", header() + "[www]\nuser = nobody\nlisten = " + dir + "/www.sock\n"
                + "pm = dynamic\npm.max_children = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 1\n"
                + lines.replace("$DIR", dir.toString()) + "\n");
        RealPhpFpm.Run fpm = RealPhpFpm.test(main, dir);
        String fpmSays = fpm.output() + (Files.exists(dir.resolve("fpm.log")) ? Files.readString(dir.resolve("fpm.log"))
                : "");
        assertNotEquals(0, fpm.exitCode(), fpmSays);
        assertTrue(fpmSays.contains(reason), "php-fpm: " + fpmSays);
        FpmConfig c = FpmConfigParser.standard().withPrefix(dir.toString()).parse(main);
        assertTrue(c.refusedByFpm(), c.problems().toString());
        assertTrue(c.problems(ConfigProblem.Severity.FATAL).get(0).message().contains(reason), c.problems().toString());
    }

    @Test
    void refusesAConfigurationWithoutPoolsAndTooDeepIncludes() throws IOException, InterruptedException {
        Path none = write("none.conf", header());
        assertBothRefuse(none, "No pool defined");
        for (int k = 2; k <= 6; k++) {
            write("l" + k + ".conf", k < 6 ? "include = " + dir + "/l" + (k + 1) + ".conf\n" : "");
        }
        assertBothRefuse(write("deep.conf", header() + "include = " + dir + "/l2.conf\n"),
                "failed to include more than 5 files recursively");
    }

    void assertBothRefuse(Path main, String reason) throws IOException, InterruptedException {
        RealPhpFpm.Run fpm = RealPhpFpm.test(main, dir);
        assertNotEquals(0, fpm.exitCode());
        assertTrue(fpm.output().contains(reason), fpm.output());
        FpmConfig c = FpmConfigParser.standard().withPrefix(dir.toString()).parse(main);
        assertTrue(c.problems(ConfigProblem.Severity.FATAL).stream().anyMatch(p -> p.message().contains(reason)),
                c.problems().toString());
    }

    // ---- the comparison -----------------------------------------------------------------------------------

    private static final Pattern DUMP = Pattern.compile("NOTICE: \\t([^=]+?) = (.*)$");
    private static final Pattern SECTION = Pattern.compile("NOTICE: \\[(.+)\\]$");

    /** Runs {@code php-fpm -tt}, parses its dump and compares every value with the parser's. */
    void compare(Path main) throws IOException, InterruptedException {
        RealPhpFpm.Run fpm = RealPhpFpm.test(main, dir);
        assertEquals(0, fpm.exitCode(), fpm.output());
        Map<String, Map<String, List<String>>> dump = dump(fpm.output());
        FpmConfig c = FpmConfigParser.standard().withPrefix(dir.toString()).parse(main);
        assertFalse(c.refusedByFpm(), c.problems().toString());

        Map<String, List<String>> g = dump.get("global");
        assertEquals(one(g, "error_log"), c.global().errorLog().value());
        assertEquals(one(g, "pid"), c.global().pid().map(Setting::value).orElse("undefined"));

        List<String> dumped = new ArrayList<>(dump.keySet());
        dumped.remove("global");
        assertEquals(dumped, c.pools().stream().map(FpmPool::name).toList());
        for (FpmPool p : c.pools()) {
            Map<String, List<String>> d = dump.get(p.name());
            String pool = "[" + p.name() + "] ";
            assertEquals(one(d, "prefix"), str(p.prefix()), pool + "prefix");
            assertEquals(one(d, "user"), str(p.user()), pool + "user");
            assertEquals(one(d, "group"), str(p.group()), pool + "group");
            assertEquals(one(d, "chdir"), str(p.chdir()), pool + "chdir");
            ListenAddress a = p.listen().address().orElseThrow().value();
            assertEquals(one(d, "listen"), a instanceof ListenAddress.Unix u ? u.path() : a.written(), pool + "listen");
            assertEquals(one(d, "listen.backlog"), p.listen().backlog().value().toString(), pool + "backlog");
            assertEquals(one(d, "listen.owner"), str(p.listen().owner()), pool + "owner");
            assertEquals(one(d, "listen.group"), str(p.listen().group()), pool + "listen.group");
            String mode = one(d, "listen.mode");
            if (!mode.equals("undefined")) {
                assertEquals(Integer.parseInt(mode, 8), p.listen().mode().value(), pool + "mode");
            } else {
                assertTrue(p.listen().mode().isBuiltIn());
            }
            assertEquals(one(d, "listen.allowed_clients").replace(" ", ""),
                    p.listen().allowedClients().map(s -> String.join(",", s.value())).orElse("undefined"),
                    pool + "allowed_clients");
            assertEquals(one(d, "pm"), p.pm().style().orElseThrow().value().configName(), pool + "pm");
            assertEquals(one(d, "pm.max_children"), p.pm().maxChildren().orElseThrow().value().toString(), pool);
            assertEquals(one(d, "pm.start_servers"), p.pm().startServers().value().toString(), pool + "start");
            assertEquals(one(d, "pm.min_spare_servers"), p.pm().minSpareServers().value().toString(), pool + "min");
            assertEquals(one(d, "pm.max_spare_servers"), p.pm().maxSpareServers().value().toString(), pool + "max");
            assertEquals(one(d, "pm.max_spawn_rate"), p.pm().maxSpawnRate().value().toString(), pool + "spawn");
            assertEquals(one(d, "pm.process_idle_timeout"), Long.toString(p.pm().processIdleTimeout().value()
                    .getSeconds()), pool + "idle");
            assertEquals(one(d, "pm.max_requests"), p.pm().maxRequests().value().toString(), pool + "requests");
            assertEquals(one(d, "pm.status_path"), str(p.status().statusPath()), pool + "status_path");
            assertEquals(one(d, "ping.path"), str(p.status().pingPath()), pool + "ping.path");
            assertEquals(one(d, "ping.response"), str(p.status().pingResponse()), pool + "ping.response");
            assertEquals(one(d, "slowlog"), str(p.requests().slowlog()), pool + "slowlog");
            assertEquals(one(d, "request_slowlog_timeout"), p.requests().slowlogTimeout().value().getSeconds() + "s",
                    pool + "slowlog timeout");
            assertEquals(one(d, "request_terminate_timeout"), p.requests().terminateTimeout().value().getSeconds()
                    + "s", pool + "terminate");
            assertEquals(one(d, "catch_workers_output"), p.requests().catchWorkersOutput().value() ? "yes" : "no",
                    pool + "catch_workers_output");
            assertEquals(one(d, "clear_env"), p.requests().clearEnv().value() ? "yes" : "no", pool + "clear_env");
            assertEquals(one(d, "security.limit_extensions"), p.requests().securityLimitExtensions().value(), pool);
            List<String> php = new ArrayList<>();
            d.forEach((k, vs) -> {
                if (k.startsWith("php_value[") || k.startsWith("php_admin_value[")) {
                    vs.forEach(v -> php.add(k + " = " + v));
                }
            });
            List<String> ours = new ArrayList<>(p.php().stream()
                    .map(x -> (x.admin() ? "php_admin_value[" : "php_value[") + x.key() + "] = " + x.value()).toList());
            php.sort(null);
            ours.sort(null);
            assertEquals(php, ours, pool + "php values");
        }
    }

    static String str(Optional<Setting<String>> s) {
        return s.map(Setting::value).orElse("undefined");
    }

    static String one(Map<String, List<String>> m, String key) {
        List<String> v = m.get(key);
        assertTrue(v != null && v.size() == 1, key + " in " + m);
        return v.get(0);
    }

    /** The dump of {@code php-fpm -tt}: section to key to values (php_value keys may repeat). */
    static Map<String, Map<String, List<String>>> dump(String output) {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        for (String line : output.split("\n")) {
            Matcher s = SECTION.matcher(line);
            if (s.find()) {
                current = sections.computeIfAbsent(s.group(1), k -> new LinkedHashMap<>());
                continue;
            }
            Matcher m = DUMP.matcher(line);
            if (m.find() && current != null) {
                current.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(m.group(2));
            }
        }
        return sections;
    }
}
