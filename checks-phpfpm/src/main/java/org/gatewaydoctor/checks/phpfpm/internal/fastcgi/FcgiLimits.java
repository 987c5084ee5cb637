package org.gatewaydoctor.checks.phpfpm.internal.fastcgi;

/**
 * How much of an answer {@link FastCgiClient} reads.
 *
 * @param maxStdoutBytes STDOUT bytes (CGI headers and body); more ends the call with
 *     {@link FcgiResult.ProtocolError.Kind#OUTPUT_LIMIT}
 * @param maxStderrBytes STDERR bytes kept; more are counted and dropped
 * @param maxRecords records read; more ends the call with {@link FcgiResult.ProtocolError.Kind#RECORD_LIMIT}
 * @param maxTotalBytes bytes read in all (headers, padding and dropped STDERR included); more ends the call
 *     with {@link FcgiResult.ProtocolError.Kind#OUTPUT_LIMIT}
 */
public record FcgiLimits(int maxStdoutBytes, int maxStderrBytes, int maxRecords, long maxTotalBytes) {

    /** 1 MiB of STDOUT (a full status page of 1000 workers is about 400 KiB), 64 KiB of STDERR. */
    public static final FcgiLimits DEFAULT = new FcgiLimits(1 << 20, 64 * 1024, 10_000, 4L << 20);

    public FcgiLimits {
        if (maxStdoutBytes < 1 || maxStderrBytes < 0 || maxRecords < 1 || maxTotalBytes < maxStdoutBytes) {
            throw new IllegalArgumentException("invalid limits");
        }
    }
}
