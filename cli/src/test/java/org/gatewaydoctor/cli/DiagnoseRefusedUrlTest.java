package org.gatewaydoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.gatewaydoctor.cli.internal.Terminal;
import org.junit.jupiter.api.Test;

/**
 * A URL where nothing listens (127.0.0.1 on a free port), diagnosed with every discovered check as a user
 * runs it: the first hop refusing is the top cause and the hop map says what was observed there.
 */
class DiagnoseRefusedUrlTest {

    @Test
    void aRefusedUrlIsProxyDownAtTheFirstHopWithTheProbeAsEvidence() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/";
        CliRunner.Result text = CliRunner.run(Terminal.plain(), b -> { }, "diagnose", "--url", url);
        assertEquals(2, text.exitCode(), text.out() + text.err());
        assertTrue(text.firstLine().startsWith("FAILING — proxy: Nothing accepts connections on 127.0.0.1:" + port
                + " (connection refused)"), text.firstLine());
        assertTrue(text.firstLine().contains("[proxy.down, 90%]"), text.firstLine());
        String proxyHop = text.out().lines().filter(l -> l.startsWith("  proxy ")).findFirst().orElseThrow();
        assertTrue(proxyHop.matches("  proxy +FAILING +proxy\\.down \\(observed\\): Nothing accepts connections on "
                + "127\\.0\\.0\\.1:" + port + ".*"), proxyHop);
        assertTrue(text.out().contains("Most likely cause"), text.out());

        CliRunner.Result json = CliRunner.run(Terminal.plain(), b -> { }, "diagnose", "--url", url,
                "--format", "json");
        JsonNode d = new ObjectMapper().readTree(json.out());
        assertEquals("PROXY", d.get("failingLayer").asText());
        JsonNode top = d.get("causes").get(0);
        assertEquals("proxy.down", top.get("code").asText(), json.out());
        assertEquals("OBSERVED", top.get("basis").asText());
        assertTrue(top.toString().contains("refused the connection"), top.toString());
        JsonNode proxy = d.get("hops").get(4);
        assertEquals("PROXY", proxy.get("layer").asText());
        assertEquals("FAILING", proxy.get("state").asText());
        assertEquals("proxy.down", proxy.get("causes").get(0).asText());
    }
}
