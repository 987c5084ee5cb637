package org.gatewaydoctor.it.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.ZoneId;
import java.util.List;
import org.gatewaydoctor.it.apache.Apache;
import org.gatewaydoctor.it.harness.Diagnose;
import org.gatewaydoctor.it.harness.Ports;
import org.gatewaydoctor.it.harness.Stack;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.junit.jupiter.api.Test;

/**
 * One real Apache httpd 2.4, two name-based virtual hosts on one port, both failing at once for different
 * reasons: {@code shop.example.test} hands PHP to a PHP-FPM socket that does not exist (503, AH02454), and
 * {@code blog.example.test} proxies to a port where nothing listens (503, AH00957), with more traffic. Apache's
 * default error-log lines name no virtual host, so the site of a line is known only from the configuration:
 * <ul>
 *   <li>each vhost writes its own {@code ErrorLog} and {@code CustomLog}: the configuration's files tell whose
 *       lines they are ({@code LogLocator.siteLogs});</li>
 *   <li>both write the main {@code ErrorLog}, with an {@code ErrorLogFormat} that has {@code [%v]}: each line
 *       names its vhost.</li>
 * </ul>
 */
class ApacheVhostSitesIT {

    private static String vhosts(Stack stack, int port, int dead, boolean ownLogs) {
        String shopLogs = ownLogs ? "ErrorLog %1$s/logs/shop-error.log\n    CustomLog %1$s/logs/shop-access.log combined"
                .formatted(stack.dir()) : "";
        String blogLogs = ownLogs ? "ErrorLog %1$s/logs/blog-error.log\n    CustomLog %1$s/logs/blog-access.log combined"
                .formatted(stack.dir()) : "";
        return """
                <VirtualHost 127.0.0.1:%1$d>
                    ServerName shop.example.test
                    %2$s
                    <FilesMatch "\\.php$">
                        SetHandler "proxy:unix:%3$s|fcgi://localhost"
                    </FilesMatch>
                </VirtualHost>
                <VirtualHost 127.0.0.1:%1$d>
                    ServerName blog.example.test
                    %4$s
                    ProxyPass / http://127.0.0.1:%5$d/
                </VirtualHost>
                """.formatted(port, shopLogs, stack.path("run/shop.sock"), blogLogs, dead);
    }

    private static void traffic(int port) {
        assertEquals(503, NamedHost.get(port, "shop.example.test", "/index.php"));
        for (int i = 0; i < 5; i++) {
            assertEquals(503, NamedHost.get(port, "blog.example.test", "/"));
        }
    }

    @Test
    void eachVhostsOwnErrorLogFromTheConfigurationScopesTheDiagnosis() {
        try (Stack stack = Stack.create("apache-vhost-logs")) {
            stack.write("www/index.php", "<?php echo 'ok';\n");
            int port = Ports.free();
            int dead = Ports.free();
            Apache.start(stack, Apache.config(stack, port, vhosts(stack, port, dead, true)), port);
            traffic(port);
            String shopLog = read(stack, "shop-error.log");
            assertTrue(shopLog.contains("AH02454") && !shopLog.contains("shop.example.test"), shopLog);
            assertTrue(read(stack, "blog-error.log").contains("AH00957"), read(stack, "blog-error.log"));

            Diagnosis d = diagnose(stack, "shop.example.test", true);
            assertEquals(CauseCode.PHPFPM_DOWN, Diagnose.top(d), Diagnose.explain(d));
            // neither the blog's log lines nor its virtual host's route are the shop's
            assertTrue(d.causes().stream().noneMatch(c -> c.code() == CauseCode.PROXY_UPSTREAM_REFUSED),
                    "the blog's refusals are not the shop's: " + d.causes());
            assertTrue(d.causes().stream().flatMap(c -> c.evidence().stream())
                    .noneMatch(e -> e instanceof org.gatewaydoctor.model.Evidence.LogLine l && l.file().contains("blog-")),
                    d.causes().toString());
            assertTrue(d.notes().stream().anyMatch(n -> n.startsWith("1 other site on this server also failed in this "
                    + "window: blog.example.test (")), d.notes().toString());

            Diagnosis blog = diagnose(stack, "blog.example.test", true);
            assertEquals(CauseCode.PROXY_UPSTREAM_REFUSED, Diagnose.top(blog), Diagnose.explain(blog));
            assertTrue(blog.causes().stream().noneMatch(c -> c.code() == CauseCode.PHPFPM_DOWN), blog.causes().toString());

            // without the configuration nothing says whose lines they are: both causes are read
            Diagnosis unscoped = diagnose(stack, "shop.example.test", false);
            assertTrue(unscoped.causes().stream().anyMatch(c -> c.code() == CauseCode.PROXY_UPSTREAM_REFUSED),
                    unscoped.causes().toString());
        }
    }

    @Test
    void anErrorLogFormatWithPercentVNamesEachLinesVhost() {
        try (Stack stack = Stack.create("apache-vhost-format")) {
            stack.write("www/index.php", "<?php echo 'ok';\n");
            int port = Ports.free();
            int dead = Ports.free();
            // httpd's default format with [%v] after the pid field (core.c's ErrorLogFormat, server name %v)
            String format = "ErrorLogFormat \"[%{u}t] [%-m:%l] [pid %P:tid %T] [%v] %7F: %E: [client\\ %a] %M% ,\\ "
                    + "referer\\ %{Referer}i\"\n";
            Apache.start(stack, Apache.config(stack, port, format + vhosts(stack, port, dead, false)), port);
            traffic(port);
            String log = read(stack, "apache-error.log");
            assertTrue(log.contains("] [shop.example.test] ") && log.contains("] [blog.example.test] "), log);

            Diagnosis shop = diagnose(stack, "shop.example.test", false);
            assertEquals(CauseCode.PHPFPM_DOWN, Diagnose.top(shop), Diagnose.explain(shop));
            assertFalse(shop.causes().stream().anyMatch(c -> c.code() == CauseCode.PROXY_UPSTREAM_REFUSED),
                    shop.causes().toString());
            assertTrue(shop.notes().stream().anyMatch(n -> n.startsWith("1 other site on this server also failed in "
                    + "this window: blog.example.test (")), shop.notes().toString());
        }
    }

    @Test
    void anotherVhostFailingOnTheSamePhpFpmSocketIsARankedLeadForThisSite() {
        try (Stack stack = Stack.create("apache-vhost-shared-socket")) {
            stack.write("www/index.php", "<?php echo 'ok';\n");
            int port = Ports.free();
            String handler = Apache.fcgiHandler(stack.path("run/shared.sock")).indent(4);
            Apache.start(stack, Apache.config(stack, port, """
                    <VirtualHost 127.0.0.1:%1$d>
                        ServerName shop.example.test
                        ErrorLog %2$s/logs/shop-error.log
                    %3$s</VirtualHost>
                    <VirtualHost 127.0.0.1:%1$d>
                        ServerName blog.example.test
                        ErrorLog %2$s/logs/blog-error.log
                    %3$s</VirtualHost>
                    """.formatted(port, stack.dir(), handler)), port);
            assertEquals(503, NamedHost.get(port, "shop.example.test", "/index.php"));
            for (int i = 0; i < 3; i++) {
                assertEquals(503, NamedHost.get(port, "blog.example.test", "/index.php"));
            }
            assertTrue(read(stack, "blog-error.log").contains("AH02454"), read(stack, "blog-error.log"));

            Diagnosis d = diagnose(stack, "shop.example.test", true);
            assertEquals(CauseCode.PHPFPM_DOWN, Diagnose.top(d), Diagnose.explain(d));
            List<Finding> apache = d.checks().stream().filter(c -> c.checkId().equals("http.apache-error-log"))
                    .filter(CheckReport.Completed.class::isInstance)
                    .flatMap(c -> ((CheckReport.Completed) c).result().findingList().stream()).toList();
            // 6 lines: each of the blog's requests logs AH02454 and AH01079
            Finding lead = apache.stream().filter(f -> f.summary().startsWith("1 other site on this server failed "
                    + "at the same time with phpfpm.down (blog.example.test: 6 lines), on the upstream this site's "
                    + "requests go to too (unix:" + stack.path("run/shared.sock") + "): the PHP-FPM pool they share is "
                    + "the lead")).findFirst().orElseThrow(() -> new AssertionError(apache.toString()));
            assertEquals(Severity.WARNING, lead.severity());
            assertEquals(CauseCode.PHPFPM_DOWN, lead.cause());
        }
    }

    /** The diagnosis of {@code site} from the stack's logs, with Apache's configuration when {@code config}. */
    private static Diagnosis diagnose(Stack stack, String site, boolean config) {
        Target.Builder b = Target.builder().logs(stack.logs()).zone(ZoneId.systemDefault())
                .option(Target.OPTION_SITE, site);
        if (config) {
            b.config(Target.CONFIG_APACHE, Apache.configFile(stack));
        }
        return Diagnose.run(b.build());
    }

    private static String read(Stack stack, String name) {
        try {
            return Files.readString(stack.logs().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
