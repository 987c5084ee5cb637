package org.gatewaydoctor.checks.phpfpm.internal.fastcgi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The FastCGI 1.0 wire format (fastcgi.com specification, section 3 and 8): an 8-byte record header
 * ({@code version, type, requestIdB1, requestIdB0, contentLengthB1, contentLengthB0, paddingLength, reserved}),
 * then content and padding; name-value pairs with 1-byte lengths below 128 and 4-byte lengths (high bit set)
 * otherwise.
 */
final class FcgiProtocol {

    private FcgiProtocol() {
    }

    static final int VERSION_1 = 1;
    static final int HEADER_LEN = 8;
    static final int MAX_CONTENT = 65535;

    static final int BEGIN_REQUEST = 1;
    static final int ABORT_REQUEST = 2;
    static final int END_REQUEST = 3;
    static final int PARAMS = 4;
    static final int STDIN = 5;
    static final int STDOUT = 6;
    static final int STDERR = 7;
    static final int DATA = 8;
    static final int GET_VALUES = 9;
    static final int GET_VALUES_RESULT = 10;
    static final int UNKNOWN_TYPE = 11;

    static final int RESPONDER = 1;

    static final int REQUEST_COMPLETE = 0;
    static final int CANT_MPX_CONN = 1;
    static final int OVERLOADED = 2;
    static final int UNKNOWN_ROLE = 3;

    /** The request id this client uses: one request per connection. */
    static final int REQUEST_ID = 1;

    /** The bytes of a request: BEGIN_REQUEST (responder, no keep-alive), PARAMS, empty PARAMS, empty STDIN. */
    static byte[] encode(FcgiRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        byte[] begin = {0, (byte) RESPONDER, 0, 0, 0, 0, 0, 0};
        record(out, BEGIN_REQUEST, begin, 0, begin.length);
        ByteArrayOutputStream params = new ByteArrayOutputStream(512);
        for (FcgiRequest.Param p : request.params()) {
            byte[] name = p.name().getBytes(StandardCharsets.UTF_8);
            byte[] value = p.value().getBytes(StandardCharsets.UTF_8);
            length(params, name.length);
            length(params, value.length);
            params.writeBytes(name);
            params.writeBytes(value);
        }
        byte[] body = params.toByteArray();
        for (int off = 0; off < body.length; off += MAX_CONTENT) {
            record(out, PARAMS, body, off, Math.min(MAX_CONTENT, body.length - off));
        }
        record(out, PARAMS, body, 0, 0);
        record(out, STDIN, body, 0, 0);
        return out.toByteArray();
    }

    static void length(ByteArrayOutputStream out, int len) {
        if (len < 128) {
            out.write(len);
        } else {
            out.write(0x80 | (len >>> 24));
            out.write(len >>> 16);
            out.write(len >>> 8);
            out.write(len);
        }
    }

    static void record(ByteArrayOutputStream out, int type, byte[] content, int off, int len) {
        out.write(VERSION_1);
        out.write(type);
        out.write(REQUEST_ID >>> 8);
        out.write(REQUEST_ID);
        out.write(len >>> 8);
        out.write(len);
        out.write(0); // padding
        out.write(0); // reserved
        out.write(content, off, len);
    }

    static String typeName(int type) {
        return switch (type) {
            case BEGIN_REQUEST -> "FCGI_BEGIN_REQUEST";
            case ABORT_REQUEST -> "FCGI_ABORT_REQUEST";
            case END_REQUEST -> "FCGI_END_REQUEST";
            case PARAMS -> "FCGI_PARAMS";
            case STDIN -> "FCGI_STDIN";
            case STDOUT -> "FCGI_STDOUT";
            case STDERR -> "FCGI_STDERR";
            case DATA -> "FCGI_DATA";
            case GET_VALUES -> "FCGI_GET_VALUES";
            case GET_VALUES_RESULT -> "FCGI_GET_VALUES_RESULT";
            case UNKNOWN_TYPE -> "FCGI_UNKNOWN_TYPE";
            default -> "type " + type;
        };
    }

    static String protocolStatusName(int status) {
        return switch (status) {
            case REQUEST_COMPLETE -> "FCGI_REQUEST_COMPLETE";
            case CANT_MPX_CONN -> "FCGI_CANT_MPX_CONN";
            case OVERLOADED -> "FCGI_OVERLOADED";
            case UNKNOWN_ROLE -> "FCGI_UNKNOWN_ROLE";
            default -> "protocol status " + status;
        };
    }

    /** Bytes as printable ASCII, other bytes as {@code \xNN}, at most {@code max} characters. */
    static String printable(byte[] b, int len, int max) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < len && s.length() < max; k++) {
            int c = b[k] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                s.append((char) c);
            } else if (c == '\r') {
                s.append("\\r");
            } else if (c == '\n') {
                s.append("\\n");
            } else {
                s.append(String.format(java.util.Locale.ROOT, "\\x%02x", c));
            }
        }
        return s.length() > max ? s.substring(0, max) : s.toString();
    }
}
