package org.gatewaydoctor.checks.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import org.gatewaydoctor.model.Basis;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Evidence;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckResult;
import org.gatewaydoctor.testkit.TestCheckContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shared server's nginx error log, limited to one site ({@code --site shop.example.org}): other sites failing
 * at the same time become findings when they point at something the sites share. Lines in nginx's format as
 * {@link NginxErrorLogCheckTest} documents (prefix, errno, action and request context from the nginx source).
 */
class OtherSitesFindingTest {

    @TempDir
    Path dir;

    private static String ctx(String site, String upstream) {
        return ", client: 203.0.113.7, server: " + site + ", request: \"GET / HTTP/1.1\", upstream: \"" + upstream
                + "\", host: \"" + site + "\"";
    }

    private static final String SHOP_SOCKET = "fastcgi://unix:/run/php/php8.2-fpm.sock:";
    private static final String BLOG_SOCKET = "fastcgi://unix:/run/php/blog.sock:";

    private static String timeout(String at, String site, String upstream) {
        return "2026/11/21 " + at + " [error] 812#812: *4716 upstream timed out (110: Connection timed out) while "
                + "reading response header from upstream" + ctx(site, upstream);
    }

    private static String eagain(String at, String site, String socket) {
        return "2026/11/21 " + at + " [error] 812#812: *4711 connect() to unix:" + socket + " failed (11: Resource "
                + "temporarily unavailable) while connecting to upstream" + ctx(site, "fastcgi://unix:" + socket + ":");
    }

    private static String refused(String at, String site) {
        return "2026/11/21 " + at + " [error] 812#812: *4713 connect() failed (111: Connection refused) while connecting "
                + "to upstream" + ctx(site, "http://127.0.0.1:8080/");
    }

    private CheckResult run(String... lines) throws IOException, InterruptedException {
        Path log = Files.writeString(dir.resolve("error.log"), String.join("\n", lines) + "\n");
        return new NginxErrorLogCheck().run(TestCheckContext.builder().logs(log).zone(ZoneOffset.UTC)
                .option(Target.OPTION_SITE, "shop.example.org").build());
    }

    private static List<Finding> findings(CheckResult r, CauseCode code) {
        return r.findingList().stream().filter(f -> code.equals(f.cause())).toList();
    }

    @Test
    void neighboursFullPoolOnTheSocketThisSiteTimesOutOnIsARankedObservedLead() throws Exception {
        CheckResult r = run(timeout("09:14:03", "shop.example.org", SHOP_SOCKET),
                eagain("09:14:04", "blog.example.org", "/run/php/php8.2-fpm.sock"),
                eagain("09:14:09", "blog.example.org", "/run/php/php8.2-fpm.sock"),
                eagain("09:15:01", "news.example.org", "/run/php/php8.2-fpm.sock"));
        Finding pool = findings(r, CauseCode.PHPFPM_POOL_EXHAUSTED).get(0);
        assertEquals(1, findings(r, CauseCode.PHPFPM_POOL_EXHAUSTED).size(), r.findingList().toString());
        assertEquals(Basis.OBSERVED, pool.basis());
        assertEquals(Severity.WARNING, pool.severity());
        assertEquals(Layer.PHP_FPM, pool.layer());
        assertEquals("2 other sites on this server failed at the same time with phpfpm.pool_exhausted "
                + "(blog.example.org: 2 lines, news.example.org: 1 line), on the upstream this site's requests go to too "
                + "(fastcgi://unix:/run/php/php8.2-fpm.sock): the PHP-FPM pool they share is the lead", pool.summary());
        assertTrue(pool.evidence().contains(new Evidence.Observation("blog.example.org: 2 failing lines pointing to "
                + "phpfpm.pool_exhausted at 09:14, upstream fastcgi://unix:/run/php/php8.2-fpm.sock (set aside: another "
                + "site's lines)", java.time.Instant.parse("2026-11-21T09:14:09Z"))), pool.evidence().toString());
        // this site's own cause is still its own, critical
        assertEquals(Severity.CRITICAL, findings(r, CauseCode.PROXY_UPSTREAM_TIMEOUT).get(0).severity());
    }

    @Test
    void theSameSharedCauseOnAnotherSocketCorroboratesThisSitesCause() throws Exception {
        CheckResult r = run(eagain("09:14:03", "shop.example.org", "/run/php/php8.2-fpm.sock"),
                eagain("09:14:05", "blog.example.org", "/run/php/blog.sock"));
        List<Finding> pool = findings(r, CauseCode.PHPFPM_POOL_EXHAUSTED);
        assertEquals(2, pool.size(), r.findingList().toString());
        Finding lead = pool.stream().filter(f -> f.severity() == Severity.WARNING).findFirst().orElseThrow();
        assertTrue(lead.summary().endsWith("(blog.example.org: 1 line): if this site shares the PHP-FPM pool with "
                + "them, it is a lead"), lead.summary());
    }

    @Test
    void aSharedComponentCauseThisSiteDoesNotShowIsASymptomNotACause() throws Exception {
        CheckResult r = run(refused("09:14:03", "shop.example.org"),
                eagain("09:14:05", "blog.example.org", "/run/php/blog.sock"));
        Finding symptom = r.findingList().stream().filter(Finding::isSymptom).findFirst().orElseThrow();
        assertEquals(Layer.PHP_FPM, symptom.layer());
        assertEquals(Severity.WARNING, symptom.severity());
        assertNull(symptom.cause());
        assertTrue(findings(r, CauseCode.PHPFPM_POOL_EXHAUSTED).isEmpty(), r.findingList().toString());
    }

    @Test
    void otherSitesOwnUpstreamsFailingSayNothingAboutThisSite() throws Exception {
        CheckResult r = run(eagain("09:14:03", "shop.example.org", "/run/php/php8.2-fpm.sock"),
                refused("09:14:05", "blog.example.org"), timeout("09:14:06", "blog.example.org", BLOG_SOCKET));
        assertEquals(List.of(CauseCode.PHPFPM_POOL_EXHAUSTED), r.findingList().stream().map(Finding::cause).toList());
    }

    @Test
    void apacheVhostsFailingOnTheSamePhpFpmSocketAreARankedObservedLead() throws Exception {
        // Apache 2.4.71 with ErrorLogFormat "... [%v] ...": two virtual hosts handing PHP to one socket that does not
        // exist, one request to the shop and two to the blog (each 503); ApacheVhostSitesIT makes the same lines
        String shop = "[Mon Dec 07 14:48:29.870927 2026] [proxy:error] [pid 1253:tid 140502536165056] [shop.example.test]"
                + " (2)No such file or directory: AH02454: FCGI: attempt to connect to Unix domain socket "
                + "/run/php/shared.sock (localhost:8000) failed";
        String blog = "[Mon Dec 07 14:48:30.113753 2026] [proxy:error] [pid 1252:tid 140502536165056] [blog.example.test]"
                + " (2)No such file or directory: AH02454: FCGI: attempt to connect to Unix domain socket "
                + "/run/php/shared.sock (localhost:8000) failed";
        String blogAgain = blog.replace("14:48:30.113753", "14:48:30.519557").replace("tid 140502536165056",
                "tid 140502519363264");
        Path log = Files.writeString(dir.resolve("error.log"), String.join("\n", shop, blog, blogAgain) + "\n");
        CheckResult r = new ApacheErrorLogCheck().run(TestCheckContext.builder().logs(log).zone(ZoneOffset.UTC)
                .option(Target.OPTION_SITE, "shop.example.test").build());
        List<Finding> down = findings(r, CauseCode.PHPFPM_DOWN);
        Finding lead = down.stream().filter(f -> f.severity() == Severity.WARNING).findFirst().orElseThrow();
        assertEquals(Basis.OBSERVED, lead.basis());
        assertEquals("1 other site on this server failed at the same time with phpfpm.down (blog.example.test: 2 "
                + "lines), on the upstream this site's requests go to too (unix:/run/php/shared.sock): the PHP-FPM pool "
                + "they share is the lead", lead.summary());
        // the shop's own line stays its own cause
        assertTrue(down.stream().anyMatch(f -> f.severity() == Severity.CRITICAL
                && f.evidence().stream().anyMatch(e -> e.describe().contains("[shop.example.test]"))), down.toString());
    }

    @Test
    void withoutASiteNothingIsSetAsideAndNoLeadIsMade() throws Exception {
        Path log = Files.writeString(dir.resolve("error.log"), String.join("\n",
                timeout("09:14:03", "shop.example.org", SHOP_SOCKET),
                eagain("09:14:04", "blog.example.org", "/run/php/php8.2-fpm.sock")) + "\n");
        CheckResult r = new NginxErrorLogCheck().run(TestCheckContext.builder().logs(log).zone(ZoneOffset.UTC).build());
        assertTrue(r.findingList().stream().allMatch(f -> f.severity() == Severity.CRITICAL), r.findingList().toString());
        assertTrue(r.findingList().stream().noneMatch(f -> f.summary().contains("other site")), r.findingList().toString());
    }
}
