package org.gatewaydoctor.internal.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gatewaydoctor.CheckInfo;
import org.gatewaydoctor.model.DiscoveryIssue;

/**
 * The checks to run, in an order where every check comes after its dependencies, plus the checks
 * that cannot run at all (missing or excluded dependency, cycle) with the reason.
 */
public final class Plan {

    private final List<RegisteredCheck> ordered;
    private final Map<String, String> preSkipped;
    private final List<DiscoveryIssue> issues;
    private final Map<String, Set<String>> after;

    private Plan(List<RegisteredCheck> ordered, Map<String, String> preSkipped, List<DiscoveryIssue> issues,
                 Map<String, Set<String>> after) {
        this.ordered = List.copyOf(ordered);
        this.after = Map.copyOf(after);
        this.preSkipped = Map.copyOf(preSkipped);
        this.issues = List.copyOf(issues);
    }

    /**
     * Selects checks by include/exclude patterns (dependencies of included checks are pulled in
     * unless excluded), finds missing dependencies and cycles, and orders the rest.
     */
    public static Plan of(Discovery.Result found, List<String> includeTexts, List<String> excludeTexts) {
        List<IdPattern> include = includeTexts.stream().map(IdPattern::of).toList();
        List<IdPattern> exclude = excludeTexts.stream().map(IdPattern::of).toList();
        List<DiscoveryIssue> issues = new ArrayList<>(found.issues());
        Map<String, RegisteredCheck> all = new LinkedHashMap<>();
        for (RegisteredCheck c : found.checks()) {
            all.put(c.id(), c);
        }

        // Selection: included (or all), plus their dependencies, minus excluded.
        Set<String> selected = new LinkedHashSet<>();
        Deque<String> work = new ArrayDeque<>();
        for (RegisteredCheck c : all.values()) {
            if ((include.isEmpty() || IdPattern.anyMatches(include, c.id())) && !IdPattern.anyMatches(exclude, c.id())) {
                work.add(c.id());
            }
        }
        while (!work.isEmpty()) {
            String id = work.poll();
            if (!selected.add(id)) {
                continue;
            }
            for (String dep : all.get(id).dependsOn()) {
                if (all.containsKey(dep) && !IdPattern.anyMatches(exclude, dep) && !selected.contains(dep)) {
                    work.add(dep);
                }
            }
        }

        Map<String, String> skipped = new HashMap<>();
        for (String id : selected) {
            for (String dep : all.get(id).dependsOn()) {
                if (!all.containsKey(dep)) {
                    issues.add(new DiscoveryIssue(DiscoveryIssue.Kind.MISSING_DEPENDENCY, id,
                            "Check '" + id + "' (" + all.get(id).info().className() + ") depends on '" + dep
                                    + "', which no registered check provides; it will not run."));
                    skipped.putIfAbsent(id, "depends on '" + dep + "', which no registered check provides");
                } else if (!selected.contains(dep)) {
                    skipped.putIfAbsent(id, "depends on '" + dep + "', which was excluded");
                }
            }
        }

        // Cycles among the selected checks.
        for (List<String> cycle : cycles(selected, all)) {
            String path = String.join(" -> ", cycle) + " -> " + cycle.get(0);
            issues.add(new DiscoveryIssue(DiscoveryIssue.Kind.DEPENDENCY_CYCLE, cycle.get(0),
                    "Checks depend on each other in a cycle: " + path + ". None of them will run."));
            for (String id : cycle) {
                skipped.putIfAbsent(id, "part of a dependency cycle: " + path);
            }
        }

        // Soft ordering (runsAfter) among runnable checks, dropping any edge that would close a cycle.
        Map<String, Set<String>> after = new HashMap<>();
        for (String id : selected) {
            for (String other : all.get(id).runsAfter()) {
                if (selected.contains(other) && !skipped.containsKey(other) && !skipped.containsKey(id)
                        && !reaches(other, id, all, selected, after)) {
                    after.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(other);
                }
            }
        }

        // Stable topological order: registration order, each check after its dependencies.
        List<RegisteredCheck> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        boolean progress = true;
        while (progress && placed.size() < selected.size()) {
            progress = false;
            for (String id : selected) {
                if (placed.contains(id)) {
                    continue;
                }
                boolean ready = true;
                for (String dep : all.get(id).dependsOn()) {
                    if (selected.contains(dep) && !placed.contains(dep) && !skipped.containsKey(dep)) {
                        ready = false;
                    }
                }
                for (String other : after.getOrDefault(id, Set.of())) {
                    if (!placed.contains(other)) {
                        ready = false;
                    }
                }
                if (ready || skipped.containsKey(id)) {
                    ordered.add(all.get(id));
                    placed.add(id);
                    progress = true;
                }
            }
        }
        for (String id : selected) {
            // Whatever is left waits on a cycle member (already skipped) through another check.
            if (!placed.contains(id)) {
                ordered.add(all.get(id));
                skipped.putIfAbsent(id, "depends on checks that are part of a dependency cycle");
            }
        }

        if (selected.isEmpty()) {
            String why = all.isEmpty()
                    ? "No checks were found. Put check modules on the class path (each lists its checks in "
                            + "META-INF/services/org.gatewaydoctor.spi.Check) or register checks programmatically."
                    : "All " + all.size() + " registered checks were filtered out by --only/--skip patterns (only "
                            + include + ", skip " + exclude + ").";
            issues.add(new DiscoveryIssue(DiscoveryIssue.Kind.NO_CHECKS, "engine", why));
        }
        return new Plan(ordered, skipped, issues, after);
    }

    /** Whether {@code to} is reachable from {@code from} over hard and accepted soft edges. */
    private static boolean reaches(String from, String to, Map<String, RegisteredCheck> all, Set<String> selected,
                                   Map<String, Set<String>> after) {
        Deque<String> work = new ArrayDeque<>(List.of(from));
        Set<String> seen = new HashSet<>();
        while (!work.isEmpty()) {
            String id = work.poll();
            if (id.equals(to)) {
                return true;
            }
            if (!seen.add(id)) {
                continue;
            }
            for (String dep : all.get(id).dependsOn()) {
                if (selected.contains(dep)) {
                    work.add(dep);
                }
            }
            work.addAll(after.getOrDefault(id, Set.of()));
        }
        return false;
    }

    /** Cycles found by depth-first search; each reported once, starting at its first member in order. */
    private static List<List<String>> cycles(Set<String> selected, Map<String, RegisteredCheck> all) {
        List<List<String>> result = new ArrayList<>();
        Map<String, Integer> state = new HashMap<>(); // 1 = on stack, 2 = done
        Set<String> inReportedCycle = new HashSet<>();
        for (String start : selected) {
            if (!state.containsKey(start)) {
                dfs(start, selected, all, state, new ArrayList<>(), result, inReportedCycle);
            }
        }
        return result;
    }

    private static void dfs(String id, Set<String> selected, Map<String, RegisteredCheck> all,
                            Map<String, Integer> state, List<String> stack, List<List<String>> result,
                            Set<String> inReportedCycle) {
        state.put(id, 1);
        stack.add(id);
        for (String dep : all.get(id).dependsOn()) {
            if (!selected.contains(dep)) {
                continue;
            }
            Integer s = state.get(dep);
            if (s == null) {
                dfs(dep, selected, all, state, stack, result, inReportedCycle);
            } else if (s == 1) {
                List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(dep), stack.size()));
                if (cycle.stream().noneMatch(inReportedCycle::contains)) {
                    result.add(cycle);
                    inReportedCycle.addAll(cycle);
                }
            }
        }
        stack.remove(stack.size() - 1);
        state.put(id, 2);
    }

    public List<RegisteredCheck> ordered() {
        return ordered;
    }

    /** Reasons for checks that cannot run, by id. */
    public Map<String, String> preSkipped() {
        return preSkipped;
    }

    /** The present checks {@code id} waits for without depending on them ({@link org.gatewaydoctor.spi.Check#runsAfter()}). */
    public Set<String> runsAfter(String id) {
        return after.getOrDefault(id, Set.of());
    }

    public List<DiscoveryIssue> issues() {
        return issues;
    }

    public List<CheckInfo> checkInfos() {
        return ordered.stream().map(RegisteredCheck::info).toList();
    }
}
