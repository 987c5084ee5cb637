package org.gatewaydoctor.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.gatewaydoctor.internal.logs.FileLogAccess;
import org.gatewaydoctor.spi.LogAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLogAccessTest {

    @TempDir
    Path dir;

    record Seen(Path file, long number, String text, boolean truncated) {
    }

    private static final class Collector implements LogAccess.LogLineVisitor {
        final List<Seen> lines = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        @Override
        public void line(Path file, long lineNumber, String text, boolean truncated) {
            lines.add(new Seen(file, lineNumber, text, truncated));
        }

        @Override
        public void problem(Path file, String message) {
            problems.add(file.getFileName() + ": " + message);
        }
    }

    private Collector read(Path... paths) throws Exception {
        FileLogAccess access = new FileLogAccess(FileLogAccess.expand(List.of(paths)), Long.MAX_VALUE);
        Collector c = new Collector();
        access.forEachLine(c);
        return c;
    }

    @Test
    void readsLinesWithNumbersAndStripsCarriageReturns() throws Exception {
        Path f = Files.writeString(dir.resolve("error.log"), "first\r\nsecond\n\nlast without newline");
        Collector c = read(f);
        assertEquals(List.of("first", "second", "", "last without newline"),
                c.lines.stream().map(Seen::text).toList());
        assertEquals(List.of(1L, 2L, 3L, 4L), c.lines.stream().map(Seen::number).toList());
    }

    @Test
    void cutsAHugeSingleLineAndFlagsIt() throws Exception {
        Path f = dir.resolve("huge.log");
        try (OutputStream out = Files.newOutputStream(f)) {
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < 10; i++) {
                out.write(chunk);
            }
            out.write("\nnext line\n".getBytes(StandardCharsets.US_ASCII));
        }
        Collector c = read(f);
        assertEquals(2, c.lines.size());
        assertTrue(c.lines.get(0).truncated());
        assertEquals(FileLogAccess.MAX_LINE, c.lines.get(0).text().length());
        assertEquals(new Seen(f.toAbsolutePath(), 2, "next line", false), c.lines.get(1));
    }

    @Test
    void replacesNulBytesAndInvalidUtf8WithoutThrowing() throws Exception {
        byte[] bytes = {'a', 0, 'b', '\n', (byte) 0xC3, (byte) 0x28, ' ', (byte) 0xFF, (byte) 0xFE, '\n', 'o', 'k'};
        Path f = Files.write(dir.resolve("binary.log"), bytes);
        Collector c = read(f);
        assertEquals(List.of("a\uFFFDb", "\uFFFD( \uFFFD\uFFFD", "ok"), c.lines.stream().map(Seen::text).toList());
    }

    @Test
    void readsGzipAndReportsATruncatedOneWithWhatItCouldRead() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 5000; i++) {
            sb.append("2026/11/21 09:14:03 [error] line ").append(i).append('\n');
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            gz.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = buf.toByteArray();
        Path ok = Files.write(dir.resolve("error.log.2.gz"), whole);
        Collector full = read(ok);
        assertEquals(5000, full.lines.size());
        assertTrue(full.problems.isEmpty(), full.problems.toString());

        Path cut = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(whole, whole.length / 2));
        Collector part = read(cut);
        assertFalse(part.lines.isEmpty());
        assertTrue(part.lines.size() < 5000);
        assertEquals(1, part.problems.size());
        assertTrue(part.problems.get(0).contains("ends early"), part.problems.toString());
        // Every line delivered is a prefix of a real line: nothing invented.
        assertTrue(part.lines.stream().allMatch(l -> l.text().startsWith("2026/11/21")
                || "2026/11/21 09:14:03 [error] line".startsWith(l.text())));
    }

    @Test
    void expandsDirectoriesWithRotatedFilesAndReportsMissingPaths() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("nginx"));
        Files.writeString(logs.resolve("error.log"), "a\n");
        Files.writeString(logs.resolve("error.log.1"), "b\n");
        Files.writeString(logs.resolve("empty.log"), "");
        FileLogAccess.LogFiles files = FileLogAccess.expand(List.of(logs, dir.resolve("absent.log")));
        assertEquals(List.of("empty.log", "error.log", "error.log.1"),
                files.files().stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(1, files.problemList().size());
        assertTrue(files.problemList().get(0).contains("absent.log: no such file"), files.problemList().toString());
        Collector c = read(logs);
        assertEquals(List.of("a", "b"), c.lines.stream().map(Seen::text).toList());
    }

    @Test
    void aFileThatCannotBeReadIsReportedAndTheOthersStillRead() throws Exception {
        Path good = Files.writeString(dir.resolve("good.log"), "fine\n");
        Path vanishing = Files.writeString(dir.resolve("vanishing.log"), "soon gone\n");
        FileLogAccess.LogFiles files = FileLogAccess.expand(List.of(vanishing, good));
        Files.delete(vanishing); // disappears between listing and reading, as rotated logs do
        Collector c = new Collector();
        new FileLogAccess(files, Long.MAX_VALUE).forEachLine(c);
        assertEquals(List.of("fine"), c.lines.stream().map(Seen::text).toList());
        assertEquals(1, c.problems.size());
        assertTrue(c.problems.get(0).startsWith("vanishing.log: cannot be read"), c.problems.toString());
    }

    @Test
    void stopsAtTheDeadlineKeepingWhatWasReadAndSayingSo() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            sb.append("line ").append(i).append('\n');
        }
        Path f = Files.writeString(dir.resolve("long.log"), sb);
        Path other = Files.writeString(dir.resolve("other.log"), "never reached\n");
        FileLogAccess access = new FileLogAccess(FileLogAccess.expand(List.of(f, other)), System.nanoTime() - 1);
        Collector c = new Collector();
        access.forEachLine(c);
        assertTrue(c.lines.size() < 100_000);
        assertEquals(List.of("long.log: reading stopped at the check's deadline; 1 more file(s) were not read"),
                c.problems);
    }

    @Test
    void aFileWithoutLineBreaksIsBoundedByTheDeadlineToo() throws Exception {
        Path f = dir.resolve("no-newlines.log");
        try (OutputStream out = Files.newOutputStream(f)) {
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 'y');
            for (int i = 0; i < 8; i++) {
                out.write(chunk);
            }
        }
        Collector c = new Collector();
        new FileLogAccess(FileLogAccess.expand(List.of(f)), System.nanoTime() - 1).forEachLine(c);
        assertTrue(c.lines.isEmpty());
        assertEquals(1, c.problems.size());
    }

    @Test
    void neverOpensDevicesOrFifos() {
        FileLogAccess.LogFiles files = FileLogAccess.expand(List.of(Path.of("/dev/zero")));
        assertTrue(files.files().isEmpty());
        assertTrue(files.problemList().get(0).contains("not a regular file"), files.problemList().toString());
    }

    @Test
    void aVisitorCanStopReadingByThrowing() throws Exception {
        Path f = Files.writeString(dir.resolve("a.log"), "one\ntwo\nthree\n");
        FileLogAccess access = new FileLogAccess(FileLogAccess.expand(List.of(f)), Long.MAX_VALUE);
        List<String> seen = new ArrayList<>();
        IllegalStateException stop = assertThrows(IllegalStateException.class, () -> access.forEachLine(
                (file, n, text, truncated) -> {
                    seen.add(text);
                    if (n == 2) {
                        throw new IllegalStateException("enough");
                    }
                }));
        assertEquals("enough", stop.getMessage());
        assertEquals(List.of("one", "two"), seen);
    }

    @Test
    void anInterruptEndsReadingWithInterruptedException() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            sb.append("line ").append(i).append('\n');
        }
        Path f = Files.writeString(dir.resolve("long.log"), sb);
        FileLogAccess access = new FileLogAccess(FileLogAccess.expand(List.of(f)), Long.MAX_VALUE);
        Thread.currentThread().interrupt();
        try {
            assertThrows(InterruptedException.class, () -> access.forEachLine((file, n, text, t) -> { }));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theReadingDeadlineLeavesTheCheckTimeToAnswer() {
        long start = 1_000_000_000L;
        assertEquals(start + 800_000_000L, FileLogAccess.readingDeadline(start, start + 1_000_000_000L));
        assertEquals(start + 9_500_000_000L, FileLogAccess.readingDeadline(start, start + 10_000_000_000L));
    }
}
