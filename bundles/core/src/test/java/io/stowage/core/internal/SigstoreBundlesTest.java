package io.stowage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.StowageException;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.RawManifest;
import io.stowage.api.trust.SignedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sigstore bundles checked against a key: DSSE's encoding, and each way a bundle, or the registry
 * serving it, can fail to make a signature of the image. PolicyIT runs bundles sigstore-js made.
 */
class SigstoreBundlesTest {
    private static final Digest IMAGE = Digest.parse("sha256:" + "a".repeat(64));
    private static final String BUNDLE = "application/vnd.dev.sigstore.bundle.v0.3+json";
    private final KeyPair key = CosignSignaturesTest.pair();
    private final KeyPair other = CosignSignaturesTest.pair();

    private static String statement(Digest image, String name) {
        return "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"" + name + "\",\"digest\":{\"sha256\":\""
                + image.hex() + "\"}}],\"predicateType\":\"https://sigstore.dev/cosign/sign/v1\",\"predicate\":{}}";
    }

    private static byte[] bundle(KeyPair by, String type, String statement) throws Exception {
        byte[] payload = statement.getBytes(StandardCharsets.UTF_8);
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(by.getPrivate());
        s.update(SigstoreBundles.pae(type, payload));
        return ("{\"mediaType\":\"" + BUNDLE + "\",\"verificationMaterial\":{\"publicKey\":{\"hint\":\"k\"}},\"dsseEnvelope\":{\"payload\":\""
                + Base64.getEncoder().encodeToString(payload) + "\",\"payloadType\":\"" + type + "\",\"signatures\":[{\"sig\":\""
                + Base64.getEncoder().encodeToString(s.sign()) + "\"}]}}").getBytes(StandardCharsets.UTF_8);
    }

    private String check(byte[] bundle) {
        return SigstoreBundles.check(bundle, IMAGE, key.getPublic(), name -> name.equals("host/app") ? null : "identity " + name);
    }

    @Test
    void dssePreAuthenticationEncodingAsItsSpecificationGivesIt() {
        assertEquals("DSSEv1 29 http://example.com/HelloWorld 11 hello world", new String(SigstoreBundles.pae("http://example.com/HelloWorld",
                "hello world".getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII));
    }

    @Test
    void aStatementAboutTheImageSignedByTheKeyIsASignature() throws Exception {
        String intoto = "application/vnd.in-toto+json";
        assertNull(check(bundle(key, intoto, statement(IMAGE, "host/app"))));
        assertEquals("no bundle signed by the policy's key", check(bundle(other, intoto, statement(IMAGE, "host/app"))));
        assertEquals("a bundle by the key is about another image",
                check(bundle(key, intoto, statement(Digest.parse("sha256:" + "b".repeat(64)), "host/app"))));
        assertEquals("identity host/other", check(bundle(key, intoto, statement(IMAGE, "host/other"))));
        assertEquals("a bundle by the key holds no in-toto statement", check(bundle(key, "text/plain", statement(IMAGE, "host/app"))));
        // the signature covers the type too: a type changed after signing breaks it
        String typed = new String(bundle(key, intoto, statement(IMAGE, "host/app")), StandardCharsets.UTF_8);
        assertEquals("no bundle signed by the policy's key", check(typed.replace(intoto, "application/vnd.in-toto+jsonx")
                .getBytes(StandardCharsets.UTF_8)));
        assertEquals("a bundle holds a message signature, not a statement about the image", check(("{\"mediaType\":\"" + BUNDLE
                + "\",\"messageSignature\":{\"signature\":\"AA==\"}}").getBytes(StandardCharsets.UTF_8)));
        assertEquals("a referrer is not a sigstore bundle", check("{\"mediaType\":\"text/plain\"}".getBytes(StandardCharsets.UTF_8)));
    }

    /** A repository whose referrers tag lists one bundle manifest, its bundle blob served as {@code served}. */
    private static SignedImage repository(byte[] bundle, byte[] served) {
        String layer = "{\"mediaType\":\"" + BUNDLE + "\",\"digest\":\"" + Digest.of(bundle) + "\",\"size\":" + bundle.length + "}";
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"artifactType\":\"" + BUNDLE
                + "\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + Digest.of("{}".getBytes(StandardCharsets.US_ASCII))
                + "\",\"size\":2},\"layers\":[" + layer + "]}").getBytes(StandardCharsets.UTF_8);
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + Digest.of(manifest) + "\",\"size\":" + manifest.length
                + ",\"artifactType\":\"" + BUNDLE + "\"}]}").getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> documents = new HashMap<>();
        documents.put("sha256-" + IMAGE.hex(), index);
        documents.put(Digest.of(manifest).toString(), manifest);
        return new SignedImage() {
            @Override
            public ImageReference reference() {
                return ImageReference.parse("host/app:1");
            }

            @Override
            public Digest digest() {
                return IMAGE;
            }

            @Override
            public ImageSource open(String tagOrDigest) {
                return new ImageSource() {
                    @Override
                    public RawManifest resolve() {
                        byte[] bytes = documents.get(tagOrDigest);
                        if (bytes == null) {
                            throw new StowageException(StowageException.Reason.NOT_FOUND, tagOrDigest + " not found");
                        }
                        return new RawManifest(bytes == index ? "application/vnd.oci.image.index.v1+json"
                                : "application/vnd.oci.image.manifest.v1+json", bytes);
                    }

                    @Override
                    public RawManifest manifest(Digest digest) {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public InputStream blob(Descriptor descriptor, long offset) {
                        return new ByteArrayInputStream(served);
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
    }

    @Test
    void aBundleIsFoundAmongTheReferrersAndARegistryThatLiesAboutItIsNotBelieved() throws Exception {
        byte[] bundle = bundle(key, "application/vnd.in-toto+json", statement(IMAGE, "host/app"));
        SigstoreBundles verifier = new SigstoreBundles();
        assertNull(verifier.verify(repository(bundle, bundle), key.getPublic(), name -> null));
        assertEquals("no bundle signed by the policy's key", verifier.verify(repository(bundle, bundle), other.getPublic(), name -> null));
        byte[] swapped = bundle(other, "application/vnd.in-toto+json", statement(IMAGE, "host/app"));
        assertEquals("a bundle cannot be read: bundle " + Digest.of(bundle) + " is not what its manifest names",
                verifier.verify(repository(bundle, swapped), other.getPublic(), name -> null), "served bytes that are not the named bundle");
    }
}
