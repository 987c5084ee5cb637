package org.gatewaydoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.LogScan;
import org.gatewaydoctor.logs.LogScanner;
import org.gatewaydoctor.logs.SignatureCatalog;
import org.gatewaydoctor.logs.SignatureHits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single lines of another program inside a big log of one format, with the real catalogue (every check module's
 * signatures): the scan narrows its search to the formats of a file's first lines, and a line or two of PHP-FPM
 * or the database spliced into megabytes of nginx's error log must still be found, counted at their line and
 * named among the file's formats. All lines are real: nginx 1.22.1's from the captures in
 * {@code src/test/resources/reallogs/captured}, PHP-FPM 8.2's from the same captures and core's
 * {@code formats/php-fpm.log}, MariaDB 10.11's from core's {@code formats/mariadb-error-berlin.log}.
 */
class ScatteredLinesScanTest {

    @TempDir
    Path dir;

    static final List<String> NGINX = List.of(
            "2026/12/07 14:38:11 [notice] 1#1: using the \"epoll\" event method",
            "2026/12/07 14:38:11 [notice] 1#1: start worker process 6",
            "2026/12/07 14:38:28 [error] 6#6: *5 recv() failed (104: Connection reset by peer) while reading response"
                    + " header from upstream, client: 127.0.0.1, server: , request: \"GET /slow.php HTTP/1.1\", upstream:"
                    + " \"fastcgi://unix:/run/gd/php.sock:\", host: \"127.0.0.1:8080\"",
            "2026/12/07 14:38:15 [crit] 6#6: *1 connect() to unix:/run/gd/php.sock failed (2: No such file or directory)"
                    + " while connecting to upstream, client: 127.0.0.1, server: , request: \"GET /index.php HTTP/1.1\","
                    + " upstream: \"fastcgi://unix:/run/gd/php.sock:\", host: \"127.0.0.1:8080\"",
            "2026/11/21 21:37:39 [info] 31342#31342: *3 client 127.0.0.1 closed keepalive connection");
    static final String FPM_TIMED_OUT = "[07-Dec-2026 14:38:28] WARNING: [pool www] child 6, script '/srv/www/slow.php'"
            + " (request: \"GET /slow.php\") execution timed out (2.295020 sec), terminating";
    static final String FPM_MAX_CHILDREN = "[21-Nov-2026 21:37:50] WARNING: [pool berlin] server reached max_children"
            + " setting (2), consider raising it";
    static final String MARIADB_SIGNAL = "261121 21:39:08 [ERROR] mariadbd got signal 11 ;";

    @Test
    void twoPhpFpmLinesAndADatabaseLineInsideMegabytesOfNginxAreFoundAtTheirLines() throws IOException,
            InterruptedException {
        StringBuilder b = new StringBuilder();
        // 1-based line numbers of the spliced lines, past the 200-line sample and in different 4 MiB buffers
        final int fpm1 = 9_002;
        final int db = 47_004;
        final int fpm2 = 80_018;
        int line = 0;
        while (b.length() < 12 << 20) {
            line++;
            String next = line == fpm1 ? FPM_TIMED_OUT : line == db ? MARIADB_SIGNAL : line == fpm2 ? FPM_MAX_CHILDREN
                    : NGINX.get(line % NGINX.size());
            b.append(next).append('\n');
        }
        Path log = Files.writeString(dir.resolve("error.log"), b, StandardCharsets.UTF_8);
        LogScanner scanner = LogScanner.builder().catalog(SignatureCatalog.discover(getClass().getClassLoader()))
                .zone(ZoneOffset.UTC).parallelism(1).build();
        LogScan scan = scanner.scanPaths(List.of(log));

        assertEquals(line, scan.linesScanned());
        SignatureHits exited = scan.hits("phpfpm.request-terminated").orElseThrow(
                () -> new AssertionError("the PHP-FPM line at " + fpm1 + " was not found: " + scan.signatures()));
        assertEquals(1, exited.count());
        assertEquals(fpm1, exited.samples().get(0).line());
        SignatureHits maxChildren = scan.hits("phpfpm.max-children").orElseThrow();
        assertEquals(1, maxChildren.count());
        assertEquals(fpm2, maxChildren.samples().get(0).line());
        SignatureHits crashed = scan.hits("mysql.crashed").orElseThrow(
                () -> new AssertionError("the MariaDB line at " + db + " was not found"));
        assertEquals(1, crashed.count());
        assertEquals(db, crashed.samples().get(0).line());
        // the nginx lines are counted as before: every fifth line is the ENOENT one
        assertEquals(line / NGINX.size(), scan.hits("nginx.connect-enoent").orElseThrow().count(), 1);
        Map<LogFormat, Long> formats = scan.files().get(0).formats();
        assertTrue(formats.containsKey(LogFormat.PHP_FPM) && formats.containsKey(LogFormat.MYSQL_ERROR),
                "checks that pick files by format see them: " + formats);
        assertEquals(200L, formats.get(LogFormat.NGINX_ERROR), "the sampled format is counted as sampled");
    }
}
