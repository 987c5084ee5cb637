package org.gatewaydoctor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureHits;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.Finding;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Severity;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diagnosis is about the current incident of the site asked about: a shared server's error log with a day
 * of other sites' failures before it does not change the top cause. nginx lines have the captured format of
 * {@code src/test/resources/formats/nginx-error.log}; PHP lines that of {@code php-error-utc.log}.
 */
class IncidentScopeTest {

    @TempDir
    Path dir;

    static final Signature REFUSED = new Signature("test.refused", Layer.PROXY, Set.of(),
            "failed (111: Connection refused)", null, 502, List.of(CauseCode.PROXY_UPSTREAM_REFUSED), "refused");
    static final Signature TIMEOUT = new Signature("test.timeout", Layer.PROXY, Set.of(), "upstream timed out", null,
            504, List.of(CauseCode.PROXY_UPSTREAM_TIMEOUT), "timeout");
    static final Signature FATAL = new Signature("test.fatal", Layer.APPLICATION, Set.of(), "PHP Fatal error", null,
            500, List.of(CauseCode.APP_FATAL_ERROR), "fatal");
    private static final DateTimeFormatter NGINX = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");
    private static final DateTimeFormatter PHP = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss", Locale.ROOT);
    static final LocalDateTime NOW = LocalDateTime.of(2026, 12, 7, 5, 2, 0);

    static String nginx(LocalDateTime at, String what, String server, String host) {
        return at.format(NGINX) + " [error] 31342#31342: *3 " + what + " while connecting to upstream, client: "
                + "127.0.0.1, server: " + server + ", request: \"GET / HTTP/1.1\", upstream: \"http://127.0.0.1:18099/\","
                + " host: \"" + host + "\"\n";
    }

    /** A check that makes one cause finding per failing signature, its confidence growing with the count. */
    static final TestCheck.Body LOG_CAUSES = ctx -> {
        LogScan scan = ctx.logScan();
        List<Finding> findings = new ArrayList<>();
        for (SignatureHits h : scan.signatures()) {
            findings.add(Finding.cause(h.signature().causes().get(0), h.signature().layer(), Severity.CRITICAL,
                    Math.min(0.95, 0.5 + h.count() / 100.0), h.signature().title() + " x" + h.count())
                    .evidence(h.samples()).build());
        }
        return findings.isEmpty() ? CheckResult.passed() : CheckResult.findings(findings);
    };

    private Diagnosis diagnose(Target.Builder target) {
        return GatewayDoctor.builder().discover(false).signatures(List.of(REFUSED, TIMEOUT, FATAL))
                .register(TestCheck.of("t.logs", LOG_CAUSES)).build().diagnose(target.zone(ZoneOffset.UTC).build());
    }

    /** Yesterday: many sites' timeouts and PHP fatals; today: this site's upstream refuses. */
    private Path sharedServerLog() throws Exception {
        StringBuilder b = new StringBuilder();
        LocalDateTime yesterday = NOW.minusDays(1);
        for (int i = 0; i < 300; i++) {
            String site = "site" + (i % 4) + ".example.net";
            b.append(nginx(yesterday.plusSeconds(i * 60L), "upstream timed out (110: Connection timed out)", site, site));
        }
        b.append(nginx(NOW, "connect() failed (111: Connection refused)", "shop.example.org", "shop.example.org"));
        b.append(nginx(NOW.plusSeconds(5), "connect() failed (111: Connection refused)", "shop.example.org",
                "www.shop.example.org"));
        // other sites fail at the same time (a shared backend)
        b.append(nginx(NOW.plusSeconds(7), "upstream timed out (110: Connection timed out)", "blog.example.org",
                "blog.example.org"));
        for (int i = 0; i < 20; i++) {
            b.append(nginx(NOW.plusSeconds(8 + i), "upstream timed out (110: Connection timed out)", "blog.example.org",
                    "blog.example.org"));
        }
        return Files.writeString(dir.resolve("error.log"), b.toString());
    }

    @Test
    void olderEpisodesAreHistoryNotTheCause() throws Exception {
        Path php = Files.writeString(dir.resolve("php-error.log"), String.join("", java.util.Collections.nCopies(80,
                "[" + NOW.minusDays(1).format(PHP) + " UTC] PHP Fatal error:  Uncaught Error: Call to undefined function "
                        + "x() in /srv/other/wp-content/plugins/acme/a.php:4\n")));
        Path log = Files.writeString(dir.resolve("error.log"),
                nginx(NOW, "connect() failed (111: Connection refused)", "shop.example.org", "shop.example.org"));
        Diagnosis d = diagnose(Target.builder().logs(log, php));
        assertEquals(CauseCode.PROXY_UPSTREAM_REFUSED, d.topCause().orElseThrow().code(), d.causes().toString());
        assertEquals(1, d.causes().size(), "yesterday's fatals are not ranked: " + d.causes());
        assertTrue(d.notes().stream().anyMatch(n -> n.startsWith("The logs hold 2 episodes of errors; the diagnosis "
                + "ranks the current one, 2026-12-07 05:02 UTC (1 failing line). Older episodes, set aside as history: "
                + "2026-12-06 05:02 UTC (80 failing lines)")), d.notes().toString());
    }

    @Test
    void olderEpisodesAreMarkedOnTheTimelineAsHistoryOncePerEpisode() throws Exception {
        StringBuilder php = new StringBuilder();
        // two older episodes: 80 fatals two days ago, 30 fatals and 5 timeouts yesterday; then the current one
        for (int i = 0; i < 80; i++) {
            php.append("[").append(NOW.minusDays(2).plusSeconds(i).format(PHP)).append(" UTC] PHP Fatal error:  "
                    + "Uncaught Error: Call to undefined function x() in /srv/other/wp-content/plugins/acme/a.php:4\n");
        }
        for (int i = 0; i < 30; i++) {
            php.append("[").append(NOW.minusDays(1).plusSeconds(i).format(PHP)).append(" UTC] PHP Fatal error:  "
                    + "Uncaught Error: Call to undefined function x() in /srv/other/wp-content/plugins/acme/a.php:4\n");
        }
        StringBuilder nginx = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            nginx.append(nginx(NOW.minusDays(1).plusMinutes(3).plusSeconds(i), "upstream timed out (110: Connection "
                    + "timed out)", "_", "127.0.0.1"));
        }
        nginx.append(nginx(NOW, "connect() failed (111: Connection refused)", "_", "127.0.0.1"));
        Diagnosis d = diagnose(Target.builder().logs(Files.writeString(dir.resolve("error.log"), nginx),
                Files.writeString(dir.resolve("php-error.log"), php)));
        assertEquals(List.of(CauseCode.PROXY_UPSTREAM_REFUSED), d.causes().stream().map(c -> c.code()).toList());
        List<org.gatewaydoctor.model.TimelineEntry> history = d.timeline().stream()
                .filter(org.gatewaydoctor.model.TimelineEntry::history).toList();
        assertEquals(2, history.size(), d.timeline().toString());
        org.gatewaydoctor.model.TimelineEntry first = history.get(0);
        assertEquals(NOW.minusDays(2).toInstant(ZoneOffset.UTC), first.at());
        assertEquals(org.gatewaydoctor.model.TimelineEntry.LOG_SCAN, first.checkId());
        assertEquals(CauseCode.APP_FATAL_ERROR, first.cause(), history.toString());
        assertEquals(Layer.APPLICATION, first.layer());
        assertEquals("older episode, set aside as history: 2026-12-05 05:02 to 05:03 UTC, 80 failing lines, mostly "
                + "fatal (80)", ((org.gatewaydoctor.model.Evidence.Observation) first.evidence()).text());
        assertEquals("older episode, set aside as history: 2026-12-06 05:02 to 05:05 UTC, 35 failing lines, mostly "
                + "fatal (30)", ((org.gatewaydoctor.model.Evidence.Observation) history.get(1).evidence()).text());
        // the current episode's events are on the timeline, unmarked, after the history
        List<org.gatewaydoctor.model.TimelineEntry> current = d.timeline().stream().filter(t -> !t.history()).toList();
        assertEquals(1, current.size(), current.toString());
        assertEquals(NOW.toInstant(ZoneOffset.UTC), current.get(0).at());
        assertEquals(current.get(0), d.timeline().get(d.timeline().size() - 1));
    }

    @Test
    void aSingleEpisodeLeavesNoHistory() throws Exception {
        Path log = Files.writeString(dir.resolve("error.log"),
                nginx(NOW, "connect() failed (111: Connection refused)", "_", "127.0.0.1"));
        Diagnosis d = diagnose(Target.builder().logs(log));
        assertTrue(d.timeline().stream().noneMatch(org.gatewaydoctor.model.TimelineEntry::history), d.timeline().toString());
    }

    @Test
    void withASiteOtherSitesLinesAreSetAsideAndCounted() throws Exception {
        Diagnosis d = diagnose(Target.builder().logs(sharedServerLog()).option(Target.OPTION_SITE, "shop.example.org"));
        assertEquals(CauseCode.PROXY_UPSTREAM_REFUSED, d.topCause().orElseThrow().code(), d.causes().toString());
        assertEquals(1, d.causes().size(), d.causes().toString());
        assertTrue(d.notes().contains("1 other site on this server also failed in this window: blog.example.org "
                + "(21 failing lines). Their lines are set aside; a PHP-FPM pool, database or server they share with "
                + "this site is a lead."), d.notes().toString());
    }

    @Test
    void theUrlsHostScopesLikeASite() throws Exception {
        Diagnosis d = diagnose(Target.builder().logs(sharedServerLog()).url("https://www.shop.example.org/"));
        assertEquals(List.of(CauseCode.PROXY_UPSTREAM_REFUSED), d.causes().stream().map(c -> c.code()).toList());
    }

    @Test
    void withoutASiteTheBusiestFailingSiteIsNamed() throws Exception {
        Diagnosis d = diagnose(Target.builder().logs(sharedServerLog()));
        // every site's lines of the current episode are ranked: blog's 21 timeouts outnumber shop's 2 refusals
        assertEquals(CauseCode.PROXY_UPSTREAM_TIMEOUT, d.topCause().orElseThrow().code());
        assertTrue(d.notes().contains("Failing lines name 3 sites; the busiest is blog.example.org (21 failing lines), "
                + "shop.example.org (1 failing line), www.shop.example.org (1 failing line). Give --site NAME (or the "
                + "site's URL) to set the others' lines aside."), d.notes().toString());
    }
}
