package org.gatewaydoctor.it.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.ZoneId;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.Nginx;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.Test;

/**
 * One nginx, two sites (server blocks by name on the same port), both failing at once for different reasons:
 * {@code shop.example.test} passes PHP to a PHP-FPM socket that does not exist, {@code blog.example.test} proxies
 * to a port where nothing listens, and gets more traffic. The diagnosis of one site is about that site; the
 * other's failures are counted in a note. nginx writes {@code server:} and {@code host:} in its lines itself.
 */
class SharedServerSitesIT {

    @Test
    void aSitesDiagnosisSetsTheOtherSitesLinesAsideAndCountsThem() throws Exception {
        try (Stack stack = Stack.create("shared-sites")) {
            int port = Ports.free();
            int dead = Ports.free();
            String sites = """
                    server {
                        listen 127.0.0.1:%1$d;
                        server_name shop.example.test;
                        root %2$s;
                        location / {
                            fastcgi_pass unix:%3$s;
                    %4$s
                        }
                    }
                    server {
                        listen 127.0.0.1:%1$d;
                        server_name blog.example.test;
                        location / {
                            proxy_pass http://127.0.0.1:%5$d;
                        }
                    }
                    """.formatted(port, stack.path("www"), stack.path("run/shop.sock"),
                    Nginx.fastcgiParams().indent(8), dead);
            Nginx.start(stack, Nginx.config(stack, sites), port);
            assertEquals(502, NamedHost.get(port, "shop.example.test", "/"));
            for (int i = 0; i < 5; i++) {
                assertEquals(502, NamedHost.get(port, "blog.example.test", "/"));
            }
            String log = Files.readString(stack.logs().resolve("nginx-error.log"));
            assertTrue(log.contains("server: shop.example.test") && log.contains("host: \"blog.example.test\""), log);

            Target.Builder logs = Target.builder().logs(stack.logs()).zone(ZoneId.systemDefault());
            Diagnosis shop = Diagnose.run(logs.option(Target.OPTION_SITE, "shop.example.test").build());
            assertEquals(CauseCode.PHPFPM_DOWN, Diagnose.top(shop), Diagnose.explain(shop));
            assertTrue(shop.causes().stream().noneMatch(c -> c.code() == CauseCode.PROXY_UPSTREAM_REFUSED),
                    "the blog's refusals are not the shop's cause: " + shop.causes());
            assertTrue(shop.notes().contains("1 other site on this server also failed in this window: "
                    + "blog.example.test (5 failing lines). Their lines are set aside; a PHP-FPM pool, database or "
                    + "server they share with this site is a lead."), shop.notes().toString());

            Diagnosis blog = Diagnose.run(Target.builder().logs(stack.logs()).zone(ZoneId.systemDefault())
                    .option(Target.OPTION_SITE, "blog.example.test").build());
            assertEquals(CauseCode.PROXY_UPSTREAM_REFUSED, Diagnose.top(blog), Diagnose.explain(blog));
            assertTrue(blog.causes().stream().noneMatch(c -> c.code() == CauseCode.PHPFPM_DOWN), blog.causes().toString());

            Diagnosis all = Diagnose.run(Target.builder().logs(stack.logs()).zone(ZoneId.systemDefault()).build());
            assertTrue(all.notes().contains("Failing lines name 2 sites; the busiest is blog.example.test (5 failing "
                    + "lines), shop.example.test (1 failing line). Give --site NAME (or the site's URL) to set the "
                    + "others' lines aside."), all.notes().toString());
        }
    }
}
