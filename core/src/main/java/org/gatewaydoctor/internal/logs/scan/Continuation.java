package org.gatewaydoctor.internal.logs.scan;

/**
 * Lines that continue the record above them rather than start one. PHP's message for an uncaught
 * exception holds line breaks (Zend/zend_exceptions.c: {@code "Uncaught %s\n  thrown"}, the trace from
 * {@code getTraceAsString()}), and nginx ({@code FastCGI sent in stderr: "%*s"}), Apache and PHP-FPM write
 * it as it is, so a dense error log of a PHP host carries many such lines, as captured from real servers
 * in checks-http's {@code fixtures/nginx/error.log}:
 * <pre>
 * 2026/11/21 20:55:57 [error] 4590#4590: *54 FastCGI sent in stderr: "PHP message: PHP Fatal error:  Uncaught Error: ... in /x/functions.php:2
 * Stack trace:
 * #0 {main}
 *   thrown in /x/functions.php on line 2" while reading response header from upstream, client: ...
 * </pre>
 * Only these exact shapes count; any other line of no known format still makes a source look mixed or
 * wrapped (see the unwrap package), so that pasted and wrapped logs keep the whole catalogue.
 */
final class Continuation {

    private Continuation() {
    }

    /** Whether {@code line} is a line PHP writes after the first line of an uncaught-exception message. */
    static boolean ofPhpError(String line) {
        if (line.startsWith("Stack trace:") || line.startsWith("  thrown in ") || line.startsWith("Next ")) {
            return true;
        }
        // "#0 /path/file.php(12): fn()", "#1 {main}"
        int n = line.length();
        if (n < 3 || line.charAt(0) != '#') {
            return false;
        }
        int i = 1;
        while (i < n && i < 6 && line.charAt(i) >= '0' && line.charAt(i) <= '9') {
            i++;
        }
        return i > 1 && i < n && line.charAt(i) == ' ';
    }
}
