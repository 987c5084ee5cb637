package org.gatewaydoctor.checks.http.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatewaydoctor.checks.http.internal.config.ApacheView.Condition;
import org.gatewaydoctor.checks.http.internal.config.ApacheView.CustomLog;
import org.gatewaydoctor.checks.http.internal.config.ApacheView.Likely;
import org.gatewaydoctor.checks.http.internal.config.ApacheView.Listen;
import org.gatewaydoctor.checks.http.internal.config.ApacheView.Server;
import org.junit.jupiter.api.Test;

/**
 * The configuration the Debian 12 {@code apache2} package installs (fixture {@code config/apache/debian},
 * see {@code config/README.md}), read as httpd reads it ({@code apache2 -S} agrees: one virtual host on
 * {@code *:80}, {@code User: name="www-data"}).
 */
class ApacheDebianDefaultTest {

    private static final String CONF = "/etc/apache2/apache2.conf";
    private static final String SITE = "/etc/apache2/sites-enabled/000-default.conf";
    private static final ApacheOptions OPTIONS = ApacheOptions.debian()
            .withRoot(Fixtures.resource("config/apache/debian"));

    private static ApacheConfig config() {
        return ApacheParser.parse(CONF, OPTIONS);
    }

    private static ApacheView view() {
        return ApacheView.of(config(), OPTIONS);
    }

    @Test
    void readsEveryFileInHttpdsOrderWithoutProblems() {
        ApacheConfig c = config();
        assertEquals(List.of(), c.problems());
        assertEquals(List.of(), ApacheView.of(c, OPTIONS).problems());
        List<String> files = c.files();
        assertEquals("/etc/apache2/envvars", files.get(0));
        assertEquals(CONF, files.get(1));
        assertEquals("/etc/apache2/mods-enabled/access_compat.load", files.get(2));
        assertEquals(List.of("/etc/apache2/mods-enabled/status.conf", "/etc/apache2/ports.conf",
                "/etc/apache2/conf-enabled/charset.conf"), files.subList(files.indexOf("/etc/apache2/ports.conf") - 1,
                files.indexOf("/etc/apache2/ports.conf") + 2));
        assertEquals(SITE, files.get(files.size() - 1));
        assertEquals(2 + 19 + 10 + 1 + 5 + 1, files.size(), "envvars, apache2.conf, the .load and .conf of mods-enabled, ports.conf, conf-enabled, the site");
        assertEquals("/etc/apache2", c.serverRoot());
    }

    @Test
    void runsAsWwwDataThroughEnvvars() {
        ApacheConfig c = config();
        assertEquals("www-data", c.variables().get("APACHE_RUN_USER"));
        assertEquals("/var/log/apache2", c.variables().get("APACHE_LOG_DIR"), "SUFFIX is empty for the default instance");
        assertEquals("/var/run/apache2/apache2.pid", c.variables().get("APACHE_PID_FILE"));
        ApacheView v = ApacheView.of(c, OPTIONS);
        assertEquals(new Setting<>("www-data", CONF, 115), v.user());
        assertEquals(new Setting<>("www-data", CONF, 116), v.group());
    }

    @Test
    void takesTheUserFromTheRunningServersEnvironmentFirst() {
        ApacheOptions o = OPTIONS.withEnvironment(Map.of("APACHE_RUN_USER", "wordpress"));
        assertEquals("wordpress", ApacheView.of(ApacheParser.parse(CONF, o), o).user().value());
    }

    @Test
    void listensOnPort80AndMarksTheTlsListensConditional() {
        String ports = "/etc/apache2/ports.conf";
        assertEquals(List.of(
                new Listen(new Endpoint.HostPort("*", 80, false), "", List.of(), ports, 5),
                new Listen(new Endpoint.HostPort("*", 443, false), "",
                        List.of(new Condition("IfModule", "ssl_module", Likely.FALSE, ports, 7)), ports, 8),
                new Listen(new Endpoint.HostPort("*", 443, false), "",
                        List.of(new Condition("IfModule", "mod_gnutls.c", Likely.FALSE, ports, 11)), ports, 12)),
                view().listens(), "mod_ssl is not enabled by default");
    }

    @Test
    void hasTheMainServerAndOneVirtualHost() {
        ApacheView v = view();
        Server main = v.main();
        assertFalse(main.virtual());
        assertEquals(new Setting<>(Duration.ofSeconds(300), CONF, 92), main.timeout());
        assertEquals(Optional.empty(), main.proxyTimeout());
        assertEquals(new ApacheView.ErrorLog("/var/log/apache2/error.log", "/var/log/apache2/error.log", CONF, 134),
                main.errorLog());
        assertEquals(1, v.virtualHosts().size());
        Server site = v.virtualHosts().get(0);
        assertEquals(SITE + ":1", site.file() + ":" + site.line());
        assertEquals(List.of("*:80"), site.addresses());
        assertEquals(Setting.defaulted(""), site.serverName(), "ServerName is commented out");
        assertEquals(new Setting<>("/var/www/html", SITE, 12), site.documentRoot());
        assertEquals(main.timeout(), site.timeout(), "inherited");
        assertEquals(new ApacheView.ErrorLog("/var/log/apache2/error.log", "/var/log/apache2/error.log", SITE, 20),
                site.errorLog());
        assertEquals(List.of(), v.routes(), "PHP-FPM's conf is not enabled by default");
        assertEquals(List.of(), v.workers());
    }

    @Test
    void findsTheLogsAndTheirFormats() {
        ApacheView v = view();
        assertEquals(List.of("vhost_combined", "combined", "common", "referer", "agent"),
                List.copyOf(v.logFormats().keySet()));
        String combined = "%h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"";
        assertEquals(combined, v.logFormats().get("combined").format());
        assertEquals(List.of(new CustomLog("/var/log/apache2/access.log", "/var/log/apache2/access.log", "combined",
                combined, "", List.of(), SITE, 21)), v.virtualHosts().get(0).customLogs());
        assertEquals(List.of("/var/log/apache2/other_vhosts_access.log"),
                v.main().customLogs().stream().map(CustomLog::path).toList());
        assertEquals(List.of("/var/log/apache2/error.log", "/var/log/apache2/other_vhosts_access.log",
                "/var/log/apache2/access.log"), List.copyOf(v.logFiles()));
    }

    @Test
    void knowsWhichModulesAreLoaded() {
        ApacheView v = view();
        assertEquals(19, v.loadedModules().size());
        assertEquals("access_compat_module", v.loadedModules().get(0));
        assertEquals(true, v.loadedModules().contains("mpm_event_module"));
    }
}
