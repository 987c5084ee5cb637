package org.gatewaydoctor.checks.http.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests of {@link Envvars}: the variables of Debian's {@code /etc/apache2/envvars}. */
class EnvvarsTest {

    private static Map<String, String> parse(String text) {
        return Envvars.parse(text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    @Test
    void readsDebiansFile() throws Exception {
        byte[] data = Files.readAllBytes(Fixtures.resource("config/apache/debian/etc/apache2/envvars"));
        assertEquals(Map.of("APACHE_RUN_USER", "www-data", "APACHE_RUN_GROUP", "www-data",
                "APACHE_PID_FILE", "/var/run/apache2/apache2.pid", "APACHE_RUN_DIR", "/var/run/apache2",
                "APACHE_LOCK_DIR", "/var/lock/apache2", "APACHE_LOG_DIR", "/var/log/apache2", "LANG", "C"),
                Envvars.parse(data, Map.of()));
    }

    @Test
    void readsPlainAssignmentsOnly() {
        assertEquals(Map.of("A", "x y", "B", "x y/z", "C", "lit $A", "E", "1"),
                parse("A=\"x y\"\nexport B=\"$A\"/z\nC='lit $A'\nD=$(id -u)\nF=`date`\nexport E=1 # one\nunset HOME\n"
                        + "if [ -n \"$X\" ]; then\n  A=inside\nfi\ncase $Y in\n *) B=inside ;;\nesac\n"));
        assertEquals(Map.of("G", "--x"), parse("G=\"--${UNSET}x\"\nH=\"${A##x}\"\n"), "unset is empty; ## is not read");
    }
}
