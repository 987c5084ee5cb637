package org.gatewaydoctor.checks.wordpress.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BisectionTest {

    @Test
    void splitsTheActivePluginsIntoOrderedHalves() {
        List<String> plan = Bisection.plan(List.of("akismet/akismet.php", "acme-cache/acme-cache.php", "hello.php",
                "woocommerce/woocommerce.php", "acme-seo/acme-seo.php"));
        assertTrue(plan.get(0).contains("5 active plugins (at most 3 rounds"), plan.get(0));
        assertEquals("Round 1: wp plugin deactivate akismet acme-cache hello — then load the failing page again.", plan.get(1));
        assertTrue(plan.get(2).endsWith("deactivate the other half: woocommerce acme-seo."), plan.get(2));
    }

    @Test
    void needsTwoPluginsAndNeverPassesShellSyntaxOn() {
        assertEquals(List.of(), Bisection.plan(List.of("akismet/akismet.php")));
        assertEquals(List.of(), Bisection.plan(List.of("a; rm -rf /x/y.php", "$(reboot)/z.php")));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add("p" + i + "/p" + i + ".php");
        }
        assertTrue(Bisection.plan(many).get(1).contains("(and 10 more)"), Bisection.plan(many).get(1));
    }
}
