package org.gatewaydoctor.cli.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Standard input saved for {@code diagnose --logs -}, and the deadline-bounded stream under it. */
class StdinCopyTest {

    private static final long FAR = Long.MAX_VALUE;

    private static long soon(long millis) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void copiesStandardInputToAPrivateFileAndDeletesIt() throws IOException {
        byte[] data = "line one\nline two\n".getBytes(StandardCharsets.UTF_8);
        Path dir;
        try (StdinCopy copy = StdinCopy.save(new ByteArrayInputStream(data), 1024, FAR)) {
            dir = copy.directory();
            assertEquals("stdin", copy.file().getFileName().toString());
            assertEquals(dir, copy.file().getParent());
            assertArrayEquals(data, Files.readAllBytes(copy.file()));
            assertEquals(data.length, copy.bytes());
            assertFalse(copy.stoppedAtDeadline());
            if (Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
                assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(dir)), "only the user may read what may hold secrets");
            }
        }
        assertFalse(Files.exists(dir), "deleted on close");
    }

    @Test
    void acceptsExactlyTheLimit() throws IOException {
        try (StdinCopy copy = StdinCopy.save(new ByteArrayInputStream(new byte[100]), 100, FAR)) {
            assertEquals(100, Files.size(copy.file()));
        }
    }

    @Test
    void refusesMoreThanTheLimitAndLeavesNothingBehind(@TempDir Path tmp) throws IOException {
        // a private parent: other processes on the machine create and delete their own copies in java.io.tmpdir
        StdinCopy.TooLargeException e = assertThrows(StdinCopy.TooLargeException.class,
                () -> StdinCopy.save(new ByteArrayInputStream(new byte[(2 << 20) + 1]), 2 << 20, FAR,
                        "save it to a file and give that to --logs, or search it with 'gateway-doctor scan --logs -', "
                                + "which reads it as it comes", tmp));

        assertEquals("standard input is larger than 2 MiB; save it to a file and give that to --logs, or search it "
                + "with 'gateway-doctor scan --logs -', which reads it as it comes", e.getMessage());
        assertEquals(0, countCopies(tmp), "the partial copy is deleted");
    }

    @Test
    void theDefaultLimitIsTwoGibibytes() {
        assertEquals(2L * 1024 * 1024 * 1024, StdinCopy.MAX_BYTES);
        assertEquals("2 GiB", StdinCopy.human(StdinCopy.MAX_BYTES));
    }

    @Test
    void stopsWaitingForAnOpenPipeAtTheDeadline() throws IOException {
        byte[] data = "first\n".getBytes(StandardCharsets.UTF_8);
        InputStream open = new SequenceInputStream(new ByteArrayInputStream(data), new Silent());

        long start = System.nanoTime();
        try (StdinCopy copy = StdinCopy.save(open, 1024, soon(200))) {
            assertTrue(copy.stoppedAtDeadline());
            assertArrayEquals(data, Files.readAllBytes(copy.file()));
        }
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void deadlineStreamPassesReadErrorsOn() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk on fire");
            }
        };
        try (DeadlineInputStream in = new DeadlineInputStream(failing, FAR)) {
            IOException e = assertThrows(IOException.class, () -> in.read(new byte[10]));
            assertEquals("disk on fire", e.getMessage());
            assertEquals(-1, in.read(new byte[10]), "and then ends");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void deadlineStreamReadsEverythingThatComesBeforeTheDeadline() throws IOException {
        byte[] data = new byte[300_000];
        try (DeadlineInputStream in = new DeadlineInputStream(new ByteArrayInputStream(data), soon(2000))) {
            assertEquals(data.length, in.readAllBytes().length);
            assertFalse(in.stoppedAtDeadline());
            assertEquals(data.length, in.bytes());
        }
    }

    private static long countCopies(Path tmp) throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("gateway-doctor-stdin-")).count();
        }
    }

    /** A pipe whose writer never writes nor closes. */
    private static final class Silent extends InputStream {
        @Override
        public int read() throws IOException {
            try {
                Thread.sleep(Long.MAX_VALUE);
                return -1;
            } catch (InterruptedException e) {
                throw new InterruptedIOException("closed");
            }
        }
    }
}
