package org.gatewaydoctor.cli.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.gatewaydoctor.testkit.CheckTester;
import org.junit.jupiter.api.Test;

/**
 * Each gateway-doctor module's descriptor against what is beside it in the jar: {@code provides} exactly as
 * {@code META-INF/services} (same services, same providers, same order, since class-path users get the one and
 * module-path users the other), and exports = the packages with classes that are not {@code internal}.
 */
class ModuleDescriptorsTest {

    /** Modules whose descriptors are checked; a module missing here fails the test instead of being skipped. */
    private static final Set<String> EXPECTED = Set.of("org.gatewaydoctor", "org.gatewaydoctor.checks.dns",
            "org.gatewaydoctor.checks.http", "org.gatewaydoctor.checks.phpfpm", "org.gatewaydoctor.checks.wordpress",
            "org.gatewaydoctor.testkit", "org.gatewaydoctor.cli");

    @Test
    void everyModuleProvidesExactlyWhatItsServicesFilesList() {
        Map<String, ModuleReference> modules = modules();
        assertEquals(new TreeSet<>(EXPECTED), new TreeSet<>(modules.keySet()), "gateway-doctor modules with a descriptor");
        List<String> problems = new ArrayList<>();
        int services = 0;
        for (ModuleReference ref : modules.values()) {
            Map<String, List<String>> files = servicesFiles(ref);
            Map<String, List<String>> provides = new TreeMap<>();
            for (ModuleDescriptor.Provides p : ref.descriptor().provides()) {
                provides.put(p.service(), p.providers());
            }
            services += files.size();
            if (!files.equals(provides)) {
                problems.add(ref.descriptor().name() + ":\n  META-INF/services: " + files + "\n  provides:          "
                        + provides);
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(services >= 10, "the check modules register checks, signatures and log locators: " + services);
    }

    @Test
    void everyModuleExportsItsPublicPackagesAndNoInternalOne() {
        List<String> problems = new ArrayList<>();
        for (ModuleReference ref : modules().values()) {
            ModuleDescriptor d = ref.descriptor();
            Set<String> exported = new TreeSet<>();
            for (ModuleDescriptor.Exports e : d.exports()) {
                if (e.isQualified()) {
                    problems.add(d.name() + " exports " + e.source() + " to " + e.targets()
                            + ": no sibling needs an internal package today; say why here if one must");
                }
                exported.add(e.source());
            }
            Set<String> expected = packagesWithClasses(ref).stream()
                    .filter(p -> !p.contains(".internal")).collect(Collectors.toCollection(TreeSet::new));
            if (!exported.equals(expected)) {
                problems.add(d.name() + " exports " + exported + " but its public (non-internal) packages are "
                        + expected);
            }
        }
        assertEquals(List.of(), problems);
    }

    private static Map<String, ModuleReference> modules() {
        List<Path> entries = new ArrayList<>(RuntimePath.entries());
        entries.add(RuntimePath.locationOf(CheckTester.class));
        Map<String, ModuleReference> found = new LinkedHashMap<>();
        for (Path entry : entries) {
            RuntimePath.declaredModule(entry).filter(r -> RuntimePath.ours(r.descriptor()))
                    .ifPresent(r -> found.put(r.descriptor().name(), r));
        }
        return found;
    }

    /** Every META-INF/services file of the module: service → providers in file order, comments and blanks dropped. */
    private static Map<String, List<String>> servicesFiles(ModuleReference ref) {
        Map<String, List<String>> files = new TreeMap<>();
        try (ModuleReader reader = ref.open()) {
            for (String name : reader.list().filter(n -> n.startsWith("META-INF/services/") && !n.endsWith("/"))
                    .toList()) {
                String text;
                try (java.io.InputStream in = reader.open(name).orElseThrow()) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                files.put(name.substring("META-INF/services/".length()), text.lines()
                        .map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty()).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Packages holding at least one class (resource-only folders such as the bundled example are no package to export). */
    private static Set<String> packagesWithClasses(ModuleReference ref) {
        try (ModuleReader reader = ref.open()) {
            return reader.list().filter(n -> n.endsWith(".class") && !n.equals("module-info.class")
                            && !n.startsWith("META-INF/") && n.contains("/"))
                    .map(n -> n.substring(0, n.lastIndexOf('/')).replace('/', '.'))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
