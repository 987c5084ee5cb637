package org.gatewaydoctor.testkit;

import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatewaydoctor.CheckInfo;
import org.gatewaydoctor.GatewayDoctor;
import org.gatewaydoctor.model.DiscoveryIssue;
import org.gatewaydoctor.model.Layer;
import org.gatewaydoctor.spi.Check;

/** The rules of {@link CheckTester#assertDescribesItselfProperly()}. */
final class Descriptions {

    /** The engine's id syntax: lower-case words separated by dots or hyphens. */
    static final Pattern ID = Pattern.compile("[a-z0-9]+(?:[.-][a-z0-9]+)*");
    static final int MAX_TITLE = 100;
    static final String SERVICES_FILE = "META-INF/services/" + Check.class.getName();

    private Descriptions() {
    }

    static List<String> problems(Check check) {
        List<String> problems = new ArrayList<>();
        Class<?> type = check.getClass();
        String id = ask(problems, "id()", check::id);
        if (id != null) {
            if (!ID.matcher(id).matches()) {
                problems.add("its id '" + id + "' is not lower-case words separated by dots or hyphens"
                        + " (e.g. example.disk-space)");
            } else if (id.indexOf('.') < 0) {
                problems.add("its id '" + id + "' does not start with a prefix naming its module"
                        + " (e.g. example.disk-space), so users cannot select the module's checks with example.*");
            }
            same(problems, "id()", id, check::id);
        }
        Layer layer = ask(problems, "layer()", check::layer);
        if (layer != null) {
            same(problems, "layer()", layer, check::layer);
        }
        String title = ask(problems, "title()", check::title);
        if (title != null) {
            if (title.isBlank()) {
                problems.add("its title is blank");
            } else if (title.contains("\n") || title.contains("\r")) {
                problems.add("its title spans several lines; it is shown as one line in the check list");
            } else if (title.strip().length() > MAX_TITLE) {
                problems.add("its title is " + title.strip().length() + " characters long; keep it under "
                        + MAX_TITLE + " (it is one line of the check list)");
            }
            same(problems, "title()", title, check::title);
        }
        Duration timeout = ask(problems, "timeout()", check::timeout);
        if (timeout != null) {
            if (timeout.isNegative() || timeout.isZero()) {
                problems.add("its timeout " + timeout + " is not positive");
            } else if (timeout.compareTo(GatewayDoctor.DEFAULT_TIMEOUT) > 0
                    && !timeout.equals(org.gatewaydoctor.spi.Check.UNTIL_DIAGNOSIS_DEADLINE)) {
                problems.add("its timeout " + timeout + " is longer than a whole diagnosis ("
                        + GatewayDoctor.DEFAULT_TIMEOUT + "); users would wait for it in vain");
            }
            same(problems, "timeout()", timeout, check::timeout);
        }
        Set<String> deps = ask(problems, "dependsOn()", check::dependsOn);
        if (deps != null) {
            for (String dep : deps) {
                if (dep == null || !ID.matcher(dep).matches()) {
                    problems.add("it depends on '" + dep + "', which is not a valid check id");
                } else if (dep.equals(id)) {
                    problems.add("it depends on itself");
                }
            }
            same(problems, "dependsOn()", deps, check::dependsOn);
        }
        if (!problems.isEmpty()) {
            return problems;
        }

        // What the engine says when the check is registered by hand.
        GatewayDoctor registered = GatewayDoctor.builder().discover(false).register(check).build();
        for (DiscoveryIssue issue : registered.discoveryIssues()) {
            if (issue.kind() == DiscoveryIssue.Kind.INVALID_CHECK) {
                problems.add("the engine rejects it: " + issue.message());
            }
        }

        // Discoverability: a public class with a public no-argument constructor, listed in the services file.
        if (!Modifier.isPublic(type.getModifiers()) || type.isAnonymousClass() || type.isLocalClass()
                || (type.isMemberClass() && !Modifier.isStatic(type.getModifiers()))) {
            problems.add(type.getName() + " is not a public top-level or static nested class, so ServiceLoader"
                    + " cannot instantiate it");
        } else {
            try {
                if (!Modifier.isPublic(type.getConstructor().getModifiers())) {
                    problems.add(type.getName() + " has no public no-argument constructor");
                }
            } catch (NoSuchMethodException e) {
                problems.add(type.getName() + " has no public no-argument constructor, which ServiceLoader needs");
            }
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = type.getClassLoader();
        }
        List<String> listed = new ArrayList<>();
        try {
            ServiceLoader.load(Check.class, loader).stream().forEach(p -> listed.add(p.type().getName()));
        } catch (java.util.ServiceConfigurationError e) {
            problems.add("a services file on the class path is broken: " + e.getMessage());
        }
        if (!listed.contains(type.getName())) {
            problems.add(type.getName() + " is not listed in " + SERVICES_FILE + " on the class path, so"
                    + " GatewayDoctor will not find it (ServiceLoader finds: " + listed + ")");
        } else if (id != null) {
            GatewayDoctor discovered = GatewayDoctor.builder().classLoader(loader).include(id).build();
            boolean found = discovered.checks().stream().map(CheckInfo::className).anyMatch(type.getName()::equals);
            for (DiscoveryIssue issue : discovered.discoveryIssues()) {
                boolean aboutThisCheck = issue.subject().equals(id) || issue.subject().equals(type.getName())
                        || issue.message().contains(type.getName());
                // A dependency provided by a module that is not on the test class path is not this check's fault.
                if (aboutThisCheck && issue.kind() != DiscoveryIssue.Kind.MISSING_DEPENDENCY) {
                    problems.add("discovery reports: " + issue.message());
                }
            }
            if (!found && problems.isEmpty()) {
                problems.add("GatewayDoctor.builder().build() does not list " + type.getName() + " under the id '"
                        + id + "'");
            }
        }
        return problems;
    }

    private interface Question<T> {
        T ask();
    }

    private static <T> T ask(List<String> problems, String method, Question<T> question) {
        try {
            T answer = question.ask();
            if (answer == null) {
                problems.add(method + " returned null");
            }
            return answer;
        } catch (RuntimeException | LinkageError e) {
            problems.add(method + " threw " + e);
            return null;
        }
    }

    private static <T> void same(List<String> problems, String method, T first, Question<T> question) {
        try {
            T second = question.ask();
            if (!Objects.equals(first, second)) {
                problems.add(method + " answers differently when asked again ('" + first + "', then '" + second
                        + "'); the engine reads it once, the CLI again");
            }
        } catch (RuntimeException | LinkageError e) {
            problems.add(method + " threw " + e + " when asked again");
        }
    }
}
