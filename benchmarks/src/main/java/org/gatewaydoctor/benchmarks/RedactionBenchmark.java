package org.gatewaydoctor.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.gatewaydoctor.spi.Redactor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Redactor#standard()} on one line of visitor-controlled text, by length: the run of letters
 * and digits that made the old URL user-info pattern backtrack (8 KiB took 0.43 s, 64 KiB 57 s), a
 * realistic nginx error line with secrets repeated to the length, and a mix of every syntax the
 * redactor looks for. Time per operation should grow with the length, not its square: compare the
 * {@code length} rows.
 *
 * <pre>
 * mvn -B -o -q package -pl benchmarks -am -DskipTests
 * java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main RedactionBenchmark -f 1 -wi 2 -w 1s -i 3 -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class RedactionBenchmark {

    @Param({"8192", "65536", "262144"})
    public int length;

    @Param({"alphanumeric", "nginx", "mixed"})
    public String input;

    private String text;
    private Redactor redactor;

    @Setup
    public void setUp() {
        redactor = Redactor.standard();
        redactor.addSecret("registered-db-password");
        Random random = new Random(8);
        StringBuilder sb = new StringBuilder(length + 512);
        switch (input) {
            case "alphanumeric" -> {
                String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
                while (sb.length() < length) {
                    sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            case "nginx" -> {
                while (sb.length() < length) {
                    sb.append("2026/11/21 09:14:03 [error] 1022#1022: *41631 connect() to unix:/run/php/php8.2-fpm.sock "
                            + "failed (11: Resource temporarily unavailable) while connecting to upstream, client: "
                            + "192.0.2.179, server: example.org, request: \"GET /?token=s3cr3t").append(random.nextInt(999))
                            .append("&p=42 HTTP/2.0\", upstream: \"https://deploy:pw@10.0.0.5/\", host: \"example.org\" ");
                }
            }
            default -> {
                String[] parts = {"password", "=", ":", "'", "\"", "\\", "://", "@", "Bearer ", "Cookie: ", "(", ")",
                    ", ", "IDENTIFIED BY ", "-----BEGIN ", "%2F", "&amp;", "?", "&", "mysqli_real_connect", "->",
                    "eyJ", ".", "a1", " ", "{", "}", "|", "define("};
                while (sb.length() < length) {
                    sb.append(parts[random.nextInt(parts.length)]);
                }
            }
        }
        sb.setLength(length);
        text = sb.toString();
    }

    @Benchmark
    public String redact() {
        return redactor.redact(text);
    }
}
