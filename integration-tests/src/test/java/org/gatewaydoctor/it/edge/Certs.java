package org.gatewaydoctor.it.edge;

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
 * A test PKI made with the real {@code openssl} command: a root CA, an intermediate CA, and leaf
 * certificates signed by the intermediate with any validity window ({@code openssl ca -startdate
 * -enddate}), any names, optionally must-staple ({@code tlsfeature = status_request}), and self-signed
 * ones. Files go to {@code dir}; nothing outside it is read or written.
 */
final class Certs {

    private static final DateTimeFormatter ASN1 = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path dir;

    private Certs(Path dir) {
        this.dir = dir;
    }

    /** Creates the root and intermediate CAs in {@code dir}. */
    static Certs create(Path dir) {
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
        Certs c = new Certs(dir);
        c.run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "root.key", "-out", "root.crt", "-days", "150", "-subj", "/CN=gateway-doctor test root",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        c.run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "intermediate.key", "-out", "intermediate.csr", "-subj", "/CN=gateway-doctor test intermediate");
        c.sign("intermediate.csr", "root", "intermediate.crt", Instant.now().minusSeconds(3600),
                Instant.now().plusSeconds(120 * 86400L), "intermediate");
        return c;
    }

    Path root() {
        return dir.resolve("root.crt");
    }

    /**
     * A leaf for {@code names} ({@code DNS:site.test}, {@code IP:127.0.0.1}) valid from {@code from} to
     * {@code to}, signed by the intermediate; writes {@code <name>.crt} (leaf only), {@code <name>.chain.crt}
     * (leaf + intermediate) and {@code <name>.key}.
     */
    Path leaf(String name, String names, Instant from, Instant to, boolean mustStaple) {
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
    Path selfSigned(String name, String names) {
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", name + ".key", "-out", name + ".crt", "-days", "30", "-subj", "/CN=" + name, "-addext",
                "subjectAltName=" + names);
        return dir.resolve(name + ".crt");
    }

    /**
     * The intermediate revokes {@code <name>.crt} in its database ({@code openssl ca -revoke}), as a CA does when
     * a key is compromised.
     */
    void revoke(String name) {
        run("openssl", "ca", "-config", "ca.cnf", "-cert", "intermediate.crt", "-keyfile", "intermediate.key",
                "-revoke", name + ".crt", "-crl_reason", "keyCompromise");
    }

    /**
     * An OCSP response for {@code <name>.crt} as the intermediate's responder answers it ({@code openssl ocsp}
     * with the CA database as index, signed by the intermediate, next update in a day), in DER:
     * {@code <out>}. The status is what the database says: good, or revoked after {@link #revoke}.
     */
    Path ocspResponse(String name, String out) {
        run("openssl", "ocsp", "-issuer", "intermediate.crt", "-cert", name + ".crt", "-no_nonce", "-reqout",
                name + ".ocsp-req.der");
        run("openssl", "ocsp", "-index", "index.txt", "-CA", "intermediate.crt", "-rsigner", "intermediate.crt",
                "-rkey", "intermediate.key", "-reqin", name + ".ocsp-req.der", "-respout", out, "-ndays", "1");
        return dir.resolve(out);
    }

    Path file(String name) {
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
