package org.gatewaydoctor.checks.wordpress.internal.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Statement texts shown in findings keep their shape and lose their values. */
class SqlTextTest {

    @Test
    void everyStringLiteralIsMaskedKeywordsAndNamesStay() {
        assertEquals("UPDATE `wp_options` SET option_value = '?' WHERE option_name = \"?\" AND option_id = 7",
                SqlText.maskLiterals("UPDATE `wp_options` SET option_value = 'sk_live_abc' WHERE option_name = \"api\" "
                        + "AND option_id = 7"));
    }

    @Test
    void escapedAndDoubledQuotesDoNotEndALiteral() {
        assertEquals("SELECT '?', '?', x", SqlText.maskLiterals("SELECT 'it\\'s secret', 'it''s secret', x"));
    }

    @Test
    void aLiteralCutByTheLengthLimitIsMaskedToTheEnd() {
        assertEquals("INSERT INTO t VALUES ('?'", SqlText.maskLiterals("INSERT INTO t VALUES ('hunter2-and-more"));
        assertEquals("SELECT '?'", SqlText.maskLiterals("SELECT 'trailing backslash\\"));
    }

    @Test
    void nullAndPlainTextPassThrough() {
        assertNull(SqlText.maskLiterals(null));
        assertEquals("SELECT SLEEP(5)", SqlText.maskLiterals("SELECT SLEEP(5)"));
    }
}
