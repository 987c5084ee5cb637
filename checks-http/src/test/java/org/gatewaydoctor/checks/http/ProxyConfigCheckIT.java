package org.gatewaydoctor.checks.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.facts.Address;
import org.gatewaydoctor.facts.Facts;
import org.gatewaydoctor.facts.ProxyRoute;
import org.gatewaydoctor.facts.UpstreamProtocol;
import org.gatewaydoctor.facts.WebServers;
import org.gatewaydoctor.json.DiagnosisJson;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.CheckResults;
import org.gatewaydoctor.testkit.TestCheckContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ProxyConfigCheck} probing real peers on 127.0.0.1 that an nginx configuration proxies to: a
 * closed port, a plain-HTTP server behind {@code https://}, a self-signed TLS server with
 * {@code proxy_ssl_verify on}, a peer that closes without a byte and one that answers FastCGI records.
 */
class ProxyConfigCheckIT {

    private static final String CANARY = "CANARY-7f3c9e1d-secret-token";

    @TempDir
    static Path dir;

    private static Peers peers;
    private static SSLContext selfSigned;
    private static Path caPem;

    @BeforeAll
    static void start() throws Exception {
        peers = new Peers();
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "30", "-keystore", "self.p12");
        // a CA the upstream's certificate does not come from: what the proxy trusts
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=other CA",
                "-ext", "bc:c", "-validity", "30", "-keystore", "ca.p12");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
        caPem = dir.resolve("ca.pem");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("self.p12"))) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        selfSigned = SSLContext.getInstance("TLS");
        selfSigned.init(kmf.getKeyManagers(), null, null);
    }

    @AfterAll
    static void stop() throws IOException {
        peers.close();
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storepass", "changeit", "-keypass", "changeit", "-storetype", "PKCS12", "-noprompt"));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    }

    private static Path nginx(String name, String location) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, "events {}\nhttp {\n    server {\n        listen 127.0.0.1:8080;\n"
                + "        server_name shop.test;\n        location / {\n" + location + "        }\n    }\n}\n");
        return f;
    }

    private static CheckResult run(Path config) throws Exception {
        TestCheckContext ctx = TestCheckContext.builder().config(Target.CONFIG_NGINX, config)
                .timeout(Duration.ofSeconds(15)).build();
        return new ProxyConfigCheck().run(ctx);
    }

    private static Path haproxy(String name, String global, String defaults, String servers) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, "global\n" + global + "defaults\n    mode http\n    timeout connect 1s\n"
                + "    timeout client 10s\n" + defaults + "frontend fe\n    bind 127.0.0.1:8080\n"
                + "    default_backend app\nbackend app\n" + servers);
        return f;
    }

    private static CheckResult runHaproxy(Path config) throws Exception {
        return new ProxyConfigCheck().run(TestCheckContext.builder().config(Target.CONFIG_HAPROXY, config)
                .timeout(Duration.ofSeconds(15)).build());
    }

    @Test
    void reportsNoHealthyUpstreamWhenEveryHealthCheckedHaproxyServerRefuses() throws Exception {
        int a = Peers.closedPort();
        int b = Peers.closedPort();
        Path conf = haproxy("checked.cfg", "", "    timeout server 10s\n", "    server app1 127.0.0.1:" + a
                + " check\n    server app2 127.0.0.1:" + b + " check\n");
        CheckResult r = runHaproxy(conf);
        assertEquals(List.of(CauseCode.PROXY_NO_HEALTHY_UPSTREAM), r.findingList().stream().map(Finding::cause).toList());
        Finding f = r.findingList().get(0);
        assertEquals(503, f.httpStatus());
        assertEquals("every server of HAProxy's backend app refuses connections (127.0.0.1:" + a + ", 127.0.0.1:" + b
                + "): its health checks mark them all DOWN, so HAProxy has no server for the requests and answers "
                + "503 itself", f.summary());
    }

    @Test
    void reportsUpstreamRefusedForAHaproxyServerWithoutHealthChecks() throws Exception {
        int a = Peers.closedPort();
        Path conf = haproxy("unchecked.cfg", "", "    timeout server 10s\n", "    server app1 127.0.0.1:" + a + "\n");
        assertEquals(List.of(CauseCode.PROXY_UPSTREAM_REFUSED),
                runHaproxy(conf).findingList().stream().map(Finding::cause).toList());
    }

    @Test
    void reportsUpstreamRefusedWhenOnlySomeHealthCheckedServersRefuse() throws Exception {
        int a = Peers.closedPort();
        int ok = peers.healthy();
        Path conf = haproxy("half.cfg", "", "    timeout server 10s\n", "    server app1 127.0.0.1:" + a
                + " check\n    server app2 127.0.0.1:" + ok + " check\n");
        assertEquals(List.of(CauseCode.PROXY_UPSTREAM_REFUSED),
                runHaproxy(conf).findingList().stream().map(Finding::cause).toList());
    }

    @Test
    void reportsUpstreamTimeoutWhenTheServerAnswersLaterThanTimeoutServer() throws Exception {
        int port = peers.slow(2500);
        Path conf = haproxy("slow.cfg", "", "    timeout server 1s\n", "    server app1 127.0.0.1:" + port + "\n");
        CheckResult r = runHaproxy(conf);
        Finding f = CheckResults.find(r, CauseCode.PROXY_UPSTREAM_TIMEOUT);
        assertEquals(504, f.httpStatus());
        assertTrue(f.evidence().contains(new Evidence.Measurement("read timeout of backend app", 1000, "ms")),
                f.evidence().toString());
        assertTrue(f.summary().startsWith("the upstream 127.0.0.1:" + port + " "), f.summary());
        assertTrue(f.summary().endsWith(", longer than HAProxy's read timeout of 1000 ms for backend app: HAProxy "
                + "gives up and visitors get 504"), f.summary());
    }

    @Test
    void passesAServerThatAnswersWithinTimeoutServer() throws Exception {
        int port = peers.healthy();
        Path conf = haproxy("fast.cfg", "", "    timeout server 1s\n", "    server app1 127.0.0.1:" + port + "\n");
        assertTrue(runHaproxy(conf) instanceof CheckResult.Passed);
    }

    @Test
    void reportsHeaderTooBigWhenTheResponseHeadExceedsBufsizeMinusMaxrewrite() throws Exception {
        int port = peers.bigHeader(20_000);
        Path conf = haproxy("big.cfg", "    tune.bufsize 8192\n", "    timeout server 10s\n",
                "    server app1 127.0.0.1:" + port + "\n");
        CheckResult r = runHaproxy(conf);
        assertEquals(List.of(CauseCode.PROXY_HEADER_TOO_BIG), r.findingList().stream().map(Finding::cause).toList());
        Finding f = r.findingList().get(0);
        assertEquals(502, f.httpStatus());
        long head = ("HTTP/1.0 200 OK\r\nX-Big: " + "a".repeat(20_000) + "\r\nContent-Length: 0\r\n\r\n").length();
        assertTrue(f.evidence().contains(new Evidence.Measurement("response head of 127.0.0.1:" + port, head, "bytes")),
                f.evidence().toString());
        assertTrue(f.evidence().contains(new Evidence.Measurement("tune.bufsize 8192 - tune.maxrewrite 1024 (default) ("
                + conf + ":2)", 7168, "bytes")), f.evidence().toString());
    }

    @Test
    void passesAResponseHeadThatFitsHaproxysDefaultBuffer() throws Exception {
        int port = peers.bigHeader(10_000);
        Path conf = haproxy("fits.cfg", "", "    timeout server 10s\n", "    server app1 127.0.0.1:" + port + "\n");
        assertTrue(runHaproxy(conf) instanceof CheckResult.Passed);
    }

    private static Path nginxGroup(String name, int... ports) throws IOException {
        Path f = dir.resolve(name);
        StringBuilder servers = new StringBuilder();
        for (int p : ports) {
            servers.append("        server 127.0.0.1:").append(p).append(" max_fails=1 fail_timeout=60s;\n");
        }
        Files.writeString(f, "events {}\nhttp {\n    upstream app {\n" + servers + "    }\n    server {\n"
                + "        listen 127.0.0.1:8080;\n        location / {\n            proxy_pass http://app;\n"
                + "        }\n    }\n}\n");
        return f;
    }

    @Test
    void reportsNoHealthyUpstreamWhenEveryServerOfAnNginxGroupRefuses() throws Exception {
        Path conf = nginxGroup("group.conf", Peers.closedPort(), Peers.closedPort());
        CheckResult r = run(conf);
        assertEquals(List.of(CauseCode.PROXY_NO_HEALTHY_UPSTREAM), r.findingList().stream().map(Finding::cause).toList());
        assertEquals(502, r.findingList().get(0).httpStatus());
    }

    @Test
    void reportsUpstreamRefusedForTheOnlyServerOfAnNginxGroupWhichNginxNeverMarksDown() throws Exception {
        Path conf = nginxGroup("single.conf", Peers.closedPort());
        assertEquals(List.of(CauseCode.PROXY_UPSTREAM_REFUSED),
                run(conf).findingList().stream().map(Finding::cause).toList());
    }

    @Test
    void reportsNoHealthyUpstreamWhenServersAnswerButNginxRecentlyHadNoLiveUpstream() throws Exception {
        // the group is named as in the log line: upstream "http://backend/"
        Path conf = nginxGroup("recovered.conf", peers.healthy(), peers.healthy());
        Files.writeString(conf, Files.readString(conf).replace("upstream app", "upstream backend")
                .replace("http://app", "http://backend"));
        Path log = dir.resolve("recovered-error.log");
        Files.writeString(log, NginxErrorLogCheckTest.NO_LIVE + "\n");
        java.time.Instant logged = java.time.LocalDateTime.of(2026, 11, 21, 9, 14, 3).toInstant(java.time.ZoneOffset.UTC);
        TestCheckContext ctx = TestCheckContext.builder().config(Target.CONFIG_NGINX, conf).logs(log)
                .zone(java.time.ZoneOffset.UTC).clock(java.time.Clock.fixed(logged.plusSeconds(30), java.time.ZoneOffset.UTC))
                .timeout(Duration.ofSeconds(15)).build();
        CheckResult r = new ProxyConfigCheck().run(ctx);
        Finding f = CheckResults.find(r, CauseCode.PROXY_NO_HEALTHY_UPSTREAM);
        assertTrue(f.evidence().stream().anyMatch(e -> e instanceof Evidence.LogLine l
                && l.text().equals(NginxErrorLogCheckTest.NO_LIVE)), f.evidence().toString());
        assertTrue(f.summary().startsWith("every server of nginx's upstream backend answers now, but nginx still counts "
                + "them as failed"), f.summary());
    }

    @Test
    void reportsRefusedUpstreamWithTheProbeAndTheConfigLine() throws Exception {
        int port = Peers.closedPort();
        Path conf = nginx("refused.conf", "            proxy_pass http://127.0.0.1:" + port + ";\n");
        Finding f = CheckResults.find(run(conf), CauseCode.PROXY_UPSTREAM_REFUSED);
        assertEquals(502, f.httpStatus());
        Evidence.Probe probe = f.evidence().stream().filter(Evidence.Probe.class::isInstance)
                .map(Evidence.Probe.class::cast).findFirst().orElseThrow();
        assertEquals("connect() to 127.0.0.1:" + port + " failed: Connection refused", probe.outcome());
        assertTrue(f.evidence().contains(new Evidence.ConfigLine(conf.toString(), 7, "proxy_pass",
                "http://127.0.0.1:" + port)), f.evidence().toString());
    }

    @Test
    void reportsProtocolMismatchWhenHttpsPointsAtAPlainHttpPort() throws Exception {
        int port = peers.plainHttp();
        Finding f = CheckResults.find(run(nginx("https-plain.conf", "            proxy_pass https://127.0.0.1:" + port + ";\n")),
                CauseCode.PROXY_PROTOCOL_MISMATCH);
        assertTrue(f.summary().contains("does not speak TLS"), f.summary());
        assertTrue(f.remediation().get(0).startsWith("Use http:// in proxy_pass https://127.0.0.1:" + port),
                f.remediation().toString());
    }

    @Test
    void reportsUntrustedUpstreamCertificateWhenNginxVerifies() throws Exception {
        int port = peers.tls(selfSigned);
        Finding f = CheckResults.find(run(nginx("verify.conf", "            proxy_pass https://127.0.0.1:" + port + ";\n"
                        + "            proxy_ssl_verify on;\n            proxy_ssl_trusted_certificate " + caPem + ";\n")),
                CauseCode.PROXY_UPSTREAM_TLS_FAILURE);
        assertTrue(f.summary().contains("would reject it: certificate CN=127.0.0.1 does not lead to a CA of " + caPem),
                f.summary());
        assertTrue(f.evidence().contains(new Evidence.Observation("certificate verification is on: "
                + dir.resolve("verify.conf") + ":8")), f.evidence().toString());
    }

    @Test
    void acceptsSelfSignedUpstreamWhenNginxDoesNotVerify() throws Exception {
        int port = peers.tls(selfSigned);
        CheckResult r = run(nginx("noverify.conf", "            proxy_pass https://127.0.0.1:" + port + ";\n"));
        CheckResult.Passed passed = (CheckResult.Passed) r;
        assertTrue(passed.evidence().stream().anyMatch(e -> e instanceof Evidence.Probe p
                && p.outcome().equals("TLS handshake completed; certificate CN=127.0.0.1 (not verified by the proxy)")),
                passed.evidence().toString());
    }

    @Test
    void reportsUpstreamClosedWhenThePeerHangsUpWithoutAByte() throws Exception {
        int port = peers.closer();
        Finding f = CheckResults.find(run(nginx("closer.conf", "            proxy_pass http://127.0.0.1:" + port + ";\n")),
                CauseCode.PROXY_UPSTREAM_CLOSED);
        assertTrue(f.evidence().stream().anyMatch(e -> e instanceof Evidence.Probe p
                && p.outcome().equals("the peer closed the connection without sending a byte")), f.evidence().toString());
    }

    @Test
    void reportsProtocolMismatchWhenHttpReachesAFastCgiServer() throws Exception {
        int port = peers.fastcgi();
        Finding f = CheckResults.find(run(nginx("fcgi.conf", "            proxy_pass http://127.0.0.1:" + port + ";\n")),
                CauseCode.PROXY_PROTOCOL_MISMATCH);
        assertTrue(f.summary().endsWith("answers with FastCGI records: it is a FastCGI server (PHP-FPM?)"), f.summary());
    }

    @Test
    void publishesRoutesAndPassesForAHealthyUpstream() throws Exception {
        int port = peers.healthy();
        Path conf = nginx("healthy.conf", "            proxy_pass http://127.0.0.1:" + port + ";\n"
                + "            proxy_read_timeout 30s;\n");
        TestCheckContext ctx = TestCheckContext.builder().config(Target.CONFIG_NGINX, conf).build();
        CheckResult r = new ProxyConfigCheck().run(ctx);
        assertTrue(r instanceof CheckResult.Passed, r.toString());
        WebServers servers = ctx.published(Facts.WEB_SERVERS).orElseThrow();
        ProxyRoute route = servers.routes().get(0);
        assertEquals(new ProxyRoute("shop.test", "location /", UpstreamProtocol.HTTP,
                List.of(Address.tcp("127.0.0.1", port)), "", Duration.ofSeconds(30), Duration.ofSeconds(60),
                conf.toString(), 7), route);
        assertEquals("nobody", servers.servers().get(0).user());
    }

    @Test
    void neverLeaksAnAuthorizationHeaderOfTheConfigurationIntoTheDiagnosis() throws Exception {
        int port = Peers.closedPort();
        Path conf = nginx("secret.conf", "            proxy_set_header Authorization \"Bearer " + CANARY + "\";\n"
                + "            proxy_pass http://127.0.0.1:" + port + "/api?token=" + CANARY + ";\n");
        Diagnosis d = GatewayDoctor.builder().discover(false).register(new ProxyConfigCheck())
                .timeout(Duration.ofSeconds(20)).build()
                .diagnose(Target.builder().config(Target.CONFIG_NGINX, conf).build());
        String json = DiagnosisJson.write(d);
        assertTrue(json.contains("proxy.upstream_refused"), json);
        assertFalse(json.contains(CANARY), json);
    }
}
