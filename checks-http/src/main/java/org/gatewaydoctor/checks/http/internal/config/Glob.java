package org.gatewaydoctor.checks.http.internal.config;

import java.util.regex.Pattern;

/**
 * Shell wildcards in one path component, as {@code glob(3)} (nginx) and {@code apr_fnmatch} (Apache)
 * read them: {@code *}, {@code ?}, {@code [abc]}, {@code [a-z]}, {@code [!a]} (and {@code [^a]}),
 * backslash escapes. No {@code {a,b}} and no {@code **}: neither server has them. A leading dot must be
 * matched by a literal dot ({@code *.conf} does not match {@code .hidden.conf}), as both servers do it.
 */
final class Glob {

    private Glob() {
    }

    /** Whether {@code s} has a wildcard character ({@code strpbrk(s, "*?[")}, nginx's test). */
    static boolean hasWildcard(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    /** Whether the file name {@code name} matches the one-component pattern {@code pattern}. */
    static boolean matches(String pattern, String name) {
        if (name.startsWith(".") && !pattern.startsWith(".") && !pattern.startsWith("\\.")) {
            return false;
        }
        return compile(pattern).matcher(name).matches();
    }

    /** The pattern as a regular expression over one file name. */
    static Pattern compile(String pattern) {
        StringBuilder re = new StringBuilder();
        int n = pattern.length();
        for (int i = 0; i < n; i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '\\' -> {
                    if (i + 1 < n) {
                        re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                    } else {
                        re.append(Pattern.quote("\\"));
                    }
                }
                case '[' -> {
                    int end = bracketEnd(pattern, i);
                    if (end < 0) {
                        re.append(Pattern.quote("["));
                    } else {
                        re.append(bracket(pattern.substring(i + 1, end)));
                        i = end;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** The index of the {@code ]} closing the bracket expression opened at {@code open}, or -1. */
    private static int bracketEnd(String p, int open) {
        int i = open + 1;
        if (i < p.length() && (p.charAt(i) == '!' || p.charAt(i) == '^')) {
            i++;
        }
        if (i < p.length() && p.charAt(i) == ']') {
            i++;
        }
        for (; i < p.length(); i++) {
            if (p.charAt(i) == '\\') {
                i++;
            } else if (p.charAt(i) == ']') {
                return i;
            }
        }
        return -1;
    }

    private static String bracket(String body) {
        boolean negated = false;
        int i = 0;
        if (!body.isEmpty() && (body.charAt(0) == '!' || body.charAt(0) == '^')) {
            negated = true;
            i = 1;
        }
        int first = i;
        StringBuilder set = new StringBuilder();
        for (; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '-' && i > first && i + 1 < body.length()) {
                set.append('-');
                continue;
            }
            if (c == '\\' && i + 1 < body.length()) {
                c = body.charAt(++i);
            }
            set.append(String.format("\\x{%x}", (int) c));
        }
        return negated ? "[^" + set + "/]" : "[" + set + "&&[^/]]";
    }
}
