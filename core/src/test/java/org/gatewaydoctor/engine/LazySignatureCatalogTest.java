package org.gatewaydoctor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signature catalogue is found when first needed, once: listing the checks and a diagnosis without logs
 * never look for it; what it holds does not depend on when that happens.
 */
class LazySignatureCatalogTest {

    @TempDir
    Path dir;

    private static final Signature REFUSED = new Signature("test.refused", Layer.PROXY, Set.of(),
            "failed (111: Connection refused)", Pattern.compile("connect\\(\\) to (?<upstream>\\S+) failed"), 502,
            List.of(CauseCode.PROXY_UPSTREAM_REFUSED), "connection refused");

    /** Counts how often the signature files are looked for through it. */
    private static final class CountingLoader extends ClassLoader {
        final AtomicInteger lookups = new AtomicInteger();

        CountingLoader() {
            super(LazySignatureCatalogTest.class.getClassLoader());
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (name.equals(SignatureCatalog.RESOURCE)) {
                lookups.incrementAndGet();
            }
            return super.getResources(name);
        }
    }

    @Test
    void listingChecksAndADiagnosisWithoutLogsNeverLookForSignatures() {
        CountingLoader loader = new CountingLoader();
        GatewayDoctor doctor = GatewayDoctor.builder().classLoader(loader).discover(false)
                .register(TestCheck.passing("test.one"))
                .build();

        assertEquals(List.of("test.one"), doctor.checks().stream().map(c -> c.id()).toList());
        doctor.diagnose(Target.builder().build());
        assertEquals(0, loader.lookups.get());

        SignatureCatalog catalog = doctor.signatureCatalog();
        assertEquals(1, loader.lookups.get());
        assertSame(catalog, doctor.signatureCatalog());
        assertEquals(1, loader.lookups.get());
    }

    @Test
    void aDiagnosisWithLogsFindsTheCatalogueOnceForAllItsScans() throws IOException {
        Path log = Files.writeString(dir.resolve("error.log"), "2026/11/21 09:14:03 [error] 1#1: *1 connect() to "
                + "127.0.0.1:9000 failed (111: Connection refused) while connecting to upstream\n");
        CountingLoader loader = new CountingLoader();
        AtomicInteger hits = new AtomicInteger();
        GatewayDoctor doctor = GatewayDoctor.builder().classLoader(loader).discover(false)
                .signatures(List.of(REFUSED))
                .register(TestCheck.of("test.scan", ctx -> {
                    hits.set(ctx.logScan().hits("test.refused").map(h -> (int) h.count()).orElse(-1));
                    return org.gatewaydoctor.spi.CheckResult.passed();
                }))
                .build();

        doctor.diagnose(Target.builder().logs(log).build());
        doctor.diagnose(Target.builder().logs(log).build());

        assertEquals(1, hits.get());
        assertEquals(1, loader.lookups.get());
    }

    @Test
    void signaturesAddedToTheBuilderAfterBuildingAreNotInTheCatalogue() {
        List<Signature> added = new ArrayList<>(List.of(REFUSED));
        GatewayDoctor.Builder builder = GatewayDoctor.builder().discover(false).discoverSignatures(false)
                .signatures(added);
        GatewayDoctor doctor = builder.build();
        builder.signatures(List.of(new Signature("test.later", Layer.PROXY, Set.of(), "later", Pattern.compile("later"),
                502, List.of(CauseCode.PROXY_UPSTREAM_REFUSED), "later")));

        assertEquals(List.of("test.refused"), doctor.signatureCatalog().signatures().stream().map(Signature::id).toList());
        assertTrue(doctor.signatureCatalog().problems().isEmpty(), doctor.signatureCatalog().problems().toString());
    }
}
