package org.gatewaydoctor.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.junit.jupiter.api.Test;

/** The catalogue discovered while the command is parsed: only for commands that scan, and the same as discovery's. */
class EarlySignaturesTest {

    @Test
    void startsOnlyForCommandsThatScan() {
        assertNotNull(EarlySignatures.startFor(new String[] {"scan", "--logs", "/var/log/nginx"}));
        assertNotNull(EarlySignatures.startFor(new String[] {"scan", "/var/log/nginx/error.log"}));
        assertNotNull(EarlySignatures.startFor(new String[] {"--debug", "diagnose", "--url", "http://127.0.0.1/",
            "--logs", "/var/log/nginx"}));
        assertNotNull(EarlySignatures.startFor(new String[] {"diagnose", "--logs=/var/log/nginx"}));
        assertNull(EarlySignatures.startFor(new String[] {"diagnose", "--url", "http://127.0.0.1/"}));
        assertNull(EarlySignatures.startFor(new String[] {"diagnose", "--example"}));
        assertNull(EarlySignatures.startFor(new String[] {"checks"}));
        assertNull(EarlySignatures.startFor(new String[] {"scan", "--logs", "x", "--help"}));
        assertNull(EarlySignatures.startFor(new String[] {"diagnose", "-h", "--logs", "x"}));
        assertNull(EarlySignatures.startFor(new String[] {"--version"}));
        assertNull(EarlySignatures.startFor(new String[] {"--logs", "x"}));
        assertNull(EarlySignatures.startFor(new String[0]));
    }

    @Test
    void givesTheCatalogueDiscoveryGivesOnceForEveryCaller() {
        EarlySignatures early = EarlySignatures.startFor(new String[] {"scan", "--logs", "-"});
        assertNotNull(early);
        SignatureCatalog found = early.get();
        SignatureCatalog discovered = CliContext.discoverSignatures();
        assertFalse(found.signatures().isEmpty());
        assertEquals(describe(discovered.signatures()), describe(found.signatures()));
        assertEquals(discovered.problems(), found.problems());
        assertSame(found, early.get());
    }

    @Test
    void anInterruptedCallerStillGetsTheCatalogueAndKeepsItsInterrupt() {
        EarlySignatures early = EarlySignatures.startFor(new String[] {"scan", "--logs", "-"});
        assertNotNull(early);
        Thread.currentThread().interrupt();
        try {
            assertFalse(early.get().signatures().isEmpty());
            assertEquals(true, Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    private static List<String> describe(List<Signature> signatures) {
        return signatures.stream().map(s -> s.id() + " " + s.literal() + " " + (s.pattern() == null ? "-" : s.pattern().pattern()) + " "
                + s.formats() + " " + s.causes()).toList();
    }
}
