package org.gatewaydoctor.checks.http.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.gatewaydoctor.checks.http.internal.config.NginxView.Location;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests of {@link NginxView}: nginx's inheritance and its objections to values. The quoted objections
 * are the words nginx 1.22.1 ({@code nginx -t}) used for the same lines.
 */
class NginxViewTest {

    private static final String MAIN = "/etc/nginx/nginx.conf";

    @TempDir
    Path root;

    private NginxView view(String text) {
        Fixtures.write(root, MAIN, text);
        NginxOptions options = NginxOptions.debian().withRoot(root);
        NginxConfig c = NginxParser.parse(MAIN, options);
        assertEquals(List.of(), c.problems(), "the parser has no objection");
        return NginxView.of(c, options);
    }

    @Test
    void appliesAnHttpSettingWrittenAfterTheServers() {
        NginxView v = view("http {\n server {\n  location / { proxy_pass http://127.0.0.1:8080; }\n }\n"
                + " proxy_read_timeout 5s;\n}\n");
        assertEquals(new Setting<>(Duration.ofSeconds(5), MAIN, 5), v.locations().get(0).settings().proxy().readTimeout());
    }

    @Test
    void treatsIfAndLimitExceptAsNestedLocations() {
        NginxView v = view("http { server {\n location /x {\n  proxy_read_timeout 7s;\n"
                + "  if ($request_method = POST) { proxy_pass http://127.0.0.1:8081; }\n"
                + "  limit_except GET { deny all; }\n  proxy_pass http://127.0.0.1:8080;\n }\n"
                + " if ($host = old.example) { return 301 https://example.com$request_uri; }\n} }\n");
        Location x = v.servers().get(0).locations().get(0);
        assertEquals(Location.Kind.IF, x.nested().get(0).kind());
        assertEquals("($request_method = POST)", x.nested().get(0).pattern());
        assertEquals(new Setting<>(Duration.ofSeconds(7), MAIN, 3), x.nested().get(0).settings().proxy().readTimeout());
        assertEquals(8081, ((Endpoint.HostPort) x.nested().get(0).pass().orElseThrow().target().endpoint()).port());
        assertEquals(Location.Kind.LIMIT_EXCEPT, x.nested().get(1).kind());
        assertEquals("GET", x.nested().get(1).pattern());
        assertEquals(Location.Kind.IF, v.servers().get(0).locations().get(1).kind(), "a server-level if");
        assertEquals(4, v.locations().size());
    }

    @Test
    void replacesLogListsPerLevelAndInheritsThemWhole() {
        NginxView v = view("error_log /var/log/nginx/main.log warn;\nerror_log stderr;\nhttp {\n"
                + " access_log /var/log/nginx/a.log;\n access_log syslog:server=unix:/dev/log combined;\n"
                + " server {\n  error_log logs/site.log debug;\n  location /quiet { access_log off; }\n"
                + "  location /own { access_log /var/log/$host.log combined buffer=32k; }\n  location /inherit { }\n }\n}\n");
        NginxView.Server s = v.servers().get(0);
        assertEquals(List.of("/var/log/nginx/main.log warn", "stderr error"),
                v.http().errorLogs().stream().map(e -> e.path().isEmpty() ? e.destination() + " " + e.level()
                        : e.path() + " " + e.level()).toList(), "http inherits the main context's");
        assertEquals(List.of("/usr/share/nginx/logs/site.log debug"),
                s.settings().errorLogs().stream().map(e -> e.path() + " " + e.level()).toList(), "relative to the prefix");
        assertEquals(2, s.locations().get(2).settings().accessLogs().size(), "inherited whole");
        assertEquals(List.of(true), s.locations().get(0).settings().accessLogs().stream().map(NginxView.AccessLog::off)
                .toList());
        NginxView.AccessLog own = s.locations().get(1).settings().accessLogs().get(0);
        assertEquals("", own.path(), "a path with variables is known per request");
        assertEquals(List.of("buffer=32k"), own.parameters());
        assertEquals(List.of("/var/log/nginx/main.log", "/var/log/nginx/a.log", "/usr/share/nginx/logs/site.log"),
                List.copyOf(v.logFiles()));
    }

    private List<String> objections(String text) {
        return Fixtures.problems(view(text).problems());
    }

    @Test
    void objectsToBadValuesInNginxsWordsAndKeepsTheInheritedOne() {
        NginxView v = view("http {\n proxy_read_timeout 5s;\n proxy_read_timeout 6s;\n server {\n"
                + "  proxy_read_timeout 1M;\n  location / { proxy_pass http://127.0.0.1:1; fastcgi_buffers 0 4k; }\n }\n}\n");
        assertEquals(List.of(MAIN + ":3: \"proxy_read_timeout\" directive is duplicate",
                MAIN + ":5: \"proxy_read_timeout\" directive invalid value",
                MAIN + ":6: \"fastcgi_buffers\" directive invalid value"), Fixtures.problems(v.problems()));
        assertEquals(new Setting<>(Duration.ofSeconds(5), MAIN, 2), v.locations().get(0).settings().proxy().readTimeout());
    }

    @Test
    void objectsToPassesNginxRefuses() {
        assertEquals(List.of(MAIN + ":3: invalid URL prefix"),
                objections("events {}\nhttp {\nserver { location / { proxy_pass 127.0.0.1:8080; } }\n}\n"));
        assertEquals(List.of(MAIN + ":3: no port in upstream \"php\""),
                objections("events {}\nhttp {\nserver { location / { fastcgi_pass php; } }\n}\n"));
        assertEquals(List.of(MAIN + ":4: upstream \"b\" may not have port 8080"),
                objections("events {}\nhttp {\nupstream b { server 127.0.0.1:1; }\n"
                        + "server { location / { proxy_pass http://b:8080; } }\n}\n"));
        assertEquals(List.of(MAIN + ":3: unknown log format \"nosuch\""),
                objections("events {}\nhttp {\nserver { access_log /tmp/ngt/a.log nosuch; }\n}\n"));
        assertEquals(List.of(MAIN + ":3: invalid parameter \"max_fails=x\"", MAIN + ":3: no servers are inside upstream"),
                objections("events {}\nhttp {\nupstream b { server 127.0.0.1:1 max_fails=x; }\n}\n"));
        assertEquals(List.of(MAIN + ":3: invalid port in \"80:x\" of the \"listen\" directive"),
                objections("events {}\nhttp {\nserver { listen 80:x; }\n}\n"));
        assertEquals(List.of(MAIN + ":1: \"fastcgi_pass\" directive is not allowed here"),
                objections("http { server { fastcgi_pass unix:/run/php.sock; } }\n"));
        assertEquals(List.of(MAIN + ":1: \"proxy_pass\" directive is duplicate"),
                objections("http { server { location / { proxy_pass http://a; proxy_pass http://b; } } }\n"));
    }

    @Test
    void tellsAHostNameFromAnAddressAndAGroup() {
        NginxView v = view("http {\nupstream Backend { server backend.internal; }\nserver {\n"
                + " location /a { proxy_pass http://backend; }\n location /b { proxy_pass http://localhost; }\n"
                + " location /c { proxy_pass http://[::1]:8080/x; }\n location /d { fastcgi_pass localhost:9000; }\n"
                + " location /e { proxy_pass http://$upstream_name$request_uri; }\n}\n}\n");
        List<Endpoint> endpoints = v.passes().stream().map(p -> p.target().endpoint()).toList();
        assertEquals(List.of(new Endpoint.Named("Backend"), new Endpoint.HostPort("localhost", 80, true),
                new Endpoint.HostPort("::1", 8080, false), new Endpoint.HostPort("localhost", 9000, false),
                new Endpoint.Dynamic("$upstream_name$request_uri")), endpoints);
        assertEquals(List.of(new Endpoint.HostPort("backend.internal", 80, true)),
                v.upstream("backend").orElseThrow().servers().stream().map(NginxView.UpstreamServer::address).toList());
        assertTrue(new Endpoint.HostPort("::1", 8080, false).isAddress());
        assertTrue(!new Endpoint.HostPort("localhost", 80, true).isAddress());
        assertEquals("[::1]:8080", endpoints.get(2).describe());
        assertEquals(Optional.empty(), v.servers().get(0).settings().resolver());
    }

    /** The configuration the nginx log fixtures were captured with ({@code fixtures/nginx/capture}): nginx ran it. */
    @Test
    void readsTheConfigurationTheLogFixturesWereCapturedWith() throws Exception {
        Files.createDirectories(root.resolve("etc/nginx"));
        Files.copy(Fixtures.resource("fixtures/nginx/capture/nginx.conf"), root.resolve("etc/nginx/nginx.conf"));
        Files.copy(Fixtures.resource("config/nginx/debian/etc/nginx/fastcgi_params"), root.resolve("etc/nginx/fastcgi_params"));
        NginxOptions options = NginxOptions.debian().withRoot(root);
        NginxConfig c = NginxParser.parse(MAIN, options);
        NginxView v = NginxView.of(c, options);
        assertEquals(List.of(), c.problems());
        assertEquals(List.of(), v.problems());
        assertEquals(new Setting<>(64, MAIN, 5), v.workerConnections());
        NginxView.Server s = v.servers().get(0);
        assertEquals(List.of(new Endpoint.HostPort("127.0.0.1", 18080, false)),
                s.listens().stream().map(NginxView.Listen::address).toList());
        Location toobig = s.locations().stream().filter(l -> l.pattern().equals("/toobig")).findFirst().orElseThrow();
        assertEquals(new Setting<>(1024L, MAIN, 31), toobig.settings().proxy().bufferSize());
        Location notresolved = s.locations().stream().filter(l -> l.pattern().equals("/notresolved")).findFirst()
                .orElseThrow();
        assertEquals(List.of(new Endpoint.HostPort("127.0.0.1", 18153, false)),
                notresolved.settings().resolver().orElseThrow().addresses());
        assertEquals(Duration.ofSeconds(1), notresolved.settings().resolver().orElseThrow().valid());
        assertEquals(new Setting<>(Duration.ofSeconds(2), MAIN, 35), notresolved.settings().resolverTimeout());
        assertEquals(new Endpoint.Dynamic("$b"), notresolved.pass().orElseThrow().target().endpoint());
        Location php = s.locations().get(s.locations().size() - 1);
        assertEquals(new Setting<>(Duration.ofSeconds(20), MAIN, 40), php.settings().fastcgi().readTimeout());
        assertEquals(new Setting<>(Duration.ofSeconds(2), MAIN, 17), s.locations().get(0).settings().fastcgi().readTimeout());
        assertEquals(List.of(new Endpoint.HostPort("127.0.0.1", 18198, false), new Endpoint.HostPort("127.0.0.1", 18199, false)),
                v.upstream("dead").orElseThrow().servers().stream().map(NginxView.UpstreamServer::address).toList());
        assertEquals(List.of("/tmp/cap/logs/error.log", "/tmp/cap/logs/access.log", "/tmp/cap/logs/access-upstream.log"),
                List.copyOf(v.logFiles()));
        assertEquals(List.of("upstream_connect_time", "upstream_header_time", "upstream_response_time"),
                v.logFormats().get("upstream_time").upstreamVariables());
    }
}
