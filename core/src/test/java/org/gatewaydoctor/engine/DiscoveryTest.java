package org.gatewaydoctor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.model.CheckReport;
import org.gatewaydoctor.model.Diagnosis;
import org.gatewaydoctor.model.DiscoveryIssue;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.model.Verdict;
import org.gatewaydoctor.spi.CheckResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscoveryTest {

    @TempDir
    Path dir;

    private ClassLoader loaderWithServices(String... classNames) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("org.gatewaydoctor.spi.Check"),
                "# test providers\n" + String.join("\n", classNames) + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    private static List<DiscoveryIssue> issuesOf(GatewayDoctor doctor, DiscoveryIssue.Kind kind) {
        return doctor.discoveryIssues().stream().filter(i -> i.kind() == kind).toList();
    }

    @Test
    void reportsNoChecksAsAnIssueAndAnInconclusiveDiagnosis() {
        GatewayDoctor doctor = GatewayDoctor.builder().discover(false).build();
        assertEquals(1, issuesOf(doctor, DiscoveryIssue.Kind.NO_CHECKS).size());
        Diagnosis d = doctor.diagnose(Target.builder().build());
        assertEquals(Verdict.INCONCLUSIVE, d.verdict());
        assertTrue(d.checks().isEmpty());
        assertEquals(DiscoveryIssue.Kind.NO_CHECKS, d.discoveryIssues().get(0).kind());
    }

    @Test
    void findsProvidersThroughServiceLoader() throws IOException {
        GatewayDoctor doctor = GatewayDoctor.builder()
                .classLoader(loaderWithServices(ProviderChecks.Good.class.getName())).build();
        assertEquals(List.of("test.good"), doctor.checks().stream().map(c -> c.id()).toList());
        assertEquals(Layer.PHP_FPM, doctor.checks().get(0).layer());
        assertTrue(doctor.discoveryIssues().isEmpty(), doctor.discoveryIssues().toString());
    }

    @Test
    void keepsTheFirstOfTwoChecksWithOneIdAndNamesBothClasses() throws IOException {
        GatewayDoctor doctor = GatewayDoctor.builder().classLoader(loaderWithServices(
                ProviderChecks.Good.class.getName(), ProviderChecks.SameIdAsGood.class.getName())).build();
        assertEquals(1, doctor.checks().size());
        assertEquals(ProviderChecks.Good.class.getName(), doctor.checks().get(0).className());
        DiscoveryIssue issue = issuesOf(doctor, DiscoveryIssue.Kind.DUPLICATE_ID).get(0);
        assertEquals("test.good", issue.subject());
        assertTrue(issue.message().contains(ProviderChecks.Good.class.getName()), issue.message());
        assertTrue(issue.message().contains(ProviderChecks.SameIdAsGood.class.getName()), issue.message());
    }

    @Test
    void aLogLocatorThatCannotBeInstantiatedIsADiscoveryIssue() throws IOException {
        ClassLoader loader = loaderWithServices(ProviderChecks.Good.class.getName());
        Files.writeString(dir.resolve("META-INF/services/org.gatewaydoctor.spi.LogLocator"),
                ProviderChecks.ThrowingLocator.class.getName() + "\n");
        GatewayDoctor doctor = GatewayDoctor.builder().classLoader(loader).build();
        assertEquals(List.of("test.good"), doctor.checks().stream().map(c -> c.id()).toList());
        DiscoveryIssue issue = issuesOf(doctor, DiscoveryIssue.Kind.PROVIDER_FAILED).get(0);
        assertEquals(ProviderChecks.ThrowingLocator.class.getName(), issue.subject());
        assertTrue(issue.message().startsWith("Log locator " + ProviderChecks.ThrowingLocator.class.getName()),
                issue.message());
        assertTrue(issue.message().contains("locator boom"), issue.message());
    }

    @Test
    void aThrowingConstructorBecomesAnIssueAndHidesNothingElse() throws IOException {
        GatewayDoctor doctor = GatewayDoctor.builder().classLoader(loaderWithServices(
                ProviderChecks.ThrowingConstructor.class.getName(), ProviderChecks.Good.class.getName())).build();
        assertEquals(List.of("test.good"), doctor.checks().stream().map(c -> c.id()).toList());
        DiscoveryIssue issue = issuesOf(doctor, DiscoveryIssue.Kind.PROVIDER_FAILED).get(0);
        assertEquals(ProviderChecks.ThrowingConstructor.class.getName(), issue.subject());
        assertTrue(issue.message().contains("cannot start: missing native library"), issue.message());
    }

    @Test
    void aMissingProviderClassBecomesAnIssue() throws IOException {
        GatewayDoctor doctor = GatewayDoctor.builder().classLoader(loaderWithServices(
                "com.example.DoesNotExist", ProviderChecks.Good.class.getName())).build();
        assertEquals(1, doctor.checks().size());
        DiscoveryIssue issue = issuesOf(doctor, DiscoveryIssue.Kind.PROVIDER_FAILED).get(0);
        assertTrue(issue.message().contains("com.example.DoesNotExist"), issue.message());
    }

    @Test
    void aCheckThatCannotDescribeItselfIsLeftOut() throws IOException {
        GatewayDoctor doctor = GatewayDoctor.builder().classLoader(loaderWithServices(
                ProviderChecks.ThrowingId.class.getName(), ProviderChecks.Good.class.getName())).build();
        assertEquals(1, doctor.checks().size());
        DiscoveryIssue issue = issuesOf(doctor, DiscoveryIssue.Kind.INVALID_CHECK).get(0);
        assertTrue(issue.message().contains("no id today"), issue.message());
    }

    @Test
    void rejectsMalformedIdsAndNonPositiveTimeouts() {
        GatewayDoctor doctor = GatewayDoctor.builder().discover(false)
                .register(TestCheck.passing("Bad Id"),
                        new TestCheck("ok.zero", Layer.DNS, Set.of(), Duration.ZERO, ctx -> CheckResult.passed()),
                        TestCheck.passing("ok.fine"))
                .build();
        assertEquals(List.of("ok.fine"), doctor.checks().stream().map(c -> c.id()).toList());
        assertEquals(2, issuesOf(doctor, DiscoveryIssue.Kind.INVALID_CHECK).size());
    }

    @Test
    void detectsADependencyCycleAndStillRunsTheRest() {
        GatewayDoctor doctor = GatewayDoctor.builder().discover(false)
                .register(TestCheck.passing("a.one", "a.two"), TestCheck.passing("a.two", "a.three"),
                        TestCheck.passing("a.three", "a.one"), TestCheck.passing("b.free"),
                        TestCheck.passing("c.downstream", "a.one"))
                .build();
        DiscoveryIssue cycle = issuesOf(doctor, DiscoveryIssue.Kind.DEPENDENCY_CYCLE).get(0);
        assertTrue(cycle.message().contains("a.one -> a.two -> a.three -> a.one"), cycle.message());
        Diagnosis d = doctor.diagnose(Target.builder().build());
        for (String id : List.of("a.one", "a.two", "a.three", "c.downstream")) {
            assertInstanceOf(CheckReport.Skipped.class, d.report(id).orElseThrow(), id);
        }
        assertTrue(((CheckReport.Skipped) d.report("a.two").orElseThrow()).reason().contains("cycle"));
        assertInstanceOf(CheckReport.Completed.class, d.report("b.free").orElseThrow());
    }

    @Test
    void aMissingDependencyIsReportedAndItsDependentSkipped() {
        GatewayDoctor doctor = GatewayDoctor.builder().discover(false)
                .register(TestCheck.passing("x.needs", "x.absent"), TestCheck.passing("x.other")).build();
        DiscoveryIssue issue = issuesOf(doctor, DiscoveryIssue.Kind.MISSING_DEPENDENCY).get(0);
        assertEquals("x.needs", issue.subject());
        assertTrue(issue.message().contains("'x.absent'"), issue.message());
        Diagnosis d = doctor.diagnose(Target.builder().build());
        CheckReport.Skipped skipped = (CheckReport.Skipped) d.report("x.needs").orElseThrow();
        assertTrue(skipped.reason().contains("x.absent"));
        assertInstanceOf(CheckReport.Completed.class, d.report("x.other").orElseThrow());
    }

    @Test
    void includePullsInDependenciesAndExcludeWins() {
        GatewayDoctor doctor = GatewayDoctor.builder().discover(false)
                .register(TestCheck.passing("phpfpm.config"), TestCheck.passing("phpfpm.status", "phpfpm.config"),
                        TestCheck.passing("dns.resolve"), TestCheck.passing("http.probe"))
                .include("phpfpm.status", "http")
                .build();
        assertEquals(Set.of("phpfpm.config", "phpfpm.status", "http.probe"),
                Set.copyOf(doctor.checks().stream().map(c -> c.id()).toList()));

        GatewayDoctor excluding = GatewayDoctor.builder().discover(false)
                .register(TestCheck.passing("phpfpm.config"), TestCheck.passing("phpfpm.status", "phpfpm.config"))
                .include("phpfpm.*").exclude("phpfpm.config").build();
        Diagnosis d = excluding.diagnose(Target.builder().build());
        CheckReport.Skipped s = (CheckReport.Skipped) d.report("phpfpm.status").orElseThrow();
        assertTrue(s.reason().contains("excluded"), s.reason());
    }

    @Test
    void filteringEverythingOutIsExplained() {
        GatewayDoctor doctor = GatewayDoctor.builder().discover(false)
                .register(TestCheck.passing("dns.resolve")).include("nothing.*").build();
        DiscoveryIssue issue = issuesOf(doctor, DiscoveryIssue.Kind.NO_CHECKS).get(0);
        assertTrue(issue.message().contains("filtered out"), issue.message());
    }

    @Test
    void checksRunAfterTheirDependenciesInPlanningOrder() {
        GatewayDoctor doctor = GatewayDoctor.builder().discover(false)
                .register(TestCheck.passing("z.late", "a.early"), TestCheck.passing("a.early")).build();
        assertEquals(List.of("a.early", "z.late"), doctor.checks().stream().map(c -> c.id()).toList());
    }
}
