package io.stowage.server.internal;

import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The server's TLS identity from the files people have: a PEM certificate chain and a PEM
 * PKCS#8 private key (what openssl writes), put in a PKCS#12 keystore readable by its owner alone
 * for the HTTP server, with a random password. The key must be the certificate's.
 */
final class TlsKeystore {
    private TlsKeystore() {
    }

    /** Writes the keystore to {@code target}; returns its password. */
    static String write(Path certificate, Path key, Path target) {
        List<Certificate> chain = certificates(certificate);
        PrivateKey privateKey = privateKey(key);
        matches(privateKey, (X509Certificate) chain.get(0), certificate, key);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("stowage", privateKey, password.toCharArray(), chain.toArray(new Certificate[0]));
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(target);
            Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.TRUNCATE_EXISTING)) {
                store.store(out, password.toCharArray());
            }
            return password;
        } catch (GeneralSecurityException | IOException e) {
            throw new StowageException(Reason.IO, "tls: cannot write the keystore " + target + ": " + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(Path file) {
        try {
            List<Certificate> chain = List.copyOf(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file))));
            if (chain.isEmpty()) {
                throw new StowageException(Reason.INVALID, "tls.certificate " + file + ": holds no certificate");
            }
            return chain;
        } catch (IOException e) {
            throw new StowageException(Reason.INVALID, "tls.certificate " + file + ": cannot be read: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new StowageException(Reason.INVALID, "tls.certificate " + file + ": not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new StowageException(Reason.INVALID, "tls.key " + file + ": cannot be read: " + e.getMessage(), e);
        }
        String begin = "-----BEGIN PRIVATE KEY-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf("-----END PRIVATE KEY-----");
        if (from < 0 || to < from) {
            boolean other = pem.contains("-----BEGIN RSA PRIVATE KEY-----") || pem.contains("-----BEGIN EC PRIVATE KEY-----");
            throw new StowageException(Reason.INVALID, "tls.key " + file + ": " + (other
                    ? "a PKCS#1 or SEC1 key; convert it with: openssl pkcs8 -topk8 -nocrypt -in <key> -out <key.pk8>"
                    : "no unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----)"));
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new StowageException(Reason.INVALID, "tls.key " + file + ": the key's base64 is damaged");
        }
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // the next algorithm
            }
        }
        throw new StowageException(Reason.INVALID, "tls.key " + file + ": not an RSA, EC or EdDSA key");
    }

    /** The key signs what the certificate's public key verifies, or the pair is refused. */
    private static void matches(PrivateKey key, X509Certificate certificate, Path certificateFile, Path keyFile) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        try {
            byte[] probe = "stowage".getBytes(StandardCharsets.US_ASCII);
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(key);
            sign.update(probe);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(certificate.getPublicKey());
            verify.update(probe);
            if (verify.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // not a pair either
        }
        throw new StowageException(Reason.INVALID, "tls.key " + keyFile + " is not the key of tls.certificate " + certificateFile);
    }
}
