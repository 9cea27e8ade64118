package io.stowage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.MediaTypes;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.store.LeaseManager;
import io.stowage.api.transport.ImageSource;
import io.stowage.store.memory.internal.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a pull keeps of a verified signature, from a registry that lies about it: a referrer
 * whose bytes are not its digest, one about another image, one too large to be a signature are
 * refused and nothing is stored; a bundle's referrer is kept as an unnamed artifact entry of the
 * image it signs, and goes when that image does.
 */
class SignaturesTest {
    private final TestImages registry = new TestImages();
    private final MemoryBlobStore store = new MemoryBlobStore();
    private final LeaseManager leases = new Leases();
    private final Digest image = Digest.of("image".getBytes(StandardCharsets.UTF_8));

    /** A referrer manifest of {@code subject} with {@code layers} bundle layers of {@code size} bytes each, served under its digest. */
    private Digest referrer(Digest subject, int layers, int size) {
        byte[] empty = "{}".getBytes(StandardCharsets.US_ASCII);
        registry.blobs.put(Digest.of(empty), empty);
        StringBuilder json = new StringBuilder();
        for (int i = 0; i < layers; i++) {
            byte[] bundle = ("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(size) + "\"}").getBytes(StandardCharsets.US_ASCII);
            registry.blobs.put(Digest.of(bundle), bundle);
            json.append(i == 0 ? "" : ",").append(TestImages.descriptor(SigstoreBundles.BUNDLE_TYPE + ".v0.3+json", bundle));
        }
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"artifactType\":\""
                + SigstoreBundles.BUNDLE_TYPE + ".v0.3+json\",\"config\":" + TestImages.descriptor("application/vnd.oci.empty.v1+json", empty)
                + ",\"layers\":[" + json + "],\"subject\":{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + subject
                + "\",\"size\":1}}").getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.of(manifest);
        registry.manifests.put(digest.toString(), manifest);
        return digest;
    }

    private Descriptor copy(Digest referrer, Digest asked) {
        List<Digest> written = new ArrayList<>();
        try (LeaseManager.Lease lease = leases.lease();
                ImageSource source = registry.open(ImageReference.parse("host.test/app@" + asked))) {
            return Signatures.copy(store, source, referrer, image, lease, written);
        }
    }

    private List<Digest> stored() {
        List<Digest> all = new ArrayList<>();
        store.walk(b -> all.add(b.digest()));
        return all;
    }

    @Test
    void aLyingReferrerIsRefusedAndNothingIsStored() {
        Digest other = referrer(Digest.of("other".getBytes(StandardCharsets.UTF_8)), 1, 10);
        Digest mine = referrer(image, 1, 10);
        assertEquals(Reason.DIGEST_MISMATCH, assertThrows(StowageException.class, () -> copy(mine, other)).reason(),
                "served under one digest, another's bytes");
        StowageException about = assertThrows(StowageException.class, () -> copy(other, other));
        assertEquals("signature " + other + ": its subject is not " + image, about.getMessage());
        Digest large = referrer(image, 65, 1);
        assertEquals(Reason.INVALID, assertThrows(StowageException.class, () -> copy(large, large)).reason());
        Digest heavy = referrer(image, 2, 3 << 20);
        StowageException tooLarge = assertThrows(StowageException.class, () -> copy(heavy, heavy));
        assertEquals(Reason.INVALID, tooLarge.reason(), tooLarge.getMessage());
        assertEquals(List.of(), stored());
    }

    @Test
    void aBundleIsKeptAsAnUnnamedEntryOfTheImageAndGoesWithIt() {
        Digest referrer = referrer(image, 1, 10);
        Descriptor kept = copy(referrer, referrer);
        assertEquals(image.toString(), kept.annotation(Signatures.OF));
        assertEquals(SigstoreBundles.BUNDLE_TYPE + ".v0.3+json", kept.annotation(Annotations.ARTIFACT_TYPE));
        assertEquals(null, kept.annotation(Descriptor.REF_NAME));
        assertEquals(3, stored().size(), "the manifest, the empty config, the bundle");

        Descriptor entry = new Descriptor(MediaTypes.OCI_MANIFEST, image, 1).withAnnotations(java.util.Map.of(Descriptor.REF_NAME, "host.test/app:1"));
        List<Descriptor> refs = Signatures.with(List.of(entry), List.of(kept));
        assertEquals(List.of(entry, kept), refs);
        assertEquals(List.of(), Signatures.withoutOrphans(List.of(kept)), "the image gone, its signature goes");
        assertEquals(List.of(), Signatures.with(List.of(), List.of(kept)), "no image, nothing kept");
    }
}
