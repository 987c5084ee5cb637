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

    @Test
    void aMaskAfterAnAtSignIsNotABracketedHostOnTheSecondPass() {
        // found by RedactorFuzzTest (fuzz/pending, 11:05 clean-clone run): after the first pass a token read
        // "user:x=@[REDACTED]...", and "[REDACTED]" passed for a bracketed IPv6 host, so the second pass
        // masked the part before the "@" that the first pass had rightly kept
        Redactor r = new DefaultRedactor();
        String once = "\u0000wppd:\u05e4=@[REDACTED]pwd:[REDACTED]\t\\\u0000\u0019,\\\u0000*";
        assertEquals(once, r.redact(once));
    }

    @Test
    void userinfoBeforeABracketedIpv6HostIsStillMasked() {
        Redactor r = new DefaultRedactor();
        assertEquals("invalid port in upstream \"wp:[REDACTED]@[::1]:9000\"",
                r.redact("invalid port in upstream \"wp:hunter2@[::1]:9000\""));
        assertEquals("wp:[REDACTED]@[fe80::1]:9000", r.redact("wp:hunter2@[fe80::1]:9000"));
    }

    @Test
    void userinfoWithoutASchemeEndsAtTheLastAtSignWithAHostAfterIt() {
        // found by RedactorFuzzTest: "pwd:y=@" was masked as a pwd value on the first pass, after which the
        // first "@" had a host after it and the second pass masked "x=" as well
        Redactor r = new DefaultRedactor();
        String once = r.redact("\u0000wppd:\u05e4=@pwd:\u05e4=@\t\\\u0000\u0019,\\\u0000*");
        assertEquals(once, r.redact(once));
        assertEquals("wp:[REDACTED]@db.example:3306@", r.redact("wp:s3cret@db.example:3306@"));
    }

    @Test
    void aMaskEndsAUserinfoTokenSoTheBlanksItSwallowedJoinNothing() {
        // found by RedactorFuzzTest in the 13:21 clean-clone run: the first pass masked a pwd value together with
        // the NUL characters after it, which had separated "%y,..ppd:x=@on" from it; on the second pass the text
        // around the mask read as one "user:password@host" token and more was masked
        Redactor r = new DefaultRedactor();
        String once = r.redact("dd:\u0000-_pwd:d=\u0000\u0000%y,\u0205ppd:\u05e4=@on");
        assertEquals(once, r.redact(once));
        assertEquals("https://deploy:[REDACTED]@backend.example/", r.redact("https://deploy:[REDACTED]@backend.example/"));
    }
}
