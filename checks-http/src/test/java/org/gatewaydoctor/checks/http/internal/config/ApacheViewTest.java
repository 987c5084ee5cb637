package org.gatewaydoctor.checks.http.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gatewaydoctor.checks.http.internal.config.ApacheView.Likely;
import org.gatewaydoctor.checks.http.internal.config.ApacheView.ProxyRoute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests of {@link ApacheView}: httpd's defaults, inheritance, conditions and objections. Objections quoted
 * from httpd are the words Apache 2.4.71 ({@code apache2 -t}) used for the same lines.
 */
class ApacheViewTest {

    private static final String MAIN = "/etc/apache2/apache2.conf";

    @TempDir
    Path root;

    private ApacheView view(String text) {
        return view(text, ApacheOptions.debian().withRoot(root));
    }

    private ApacheView view(String text, ApacheOptions options) {
        Fixtures.write(root, MAIN, text);
        ApacheConfig c = ApacheParser.parse(MAIN, options);
        assertEquals(List.of(), c.problems(), "the parser has no objection");
        return ApacheView.of(c, options);
    }

    private List<String> objections(String text) {
        return Fixtures.problems(view(text).problems());
    }

    @Test
    void fallsBackToHttpdsDefaults() {
        ApacheView v = view("Listen 80\n");
        assertEquals(Setting.defaulted("#-1"), v.user());
        assertEquals(Setting.defaulted(Duration.ofSeconds(60)), v.main().timeout());
        assertEquals(Optional.empty(), v.main().proxyTimeout());
        assertEquals(new ApacheView.ErrorLog("logs/error_log", "/etc/apache2/logs/error_log", null, 0), v.main().errorLog());
        assertEquals("/etc/apache2", v.serverRoot());
    }

    @Test
    void letsVirtualHostsInheritFromTheMainServerWhereverItIsWritten() {
        ApacheView v = view("<VirtualHost *:80>\n</VirtualHost>\n<VirtualHost *:81>\nServerName b\nTimeout 10\n"
                + "ErrorLog \"|/usr/bin/logger -t b\"\nTransferLog logs/b.log\n</VirtualHost>\nServerName main.example\n"
                + "Timeout 30\nProxyTimeout 20\nDocumentRoot htdocs\nErrorLog syslog:local1\nCustomLog logs/main.log common\n");
        ApacheView.Server a = v.virtualHosts().get(0);
        ApacheView.Server b = v.virtualHosts().get(1);
        assertEquals(new Setting<>("main.example", MAIN, 9), a.serverName());
        assertEquals(new Setting<>(Duration.ofSeconds(30), MAIN, 10), a.timeout());
        assertEquals(Optional.of(new Setting<>(Duration.ofSeconds(20), MAIN, 11)), b.proxyTimeout());
        assertEquals(new Setting<>("/etc/apache2/htdocs", MAIN, 12), a.documentRoot());
        assertEquals(new Setting<>(Duration.ofSeconds(10), MAIN, 5), b.timeout());
        assertEquals("", a.errorLog().path(), "syslog is not a file");
        assertEquals("", b.errorLog().path(), "nor is a pipe");
        assertEquals(List.of("/etc/apache2/logs/main.log"), a.customLogs().stream().map(ApacheView.CustomLog::path).toList());
        assertEquals(List.of("/etc/apache2/logs/b.log"), b.customLogs().stream().map(ApacheView.CustomLog::path).toList());
        assertEquals(ApacheViewBuilder.DEFAULT_LOG_FORMAT, b.customLogs().get(0).format(), "TransferLog: CLF by default");
        assertEquals(List.of("/etc/apache2/logs/main.log", "/etc/apache2/logs/b.log"), List.copyOf(v.logFiles()));
    }

    @Test
    void readsTimeoutAsHttpdDoes() {
        assertEquals(List.of(MAIN + ":1: Timeout takes one argument, Timeout duration (sec)"),
                objections("Timeout 300 # five minutes\n"));
        ApacheView v = view("Timeout 5m\n");
        assertEquals(List.of(MAIN + ":1: Timeout \"5m\" is read as 5 seconds: httpd takes the leading number and ignores "
                + "the rest"), Fixtures.problems(v.problems()));
        assertEquals(Duration.ofSeconds(5), v.main().timeout().value());
        assertEquals(List.of(MAIN + ":1: Proxy Timeout must be at least 1 second."), objections("ProxyTimeout 0\n"));
    }

    @Test
    void objectsToProxyPassesModProxyRefuses() {
        assertEquals(List.of(MAIN + ":2: ProxyPass cannot occur within <Directory> section"),
                objections("<Directory /var/www>\nProxyPass /a http://127.0.0.1/\n</Directory>\n"));
        assertEquals(List.of(MAIN + ":1: ProxyPass|ProxyPassMatch uses an invalid \"unix:\" URL: unix:/run/a.sock"),
                objections("ProxyPass /a unix:/run/a.sock\n"));
        assertEquals(List.of(MAIN + ":1: ProxyPass|ProxyPassMatch needs a path when not defined in a location"),
                objections("ProxyPass /a\n"));
        assertEquals(List.of(MAIN + ":1: Invalid ProxyPass|ProxyPassMatch parameter. Parameter must be in the form "
                + "'key=value'."), objections("ProxyPass /a http://127.0.0.1/ timeout\n"));
        assertEquals(List.of(MAIN + ":1: ProxyPass Timeout must be at least one second"),
                objections("ProxyPass /a http://127.0.0.1/ timeout=0\n"));
        assertEquals(List.of(MAIN + ":1: ProxyPass Connectiontimeout has wrong format"),
                objections("ProxyPass /a http://127.0.0.1/ connectiontimeout=5x\n"));
        assertEquals(List.of(MAIN + ":1: Port must be specified"), objections("Listen 127.0.0.1\n"));
        assertEquals(List.of(MAIN + ":2: <VirtualHost> cannot occur within <VirtualHost> section"),
                objections("<VirtualHost *:80>\n<VirtualHost *:81>\n</VirtualHost>\n</VirtualHost>\n"));
    }

    @Test
    void readsEveryWayOfHandingPhpToFastCgi() {
        ApacheView v = view("<FilesMatch \\.php$>\nSetHandler proxy:fcgi://127.0.0.1:9000\n</FilesMatch>\n"
                + "AddHandler \"proxy:unix:/run/php/a.sock|fcgi://localhost/\" .php .phtml\n"
                + "ProxyPass ~ ^/x/(.*)$ unix:/run/php/b.sock|fcgi: timeout=600 retry=5\n"
                + "<LocationMatch ^/y/>\nProxyPass fcgi://php.internal/ enablereuse=on\n</LocationMatch>\n"
                + "SetHandler none\n");
        List<ProxyRoute> routes = v.routes();
        assertEquals(List.of(ProxyRoute.Kind.SET_HANDLER, ProxyRoute.Kind.ADD_HANDLER, ProxyRoute.Kind.PROXY_PASS_MATCH,
                ProxyRoute.Kind.PROXY_PASS_MATCH), routes.stream().map(ProxyRoute::kind).toList());
        assertEquals(List.of(
                new UpstreamTarget(Protocol.FASTCGI, new Endpoint.HostPort("127.0.0.1", 9000, false), "",
                        "fcgi://127.0.0.1:9000"),
                new UpstreamTarget(Protocol.FASTCGI, new Endpoint.UnixSocket("/run/php/a.sock"), "/",
                        "unix:/run/php/a.sock|fcgi://localhost/"),
                new UpstreamTarget(Protocol.FASTCGI, new Endpoint.UnixSocket("/run/php/b.sock"), "",
                        "unix:/run/php/b.sock|fcgi:"),
                new UpstreamTarget(Protocol.FASTCGI, new Endpoint.HostPort("php.internal", 8000, true), "/",
                        "fcgi://php.internal/")),
                routes.stream().map(r -> r.target().orElseThrow()).toList(), "fcgi's default port is 8000");
        assertEquals(".php .phtml", routes.get(1).path());
        assertEquals("^/x/(.*)$", routes.get(2).path());
        assertEquals(Optional.of(new Setting<>(Duration.ofSeconds(600), MAIN, 5)), routes.get(2).timeout());
        assertEquals(new Setting<>(Duration.ofSeconds(5), MAIN, 5), routes.get(2).retry());
        assertEquals("^/y/", routes.get(3).path());
        assertEquals(List.of("<LocationMatch \"^/y/\">"), routes.get(3).sections(), "quoted when not a plain word");
        assertEquals("on", routes.get(3).parameters().get("enablereuse"));
    }

    @Test
    void judgesConditionsFromWhatWasLoadedBefore() {
        ApacheOptions withSsl = ApacheOptions.debian().withRoot(root).withDefines(Set.of("SSL"));
        Fixtures.write(root, "/etc/apache2/present.conf", "\n");
        ApacheView v = view("<IfModule proxy_fcgi_module>\nListen 1\n</IfModule>\n"
                + "LoadModule proxy_fcgi_module /usr/lib/apache2/modules/mod_proxy_fcgi.so\n"
                + "<IfModule mod_proxy_fcgi.c>\nListen 2\n</IfModule>\n<IfModule !log_config_module>\nListen 3\n</IfModule>\n"
                + "<IfDefine SSL>\nListen 4\n</IfDefine>\n<IfDefine !FOO>\nListen 5\n</IfDefine>\n"
                + "<IfFile present.conf>\nListen 6\n</IfFile>\n<IfFile !/nowhere>\n<IfVersion >= 2.4>\nListen 7\n</IfVersion>\n"
                + "</IfFile>\n", withSsl);
        assertEquals(List.of(Likely.FALSE, Likely.TRUE, Likely.FALSE, Likely.TRUE, Likely.TRUE, Likely.TRUE, Likely.UNKNOWN),
                v.listens().stream().map(l -> ApacheView.active(l.conditions())).toList(),
                "loaded only after; loaded; compiled in; -D SSL; not defined; the file is there; unknown version");
        assertEquals(List.of("<IfFile !/nowhere> (TRUE, " + MAIN + ":20)", "<IfVersion >= 2.4> (UNKNOWN, " + MAIN + ":21)"),
                v.listens().get(6).conditions().stream().map(ApacheView.Condition::toString).toList());
    }
}
