package org.gatewaydoctor.checks.wordpress.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gatewaydoctor.checks.wordpress.internal.php.PhpLexer;
import org.gatewaydoctor.checks.wordpress.internal.php.PhpToken;

/**
 * WordPress's {@code .maintenance} file, read (never run) as {@code wp_is_maintenance_mode()} uses it: the file sets
 * {@code $upgrading} to the Unix time an update began ({@code <?php $upgrading = 1765101234; ?>}, written by
 * {@code WP_Upgrader::maintenance_mode()}), and WordPress answers every request with its 503 page until
 * {@code time() - $upgrading} reaches 10 minutes, then ignores the file.
 *
 * @param file the file
 * @param modified its modification time
 * @param upgrading the static value of {@code $upgrading}, {@code null} when it is not a number literal
 * @param source how {@code $upgrading} is set when it is not a number ({@code time()}), {@code ""} when the file does
 *     not set it at all
 * @param line the line of the assignment, 0 when there is none
 */
public record Maintenance(Path file, Instant modified, Long upgrading, String source, int line) {

    /** How long WordPress honours the file after {@code $upgrading}. */
    public static final Duration WINDOW = Duration.ofMinutes(10);
    /** Largest file read. */
    static final int MAX_BYTES = 64 * 1024;

    /** The file in the WordPress folder {@code dir}; empty when there is none (or it is a symbolic link). */
    public static Optional<Maintenance> read(Path dir) throws IOException {
        Path f = dir.resolve(".maintenance");
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Instant modified = Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).toInstant();
        byte[] head;
        try (InputStream in = Files.newInputStream(f)) {
            head = in.readNBytes(MAX_BYTES);
        }
        return Optional.of(parse(f, modified, new String(head, StandardCharsets.ISO_8859_1)));
    }

    /** Reads {@code text}: the last top-level {@code $upgrading = ...;} wins, as in PHP. */
    public static Maintenance parse(Path file, Instant modified, String text) {
        List<PhpToken> t = PhpLexer.lex(text).tokens();
        Long value = null;
        String source = "";
        int line = 0;
        for (int i = 0; i + 1 < t.size(); i++) {
            if (t.get(i).kind() == PhpToken.Kind.VARIABLE && t.get(i).text().equals("$upgrading") && t.get(i + 1).is("=")) {
                StringBuilder expr = new StringBuilder();
                int j = i + 2;
                int parts = 0;
                while (j < t.size() && !t.get(j).is(";") && t.get(j).kind() != PhpToken.Kind.CLOSE_TAG && parts < 64) {
                    expr.append(t.get(j).text());
                    parts++;
                    j++;
                }
                line = t.get(i).line();
                value = null;
                source = expr.toString();
                if (parts == 1 && t.get(i + 2).kind() == PhpToken.Kind.NUMBER) {
                    try {
                        value = Long.parseLong(source.replace("_", ""));
                        source = "";
                    } catch (NumberFormatException e) {
                        value = null;
                    }
                }
                i = j;
            }
        }
        if (source.length() > 80) {
            source = source.substring(0, 80) + "...";
        }
        return new Maintenance(file, modified, value, source, line);
    }

    /** When WordPress stops honouring the file; empty when {@code $upgrading} is not a number. */
    public Optional<Instant> endsAt() {
        return upgrading == null ? Optional.empty() : Optional.of(Instant.ofEpochSecond(upgrading).plus(WINDOW));
    }

    /**
     * Whether WordPress answers 503 at {@code now}: within 10 minutes of a static {@code $upgrading}, or always when
     * the file computes it (a {@code time()} call never gets old); a file without {@code $upgrading} never
     * counts ({@code time() - null} is never under 10 minutes).
     */
    public boolean active(Instant now) {
        if (upgrading != null) {
            return now.isBefore(endsAt().orElseThrow());
        }
        return source.contains("time(") || source.contains("microtime(");
    }
}
