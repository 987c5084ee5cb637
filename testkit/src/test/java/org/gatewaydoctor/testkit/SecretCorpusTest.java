package org.gatewaydoctor.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.gatewaydoctor.spi.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SecretCorpusTest {

    static Stream<SecretCorpus.Sample> samples() {
        return SecretCorpus.samples().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void theStandardRedactorMasksEverySampleAndKeepsTheRestOfTheLine(SecretCorpus.Sample sample) {
        Redactor r = Redactor.standard();
        if (sample.registered()) {
            r.addSecret(sample.secret());
        }
        String out = r.redact(sample.line());
        assertFalse(out.contains(SecretCorpus.MARKER), sample.id() + ": " + out);
        assertTrue(out.contains(Redactor.MASK), sample.id() + ": " + out);
        assertTrue(out.length() > Redactor.MASK.length() + 10, "the rest of the line stays: " + out);
        assertEquals(out, r.redact(out), "redacting twice changes nothing");
    }

    @Test
    void everySampleHasItsOwnIdAndSecret() {
        List<SecretCorpus.Sample> all = SecretCorpus.samples();
        Set<String> ids = new HashSet<>();
        for (SecretCorpus.Sample s : all) {
            assertTrue(ids.add(s.id()), "duplicate " + s.id());
            assertTrue(s.line().contains(SecretCorpus.MARKER), s.id());
        }
        assertTrue(all.size() >= 50, "the taxonomy is covered: " + all.size());
    }
}
