package org.gatewaydoctor.checks.http.internal.config;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variables a Debian {@code /etc/apache2/envvars} sets: a shell script {@code apache2ctl} and the
 * systemd unit source before starting httpd ({@code export APACHE_RUN_USER=www-data}).
 *
 * <p>Not a shell: it reads plain assignments ({@code NAME=value}, {@code export NAME=value}, single or
 * double quotes, {@code $NAME} and {@code ${NAME}} of names already set, an unset one being empty as in
 * a shell) outside {@code if ... fi} and {@code case ... esac}. Assignments inside those depend on
 * conditions it does not evaluate and are skipped: in Debian's file that is {@code SUFFIX}, which is
 * empty for the default instance ({@code /etc/apache2}), as skipping it leaves it.
 */
final class Envvars {

    private static final Pattern ASSIGNMENT = Pattern.compile("^(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private Envvars() {
    }

    /** The assignments of {@code data}, applied in order over {@code known} (which is not changed). */
    static Map<String, String> parse(byte[] data, Map<String, String> known) {
        Map<String, String> vars = new LinkedHashMap<>(known);
        Map<String, String> out = new LinkedHashMap<>();
        int nesting = 0;
        for (String raw : new String(data, StandardCharsets.UTF_8).split("\n", -1)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String first = line.split("[\\s;]+", 2)[0];
            if (first.equals("if") || first.equals("case")) {
                nesting++;
                continue;
            }
            if (first.equals("fi") || first.equals("esac")) {
                nesting = Math.max(0, nesting - 1);
                continue;
            }
            if (nesting > 0) {
                continue;
            }
            Matcher m = ASSIGNMENT.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String value = value(m.group(2), vars);
            if (value != null) {
                vars.put(m.group(1), value);
                out.put(m.group(1), value);
            }
        }
        return out;
    }

    /** The shell word {@code s} (up to an unquoted blank or {@code ;}), or {@code null} if it is not plain. */
    private static String value(String s, Map<String, String> vars) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == ';') {
                break;
            }
            if (c == '`' || (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '(')) {
                return null;
            }
            if (c == '\'') {
                int end = s.indexOf('\'', i + 1);
                if (end < 0) {
                    return null;
                }
                out.append(s, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                int end = s.indexOf('"', i + 1);
                if (end < 0) {
                    return null;
                }
                String inner = expand(s.substring(i + 1, end), vars);
                if (inner == null) {
                    return null;
                }
                out.append(inner);
                i = end + 1;
            } else if (c == '$') {
                int end = i + 1;
                if (end < s.length() && s.charAt(end) == '{') {
                    end = s.indexOf('}', end);
                    if (end < 0) {
                        return null;
                    }
                    end++;
                } else {
                    while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
                        end++;
                    }
                }
                String inner = expand(s.substring(i, end), vars);
                if (inner == null) {
                    return null;
                }
                out.append(inner);
                i = end;
            } else if (c == '\\' && i + 1 < s.length()) {
                out.append(s.charAt(i + 1));
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** {@code $NAME} and {@code ${NAME}} in {@code s}; {@code null} for any other {@code ${...}} form. */
    private static String expand(String s, Map<String, String> vars) {
        if (s.contains("${") && !List.of(s.split("\\$\\{", -1)).stream().skip(1)
                .allMatch(p -> p.matches("[A-Za-z_][A-Za-z0-9_]*}.*"))) {
            return null;
        }
        Matcher m = REFERENCE.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(vars.getOrDefault(name, "")));
        }
        m.appendTail(out);
        return out.toString();
    }
}
