package org.gatewaydoctor.checks.phpfpm.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.gatewaydoctor.facts.Address;
import org.gatewaydoctor.model.Evidence;

/**
 * Cites a configuration line as it is written, then what it resolves to: an nginx
 * {@code proxy_pass http://edge_backend;} whose upstream group holds {@code server unix:/run/php/www.sock;} is
 * cited as {@code nginx.conf:67: proxy_pass http://edge_backend → unix:/run/php/www.sock}, never as a
 * {@code proxy_pass unix:...} that appears nowhere in the file. The line is read from the file (at most
 * {@link #MAX_LINES} lines, {@link #MAX_CHARS} characters of it); when it cannot be read, or holds a
 * directive other than the one expected, the resolved directive alone is given.
 */
public final class WrittenLine {

    static final int MAX_LINES = 100_000;
    static final int MAX_CHARS = 512;

    private WrittenLine() {
    }

    /**
     * The evidence for line {@code line} of {@code file} expected to hold {@code directive} (or a HAProxy
     * {@code backend} section), resolved to {@code target}.
     */
    public static Evidence.ConfigLine cite(String file, int line, String directive, Address target) {
        String resolved = target.toString();
        String written = read(file, line);
        if (written != null) {
            int space = written.indexOf(' ');
            String name = space < 0 ? written : written.substring(0, space);
            String value = space < 0 ? "" : written.substring(space + 1).strip();
            boolean sameKind = name.equals(directive) || name.equalsIgnoreCase("backend")
                    || name.toLowerCase(Locale.ROOT).startsWith(directive.toLowerCase(Locale.ROOT).split("[ /]")[0]);
            if (sameKind && !name.isEmpty()) {
                return new Evidence.ConfigLine(file, line, name, value.contains(resolved) ? value
                        : (value + " → " + resolved).strip());
            }
        }
        return new Evidence.ConfigLine(file, Math.max(0, line), directive, resolved);
    }

    /** Line {@code line} (1-based) of {@code file}, without comment, trailing {@code ;} and blanks; null if unreadable. */
    static String read(String file, int line) {
        if (line <= 0 || line > MAX_LINES) {
            return null;
        }
        Path p = Path.of(file);
        if (!Files.isRegularFile(p)) {
            return null;
        }
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(p),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
            String text = null;
            for (int i = 1; i <= line; i++) {
                text = r.readLine();
                if (text == null) {
                    return null;
                }
            }
            int hash = text.indexOf('#');
            if (hash >= 0) {
                text = text.substring(0, hash);
            }
            text = text.strip();
            if (text.endsWith(";")) {
                text = text.substring(0, text.length() - 1).strip();
            }
            text = text.replaceAll("\\s+", " ");
            if (text.length() > MAX_CHARS) {
                text = text.substring(0, MAX_CHARS);
            }
            return text.isEmpty() ? null : text;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
