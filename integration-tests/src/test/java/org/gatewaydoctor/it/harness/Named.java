package org.gatewaydoctor.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/**
 * A real BIND 9 ({@code /usr/sbin/named} from Debian's bind9 package) in a stack: authoritative for one zone
 * whose file the test writes ({@code named/<zone>.zone}), on 127.0.0.1 and a port free for UDP and TCP,
 * recursion off, no control channel, in the foreground. Reload a changed zone with {@link #reload}.
 */
public final class Named {

    public static final String BINARY = "/usr/sbin/named";

    private final Stack stack;
    private final Server server;
    private final String zone;
    private final int port;

    private Named(Stack stack, Server server, String zone, int port) {
        this.stack = stack;
        this.server = server;
        this.zone = zone;
        this.port = port;
    }

    /** Starts named serving {@code zone} from {@code zoneFile}'s text; waits until it answers for the zone. */
    public static Named start(Stack stack, String zone, String zoneFile) {
        return start(stack, zone, zoneFile, "");
    }

    /**
     * Starts named serving {@code zone} and whatever {@code moreConfig} declares (e.g. a secondary zone); waits
     * until it answers for {@code zone}.
     */
    public static Named start(Stack stack, String zone, String zoneFile, String moreConfig) {
        int port = freeUdpAndTcp();
        stack.mkdirs("named");
        stack.write("named/" + zone + ".zone", zoneFile);
        String conf = """
                options {
                    directory "%1$s";
                    listen-on port %2$d { 127.0.0.1; };
                    listen-on-v6 { none; };
                    pid-file "%1$s/named.pid";
                    session-keyfile "%1$s/session.key";
                    recursion no;
                    dnssec-validation no;
                    notify no;
                };
                controls { };
                zone "%3$s" { type primary; file "%1$s/%3$s.zone"; };
                %4$s
                """.formatted(stack.path("named"), port, zone, moreConfig);
        stack.write("named/named.conf", conf);
        Server s = stack.start("named", List.of(BINARY, "-g", "-n", "1", "-c", stack.path("named/named.conf").toString()));
        Named named = new Named(stack, s, zone, port);
        Wait.until("named to answer for " + zone + "\n" + stack.outputs(), Duration.ofSeconds(20),
                () -> named.serial() >= 0);
        return named;
    }

    /** A zone file: SOA with {@code serial}, {@code ns1} as NS, the records, every TTL {@code ttl} seconds. */
    public static String zoneFile(long serial, int ttl, String... records) {
        StringBuilder sb = new StringBuilder("$TTL " + ttl + "\n@ IN SOA ns1 hostmaster " + serial + " 3600 600 86400 "
                + ttl + "\n@ IN NS ns1\nns1 IN A 127.0.0.1\n");
        for (String r : records) {
            sb.append(r).append('\n');
        }
        return sb.toString();
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** Writes the zone's new text and reloads named (SIGHUP); returns once it serves {@code serial}. */
    public void reload(String zoneFile, long serial) {
        stack.write("named/" + zone + ".zone", zoneFile);
        Server.signal(server.pid(), "HUP");
        Wait.until("named to load serial " + serial + "\n" + stack.outputs(), Duration.ofSeconds(20),
                () -> serial() == serial);
    }

    /** The zone's SOA serial as named answers it now, -1 when it does not answer. */
    long serial() {
        // a hand-written SOA query: the harness has no DNS library of its own
        byte[] name = encode(zone);
        ByteBuffer q = ByteBuffer.allocate(12 + name.length + 4);
        q.putShort((short) 0x4744).putShort((short) 0).putShort((short) 1).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0).put(name).putShort((short) 6).putShort((short) 1);
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(300);
            s.send(new DatagramPacket(q.array(), q.position(), new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
            byte[] buf = new byte[4096];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            ByteBuffer r = ByteBuffer.wrap(buf, 0, p.getLength());
            if (r.getShort(0) != 0x4744 || (r.get(3) & 0x0f) != 0 || r.getShort(6) == 0) {
                return -1;
            }
            // the first answer record is the SOA: its data ends with serial, refresh, retry, expire, minimum
            int off = 12 + name.length + 4;
            if ((r.get(off) & 0xc0) == 0xc0) {
                off += 2;
            } else {
                while (r.get(off) != 0) {
                    off += 1 + (r.get(off) & 0xff);
                }
                off++;
            }
            int rdlength = r.getShort(off + 8) & 0xffff;
            int end = off + 10 + rdlength;
            return Integer.toUnsignedLong(r.getInt(end - 20));
        } catch (SocketTimeoutException e) {
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static byte[] encode(String zone) {
        ByteBuffer b = ByteBuffer.allocate(zone.length() + 2);
        for (String label : zone.split("\\.")) {
            b.put((byte) label.length()).put(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        b.put((byte) 0);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    /** A port free for both UDP and TCP on 127.0.0.1. */
    public static int freeUdpAndTcp() {
        for (int i = 0; i < 50; i++) {
            try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                 ServerSocket t = new ServerSocket()) {
                t.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), u.getLocalPort()));
                return u.getLocalPort();
            } catch (IOException busy) {
                // another
            }
        }
        throw new UncheckedIOException(new IOException("no port free for UDP and TCP on 127.0.0.1"));
    }
}
