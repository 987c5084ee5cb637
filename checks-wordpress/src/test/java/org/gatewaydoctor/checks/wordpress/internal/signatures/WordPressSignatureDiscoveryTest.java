package org.gatewaydoctor.checks.wordpress.internal.signatures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.junit.jupiter.api.Test;

class WordPressSignatureDiscoveryTest {

    @Test
    void everyProviderIsFoundByServiceLoader() {
        SignatureCatalog catalog = SignatureCatalog.discover(getClass().getClassLoader());
        Set<String> ids = catalog.signatures().stream().map(Signature::id).collect(Collectors.toSet());
        for (Signature s : new PhpErrorSignatureProvider().signatures()) {
            assertTrue(ids.contains(s.id()), s.id());
        }
        for (Signature s : new HtaccessSignatureProvider().signatures()) {
            assertTrue(ids.contains(s.id()), s.id());
        }
        for (Signature s : new MysqlSignatureProvider().signatures()) {
            assertTrue(ids.contains(s.id()), s.id());
        }
        assertEquals(List.of(), catalog.problems());
    }
}
