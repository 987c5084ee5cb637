package org.gatewaydoctor.checks.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.gatewaydoctor.internal.redact.DefaultRedactor;
import org.gatewaydoctor.model.Target;
import org.gatewaydoctor.spi.CheckContext;
import org.gatewaydoctor.spi.FactKey;
import org.gatewaydoctor.spi.LogAccess;
import org.gatewaydoctor.spi.Redactor;

/**
 * A {@link CheckContext} for tests: the target's log files are read from disk as the engine would
 * (lines split on LF, a trailing CR dropped, cut at {@code maxLine} bytes, malformed UTF-8 replaced),
 * but NUL characters are passed through untouched so checks meet raw hostile input. The redactor is
 * the engine's own.
 */
final class LogDirContext implements CheckContext {

    private final Target target;
    private final Instant deadline;
    private final Clock clock;
    private final int maxLine;
    private final Redactor redactor = new DefaultRedactor();
    private final Map<FactKey<?>, Object> facts = new ConcurrentHashMap<>();
    private Supplier<Duration> remaining;

    LogDirContext(Target target, Duration budget, int maxLine) {
        this.target = target;
        this.clock = Clock.systemUTC();
        this.deadline = clock.instant().plus(budget);
        this.maxLine = maxLine;
    }

    /** A context over {@code logs} with ten seconds to go and the engine's 64 KiB line limit. */
    static LogDirContext of(Target target) {
        return new LogDirContext(target, Duration.ofSeconds(10), 64 * 1024);
    }

    /** Makes {@link #remaining()} report what {@code supplier} says (to simulate a deadline close by). */
    LogDirContext remaining(Supplier<Duration> supplier) {
        this.remaining = supplier;
        return this;
    }

    @Override
    public Duration remaining() {
        return remaining != null ? remaining.get() : CheckContext.super.remaining();
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public <T> Optional<T> fact(FactKey<T> key) {
        return Optional.ofNullable(facts.get(key)).map(v -> key.type().cast(v));
    }

    @Override
    public <T> void publish(FactKey<T> key, T value) {
        facts.put(key, value);
    }

    @Override
    public LogAccess logs() {
        return new LogAccess() {
            @Override
            public List<Path> files() {
                List<Path> out = new ArrayList<>();
                for (Path p : target.logs()) {
                    if (Files.isDirectory(p)) {
                        try (Stream<Path> walk = Files.walk(p)) {
                            walk.filter(Files::isRegularFile).sorted().forEach(out::add);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    } else {
                        out.add(p);
                    }
                }
                return out;
            }

            @Override
            public int maxLineLength() {
                return maxLine;
            }

            @Override
            public void forEachLine(LogLineVisitor visitor) throws IOException {
                for (Path file : files()) {
                    read(file, visitor);
                }
            }
        };
    }

    private void read(Path file, LogAccess.LogLineVisitor visitor) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            boolean truncated = false;
            long number = 0;
            byte[] buf = new byte[1 << 16];
            int n;
            boolean any = false;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        visitor.line(file, ++number, decode(line.toByteArray()), truncated);
                        line.reset();
                        truncated = false;
                        any = false;
                        continue;
                    }
                    any = true;
                    if (line.size() < maxLine) {
                        line.write(b);
                    } else {
                        truncated = true;
                    }
                }
            }
            if (any) {
                visitor.line(file, ++number, decode(line.toByteArray()), truncated);
            }
        }
    }

    private static String decode(byte[] bytes) {
        int len = bytes.length;
        if (len > 0 && bytes[len - 1] == '\r') {
            len--;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes, 0, len)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Redactor redactor() {
        return redactor;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /** A target over {@code logs} in the time zone nginx and PHP-FPM wrote them in. */
    static Target target(ZoneId zone, Path... logs) {
        return Target.builder().logs(logs).zone(zone).build();
    }

    @Override
    public org.gatewaydoctor.logs.LogScan logScan() throws InterruptedException {
        return org.gatewaydoctor.logs.LogScanner.builder()
                .catalog(org.gatewaydoctor.logs.SignatureCatalog.discover(getClass().getClassLoader()))
                .zone(target().zone()).redactor(redactor()::redact).build().scanPaths(target().logs());
    }
}
