package org.gatewaydoctor.checks.wordpress.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A plan to find the misbehaving plugin by halves when the evidence points at "some plugin" but names none: the
 * ordered halves of the active list to deactivate, in WP-CLI commands. The library never runs them.
 */
public final class Bisection {

    /** Most plugins named in one command line. */
    static final int MAX_NAMED = 40;

    private Bisection() {
    }

    /** The steps for {@code active} ({@code akismet/akismet.php} entries); empty for fewer than two plugins. */
    public static List<String> plan(List<String> active) {
        List<String> slugs = new ArrayList<>();
        for (String a : active) {
            int slash = a.indexOf('/');
            String slug = slash > 0 ? a.substring(0, slash) : a.endsWith(".php") ? a.substring(0, a.length() - 4) : a;
            if (slug.matches("[A-Za-z0-9._-]{1,200}") && !slugs.contains(slug)) {
                slugs.add(slug);
            }
        }
        if (slugs.size() < 2) {
            return List.of();
        }
        int half = (slugs.size() + 1) / 2;
        List<String> first = slugs.subList(0, half);
        List<String> second = slugs.subList(half, slugs.size());
        int rounds = 32 - Integer.numberOfLeadingZeros(slugs.size() - 1);
        return List.of(
                "No log line names the plugin: find it by halves among the " + slugs.size() + " active plugins (at most "
                        + rounds + " rounds; take a backup first, gateway-doctor changes nothing itself).",
                "Round 1: wp plugin deactivate " + names(first) + " — then load the failing page again.",
                "If it works now, the plugin is among those: reactivate half of them (wp plugin activate ...) and test "
                        + "again; otherwise reactivate them all and deactivate the other half: " + names(second) + ".",
                "Repeat with the half that holds it until one plugin is left; then update, replace or report it.");
    }

    private static String names(List<String> slugs) {
        return String.join(" ", slugs.subList(0, Math.min(MAX_NAMED, slugs.size())))
                + (slugs.size() > MAX_NAMED ? " (and " + (slugs.size() - MAX_NAMED) + " more)" : "");
    }
}
