package org.gatewaydoctor.checks.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.gatewaydoctor.checks.http.probe.HttpProber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who answered: HAProxy's built-in pages, as HAProxy 2.6.12 sent them (captured with curl -i on 127.0.0.1). */
class ResponderTest {

    private static HttpProber.Response response(int status, String server, String body) {
        Map<String, List<String>> headers = server.isEmpty()
                ? Map.of("content-type", List.of("text/html"), "cache-control", List.of("no-cache"))
                : Map.of("server", List.of(server), "content-type", List.of("text/html"));
        return HttpProber.Response.of(URI.create("http://127.0.0.1:8080/"), "127.0.0.1:8080", status, "",
                headers, body.getBytes(StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "503|<html><body><h1>503 Service Unavailable</h1>\\nNo server is available to handle this request.\\n</body></html>\\n",
        "502|<html><body><h1>502 Bad Gateway</h1>\\nThe server returned an invalid or incomplete response.\\n</body></html>\\n",
        "504|<html><body><h1>504 Gateway Time-out</h1>\\nThe server didn't respond in time.\\n</body></html>\\n"})
    void recognisesHaproxysOwnPagesWithoutAServerHeader(int status, String body) {
        Responder who = Responder.of(response(status, "", body.replace("\\n", "\n")));
        assertEquals(new Responder("HAProxy", false, ""), who);
        assertFalse(who.isOriginProxy());
    }

    @Test
    void aSimilarPageFromAnAppIsNotHaproxy() {
        String body = "<html><body><h1>503 Service Unavailable</h1>\nWe are down for maintenance.\n</body></html>\n";
        assertEquals("an unidentified server", Responder.of(response(503, "", body)).name());
        assertEquals("gunicorn", Responder.of(response(503, "gunicorn",
                "<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n"))
                .name(), "a Server header names someone else");
    }
}
