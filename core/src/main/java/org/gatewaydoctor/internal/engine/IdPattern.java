package org.gatewaydoctor.internal.engine;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Matches check ids against user patterns: globs with {@code *} and {@code ?}; a pattern without
 * wildcards matches the id itself and every id below it ({@code phpfpm} matches {@code phpfpm.log}).
 */
public final class IdPattern {
    private final String text;
    private final Pattern regex;

    private IdPattern(String text) {
        this.text = text;
        if (text.indexOf('*') < 0 && text.indexOf('?') < 0) {
            this.regex = Pattern.compile(Pattern.quote(text) + "(?:[.-].*)?");
        } else {
            StringBuilder sb = new StringBuilder();
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '*' -> sb.append(".*");
                    case '?' -> sb.append('.');
                    default -> sb.append(Pattern.quote(String.valueOf(c)));
                }
            }
            this.regex = Pattern.compile(sb.toString());
        }
    }

    public static IdPattern of(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a check id pattern must not be empty");
        }
        return new IdPattern(text.strip());
    }

    public boolean matches(String id) {
        return regex.matcher(id).matches();
    }

    public static boolean anyMatches(List<IdPattern> patterns, String id) {
        for (IdPattern p : patterns) {
            if (p.matches(id)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
