package org.gatewaydoctor.checks.phpfpm.internal.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * POSIX {@code glob(3)} as PHP-FPM calls it for {@code include} ({@code GLOB_ERR | GLOB_MARK}): {@code *},
 * {@code ?} and {@code [...]} (with {@code !} or {@code ^} to negate) in any path component, a leading dot
 * matched only explicitly, backslash escapes, results sorted. A directory that cannot be read aborts the
 * expansion ({@code GLOB_ABORTED}, which PHP-FPM treats as fatal); no match at all is {@code GLOB_NOMATCH}
 * (a warning). Directories among the matches are left out, as PHP-FPM skips them. Java's {@code glob:}
 * syntax is not used because it differs ({@code {a,b}}, {@code **}).
 */
final class Glob {

    private Glob() {
    }

    /** How an expansion ended. */
    enum Outcome {
        MATCHED, NO_MATCH, ABORTED
    }

    /**
     * An expansion.
     *
     * @param outcome how it ended
     * @param files the matching files (not directories), sorted
     * @param error why it aborted, else {@code null}
     * @param truncated whether a limit stopped it early
     */
    record Result(Outcome outcome, List<Path> files, String error, boolean truncated) {
        Result {
            Objects.requireNonNull(outcome, "outcome");
            files = List.copyOf(files);
        }
    }

    /**
     * Expands a pattern.
     *
     * @param pattern an absolute (or working-directory-relative) pattern
     * @param maxMatches the most paths kept
     * @param maxEntries the most directory entries looked at, in all
     */
    static Result expand(String pattern, int maxMatches, int maxEntries) {
        State st = new State(maxMatches, maxEntries);
        boolean absolute = pattern.startsWith("/");
        List<String> parts = new ArrayList<>();
        for (String p : pattern.split("/")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        Path start = absolute ? Path.of("/") : Path.of("");
        if (parts.isEmpty()) {
            return new Result(Outcome.NO_MATCH, List.of(), null, false);
        }
        walk(start, parts, 0, st);
        if (st.error != null) {
            return new Result(Outcome.ABORTED, List.of(), st.error, st.truncated);
        }
        List<Path> files = new ArrayList<>();
        for (Path p : st.matches) {
            if (!Files.isDirectory(p)) {
                files.add(p);
            }
        }
        files.sort((a, b) -> a.toString().compareTo(b.toString()));
        return new Result(st.matches.isEmpty() ? Outcome.NO_MATCH : Outcome.MATCHED, files, null, st.truncated);
    }

    private static final class State {
        final int maxMatches;
        int entriesLeft;
        final List<Path> matches = new ArrayList<>();
        String error;
        boolean truncated;

        State(int maxMatches, int maxEntries) {
            this.maxMatches = maxMatches;
            this.entriesLeft = maxEntries;
        }

        boolean stop() {
            return error != null || truncated;
        }
    }

    private static void walk(Path dir, List<String> parts, int k, State st) {
        if (st.stop()) {
            return;
        }
        if (k == parts.size()) {
            if (st.matches.size() >= st.maxMatches) {
                st.truncated = true;
                return;
            }
            st.matches.add(dir);
            return;
        }
        String part = parts.get(k);
        if (!hasMagic(part)) {
            Path next = dir.resolve(unescape(part));
            if (k == parts.size() - 1) {
                if (Files.exists(next)) {
                    walk(next, parts, k + 1, st);
                }
            } else if (Files.isDirectory(next)) {
                walk(next, parts, k + 1, st);
            } else if (Files.exists(next)) {
                // a file where a directory is needed: no match, as glob(3) reports ENOTDIR without GLOB_ERR effect
                return;
            } else if (hasMagicAfter(parts, k)) {
                st.error = "cannot open directory " + next + ": no such file or directory";
            }
            return;
        }
        List<String> names = new ArrayList<>();
        Path listed = dir.toString().isEmpty() ? Path.of(".") : dir;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(listed)) {
            for (Path entry : ds) {
                if (--st.entriesLeft < 0) {
                    st.truncated = true;
                    break;
                }
                Path fileName = entry.getFileName();
                if (fileName != null) {
                    String name = fileName.toString();
                    if (matches(part, name)) {
                        names.add(name);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            st.error = "cannot open directory " + listed + ": " + describe(e);
            return;
        }
        names.sort(String::compareTo);
        for (String name : names) {
            Path next = dir.resolve(name);
            if (k < parts.size() - 1 && !Files.isDirectory(next)) {
                continue;
            }
            walk(next, parts, k + 1, st);
            if (st.stop()) {
                return;
            }
        }
    }

    private static boolean hasMagicAfter(List<String> parts, int k) {
        for (int j = k + 1; j < parts.size(); j++) {
            if (hasMagic(parts.get(j))) {
                return true;
            }
        }
        return false;
    }

    static String describe(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NotDirectoryException) {
            return "not a directory";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    static boolean hasMagic(String part) {
        for (int k = 0; k < part.length(); k++) {
            char c = part.charAt(k);
            if (c == '\\') {
                k++;
            } else if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    private static String unescape(String part) {
        if (part.indexOf('\\') < 0) {
            return part;
        }
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < part.length(); k++) {
            char c = part.charAt(k);
            if (c == '\\' && k + 1 < part.length()) {
                c = part.charAt(++k);
            }
            b.append(c);
        }
        return b.toString();
    }

    /** {@code fnmatch(pattern, name, FNM_PERIOD)} for one path component. */
    static boolean matches(String pattern, String name) {
        if (name.startsWith(".") && !pattern.startsWith(".") && !pattern.startsWith("\\.")) {
            return false;
        }
        return match(pattern, name);
    }

    /** Wildcard matching with one backtracking point per '*': linear in practice, never exponential. */
    private static boolean match(String p, String s) {
        int pi = 0;
        int si = 0;
        int starP = -1;
        int starS = -1;
        while (si < s.length()) {
            if (pi < p.length() && p.charAt(pi) == '*') {
                while (pi < p.length() && p.charAt(pi) == '*') {
                    pi++;
                }
                starP = pi;
                starS = si;
                continue;
            }
            if (pi < p.length()) {
                int next = matchOne(p, pi, s.charAt(si));
                if (next >= 0) {
                    pi = next;
                    si++;
                    continue;
                }
            }
            if (starP >= 0) {
                pi = starP;
                si = ++starS;
                continue;
            }
            return false;
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    /** Whether the pattern element at {@code pi} matches {@code c}; returns the index after it, or -1. */
    private static int matchOne(String p, int pi, char c) {
        char e = p.charAt(pi);
        if (e == '?') {
            return pi + 1;
        }
        if (e == '[') {
            int end = bracketEnd(p, pi);
            if (end < 0) {
                return c == '[' ? pi + 1 : -1;
            }
            return inBracket(p, pi + 1, end, c) ? end + 1 : -1;
        }
        if (e == '\\' && pi + 1 < p.length()) {
            return p.charAt(pi + 1) == c ? pi + 2 : -1;
        }
        return e == c ? pi + 1 : -1;
    }

    /** Index of the ']' closing the bracket expression opened at {@code open}, or -1. */
    private static int bracketEnd(String p, int open) {
        int k = open + 1;
        if (k < p.length() && (p.charAt(k) == '!' || p.charAt(k) == '^')) {
            k++;
        }
        if (k < p.length() && p.charAt(k) == ']') {
            k++;
        }
        while (k < p.length() && p.charAt(k) != ']') {
            k++;
        }
        return k < p.length() ? k : -1;
    }

    private static boolean inBracket(String p, int from, int end, char c) {
        boolean negate = false;
        int k = from;
        if (k < end && (p.charAt(k) == '!' || p.charAt(k) == '^')) {
            negate = true;
            k++;
        }
        boolean found = false;
        boolean first = true;
        while (k < end) {
            char lo = p.charAt(k);
            if (lo == ']' && !first) {
                break;
            }
            first = false;
            if (k + 2 < end && p.charAt(k + 1) == '-') {
                char hi = p.charAt(k + 2);
                if (c >= lo && c <= hi) {
                    found = true;
                }
                k += 3;
            } else {
                if (c == lo) {
                    found = true;
                }
                k++;
            }
        }
        return found != negate;
    }
}
