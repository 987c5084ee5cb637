package org.gatewaydoctor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.gatewaydoctor.checks.http.internal.config.ConfigLimits;
import org.gatewaydoctor.checks.http.internal.config.ConfigProblem;
import org.gatewaydoctor.checks.http.internal.config.NginxConfig;
import org.gatewaydoctor.checks.http.internal.config.NginxOptions;
import org.gatewaydoctor.checks.http.internal.config.NginxParser;
import org.gatewaydoctor.checks.http.internal.config.NginxView;

/**
 * The nginx configuration parser and the view the checks read, on any bytes as {@code /etc/nginx/nginx.conf}
 * (and, after a NUL byte, {@code /etc/nginx/conf.d/default.conf}). Seeds: Debian's and WordPress nginx
 * configurations from checks-http's fixtures and the capture configuration of core's format fixtures.
 *
 * <p>Invariants: the parser never throws (a limit reached or bad syntax is a {@link ConfigProblem}); what it
 * keeps stays inside its {@link ConfigLimits} (directives, nesting, arguments, files); every problem names a
 * line that exists; parsing is deterministic; and the view is built without an exception from any result.
 */
class NginxConfigFuzzTest {

    private static final ConfigTree TREE = new ConfigTree("nginx");
    /** Limits small enough that short inputs reach them. */
    private static final ConfigLimits SMALL = ConfigLimits.DEFAULTS.withMaxFiles(6).withMaxIncludeDepth(3);

    @FuzzTest(maxDuration = Budget.PER_TARGET)
    void parse(byte[] data) {
        TREE.write(data, "/etc/nginx/nginx.conf", "/etc/nginx/conf.d/default.conf");
        for (ConfigLimits limits : new ConfigLimits[] {ConfigLimits.DEFAULTS, SMALL}) {
            NginxOptions options = NginxOptions.debian().withRoot(TREE.root()).withLimits(limits);
            NginxConfig c = NginxParser.parse("/etc/nginx/nginx.conf", options);
            assertNotNull(c);
            assertTrue(ConfigTree.count(c.directives()) <= limits.maxDirectives(), "more directives than the limit");
            assertTrue(ConfigTree.depth(c.directives()) <= limits.maxNesting() + 1, "deeper than the limit");
            assertTrue(ConfigTree.maxArgs(c.directives()) <= limits.maxArgs(), "more arguments than the limit");
            assertTrue(c.files().size() <= limits.maxFiles(), () -> c.files().size() + " files");
            for (ConfigProblem p : c.problems()) {
                assertTrue(p.line() >= 0 && p.line() <= data.length + 1, () -> "problem at line " + p.line());
                assertNotNull(p.message());
            }
            assertEquals(c, NginxParser.parse("/etc/nginx/nginx.conf", options), "parsing is not deterministic");
            assertNotNull(NginxView.of(c, options));
        }
    }
}
