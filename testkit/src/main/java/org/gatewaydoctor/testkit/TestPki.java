package org.gatewaydoctor.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test PKI made with the real {@code openssl} command, for tests of TLS checks: a root CA, an intermediate CA,
 * and leaf certificates signed by the intermediate with any validity window ({@code openssl ca -startdate
 * -enddate}), any names, optionally must-staple ({@code tlsfeature = status_request}); self-signed certificates;
 * revocations in the CA's database and OCSP responses made from it ({@code openssl ocsp}). Files go to
 * {@code dir}; nothing outside it is read or written. Every command must succeed within 30 seconds, or the test
 * fails with its output.
 *
 * <pre>{@code
 * TestPki pki = TestPki.create(tempDir);
 * pki.leaf("site", "DNS:site.test,IP:127.0.0.1", Instant.now().minus(Duration.ofDays(1)),
 *         Instant.now().plus(Duration.ofDays(30)), false);
 * // site.crt (leaf), site.chain.crt (leaf + intermediate), site.key; trust pki.root()
 * }</pre>
 */
public final class TestPki {

    private static final DateTimeFormatter ASN1 = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    /** Creates the root ({@code root.crt}) and the intermediate ({@code intermediate.crt}) CAs in {@code dir}. */
    public static TestPki create(Path dir) {
        try {
            Files.createDirectories(dir.resolve("newcerts"));
            Files.writeString(dir.resolve("index.txt"), "");
            Files.writeString(dir.resolve("serial"), "1000\n");
            Files.writeString(dir.resolve("ca.cnf"), """
                    [ ca ]
                    default_ca = test_ca
                    [ test_ca ]
                    database = %1$s/index.txt
                    new_certs_dir = %1$s/newcerts
                    serial = %1$s/serial
                    default_md = sha256
                    policy = any
                    copy_extensions = copy
                    unique_subject = no
                    email_in_dn = no
                    [ any ]
                    commonName = supplied
                    [ intermediate ]
                    basicConstraints = critical, CA:TRUE, pathlen:0
                    keyUsage = critical, keyCertSign, cRLSign
                    [ leaf ]
                    basicConstraints = CA:FALSE
                    keyUsage = critical, digitalSignature
                    extendedKeyUsage = serverAuth
                    """.formatted(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestPki c = new TestPki(dir);
        c.run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "root.key", "-out", "root.crt", "-days", "150", "-subj", "/CN=gateway-doctor test root",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        c.run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "intermediate.key", "-out", "intermediate.csr", "-subj", "/CN=gateway-doctor test intermediate");
        c.sign("intermediate.csr", "root", "intermediate.crt", Instant.now().minusSeconds(3600),
                Instant.now().plusSeconds(120 * 86400L), "intermediate");
        return c;
    }

    /** The root CA's certificate, the one to trust. */
    public Path root() {
        return dir.resolve("root.crt");
    }

    /** The intermediate CA's certificate, the leaves' issuer. */
    public Path intermediate() {
        return dir.resolve("intermediate.crt");
    }

    /**
     * A leaf for {@code names} ({@code DNS:site.test}, {@code IP:127.0.0.1}) valid from {@code from} to
     * {@code to}, signed by the intermediate; writes {@code <name>.crt} (leaf only), {@code <name>.chain.crt}
     * (leaf + intermediate) and {@code <name>.key}.
     *
     * @return the leaf's certificate file
     */
    public Path leaf(String name, String names, Instant from, Instant to, boolean mustStaple) {
        List<String> cmd = new ArrayList<>(List.of("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj",
                "/CN=" + name, "-addext", "subjectAltName=" + names));
        if (mustStaple) {
            cmd.addAll(List.of("-addext", "tlsfeature=status_request"));
        }
        run(cmd.toArray(String[]::new));
        sign(name + ".csr", "intermediate", name + ".crt", from, to, "leaf");
        try {
            Files.writeString(dir.resolve(name + ".chain.crt"), Files.readString(dir.resolve(name + ".crt"))
                    + Files.readString(dir.resolve("intermediate.crt")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.resolve(name + ".crt");
    }

    /** A self-signed certificate for {@code names}: {@code <name>.crt} and {@code <name>.key}. */
    public Path selfSigned(String name, String names) {
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", name + ".key", "-out", name + ".crt", "-days", "30", "-subj", "/CN=" + name, "-addext",
                "subjectAltName=" + names);
        return dir.resolve(name + ".crt");
    }

    /**
     * The intermediate revokes {@code <name>.crt} in its database ({@code openssl ca -revoke}) for {@code reason}
     * (openssl's words: {@code keyCompromise}, {@code superseded}, ...), as a CA does when a key is compromised.
     */
    public void revoke(String name, String reason) {
        run("openssl", "ca", "-config", "ca.cnf", "-cert", "intermediate.crt", "-keyfile", "intermediate.key",
                "-revoke", name + ".crt", "-crl_reason", reason);
    }

    /**
     * An OCSP response for {@code <name>.crt} as the intermediate's responder answers it ({@code openssl ocsp}
     * with the CA database as index, signed by the intermediate, next update in a day), in DER: {@code <out>}. The
     * status is what the database says: good, or revoked after {@link #revoke}.
     */
    public Path ocspResponse(String name, String out) {
        return ocspResponse(name, "intermediate", out);
    }

    /**
     * As {@link #ocspResponse(String, String)}, but signed by {@code signer}'s key ({@code root}: a key the
     * leaf's issuer did not delegate).
     */
    public Path ocspResponse(String name, String signer, String out) {
        run("openssl", "ocsp", "-issuer", "intermediate.crt", "-cert", name + ".crt", "-no_nonce", "-reqout",
                name + ".ocsp-req.der");
        run("openssl", "ocsp", "-index", "index.txt", "-CA", "intermediate.crt", "-rsigner", signer + ".crt",
                "-rkey", signer + ".key", "-reqin", name + ".ocsp-req.der", "-respout", out, "-ndays", "1");
        return dir.resolve(out);
    }

    /** A file of this PKI, {@code <name>} in its directory. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    private void sign(String csr, String issuer, String out, Instant from, Instant to, String extensions) {
        run("openssl", "ca", "-batch", "-notext", "-config", "ca.cnf", "-cert", issuer + ".crt", "-keyfile",
                issuer + ".key", "-in", csr, "-out", out, "-startdate", ASN1.format(from), "-enddate", ASN1.format(to),
                "-extensions", extensions);
    }

    private void run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("openssl.out").toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("openssl did not finish: " + String.join(" ", cmd));
            }
            assertEquals(0, p.exitValue(), () -> "openssl failed: " + String.join(" ", cmd) + "\n" + output());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private String output() {
        try {
            return Files.readString(dir.resolve("openssl.out"));
        } catch (IOException e) {
            return "";
        }
    }
}
