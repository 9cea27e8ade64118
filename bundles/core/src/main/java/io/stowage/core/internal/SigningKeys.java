package io.stowage.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.oci.OciJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * Signing keys as cosign and skopeo keep them: {@code ENCRYPTED SIGSTORE PRIVATE KEY} (and cosign
 * 1's {@code ENCRYPTED COSIGN PRIVATE KEY}), a JSON envelope whose PKCS #8 key is sealed with
 * NaCl's secretbox (XSalsa20 and Poly1305) under a key scrypt derives from the passphrase; or an
 * unencrypted PKCS #8 {@code PRIVATE KEY}. EC, RSA and Ed25519. The file is the operator's, but
 * bounded all the same: its size, and scrypt's memory (128 N r bytes) to 256 MiB.
 */
final class SigningKeys {
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");
    private static final int FILE_MAX = 64 * 1024;
    private static final long SCRYPT_MEMORY_MAX = 256L << 20;
    private static final byte[] ED25519_SPKI_PREFIX = java.util.HexFormat.of().parseHex("302a300506032b6570032100");

    private SigningKeys() {
    }

    /** The key pair in {@code file}, decrypted with {@code passphrase} when it is encrypted; INVALID naming the file otherwise. */
    static KeyPair read(Path file, byte[] passphrase) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(FILE_MAX + 1);
        } catch (IOException e) {
            throw new StowageException(Reason.INVALID, "key " + file + " cannot be read: " + io.stowage.oci.FileKinds.reason(e), e);
        }
        Matcher m = PEM.matcher(new String(bytes, StandardCharsets.US_ASCII));
        if (bytes.length > FILE_MAX || !m.find()) {
            throw invalid(file, "not a PEM private key");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw invalid(file, "not a PEM private key");
        }
        der = switch (m.group(1)) {
            case "ENCRYPTED SIGSTORE PRIVATE KEY", "ENCRYPTED COSIGN PRIVATE KEY" -> decrypt(file, der, passphrase);
            case "PRIVATE KEY" -> der;
            default -> throw invalid(file, m.group(1) + " is not a key Stowage signs with (ENCRYPTED SIGSTORE PRIVATE KEY, PRIVATE KEY)");
        };
        for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
            PrivateKey key;
            try {
                key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                continue;
            }
            return new KeyPair(publicKey(file, key, der), key);
        }
        throw invalid(file, "not an EC, RSA or Ed25519 private key");
    }

    /** cosign's envelope: {@code {"kdf": {"name": "scrypt", "params": {N, r, p}, "salt"}, "cipher": {"name": "nacl/secretbox", "nonce"}, "ciphertext"}}. */
    private static byte[] decrypt(Path file, byte[] envelope, byte[] passphrase) {
        JsonNode e = OciJson.tree(envelope, "key " + file);
        JsonNode kdf = e.path("kdf");
        JsonNode params = kdf.path("params");
        long n = params.path("N").asLong();
        int r = params.path("r").asInt();
        int p = params.path("p").asInt();
        if (!"scrypt".equals(kdf.path("name").asText()) || !"nacl/secretbox".equals(e.path("cipher").path("name").asText())) {
            throw invalid(file, "not sealed as cosign seals keys (scrypt, nacl/secretbox)");
        }
        if (n < 2 || Long.bitCount(n) != 1 || r < 1 || p < 1 || p > 16 || 128 * n * r > SCRYPT_MEMORY_MAX) {
            throw invalid(file, "scrypt parameters out of bounds (N " + n + ", r " + r + ", p " + p + ")");
        }
        byte[] salt = base64(file, kdf.path("salt"));
        byte[] nonce = base64(file, e.path("cipher").path("nonce"));
        byte[] sealed = base64(file, e.path("ciphertext"));
        if (nonce.length != 24 || sealed.length < 16) {
            throw invalid(file, "its nonce or ciphertext is cut short");
        }
        byte[] key = SCrypt.generate(passphrase, salt, (int) n, r, p, 32);
        // secretbox: the first 32 bytes of XSalsa20's stream are Poly1305's key, the rest encrypt; the tag comes first
        XSalsa20Engine stream = new XSalsa20Engine();
        stream.init(false, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] macKey = new byte[32];
        stream.processBytes(new byte[32], 0, 32, macKey, 0);
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(macKey));
        mac.update(sealed, 16, sealed.length - 16);
        byte[] tag = new byte[16];
        mac.doFinal(tag, 0);
        if (!MessageDigest.isEqual(tag, java.util.Arrays.copyOf(sealed, 16))) {
            throw invalid(file, "cannot be decrypted with this passphrase");
        }
        byte[] plain = new byte[sealed.length - 16];
        stream.processBytes(sealed, 16, plain.length, plain, 0);
        return plain;
    }

    private static byte[] base64(Path file, JsonNode text) {
        try {
            return Base64.getDecoder().decode(text.asText(""));
        } catch (IllegalArgumentException e) {
            throw invalid(file, "its envelope holds what is not base64");
        }
    }

    /** The public half: the JDK keeps none with an EC or Ed25519 private key, so it is computed (Bouncy Castle's arithmetic). */
    private static PublicKey publicKey(Path file, PrivateKey key, byte[] pkcs8) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (key instanceof ECPrivateKey ec) {
                org.bouncycastle.asn1.x9.X9ECParameters curve = org.bouncycastle.asn1.x9.ECNamedCurveTable.getByOID(
                        org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(pkcs8).getPrivateKeyAlgorithm().getParameters()
                                instanceof org.bouncycastle.asn1.ASN1ObjectIdentifier oid ? oid : null);
                if (curve == null) {
                    throw invalid(file, "an EC key on a curve Stowage does not name");
                }
                org.bouncycastle.math.ec.ECPoint q = new org.bouncycastle.math.ec.FixedPointCombMultiplier()
                        .multiply(curve.getG(), ec.getS()).normalize();
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(
                        q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()), ec.getParams()));
            }
            byte[] seed = org.bouncycastle.asn1.ASN1OctetString.getInstance(
                    org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(pkcs8).parsePrivateKey()).getOctets();
            byte[] raw = new org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
            // SubjectPublicKeyInfo of Ed25519 (RFC 8410): the algorithm 1.3.101.112, then the 32 bytes
            byte[] spki = java.util.Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + raw.length);
            System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, raw.length);
            return KeyFactory.getInstance("Ed25519").generatePublic(new java.security.spec.X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw invalid(file, "its public key cannot be derived: " + e.getMessage());
        }
    }

    /** The signature algorithm of cosign's signatures by {@code key}: SHA-256 with ECDSA or RSA (PKCS #1 v1.5), or Ed25519. */
    static String algorithm(java.security.Key key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> "Ed25519";
        };
    }

    private static StowageException invalid(Path file, String why) {
        return new StowageException(Reason.INVALID, "key " + file + ": " + why);
    }
}
