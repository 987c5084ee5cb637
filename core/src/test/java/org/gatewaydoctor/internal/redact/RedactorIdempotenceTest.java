package org.gatewaydoctor.internal.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gatewaydoctor.spi.Redactor;
import org.junit.jupiter.api.Test;

/** Redacting twice gives the same text as redacting once, also where a mask ends right before a name. */
class RedactorIdempotenceTest {

    @Test
    void aSecretNameRightAfterARegisteredSecretIsMaskedOnTheFirstPass() {
        // found by RedactorFuzzTest: the registered secret and the name after it were read as one word
        // ("cy0ab9qpwd") on the first pass, and as "pwd" behind the mask on the second
        Redactor r = new DefaultRedactor();
        r.addSecret("Cy0aB9q");
        String once = r.redact("y\u05c4Cy0aB9qpwd=hunter2x yy");
        assertEquals("y\u05c4[REDACTED]pwd=[REDACTED] yy", once);
        assertEquals(once, r.redact(once));
    }

    @Test
    void aRegisteredSecretInsideANameLeavesTheRestOfTheLineAsTheSecondPassSeesIt() {
        Redactor r = new DefaultRedactor();
        r.addSecret("s3cr3tV4lue");
        String once = r.redact("db_s3cr3tV4lue_password=abc12345 host=x");
        assertEquals(once, r.redact(once));
    }
}
