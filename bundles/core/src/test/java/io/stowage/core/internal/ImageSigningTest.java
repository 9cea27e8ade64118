package io.stowage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.MediaTypes;
import io.stowage.api.StowageException;
import io.stowage.api.transport.ImageDestination;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.Location;
import io.stowage.api.transport.Transport;
import io.stowage.api.trust.ImageSigner.Format;
import io.stowage.oci.OciJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing in cosign's tag scheme against a registry that lies about the signatures already
 * there: what it holds is read back bounded, kept (63 at most, the same payload once), and a
 * signature manifest that is no manifest refuses the signing in one line, nothing written.
 */
class ImageSigningTest {
    @TempDir
    Path dir;

    private final TestImages images = new TestImages();
    /** Every blob and manifest the signing sent. */
    private final List<String> sent = new ArrayList<>();

    /** The test images as a registry that keeps what is pushed to it. */
    private final Transport registry = new Transport() {
        @Override
        public ImageSource open(Location location) {
            return images.open(location);
        }

        @Override
        public ImageDestination openDestination(Location location) {
            ImageReference ref = location.reference();
            return new ImageDestination() {
                @Override
                public boolean has(Descriptor blob) {
                    return images.blobs.containsKey(blob.digest());
                }

                @Override
                public void put(Descriptor blob, InputStream bytes) {
                    try {
                        images.blobs.put(blob.digest(), bytes.readAllBytes());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    sent.add("blob " + blob.digest());
                }

                @Override
                public Digest putManifest(String tag, String mediaType, byte[] bytes) {
                    images.manifests.put(tag, bytes);
                    images.manifests.put(Digest.of(bytes).toString(), bytes);
                    sent.add("manifest " + ref.withTag(tag));
                    return Digest.of(bytes);
                }

                @Override
                public void close() {
                }
            };
        }
    };

    private KeyPair key() throws Exception {
        Path p = dir.resolve("cosign.key");
        try (var in = ImageSigningTest.class.getResourceAsStream("/keys/cosign.key")) {
            Files.copy(in, p);
        }
        return SigningKeys.read(p, "stowage test".getBytes(StandardCharsets.UTF_8));
    }

    private static String sigTag(Digest image) {
        return image.algorithm() + "-" + image.hex() + ".sig";
    }

    private String verify(Digest image, KeyPair key) {
        try (ImageSource s = images.open(ImageReference.parse("host.test/app:" + sigTag(image)))) {
            return CosignSignatures.check(s, image, key.getPublic(), signed -> signed.equals("host.test/app:1") ? null : "identity " + signed);
        }
    }

    @Test
    void theSignaturesThereAreKeptAtMost63AndTheSamePayloadOnce() throws Exception {
        Digest image = images.image("1", 1, 7);
        KeyPair key = key();
        StringBuilder layers = new StringBuilder();
        for (int i = 0; i < 200; i++) { // a registry's list of earlier signatures, far longer than kept
            byte[] payload = ("{\"n\":" + i + "}").getBytes(StandardCharsets.US_ASCII);
            images.blobs.put(Digest.of(payload), payload);
            layers.append(i == 0 ? "" : ",").append("{\"mediaType\":\"").append(ImageSigning.SIMPLE_SIGNING).append("\",\"digest\":\"")
                    .append(Digest.of(payload)).append("\",\"size\":").append(payload.length)
                    .append(",\"annotations\":{\"dev.cosignproject.cosign/signature\":\"bm90\"}}");
        }
        byte[] config = "{}".getBytes(StandardCharsets.US_ASCII);
        images.blobs.put(Digest.of(config), config);
        images.manifests.put(sigTag(image), ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":"
                + TestImages.descriptor(MediaTypes.OCI_CONFIG, config) + ",\"layers\":[" + layers + "]}").getBytes(StandardCharsets.UTF_8));

        assertEquals("host.test/app:" + sigTag(image), new ImageSigning(registry, ImageReference.parse("host.test/app:1"), key)
                .sign(Format.SIGNATURE_TAG));
        new ImageSigning(registry, ImageReference.parse("host.test/app:1"), key).sign(Format.SIGNATURE_TAG);
        List<Descriptor> kept = OciJson.manifest(images.manifests.get(sigTag(image)), "signatures").layers();
        assertEquals(64, kept.size(), "63 of those there, and this one");
        assertEquals(1, kept.stream().filter(l -> l.digest().equals(kept.get(63).digest())).count(), "signed twice, kept once");
        assertNull(verify(image, key));
    }

    @Test
    void aSignatureManifestThatIsNoManifestRefusesTheSigningAndNothingIsWritten() throws Exception {
        Digest image = images.image("1", 1, 8);
        images.manifests.put(sigTag(image), "\u001b]0;owned\u0007 not a manifest".getBytes(StandardCharsets.UTF_8));
        StowageException e = assertThrows(StowageException.class,
                () -> new ImageSigning(registry, ImageReference.parse("host.test/app:1"), key()).sign(Format.SIGNATURE_TAG));
        assertTrue(e.getMessage().startsWith("signature manifest host.test/app:" + sigTag(image)), e.getMessage());
        assertFalse(e.getMessage().contains("\u001b"), "nothing of the registry's bytes reaches a terminal raw: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        assertEquals(List.of(), sent);
    }
}
