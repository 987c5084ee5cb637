package org.gatewaydoctor.checks.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.NameResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the probes find a {@link NameResolver}: ServiceLoader, each provider in its own try, the first that loads. */
class SiteResolverDiscoveryTest {

    @TempDir
    Path dir;

    /** A provider that loads. */
    public static final class Working implements NameResolver {
        @Override
        public Answer resolve(String host, Target target, Instant deadline) {
            return new Answer(host, Status.NXDOMAIN, List.of(), "test", "NXDOMAIN");
        }
    }

    /** A provider whose constructor fails, as one with a missing dependency would. */
    public static final class Broken implements NameResolver {
        public Broken() {
            throw new IllegalStateException("cannot start");
        }

        @Override
        public Answer resolve(String host, Target target, Instant deadline) {
            throw new AssertionError("never instantiated");
        }
    }

    private ClassLoader listing(String... providers) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(NameResolver.class.getName()), String.join("\n", providers) + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void withoutAProviderOnThePathTheJvmResolverIsUsedAndNothingIsWrong() {
        // checks-http alone: checks-dns is not on this module's test path
        SiteResolver.Discovered d = SiteResolver.discover(getClass().getClassLoader());
        assertTrue(d.resolver().isEmpty(), d.toString());
        assertEquals(List.of(), d.problems());
    }

    @Test
    void theFirstProviderThatLoadsIsUsed() throws IOException {
        SiteResolver.Discovered d = SiteResolver.discover(listing(Working.class.getName()));
        assertInstanceOf(Working.class, d.resolver().orElseThrow());
        assertEquals(List.of(), d.problems());
    }

    @Test
    void aBrokenOrMissingProviderIsNotedAndTheNextOneIsUsed() throws IOException {
        SiteResolver.Discovered d = SiteResolver.discover(listing("org.example.Missing", Broken.class.getName(),
                Working.class.getName()));
        assertInstanceOf(Working.class, d.resolver().orElseThrow());
        assertEquals(2, d.problems().size(), d.problems().toString());
        assertTrue(d.problems().get(0).contains("org.example.Missing"), d.problems().toString());
        assertTrue(d.problems().get(1).startsWith("name resolver " + Broken.class.getName()
                + " could not be instantiated"), d.problems().toString());
    }

    @Test
    void onlyBrokenProvidersMeanTheJvmResolverWithTheReasonKept() throws IOException {
        SiteResolver.Discovered d = SiteResolver.discover(listing(Broken.class.getName()));
        assertTrue(d.resolver().isEmpty());
        assertEquals(1, d.problems().size(), d.problems().toString());
    }
}
