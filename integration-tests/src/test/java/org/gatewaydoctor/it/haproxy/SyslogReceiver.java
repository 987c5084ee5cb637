package org.gatewaydoctor.it.haproxy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.gatewaydoctor.it.harness.Wait;

/**
 * A syslog receiver on UDP 127.0.0.1 that appends every datagram to a file, one line each, byte for
 * byte as the sender wrote it: what {@code rsyslog} does for HAProxy on a Debian host
 * ({@code /var/log/haproxy.log}), minus rsyslog's own re-formatting.
 *
 * <p>Why this route: HAProxy writes its logs to syslog or to stdout/stderr only, never to a file of
 * its own. Pointing it at this receiver ({@code log 127.0.0.1:PORT local0}) gives the stack's
 * {@code logs/haproxy.log} the real lines in their real envelope, e.g.
 * {@code <134>Nov 21 22:16:17 haproxy[25912]: 127.0.0.1:40422 [21/Nov/2026:22:16:17.027] fe be/app1 0/0/0/-1/0 502 209 - - SH-- ...}
 * (the wire form of RFC 3164 that HAProxy sends: priority, date, tag; no host name), which the log
 * scanner reads as it would a syslog file. The stdout route ({@code log stdout format raw}) would mix
 * the lines into the process output, outside the logs folder an offline diagnosis reads.
 */
final class SyslogReceiver implements AutoCloseable {

    private static final int MAX_DATAGRAM = 64 * 1024;

    private final DatagramChannel channel;
    private final Path file;
    private final Thread reader;

    private SyslogReceiver(DatagramChannel channel, Path file) {
        this.channel = channel;
        this.file = file;
        this.reader = new Thread(this::receive, "syslog-receiver");
        this.reader.setDaemon(true);
    }

    /** Listens on a free UDP port of 127.0.0.1 and appends what it receives to {@code file}. */
    static SyslogReceiver start(Path file) {
        try {
            DatagramChannel ch = DatagramChannel.open();
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Files.write(file, new byte[0], StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            SyslogReceiver r = new SyslogReceiver(ch, file);
            r.reader.start();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path file() {
        return file;
    }

    /** What was received so far. */
    String text() {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until a received line contains {@code text} (datagrams arrive asynchronously). */
    void awaitLine(String text, Duration limit) {
        Wait.until("a syslog line with '" + text + "' in " + file + ":\n" + (Files.exists(file) ? text() : ""),
                limit, () -> text().contains(text));
    }

    private void receive() {
        ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            while (channel.isOpen()) {
                buf.clear();
                channel.receive(buf);
                buf.flip();
                int end = buf.limit();
                while (end > 0 && (buf.get(end - 1) == '\n' || buf.get(end - 1) == 0)) {
                    end--;
                }
                out.write(buf.array(), 0, end);
                out.write('\n');
                out.flush();
            }
        } catch (ClosedChannelException e) {
            // closed by close(): done
        } catch (IOException e) {
            // the file or the socket went away with the stack: nothing more to record
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a datagram channel on loopback does not fail in practice
        }
    }
}
