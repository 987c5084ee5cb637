package org.gatewaydoctor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.gatewaydoctor.checks.http.internal.config.ApacheConfig;
import org.gatewaydoctor.checks.http.internal.config.ApacheOptions;
import org.gatewaydoctor.checks.http.internal.config.ApacheParser;
import org.gatewaydoctor.checks.http.internal.config.ApacheView;
import org.gatewaydoctor.checks.http.internal.config.ConfigLimits;
import org.gatewaydoctor.checks.http.internal.config.ConfigProblem;

/**
 * The Apache configuration parser and the view the checks read, on any bytes as
 * {@code /etc/apache2/apache2.conf} (and, after a NUL byte, {@code /etc/apache2/envvars}, which the parser
 * reads first). Seeds: Debian's and a WordPress Apache configuration from checks-http's fixtures and the
 * capture configuration of core's format fixtures.
 *
 * <p>Invariants: the parser never throws; what it keeps stays inside its {@link ConfigLimits}; every problem
 * names a line that exists; parsing is deterministic; and the view is built without an exception.
 */
class ApacheConfigFuzzTest {

    private static final ConfigTree TREE = new ConfigTree("apache");

    @FuzzTest(maxDuration = Budget.PER_TARGET)
    void parse(byte[] data) {
        TREE.write(data, "/etc/apache2/apache2.conf", "/etc/apache2/envvars");
        ApacheOptions options = ApacheOptions.debian().withRoot(TREE.root());
        ConfigLimits limits = options.limits();
        ApacheConfig c = ApacheParser.parse("/etc/apache2/apache2.conf", options);
        assertNotNull(c);
        assertTrue(ConfigTree.count(c.directives()) <= limits.maxDirectives(), "more directives than the limit");
        assertTrue(ConfigTree.depth(c.directives()) <= limits.maxNesting() + 1, "deeper than the limit");
        assertTrue(ConfigTree.maxArgs(c.directives()) <= limits.maxArgs(), "more arguments than the limit");
        assertTrue(c.files().size() <= limits.maxFiles(), () -> c.files().size() + " files");
        for (ConfigProblem p : c.problems()) {
            assertTrue(p.line() >= 0 && p.line() <= data.length + 1, () -> "problem at line " + p.line());
        }
        assertEquals(c, ApacheParser.parse("/etc/apache2/apache2.conf", options), "parsing is not deterministic");
        assertNotNull(ApacheView.of(c, options));
    }
}
