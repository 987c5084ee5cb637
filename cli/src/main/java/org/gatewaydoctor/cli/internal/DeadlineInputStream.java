package org.gatewaydoctor.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Standard input as a stream that ends at a deadline even while the other end of the pipe is
 * silent ({@code tail -f error.log | gateway-doctor scan --logs -}): a daemon thread reads the
 * underlying stream into a small bounded queue, and {@link #read(byte[], int, int)} waits for that
 * queue no longer than the deadline. After the deadline, data already waiting is still returned;
 * once none is, the stream ends and {@link #stoppedAtDeadline()} says so.
 *
 * <p>The helper thread may stay blocked on the underlying stream after this one is closed; it is a
 * daemon and holds at most one chunk.
 */
final class DeadlineInputStream extends InputStream {

    private static final int CHUNK = 64 << 10;
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(16);
    private final long deadlineNanos;
    private final Thread pump;
    private byte[] current;
    private int pos;
    private boolean ended;
    private boolean stoppedAtDeadline;
    private long bytes;

    /**
     * @param in the stream to read (standard input)
     * @param deadlineNanos the {@link System#nanoTime()} after which no more waiting is done
     */
    DeadlineInputStream(InputStream in, long deadlineNanos) {
        Objects.requireNonNull(in, "in");
        this.deadlineNanos = deadlineNanos;
        this.pump = new Thread(() -> pump(in), "gateway-doctor-stdin");
        pump.setDaemon(true);
        pump.start();
    }

    private void pump(InputStream in) {
        try {
            while (true) {
                byte[] buf = new byte[CHUNK];
                int n = in.read(buf);
                if (n < 0) {
                    queue.put(END);
                    return;
                }
                if (n > 0) {
                    queue.put(n == buf.length ? buf : Arrays.copyOf(buf, n));
                }
            }
        } catch (IOException e) {
            try {
                queue.put(e);
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (current == null || pos == current.length) {
            if (ended || !next()) {
                return -1;
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        bytes += n;
        return n;
    }

    /** Takes the next chunk; false at the end of input or at the deadline. */
    private boolean next() throws IOException {
        Object item;
        try {
            long wait = deadlineNanos - System.nanoTime();
            item = wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for standard input");
        }
        if (item == null) {
            ended = true;
            stoppedAtDeadline = true;
            return false;
        }
        if (item == END) {
            ended = true;
            return false;
        }
        if (item instanceof IOException e) {
            ended = true;
            throw e;
        }
        current = (byte[]) item;
        pos = 0;
        return true;
    }

    /** Whether the stream ended because the deadline passed while no input was waiting. */
    boolean stoppedAtDeadline() {
        return stoppedAtDeadline;
    }

    /** Bytes returned so far. */
    long bytes() {
        return bytes;
    }

    /** Stops the helper thread if it is waiting for room in the queue; never closes the underlying stream. */
    @Override
    public void close() {
        ended = true;
        pump.interrupt();
        queue.clear();
    }
}
