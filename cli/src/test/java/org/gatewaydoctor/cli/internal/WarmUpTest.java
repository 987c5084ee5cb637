package org.gatewaydoctor.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.spi.Check;
import org.gatewaydoctor.spi.ExplanationProvider;
import org.gatewaydoctor.spi.LogLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The head start of {@code diagnose}: only for it, reading what picocli and discovery read, never failing. */
class WarmUpTest {

    @TempDir
    Path dir;

    @Test
    void startsOnlyForDiagnose() {
        assertTrue(WarmUp.startFor(new String[] {"diagnose", "--logs", "/var/log/nginx"}));
        assertTrue(WarmUp.startFor(new String[] {"--debug", "diagnose", "--url", "http://127.0.0.1/"}));
        assertTrue(WarmUp.startFor(new String[] {"diagnose", "--example"}));
        assertFalse(WarmUp.startFor(new String[] {"scan", "--logs", "/var/log/nginx"}));
        assertFalse(WarmUp.startFor(new String[] {"checks"}));
        assertFalse(WarmUp.startFor(new String[] {"diagnose", "--help"}));
        assertFalse(WarmUp.startFor(new String[] {"diagnose", "-V"}));
        assertFalse(WarmUp.startFor(new String[] {"--version"}));
        assertFalse(WarmUp.startFor(new String[] {"--logs", "diagnose"}));
        assertFalse(WarmUp.startFor(new String[0]));
    }

    @Test
    void readsTheAnnotationsPicocliReads() {
        // Object's methods carry runtime annotations (@IntrinsicCandidate, @Deprecated): picocli walks them too
        assertTrue(WarmUp.annotations(List.of(Object.class)) > 0);
        // one @Command, a @Spec, the @Mixins and an @Option per option field
        assertTrue(WarmUp.annotations(List.of(DiagnoseCommand.class)) > 25);
        assertTrue(WarmUp.annotations(List.of(TimeWindowOptions.class)) >= 4);
    }

    @Test
    void instantiatesTheProvidersDiscoveryFinds() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        int checks = GatewayDoctor.builder().build().checks().size();
        assertTrue(checks > 10, "checks: " + checks);
        assertEquals(checks, WarmUp.instantiate(Check.class, loader));
        assertTrue(WarmUp.instantiate(LogLocator.class, loader) > 0);
        assertTrue(WarmUp.instantiate(ExplanationProvider.class, loader) > 0);
    }

    @Test
    void skipsProvidersThatCannotBeLoaded() throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF").resolve("services"));
        Files.writeString(services.resolve(Check.class.getName()), "org.example.NoSuchCheck\norg.example.Other\n",
                StandardCharsets.UTF_8);
        ClassLoader parent = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader broken = new URLClassLoader(new URL[] {dir.toUri().toURL()}, parent)) {
            assertEquals(WarmUp.instantiate(Check.class, parent), WarmUp.instantiate(Check.class, broken));
        }
    }
}
