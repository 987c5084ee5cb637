package org.gatewaydoctor.checks.http.internal.signatures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatewaydoctor.internal.logs.scan.RequestContext;
import org.gatewaydoctor.logs.Signature;
import org.junit.jupiter.api.Test;

/**
 * The scanner reads nginx's request context by hand ({@link RequestContext}) instead of by the regular
 * expression the nginx signatures end with: on real lines (captured from nginx, and pasted ones from the
 * real-logs corpus) and on random lines built from their pieces, every signature gives the same fields
 * either way, and both copies of the expression are the same text.
 */
class RequestContextEquivalenceTest {

    private static final List<Signature> NGINX = new NginxSignatureProvider().signatures().stream()
            .filter(s -> s.id().startsWith(NginxSignatureProvider.ERROR_LOG) && s.pattern() != null).toList();
    private static final Pattern GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    @Test
    void bothCopiesOfTheExpressionAreTheSameAndEveryNginxErrorSignatureIsReadByHand() {
        assertEquals(NginxSignatureProvider.CONTEXT, RequestContext.REGEX);
        for (Signature s : NGINX) {
            assertNotNull(RequestContext.split(s.pattern()), s.id());
        }
        assertTrue(NGINX.size() >= 20, "nginx error signatures: " + NGINX.size());
    }

    @Test
    void realLinesGiveTheSameFieldsEitherWay() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.addAll(resourceLines("/fixtures/nginx/error.log"));
        lines.addAll(resourceLines("/fixtures/nginx/worker-connections.log"));
        int compared = 0;
        for (String line : lines) {
            compared += compare(line);
        }
        assertTrue(compared > 30, "lines some signature matched: " + compared);
    }

    @Test
    void randomLinesBuiltFromRealPiecesGiveTheSameFieldsEitherWay() throws IOException {
        List<String> real = resourceLines("/fixtures/nginx/error.log");
        Random random = new Random(14);
        String[] pieces = {", client: ", ", server: ", ", request: \"", ", upstream: \"", ", host: \"", "\"", ",",
            " HTTP/1.1", " HTTP/2.0", " HTTP/1.1234", "?", "?a=b c", " ", "\t", "unix:", "unix::", "://", "fastcgi://",
            "http://10.0.0.1:9000", "GET /x", "GET ", "get /", "POSTPOSTPOSTPOSTPOST /", "/run/php/fpm.sock:",
            "x".repeat(130), "y".repeat(300), "\n", "\r", "é", ", client: 1.2.3.4, server: a.example"};
        int compared = 0;
        for (int i = 0; i < 20_000; i++) {
            String base = real.get(random.nextInt(real.size()));
            StringBuilder b = new StringBuilder(base);
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(b.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> b.insert(at, pieces[random.nextInt(pieces.length)]);
                    case 1 -> b.delete(at, Math.min(b.length(), at + 1 + random.nextInt(12)));
                    default -> b.setLength(Math.min(b.length(), at + 20));
                }
            }
            compared += compare(b.toString());
        }
        assertTrue(compared > 2_000, "mutated lines some signature matched: " + compared);
    }

    /** Compares both ways for every nginx signature; returns 1 when one matched. */
    private static int compare(String line) {
        int matched = 0;
        for (Signature s : NGINX) {
            Matcher whole = s.pattern().matcher(line);
            Pattern message = RequestContext.split(s.pattern());
            Matcher part = message.matcher(line);
            boolean found = whole.find();
            assertEquals(found, part.find(), s.id() + " on " + line);
            if (!found) {
                continue;
            }
            matched = 1;
            Map<String, String> expected = new LinkedHashMap<>();
            for (String name : names(s.pattern())) {
                if (whole.group(name) != null) {
                    expected.put(name, whole.group(name));
                }
            }
            Map<String, String> actual = new LinkedHashMap<>();
            for (String name : names(message)) {
                if (part.group(name) != null) {
                    actual.put(name, part.group(name));
                }
            }
            RequestContext.read(line, part.end(), actual);
            assertEquals(expected, actual, s.id() + " on " + line);
        }
        return matched;
    }

    private static List<String> names(Pattern p) {
        List<String> out = new ArrayList<>();
        Matcher m = GROUP.matcher(p.pattern());
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static List<String> resourceLines(String name) throws IOException {
        try (InputStream in = RequestContextEquivalenceTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
    }
}
