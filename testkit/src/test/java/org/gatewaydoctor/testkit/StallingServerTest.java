package org.gatewaydoctor.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StallingServerTest {

    @Test
    void acceptsAndReadsButNeverAnswers() throws IOException, InterruptedException {
        try (StallingServer server = StallingServer.start(); Socket s = new Socket()) {
            assertTrue(server.url().startsWith("http://127.0.0.1:"));
            s.connect(server.address(), 1000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(100);
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
            for (int i = 0; i < 50 && server.acceptedConnections() == 0; i++) {
                Thread.sleep(10);
            }
            assertEquals(1, server.acceptedConnections());
        }
    }
}
