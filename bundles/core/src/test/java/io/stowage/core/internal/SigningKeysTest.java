package io.stowage.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.StowageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing keys: cosign's encrypted format, opened with the passphrase of a key another
 * implementation sealed (resources/keys, made by node's scrypt and tweetnacl's secretbox), and
 * unencrypted PKCS #8 keys of each kind, whose public halves are derived.
 */
class SigningKeysTest {
    @TempDir
    Path dir;

    private Path resource(String name) throws Exception {
        Path p = dir.resolve(name);
        try (var in = SigningKeysTest.class.getResourceAsStream("/keys/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void aCosignKeyOpensWithItsPassphraseAndItsPublicKeyIsThePeers() throws Exception {
        Path key = resource("cosign.key");
        KeyPair pair = SigningKeys.read(key, "stowage test".getBytes(StandardCharsets.UTF_8));
        assertEquals("EC", pair.getPrivate().getAlgorithm());
        assertEquals(CosignSignatures.publicKey(Files.readString(resource("cosign.pub")), "pub"), pair.getPublic(),
                "the public key derived is the one the peer wrote");
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(pair.getPrivate());
        s.update(new byte[] {1, 2, 3});
        assertTrue(CosignSignatures.verifies(pair.getPublic(), new byte[] {1, 2, 3}, Base64.getEncoder().encodeToString(s.sign())));

        StowageException wrong = assertThrows(StowageException.class, () -> SigningKeys.read(key, "stowage tes".getBytes(StandardCharsets.UTF_8)));
        assertEquals("key " + key + ": cannot be decrypted with this passphrase", wrong.getMessage());
    }

    @Test
    void unencryptedKeysOfEachKindAndTheirPublicHalves() throws Exception {
        for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
            KeyPair made = KeyPairGenerator.getInstance(algorithm).generateKeyPair();
            Path file = Files.writeString(dir.resolve(algorithm + ".pem"), "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(made.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
            KeyPair read = SigningKeys.read(file, new byte[0]);
            assertArrayEquals(made.getPrivate().getEncoded(), read.getPrivate().getEncoded(), algorithm);
            assertArrayEquals(made.getPublic().getEncoded(), read.getPublic().getEncoded(), algorithm + "'s public key");
        }
    }

    /** What is not such a key, or a sealed one whose parameters would take the memory of the machine: one line naming the file. */
    @Test
    void whatIsNotAKeyIsRefusedNamingTheFile() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertEquals("key " + cert + ": CERTIFICATE is not a key Stowage signs with (ENCRYPTED SIGSTORE PRIVATE KEY, PRIVATE KEY)",
                assertThrows(StowageException.class, () -> SigningKeys.read(cert, new byte[0])).getMessage());
        Path text = Files.writeString(dir.resolve("text"), "hello");
        assertEquals("key " + text + ": not a PEM private key", assertThrows(StowageException.class, () -> SigningKeys.read(text, new byte[0]))
                .getMessage());
        String envelope = "{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":1073741824,\"r\":8,\"p\":1},\"salt\":\"AA==\"},"
                + "\"cipher\":{\"name\":\"nacl/secretbox\",\"nonce\":\"AA==\"},\"ciphertext\":\"AA==\"}";
        Path greedy = Files.writeString(dir.resolve("greedy.key"), "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(envelope.getBytes(StandardCharsets.US_ASCII)) + "\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n");
        assertEquals("key " + greedy + ": scrypt parameters out of bounds (N 1073741824, r 8, p 1)",
                assertThrows(StowageException.class, () -> SigningKeys.read(greedy, new byte[0])).getMessage());
        Path missing = dir.resolve("nosuch.key");
        assertTrue(assertThrows(StowageException.class, () -> SigningKeys.read(missing, new byte[0])).getMessage()
                .startsWith("key " + missing + " cannot be read: "));
    }
}
