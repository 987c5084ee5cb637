package org.gatewaydoctor.checks.wordpress.internal.php;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhpUnserializeTest {

    @Test
    void readsActivePluginsAsWordPressStoresThem() throws Exception {
        // The shape WordPress 6.1.9 writes for active_plugins (activate_plugin(): a sorted list, serialize()d)
        String real = "a:2:{i:0;s:19:\"akismet/akismet.php\";i:1;s:25:\"acme-cache/acme-cache.php\";}";
        assertEquals(List.of("akismet/akismet.php", "acme-cache/acme-cache.php"), PhpUnserialize.stringList(real));
        assertEquals(List.of(), PhpUnserialize.stringList("a:0:{}"));
    }

    @Test
    void countsStringLengthsInBytesNotCharacters() throws Exception {
        assertEquals("héllo", PhpUnserialize.read("s:6:\"héllo\";"));
        assertEquals(Map.of(0L, "x\";i:1;"), PhpUnserialize.read("a:1:{i:0;s:7:\"x\";i:1;\";}"));
    }

    @Test
    void readsScalarsAndObjectsWithoutInstantiatingThem() throws Exception {
        assertEquals(-12L, PhpUnserialize.read("i:-12;"));
        assertEquals(true, PhpUnserialize.read("b:1;"));
        assertEquals(1.5, PhpUnserialize.read("d:1.5;"));
        assertEquals(null, PhpUnserialize.read("N;"));
        Object o = PhpUnserialize.read("O:8:\"stdClass\":1:{s:1:\"a\";i:1;}");
        assertEquals("stdClass", ((Map<?, ?>) o).get("__class"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "s:100:\"abc\";",                       // length past the end
        "s:2:\"abc\";",                         // length short of the closing quote
        "s:-1:\"\";",                           // negative length
        "s:99999999999999999999:\"a\";",        // overflowing length
        "a:5:{i:0;s:1:\"a\";}",                 // count larger than the elements present
        "a:1:{i:0;s:1:\"a\";i:1;s:1:\"b\";}",   // count smaller than the elements present
        "a:2147483647:{}",                      // a count that would allocate gigabytes if trusted
        "a:1:{a:0:{};i:1;}",                    // an array as key
        "C:3:\"Foo\":0:{}",                     // custom serialization
        "r:1;",                                 // reference
        "b:2;",
        "d:1e99999;x",
        "i:1",
        "",
        "s:3:\"abc\";trailing",
    })
    void refusesLyingOrMalformedInputWithAnOffset(String hostile) {
        PhpUnserialize.Malformed e = assertThrows(PhpUnserialize.Malformed.class, () -> PhpUnserialize.read(hostile));
        assertTrue(e.getMessage().contains("at byte"), e.getMessage());
    }

    @Test
    void deepNestingAndHugeCountsEndQuickly() {
        String deep = "a:1:{i:0;".repeat(10_000) + "N;" + "}".repeat(10_000);
        assertThrows(PhpUnserialize.Malformed.class,
                () -> assertTimeoutPreemptively(Duration.ofSeconds(5), () -> PhpUnserialize.read(deep)));
        StringBuilder many = new StringBuilder("a:200000:{");
        for (int i = 0; i < 200_000; i++) {
            many.append("i:").append(i).append(";N;");
        }
        many.append('}');
        assertThrows(PhpUnserialize.Malformed.class,
                () -> assertTimeoutPreemptively(Duration.ofSeconds(5), () -> PhpUnserialize.read(many.toString())));
    }
}
