package org.gatewaydoctor.checks.http.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Asks a server that refused the JVM's handshake which old protocol it does speak: one hand-built TLS 1.1
 * ClientHello (RFC 4346 layout, the cipher suites servers of that age offer), and the version of the
 * ServerHello that comes back. Nothing else is negotiated: the connection is closed after the first
 * record. The JVM itself cannot ask, because TLS 1.0 and 1.1 are disabled in it (and in every current
 * browser), which is exactly why such a server fails.
 */
final class LegacyHello {

    /** Cipher suites a TLS 1.0/1.1 server of any age accepts one of. */
    private static final int[] SUITES = {0xC014, 0xC013, 0xC00A, 0xC009, 0x0035, 0x002F, 0x000A, 0x0005};

    private LegacyHello() {
    }

    /**
     * The protocol the server answers a TLS 1.1 ClientHello with ({@code TLSv1}, {@code TLSv1.1}, or
     * {@code SSLv3}), or empty when it answers otherwise (an alert, not TLS, nothing in time).
     */
    static Optional<String> highestLegacyVersion(InetAddress address, int port, String sni, int timeoutMillis) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            s.getOutputStream().write(clientHello(sni));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(5);
            if (head.length < 5 || head[0] != 22) {
                return Optional.empty(); // 21 is an alert: it speaks none of these either
            }
            int length = (head[3] & 0xff) << 8 | head[4] & 0xff;
            byte[] body = in.readNBytes(Math.min(length, 16));
            if (body.length < 6 || body[0] != 2) {
                return Optional.empty();
            }
            return name((body[4] & 0xff) << 8 | body[5] & 0xff);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<String> name(int version) {
        return switch (version) {
            case 0x0300 -> Optional.of("SSLv3");
            case 0x0301 -> Optional.of("TLSv1");
            case 0x0302 -> Optional.of("TLSv1.1");
            default -> Optional.empty();
        };
    }

    /** A TLS 1.1 ClientHello in a TLS 1.0 record, with SNI when {@code sni} is a host name. */
    static byte[] clientHello(String sni) {
        ByteArrayOutputStream hello = new ByteArrayOutputStream();
        hello.write(0x03);
        hello.write(0x02); // client_version TLS 1.1
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        hello.writeBytes(random);
        hello.write(0); // no session id
        u16(hello, SUITES.length * 2);
        for (int suite : SUITES) {
            u16(hello, suite);
        }
        hello.write(1);
        hello.write(0); // null compression
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        if (sni != null && !sni.isEmpty()) {
            byte[] name = sni.getBytes(StandardCharsets.US_ASCII);
            u16(ext, 0x0000);
            u16(ext, name.length + 5);
            u16(ext, name.length + 3);
            ext.write(0); // host_name
            u16(ext, name.length);
            ext.writeBytes(name);
        }
        u16(ext, 0x000a); // supported_groups: secp256r1, secp384r1
        u16(ext, 6);
        u16(ext, 4);
        u16(ext, 0x0017);
        u16(ext, 0x0018);
        u16(ext, 0x000b); // ec_point_formats: uncompressed
        u16(ext, 2);
        ext.write(1);
        ext.write(0);
        u16(ext, 0xff01); // renegotiation_info, empty
        u16(ext, 1);
        ext.write(0);
        u16(hello, ext.size());
        hello.writeBytes(ext.toByteArray());

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(22); // handshake
        record.write(0x03);
        record.write(0x01); // record version TLS 1.0, as clients of that time sent
        u16(record, hello.size() + 4);
        record.write(1); // client_hello
        record.write(0);
        u16(record, hello.size());
        record.writeBytes(hello.toByteArray());
        return record.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8 & 0xff);
        out.write(v & 0xff);
    }
}
