package org.gatewaydoctor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.gatewaydoctor.checks.http.internal.HaproxyLogFormat;
import org.gatewaydoctor.checks.http.internal.config.ConfigProblem;
import org.gatewaydoctor.checks.http.internal.config.haproxy.HaproxyConfig;
import org.gatewaydoctor.checks.http.internal.config.haproxy.HaproxyParser;

/**
 * The HAProxy configuration parser on any bytes as {@code haproxy.cfg}. Seeds: Debian's packaged
 * {@code /etc/haproxy/haproxy.cfg}, the capture configuration of core's format fixtures and the HAProxy
 * configurations the integration tests run.
 *
 * <p>Invariants: it never throws (errors are {@link ConfigProblem}s); every problem names a line that exists;
 * every server belongs to a proxy the file declares; parsing is deterministic. The log layouts the file chooses
 * ({@link HaproxyLogFormat}) are read deterministically, compile, and match lines without throwing.
 */
class HaproxyConfigFuzzTest {

    private static final ConfigTree TREE = new ConfigTree("haproxy");

    @FuzzTest(maxDuration = Budget.PER_TARGET)
    void parse(byte[] data) {
        TREE.write(data, "/etc/haproxy/haproxy.cfg", "/etc/haproxy/errors/503.http");
        Path file = TREE.root().resolve("etc/haproxy/haproxy.cfg");
        HaproxyConfig c = HaproxyParser.parse(file);
        assertNotNull(c);
        for (ConfigProblem p : c.problems()) {
            assertTrue(p.line() >= 0 && p.line() <= data.length + 1, () -> "problem at line " + p.line());
        }
        for (HaproxyConfig.Proxy proxy : c.proxies()) {
            assertNotNull(proxy.name());
            for (HaproxyConfig.Server s : proxy.servers()) {
                assertNotNull(s.name());
            }
        }
        assertNotNull(c.global());
        c.hasErrors();
        assertEquals(c, HaproxyParser.parse(file), "parsing is not deterministic");

        // the log layouts the same file chooses, compiled, and each tried on the file's own lines as log lines
        List<HaproxyLogFormat.Custom> custom = HaproxyLogFormat.of(file);
        assertEquals(custom, HaproxyLogFormat.of(file), "reading log-formats is not deterministic");
        String text = new String(data, StandardCharsets.UTF_8);
        for (HaproxyLogFormat.Custom f : custom.subList(0, Math.min(custom.size(), 4))) {
            assertTrue(f.line() >= 1, () -> "log-format at line " + f.line());
            HaproxyLogFormat.Compiled compiled = HaproxyLogFormat.compile(f.format());
            text.lines().limit(16).forEach(compiled::match);
        }
    }
}
