package org.gatewaydoctor.checks.phpfpm.internal.fastcgi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gatewaydoctor.checks.phpfpm.internal.fastcgi.FcgiResult.ProtocolError.Kind;

/**
 * Reads a FastCGI responder's answer as bytes arrive: records, then the CGI response in STDOUT. Push-style so
 * the client can bound every read by its deadline; one instance per call, not thread-safe.
 */
final class AnswerReader {

    private static final int PREFIX_BYTES = 256;

    private final FcgiLimits limits;
    private final byte[] header = new byte[FcgiProtocol.HEADER_LEN];
    private int headerFill;
    private int type;
    private int contentLeft;
    private int paddingLeft;
    private boolean inRecord;
    private final byte[] endBody = new byte[8];
    private int endFill;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private boolean stderrTruncated;
    private final byte[] first = new byte[PREFIX_BYTES];
    private int firstFill;
    private long received;
    private int records;

    AnswerReader(FcgiLimits limits) {
        this.limits = limits;
    }

    long received() {
        return received;
    }

    /**
     * Consumes what {@code in} holds; returns the call's result once the answer is complete or unusable, else
     * {@code null} to ask for more.
     */
    FcgiResult feed(ByteBuffer in, Duration elapsed) {
        int n = in.remaining();
        int copy = Math.min(n, PREFIX_BYTES - firstFill);
        if (copy > 0) {
            in.duplicate().get(first, firstFill, copy);
            firstFill += copy;
        }
        // Only the bytes up to the total cap are parsed, so the answer does not depend on how the peer's
        // bytes were split into reads: an END_REQUEST inside the cap counts even when more bytes came with it.
        long room = Math.max(0, limits.maxTotalBytes() - received);
        ByteBuffer part = in;
        if (n > room) {
            part = in.duplicate();
            part.limit(part.position() + (int) room);
        }
        received += Math.min(n, room);
        FcgiResult result = records(part, elapsed);
        if (part != in) {
            in.position(part.position());
            if (result == null) {
                received += n - room;
                return error(Kind.OUTPUT_LIMIT, "more than " + limits.maxTotalBytes() + " bytes without END_REQUEST");
            }
        }
        return result;
    }

    private FcgiResult records(ByteBuffer in, Duration elapsed) {
        while (in.hasRemaining()) {
            if (!inRecord) {
                int take = Math.min(in.remaining(), FcgiProtocol.HEADER_LEN - headerFill);
                in.get(header, headerFill, take);
                headerFill += take;
                if (headerFill < FcgiProtocol.HEADER_LEN) {
                    return null;
                }
                FcgiResult bad = startRecord();
                if (bad != null) {
                    return bad;
                }
            }
            if (contentLeft > 0 && in.hasRemaining()) {
                int take = Math.min(in.remaining(), contentLeft);
                FcgiResult bad = content(in, take);
                if (bad != null) {
                    return bad;
                }
                contentLeft -= take;
            }
            if (contentLeft == 0 && paddingLeft > 0 && in.hasRemaining()) {
                int take = Math.min(in.remaining(), paddingLeft);
                in.position(in.position() + take);
                paddingLeft -= take;
            }
            if (contentLeft == 0 && paddingLeft == 0) {
                inRecord = false;
                headerFill = 0;
                if (type == FcgiProtocol.END_REQUEST) {
                    return end(elapsed);
                }
            }
        }
        return null;
    }

    private FcgiResult startRecord() {
        int version = header[0] & 0xff;
        if (version != FcgiProtocol.VERSION_1) {
            return notFastCgi(version);
        }
        type = header[1] & 0xff;
        int requestId = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
        contentLeft = ((header[4] & 0xff) << 8) | (header[5] & 0xff);
        paddingLeft = header[6] & 0xff;
        inRecord = true;
        if (++records > limits.maxRecords()) {
            return error(Kind.RECORD_LIMIT, "more than " + limits.maxRecords() + " records without END_REQUEST");
        }
        boolean known = type == FcgiProtocol.STDOUT || type == FcgiProtocol.STDERR
                || type == FcgiProtocol.END_REQUEST;
        if (!known) {
            String why = type == FcgiProtocol.UNKNOWN_TYPE
                    ? "the peer answered FCGI_UNKNOWN_TYPE: it did not understand the request"
                    : "a responder does not send " + FcgiProtocol.typeName(type) + " (request id " + requestId + ")";
            return error(Kind.UNEXPECTED_RECORD, why);
        }
        if (requestId != FcgiProtocol.REQUEST_ID) {
            return error(Kind.WRONG_REQUEST_ID, FcgiProtocol.typeName(type) + " for request id " + requestId
                    + ", expected " + FcgiProtocol.REQUEST_ID);
        }
        if (type == FcgiProtocol.END_REQUEST && contentLeft != 8) {
            return error(Kind.BAD_END_REQUEST, "FCGI_END_REQUEST with a " + contentLeft + "-byte body, expected 8");
        }
        if (type == FcgiProtocol.END_REQUEST) {
            endFill = 0;
        }
        return null;
    }

    private FcgiResult content(ByteBuffer in, int take) {
        switch (type) {
            case FcgiProtocol.STDOUT -> {
                if (stdout.size() + (long) take > limits.maxStdoutBytes()) {
                    return error(Kind.OUTPUT_LIMIT, "more than " + limits.maxStdoutBytes() + " bytes of STDOUT");
                }
                byte[] b = new byte[take];
                in.get(b);
                stdout.writeBytes(b);
            }
            case FcgiProtocol.STDERR -> {
                int keep = Math.max(0, Math.min(take, limits.maxStderrBytes() - stderr.size()));
                byte[] b = new byte[keep];
                in.get(b);
                stderr.writeBytes(b);
                if (keep < take) {
                    stderrTruncated = true;
                    in.position(in.position() + (take - keep));
                }
            }
            case FcgiProtocol.END_REQUEST -> {
                in.get(endBody, endFill, take);
                endFill += take;
            }
            default -> throw new IllegalStateException("type " + type);
        }
        return null;
    }

    private FcgiResult end(Duration elapsed) {
        long appStatus = ((long) (endBody[0] & 0xff) << 24) | ((endBody[1] & 0xff) << 16)
                | ((endBody[2] & 0xff) << 8) | (endBody[3] & 0xff);
        int protocolStatus = endBody[4] & 0xff;
        if (protocolStatus != FcgiProtocol.REQUEST_COMPLETE) {
            return error(Kind.REQUEST_REJECTED, "END_REQUEST with " + FcgiProtocol.protocolStatusName(protocolStatus));
        }
        return cgi(stdout.toByteArray(), appStatus, elapsed);
    }

    /** Splits STDOUT into CGI headers and body (RFC 3875 section 6). */
    private FcgiResult cgi(byte[] out, long appStatus, Duration elapsed) {
        int sep = -1;
        int bodyStart = -1;
        for (int k = 0; k < out.length; k++) {
            if (out[k] == '\n') {
                if (k + 1 < out.length && out[k + 1] == '\n') {
                    sep = k;
                    bodyStart = k + 2;
                    break;
                }
                if (k + 2 < out.length && out[k + 1] == '\r' && out[k + 2] == '\n') {
                    sep = k;
                    bodyStart = k + 3;
                    break;
                }
            }
        }
        if (sep < 0) {
            return error(Kind.MALFORMED_HEADERS, out.length == 0 ? "STDOUT is empty: no CGI headers"
                    : "STDOUT has no end of CGI headers (an empty line)");
        }
        String head = new String(out, 0, sep, StandardCharsets.ISO_8859_1);
        List<FcgiResult.Header> headers = new ArrayList<>();
        int status = 200;
        boolean statusSeen = false;
        boolean location = false;
        for (String line : head.split("\n")) {
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            int colon = l.indexOf(':');
            if (colon <= 0) {
                return error(Kind.MALFORMED_HEADERS, "invalid CGI header line: " + clip(l));
            }
            String name = l.substring(0, colon).strip();
            String value = l.substring(colon + 1).strip();
            headers.add(new FcgiResult.Header(name, value));
            if (name.equalsIgnoreCase("Status") && !statusSeen) {
                statusSeen = true;
                if (value.length() < 3 || !value.substring(0, 3).chars().allMatch(Character::isDigit)
                        || (value.length() > 3 && value.charAt(3) != ' ')) {
                    return error(Kind.MALFORMED_HEADERS, "invalid Status header: " + clip(value));
                }
                status = Integer.parseInt(value.substring(0, 3));
            } else if (name.equalsIgnoreCase("Location")) {
                location = true;
            }
        }
        if (!statusSeen && location) {
            status = 302;
        }
        String body = decode(out, bodyStart, out.length - bodyStart);
        byte[] err = stderr.toByteArray();
        return new FcgiResult.Response(status, headers, body, decode(err, 0, err.length), stderrTruncated, appStatus,
                elapsed);
    }

    /** The peer closed (or reset) the connection before END_REQUEST. */
    FcgiResult closed(boolean reset) {
        String detail;
        if (received == 0) {
            detail = "the peer closed the connection without answering";
        } else if (inRecord || headerFill > 0) {
            detail = "the peer closed the connection in the middle of a " + (inRecord ? FcgiProtocol.typeName(type)
                    + " record" : "record header") + " after " + received + " bytes";
        } else {
            detail = "the peer closed the connection after " + received + " bytes, before FCGI_END_REQUEST";
        }
        if (received > 0 && firstFill >= 5 && !inRecord && records == 0) {
            FcgiResult http = notFastCgi(first[0] & 0xff);
            if (http instanceof FcgiResult.ProtocolError p && p.kind() != Kind.BAD_VERSION) {
                return http;
            }
        }
        byte[] out = stdout.toByteArray();
        byte[] err = stderr.toByteArray();
        String prefix = decode(out, 0, Math.min(out.length, 1024));
        return new FcgiResult.Closed(received, reset, detail, prefix, decode(err, 0, err.length));
    }

    private FcgiResult notFastCgi(int version) {
        String start = new String(first, 0, firstFill, StandardCharsets.ISO_8859_1);
        if (start.startsWith("HTTP/")) {
            int eol = start.indexOf('\r');
            if (eol < 0) {
                eol = start.indexOf('\n');
            }
            String statusLine = eol < 0 ? start : start.substring(0, eol);
            return error(Kind.HTTP_RESPONSE, "the peer answered in HTTP, not FastCGI: " + clip(statusLine));
        }
        if (firstFill >= 2 && (first[0] == 0x15 || first[0] == 0x16) && first[1] == 0x03) {
            return error(Kind.TLS_RESPONSE, "the peer answered with TLS (" + (first[0] == 0x15 ? "alert" : "handshake")
                    + " record), not FastCGI");
        }
        return error(Kind.BAD_VERSION, String.format(Locale.ROOT,
                "record header with version %d (0x%02x), expected 1: not a FastCGI answer", version, version));
    }

    private FcgiResult error(Kind kind, String what) {
        return new FcgiResult.ProtocolError(kind, what, received, FcgiProtocol.printable(first, firstFill, 200));
    }

    private static String clip(String s) {
        String p = FcgiProtocol.printable(s.getBytes(StandardCharsets.ISO_8859_1), s.length(), 120);
        return p;
    }

    private static String decode(byte[] b, int off, int len) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }
    }
}
