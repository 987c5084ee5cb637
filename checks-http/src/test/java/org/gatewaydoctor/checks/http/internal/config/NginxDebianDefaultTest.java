package org.gatewaydoctor.checks.http.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gatewaydoctor.checks.http.internal.config.NginxView.BufferSet;
import org.gatewaydoctor.checks.http.internal.config.NginxView.Listen;
import org.gatewaydoctor.checks.http.internal.config.NginxView.Server;
import org.junit.jupiter.api.Test;

/**
 * The configuration the Debian 12 {@code nginx} package installs (fixture {@code config/nginx/debian},
 * see {@code config/README.md}), read as nginx reads it.
 */
class NginxDebianDefaultTest {

    private static final String CONF = "/etc/nginx/nginx.conf";
    private static final NginxOptions OPTIONS = NginxOptions.debian().withRoot(Fixtures.resource("config/nginx/debian"));

    private static NginxView view() {
        NginxConfig config = NginxParser.parse(CONF, OPTIONS);
        return NginxView.of(config, OPTIONS);
    }

    @Test
    void readsEveryFileTheDefaultIncludesWithoutErrors() {
        NginxConfig config = NginxParser.parse(CONF, OPTIONS);
        assertEquals(List.of(CONF, "/etc/nginx/mime.types", "/etc/nginx/sites-enabled/default"), config.files());
        assertEquals(List.of(
                CONF + ":5: include \"/etc/nginx/modules-enabled/*.conf\" matched no files (nginx accepts that)",
                CONF + ":59: include \"/etc/nginx/conf.d/*.conf\" matched no files (nginx accepts that)"),
                Fixtures.problems(config.problems()), "empty directories in a fresh install");
        assertFalse(config.hasErrors());
        assertEquals(List.of(), NginxView.of(config, OPTIONS).problems());
    }

    @Test
    void runsWorkersAsWwwData() {
        NginxView v = view();
        assertEquals(new Setting<>("www-data", CONF, 1), v.user());
        assertEquals(new Setting<>("www-data", CONF, 1), v.group(), "user without group: the group of the same name");
        assertEquals(new Setting<>("auto", CONF, 2), v.workerProcesses());
        assertEquals(new Setting<>(768, CONF, 8), v.workerConnections());
    }

    @Test
    void hasOneServerWithTheDebianDefaults() {
        NginxView v = view();
        assertEquals(1, v.servers().size());
        Server s = v.servers().get(0);
        String site = "/etc/nginx/sites-enabled/default";
        assertEquals(site + ":21", s.file() + ":" + s.line());
        assertEquals(List.of(
                new Listen(new Endpoint.HostPort("*", 80, false), true, false, false, false, List.of("default_server"),
                        site, 22),
                new Listen(new Endpoint.HostPort("::", 80, false), true, false, false, false, List.of("default_server"),
                        site, 23)), s.listens());
        assertEquals(List.of("_"), s.names());
        assertEquals(new Setting<>("/var/www/html", site, 41), s.settings().root());
        assertEquals(1, s.locations().size());
        assertEquals("", s.locations().get(0).modifier());
        assertEquals("/", s.locations().get(0).pattern());
        assertEquals(Optional.empty(), s.locations().get(0).pass(), "PHP is commented out in the default site");
        assertEquals(List.of(), v.passes());
        assertEquals(List.of(), v.upstreams());
    }

    @Test
    void leavesTheUpstreamSettingsAtNginxsDefaults() {
        NginxView.Settings s = view().locations().get(0).settings();
        for (String m : NginxView.Settings.MODULES) {
            NginxView.UpstreamSettings u = s.upstream().get(m);
            assertEquals(Setting.defaulted(Duration.ofSeconds(60)), u.connectTimeout(), m);
            assertEquals(Setting.defaulted(Duration.ofSeconds(60)), u.sendTimeout(), m);
            assertEquals(Setting.defaulted(Duration.ofSeconds(60)), u.readTimeout(), m);
            assertEquals(Setting.defaulted(4096L), u.bufferSize(), m + ": one page");
            assertEquals(Setting.defaulted(new BufferSet(8, 4096)), u.buffers(), m + ": eight pages");
        }
        assertEquals(Optional.empty(), s.resolver());
        assertEquals(Setting.defaulted(Duration.ofSeconds(30)), s.resolverTimeout());
    }

    @Test
    void takesTheBufferDefaultsFromThePageSize() {
        NginxOptions eight = OPTIONS.withPageSize(8192);
        NginxView v = NginxView.of(NginxParser.parse(CONF, eight), eight);
        assertEquals(Setting.defaulted(8192L), v.http().fastcgi().bufferSize());
        assertEquals(Setting.defaulted(new BufferSet(8, 8192)), v.http().proxy().buffers());
        assertEquals(65536, v.http().proxy().buffers().value().total());
    }

    @Test
    void findsTheLogsWithoutBeingTold() {
        NginxView v = view();
        assertEquals(List.of(new NginxView.ErrorLog("/var/log/nginx/error.log", "/var/log/nginx/error.log", "error",
                CONF, 4)), v.errorLogs());
        assertEquals(List.of(new NginxView.AccessLog("/var/log/nginx/access.log", "/var/log/nginx/access.log",
                "combined", false, List.of(), CONF, 40)), v.servers().get(0).settings().accessLogs());
        assertEquals(v.errorLogs(), v.servers().get(0).settings().errorLogs(), "inherited from the main context");
        assertEquals(Set.of("combined"), v.logFormats().keySet());
        assertTrue(v.logFormats().get("combined").upstreamVariables().isEmpty(), "combined logs no upstream times");
        assertEquals(List.of("/var/log/nginx/error.log", "/var/log/nginx/access.log"), List.copyOf(v.logFiles()));
    }

    @Test
    void fallsBackToTheBuiltInDefaultsWhenTheConfigurationIsSilent() {
        NginxConfig empty = new NginxConfig(CONF, List.of(), List.of(CONF), List.of());
        NginxView v = NginxView.of(empty, OPTIONS);
        assertEquals(Setting.defaulted("nobody"), v.user());
        assertEquals(Setting.defaulted("nogroup"), v.group());
        assertEquals(Setting.defaulted(512), v.workerConnections());
        assertEquals(Setting.defaulted("1"), v.workerProcesses());
        assertEquals(List.of(new NginxView.ErrorLog("stderr", "", "error", null, 0)), v.errorLogs(),
                "Debian's nginx is built with --error-log-path=stderr");
        assertEquals(Setting.defaulted("/usr/share/nginx/html"), v.http().root());
        assertEquals(List.of("/var/log/nginx/access.log"), List.copyOf(v.logFiles()));
        NginxView up = NginxView.of(empty, NginxOptions.upstream());
        assertEquals(List.of("/usr/local/nginx/logs/error.log", "/usr/local/nginx/logs/access.log"),
                List.copyOf(up.logFiles()));
    }
}
