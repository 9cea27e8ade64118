package io.stowage.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.StowageException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM files as openssl writes them, made into the server's keystore; what does not fit is refused naming the file. */
class TlsKeystoreTest {
    @TempDir
    Path dir;

    private void openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    void aCertificateAndItsKeyMakeAKeystoreOnlyItsOwnerReads() throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ec.key", "-out", "ec.crt",
                "-days", "1", "-subj", "/CN=127.0.0.1");
        Path target = dir.resolve("store/tls.p12");
        String password = TlsKeystore.write(dir.resolve("ec.crt"), dir.resolve("ec.key"), target);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(target)) {
            ks.load(in, password.toCharArray());
        }
        assertTrue(ks.isKeyEntry("stowage"));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void aKeyOfAnotherCertificateAnOldFormatOrJunkIsRefusedNamingTheFile() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "a.key", "-out", "a.crt", "-days", "1", "-subj", "/CN=a");
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "b.key");
        openssl("pkey", "-in", "a.key", "-traditional", "-out", "a.pkcs1.key");
        Path target = dir.resolve("tls.p12");
        StowageException other = assertThrows(StowageException.class, () -> TlsKeystore.write(dir.resolve("a.crt"), dir.resolve("b.key"), target));
        assertEquals("tls.key " + dir.resolve("b.key") + " is not the key of tls.certificate " + dir.resolve("a.crt"), other.getMessage());
        StowageException old = assertThrows(StowageException.class,
                () -> TlsKeystore.write(dir.resolve("a.crt"), dir.resolve("a.pkcs1.key"), target));
        assertTrue(old.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), old.getMessage());
        StowageException junk = assertThrows(StowageException.class, () -> TlsKeystore.write(dir.resolve("a.key"), dir.resolve("a.key"), target));
        assertTrue(junk.getMessage().startsWith("tls.certificate " + dir.resolve("a.key") + ": "), junk.getMessage());
        assertTrue(!Files.exists(target), "nothing written for a refused pair");
    }
}
