package io.stowage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.StowageException;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.RawManifest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** cosign's tag-scheme signatures checked against a key: each way a signature can fail to be one. PolicyIT runs openssl-made ones. */
class CosignSignaturesTest {
    private static final Digest IMAGE = Digest.parse("sha256:" + "a".repeat(64));
    private final KeyPair key = pair();
    private final KeyPair other = pair();

    /** An EC key pair (P-256), as cosign makes. */
    static KeyPair pair() {
        try {
            return KeyPairGenerator.getInstance("EC").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] payload(Digest image, String identity) {
        return ("{\"critical\":{\"identity\":{\"docker-reference\":\"" + identity + "\"},\"image\":{\"docker-manifest-digest\":\""
                + image + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}").getBytes(StandardCharsets.UTF_8);
    }

    private static String sign(KeyPair by, byte[] payload) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(by.getPrivate());
        s.update(payload);
        return Base64.getEncoder().encodeToString(s.sign());
    }

    /** A signature manifest of one layer, {@code served} as its blob (its manifest names {@code payload}'s digest). */
    private static ImageSource source(byte[] payload, byte[] served, String signature) {
        Map<Digest, byte[]> blobs = new HashMap<>();
        blobs.put(Digest.of(payload), served);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + Digest.of(new byte[0]) + "\",\"size\":0},\"layers\":[{"
                + "\"mediaType\":\"application/vnd.dev.cosign.simplesigning.v1+json\",\"digest\":\"" + Digest.of(payload) + "\",\"size\":"
                + payload.length + ",\"annotations\":{\"" + CosignSignatures.ANNOTATION + "\":\"" + signature + "\"}}]}";
        return new ImageSource() {
            @Override
            public RawManifest resolve() {
                return new RawManifest("application/vnd.oci.image.manifest.v1+json", manifest.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public RawManifest manifest(Digest digest) {
                throw new UnsupportedOperationException();
            }

            @Override
            public InputStream blob(Descriptor descriptor, long offset) {
                return new ByteArrayInputStream(blobs.get(descriptor.digest()));
            }

            @Override
            public void close() {
            }
        };
    }

    private String check(ImageSource s) {
        return CosignSignatures.check(s, IMAGE, key.getPublic(), signed -> signed.equals("host/app") ? null : "identity " + signed);
    }

    @Test
    void onlyASignatureByTheKeyOfThisImageWithItsIdentityPasses() throws Exception {
        byte[] p = payload(IMAGE, "host/app");
        assertNull(check(source(p, p, sign(key, p))));
        assertEquals("no signature by the policy's key", check(source(p, p, sign(other, p))));
        byte[] changed = payload(IMAGE, "host/evil");
        assertEquals("a signature's payload is not what its manifest names", check(source(p, changed, sign(key, p))));
        byte[] another = payload(Digest.parse("sha256:" + "b".repeat(64)), "host/app");
        assertEquals("a signature by the key is of another image", check(source(another, another, sign(key, another))));
        byte[] elsewhere = payload(IMAGE, "host/other");
        assertEquals("identity host/other", check(source(elsewhere, elsewhere, sign(key, elsewhere))));
        assertEquals("no signature by the policy's key", check(source(p, p, "bm90IGEgc2lnbmF0dXJl")));
    }

    @Test
    void noSignatureTagIsNoSignature() {
        ImageSource none = new ImageSource() {
            @Override
            public RawManifest resolve() {
                throw new StowageException(StowageException.Reason.NOT_FOUND, "manifest unknown");
            }

            @Override
            public RawManifest manifest(Digest digest) {
                throw new UnsupportedOperationException();
            }

            @Override
            public InputStream blob(Descriptor descriptor, long offset) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
            }
        };
        assertEquals("no signature", check(none));
    }

    @Test
    void publicKeysInPem() throws Exception {
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        assertEquals(key.getPublic(), CosignSignatures.publicKey(pem, "k"));
        assertEquals("k: not a PEM public key", org.junit.jupiter.api.Assertions.assertThrows(StowageException.class,
                () -> CosignSignatures.publicKey("-----BEGIN PUBLIC KEY-----\n!!\n-----END PUBLIC KEY-----", "k")).getMessage());
    }
}
