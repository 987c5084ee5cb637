package org.gatewaydoctor.checks.http.internal.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both parsers and both views on mangled configurations: the WordPress fixtures with bytes cut,
 * duplicated and sprinkled with the characters that matter to the syntax. Whatever comes in, the answer
 * is a configuration and problems with a file and a line, never an exception. Fixed seeds: a failure
 * reproduces.
 */
class HostileInputTest {

    private static final String ALPHABET = "{}{};;\"\"''\\\\#$<>/ \t\r\n\n()=|*?[]~^@\u0000\u00ff";
    private static final int ROUNDS = 150;

    @TempDir
    Path root;

    private static byte[] mangle(byte[] in, Random r) {
        StringBuilder s = new StringBuilder(new String(in, StandardCharsets.ISO_8859_1));
        for (int edits = 1 + r.nextInt(6); edits > 0 && s.length() > 0; edits--) {
            int at = r.nextInt(s.length());
            int len = Math.min(s.length() - at, 1 + r.nextInt(40));
            switch (r.nextInt(4)) {
                case 0 -> s.delete(at, at + len);
                case 1 -> s.insert(at, s.substring(at, at + len));
                case 2 -> {
                    for (int i = r.nextInt(8); i >= 0; i--) {
                        s.insert(at, ALPHABET.charAt(r.nextInt(ALPHABET.length() - (r.nextInt(50) == 0 ? 0 : 2))));
                    }
                }
                default -> s.setCharAt(at, (char) (1 + r.nextInt(255)));
            }
        }
        return s.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private void mangleFiles(Random r, String... paths) throws IOException {
        for (String p : paths) {
            Path f = root.resolve(p.substring(1));
            Files.write(f, mangle(Files.readAllBytes(f), r));
        }
    }

    @Test
    void nginxAnswersProblemsNotExceptions() throws IOException {
        Random r = new Random(20261121);
        NginxOptions options = NginxOptions.debian().withRoot(root);
        for (int round = 0; round < ROUNDS; round++) {
            Fixtures.tree(root, "config/nginx/debian", "config/nginx/wordpress");
            mangleFiles(r, "/etc/nginx/nginx.conf", "/etc/nginx/sites-enabled/wordpress", "/etc/nginx/sites-enabled/shop",
                    "/etc/nginx/snippets/fastcgi-php.conf");
            int n = round;
            NginxConfig c = assertDoesNotThrow(() -> NginxParser.parse("/etc/nginx/nginx.conf", options), "round " + n);
            NginxView v = assertDoesNotThrow(() -> NginxView.of(c, options), "round " + n);
            assertTrue(c.problems().stream().allMatch(p -> p.file().startsWith("/etc/nginx/")), c.problems().toString());
            assertTrue(v.problems().stream().allMatch(p -> p.file().startsWith("/etc/nginx/") && p.line() > 0),
                    v.problems().toString());
        }
    }

    @Test
    void apacheAnswersProblemsNotExceptions() throws IOException {
        Random r = new Random(4);
        ApacheOptions options = ApacheOptions.debian().withRoot(root);
        for (int round = 0; round < ROUNDS; round++) {
            Fixtures.tree(root, "config/apache/debian", "config/apache/wordpress");
            mangleFiles(r, "/etc/apache2/apache2.conf", "/etc/apache2/sites-enabled/wordpress.conf",
                    "/etc/apache2/sites-enabled/shop.conf", "/etc/apache2/conf-enabled/php8.2-fpm.conf",
                    "/etc/apache2/envvars", "/etc/apache2/ports.conf");
            int n = round;
            ApacheConfig c = assertDoesNotThrow(() -> ApacheParser.parse("/etc/apache2/apache2.conf", options),
                    "round " + n);
            ApacheView v = assertDoesNotThrow(() -> ApacheView.of(c, options), "round " + n);
            assertTrue(c.problems().stream().allMatch(p -> p.file().startsWith("/etc/apache2/")), c.problems().toString());
            assertTrue(v.problems().stream().allMatch(p -> p.line() > 0), v.problems().toString());
        }
    }
}
