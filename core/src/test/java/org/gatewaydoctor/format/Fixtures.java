package org.gatewaydoctor.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the captured lines under {@code formats/}; lines starting with {@code #} are provenance comments. */
final class Fixtures {

    private Fixtures() {
    }

    static List<String> lines(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/formats/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture formats/" + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>();
            for (String line : text.split("\n", -1)) {
                if (!line.startsWith("#")) {
                    lines.add(line);
                }
            }
            // the file ends with a newline: the empty string after it is no line
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All fixture file names. */
    static List<String> all() {
        return List.of("apache-access.log", "apache-error-compact.log", "apache-error-nousec.log", "apache-error.log",
                "haproxy-raw.log", "haproxy-syslog.log", "journal.log", "kernel-dmesg-T.log", "kernel-dmesg.log",
                "kernel-syslog.log", "mariadb-error-berlin.log", "mariadb-error-tokyo.log", "mixed.log", "mysql-from-source.log",
                "nginx-access.log", "nginx-error.log", "nginx-syslog.log", "php-error-berlin.log", "php-error-utc.log",
                "php-fpm-debug.log", "php-fpm-slow.log", "php-fpm-syslog.log", "php-fpm.log");
    }
}
