package io.stowage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.MediaTypes;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.store.LeaseManager;
import io.stowage.store.memory.internal.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the registry server's push hands the core: a manifest whose blobs a client put into the
 * store, named as a pull would name it, with every check a pull makes; refused with the store as
 * it was when a blob is missing or a layer is not what the config says.
 */
class ReceiveTest {
    private final TestImages images = new TestImages();
    private final MemoryBlobStore store = new MemoryBlobStore();
    private final ImageServiceImpl service = new ImageServiceImpl(TestImages.config(3), store, images);

    /** Puts the image's config and layers into the store, as the server's uploads do. */
    private void upload(String tag) {
        images.blobs.forEach((d, bytes) -> {
            if (io.stowage.oci.OciJson.manifest(images.manifests.get(tag), tag).layers().stream().anyMatch(l -> l.digest().equals(d))
                    || io.stowage.oci.OciJson.manifest(images.manifests.get(tag), tag).config().digest().equals(d)) {
                BlobCopier.put(store, d, bytes);
            }
        });
    }

    @Test
    void aPushedImageIsNamedAndListed() {
        Digest digest = images.image("1", 2, 7);
        upload("1");
        Digest named = service.receive("127.0.0.1:5050/app:1", MediaTypes.OCI_MANIFEST, images.manifests.get("1"));
        assertEquals(digest, named);
        assertEquals("127.0.0.1:5050/app:1", service.inspect("127.0.0.1:5050/app:1").repoTags().get(0).toString());
        assertEquals(List.of("127.0.0.1:5050/app@" + digest), service.inspect("127.0.0.1:5050/app:1").repoDigests().stream().map(Object::toString).toList());
        assertEquals(0, images.opened, "nothing is fetched: the blobs are in the store");
    }

    @Test
    void aMissingBlobIsNamedAndNothingIsKept() {
        images.image("1", 2, 7);
        int before = blobs();
        StowageException e = assertThrows(StowageException.class,
                () -> service.receive("127.0.0.1:5050/app:1", MediaTypes.OCI_MANIFEST, images.manifests.get("1")));
        assertEquals(Reason.NOT_FOUND, e.reason());
        assertTrue(e.getMessage().contains("is not in the store"), e.getMessage());
        assertEquals(before, blobs());
        assertTrue(service.list().isEmpty());
    }

    @Test
    void aLayerThatIsNotTheConfigsDiffIdIsRefused() {
        images.image("1", 1, 7);
        upload("1");
        // the same manifest with another config whose diff_id is wrong
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + Digest.of(new byte[1]) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        BlobCopier.put(store, Digest.of(config), config);
        Descriptor layer = images.layers("1").get(0);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":"
                + TestImages.descriptor(MediaTypes.OCI_CONFIG, config) + ",\"layers\":[{\"mediaType\":\"" + layer.mediaType()
                + "\",\"digest\":\"" + layer.digest() + "\",\"size\":" + layer.size() + "}]}").getBytes(StandardCharsets.UTF_8);
        StowageException e = assertThrows(StowageException.class,
                () -> service.receive("127.0.0.1:5050/app:1", MediaTypes.OCI_MANIFEST, manifest));
        assertEquals(Reason.DIGEST_MISMATCH, e.reason());
        assertTrue(service.list().isEmpty());
        assertTrue(store.info(Digest.of(manifest)).isEmpty(), "the manifest is not kept");
    }

    @Test
    void aManifestPushedByDigestMustHaveThatDigest() {
        images.image("1", 1, 7);
        upload("1");
        StowageException e = assertThrows(StowageException.class, () -> service.receive("127.0.0.1:5050/app@" + Digest.of(new byte[2]),
                MediaTypes.OCI_MANIFEST, images.manifests.get("1")));
        assertEquals(Reason.DIGEST_MISMATCH, e.reason());
        assertTrue(service.list().isEmpty());
    }

    @Test
    void anArtifactIsNamedAsAnArtifact() {
        byte[] blob = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        BlobCopier.put(store, Digest.of(blob), blob);
        BlobCopier.put(store, Digest.of(empty), empty);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"artifactType\":\"application/x.test\","
                + "\"config\":" + TestImages.descriptor("application/vnd.oci.empty.v1+json", empty) + ",\"layers\":["
                + TestImages.descriptor("text/plain", blob) + "]}").getBytes(StandardCharsets.UTF_8);
        assertEquals(Digest.of(manifest), service.receive("127.0.0.1:5050/notes:1", null, manifest));
        assertEquals("application/x.test", service.artifacts().get(0).artifactType());
        assertTrue(service.list().isEmpty(), "an artifact is not an image");
    }

    @Test
    void aLeaseKeepsUploadedBlobsFromAPrune() {
        byte[] blob = "uploaded, not yet named".getBytes(StandardCharsets.UTF_8);
        BlobCopier.put(store, Digest.of(blob), blob);
        try (LeaseManager.Lease lease = service.lease()) {
            lease.add(Digest.of(blob));
            service.prune(false, null);
            assertTrue(store.info(Digest.of(blob)).isPresent(), "held by the lease");
        }
        service.prune(false, null);
        assertTrue(store.info(Digest.of(blob)).isEmpty(), "the lease ended: an orphan");
    }

    private int blobs() {
        int[] n = {0};
        store.walk(b -> n[0]++);
        return n[0];
    }
}
