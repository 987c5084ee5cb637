package org.gatewaydoctor.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.gatewaydoctor.CheckInfo;
import org.gatewaydoctor.model.Layer;
import org.junit.jupiter.api.Test;

/**
 * {@code checks} lists by {@link ChecksCommand#BY_LAYER}, written out, exactly as the
 * {@code Comparator.comparing} chain it replaces (a serializable lambda the class-data archive cannot hold).
 */
class ChecksOrderTest {

    @Test
    void byLayerIsTheChainItReplaced() {
        Comparator<CheckInfo> chain = Comparator.comparing(CheckInfo::layer).thenComparing(CheckInfo::id);
        Random random = new Random(14);
        String[] ids = {"dns.resolve", "http.probe", "nginx-error-log", "php-fpm-log", "wordpress.php-log"};
        for (int round = 0; round < 50; round++) {
            List<CheckInfo> all = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                all.add(new CheckInfo(ids[random.nextInt(ids.length)], Layer.values()[random.nextInt(3)], "t" + i,
                        List.of(), List.of(), Duration.ofSeconds(1), "C", "m", "1"));
            }
            int decidedById = 0;
            for (CheckInfo a : all) {
                for (CheckInfo b : all) {
                    int expected = Integer.signum(chain.compare(a, b));
                    assertEquals(expected, Integer.signum(ChecksCommand.BY_LAYER.compare(a, b)), () -> a + " vs " + b);
                    decidedById += expected != 0 && a.layer() == b.layer() ? 1 : 0;
                }
            }
            assertTrue(decidedById > 0, "no pair got past the layer");
            List<CheckInfo> byChain = new ArrayList<>(all);
            byChain.sort(chain);
            List<CheckInfo> byPlain = new ArrayList<>(all);
            byPlain.sort(ChecksCommand.BY_LAYER);
            assertEquals(byChain, byPlain);
        }
    }
}
