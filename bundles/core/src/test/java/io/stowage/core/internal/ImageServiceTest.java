package io.stowage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.Image;
import io.stowage.api.LayerStatus;
import io.stowage.api.PullResult;
import io.stowage.api.Removal;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.TransferListener;
import io.stowage.api.store.BlobInfo;
import io.stowage.store.memory.internal.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageServiceTest {
    private static final String REF = "registry.test/app:v1";
    private final TestImages images = new TestImages();
    private final MemoryBlobStore store = new MemoryBlobStore();
    private final ImageServiceImpl service = new ImageServiceImpl(TestImages.config(3), store, images);

    private List<BlobInfo> blobs() {
        List<BlobInfo> all = new ArrayList<>();
        store.walk(all::add);
        return all;
    }

    private StowageException pullFails(String ref) {
        return assertThrows(StowageException.class, () -> service.pull(ref, null, null));
    }

    @Test
    void pullStoresEveryBlobAndRecordsUncompressedSize() {
        images.image("v1", 4, 1);
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        PullResult r = service.pull(REF, null, new TransferListener() {
            @Override
            public void layer(Descriptor layer, LayerStatus status) {
                events.add(status.name());
            }
        });
        assertTrue(r.downloaded());
        // four layers, three at once: one waits; each is verified, downloaded, complete
        assertEquals("WAITING", events.get(0));
        for (String state : List.of("VERIFYING", "DOWNLOAD_COMPLETE", "PULL_COMPLETE")) {
            assertEquals(4, events.stream().filter(state::equals).count(), events.toString());
        }
        assertEquals(13, events.size(), events.toString());
        assertEquals(6, blobs().size());
        Image image = service.inspect(REF);
        assertEquals(List.of("registry.test/app:v1"), image.repoTags().stream().map(Object::toString).toList());
        assertTrue(image.size() >= 4 * 1000, "uncompressed size " + image.size());
        assertFalse(service.pull(REF, null, null).downloaded());
    }

    @Test
    void sourceSendingMoreBytesThanAnnouncedIsRefusedAndNothingIsKept() {
        images.image("v1", 2, 2);
        Descriptor layer = images.layers("v1").get(1);
        byte[] longer = Arrays.copyOf(images.blobs.get(layer.digest()), (int) layer.size() + 10);
        images.served.put(layer.digest(), longer);
        StowageException e = pullFails(REF);
        assertEquals(Reason.DIGEST_MISMATCH, e.reason());
        assertTrue(e.getMessage().startsWith("pull " + REF + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(layer.digest().toString()), e.getMessage());
        assertEquals(List.of(), blobs());
        assertEquals(List.of(), store.refs());
    }

    @Test
    void layerWhoseDiffIdDisagreesWithTheConfigIsRefused() {
        images.image("v1", 2, 3);
        Descriptor layer = images.layers("v1").get(0);
        // the same size, a valid gzip of other bytes: the registry's digest check alone would not see it
        byte[] other = TestImages.gzip("something else entirely".getBytes(StandardCharsets.UTF_8));
        images.blobs.put(layer.digest(), other);
        // rewrite the manifest so the served bytes match its descriptor, but not the config's diff_id
        String manifest = new String(images.manifests.get("v1"), StandardCharsets.UTF_8)
                .replace(layer.digest().toString(), Digest.of(other).toString())
                .replace("\"size\":" + layer.size() + "}", "\"size\":" + other.length + "}");
        images.manifests.put("v1", manifest.getBytes(StandardCharsets.UTF_8));
        images.blobs.put(Digest.of(other), other);
        StowageException e = pullFails(REF);
        assertEquals(Reason.DIGEST_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("diff_id mismatch"), e.getMessage());
        assertEquals(List.of(), blobs());
    }

    @Test
    void manifestThatIsNotTheDigestAskedForIsRefused() {
        Digest real = images.image("v1", 1, 4);
        Digest other = images.image("v2", 1, 5);
        images.manifests.put(real.toString(), images.manifests.get("v2"));
        StowageException e = pullFails("registry.test/app@" + real);
        assertEquals(Reason.DIGEST_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains(real.toString()) && e.getMessage().contains(other.toString()), e.getMessage());
        assertEquals(List.of(), blobs());
    }

    @Test
    void schema1ManifestsAreRefusedClearly() {
        images.manifests.put("old", "{\"schemaVersion\":1,\"name\":\"app\",\"fsLayers\":[]}".getBytes(StandardCharsets.UTF_8));
        StowageException e = pullFails("registry.test/app:old");
        assertEquals(Reason.UNSUPPORTED, e.reason());
        assertTrue(e.getMessage().contains("schema1"), e.getMessage());
    }

    @Test
    void failedPullKeepsBlobsOtherImagesUse() {
        images.image("v1", 2, 6);
        service.pull(REF, null, null);
        int before = blobs().size();
        images.image("v2", 1, 7);
        images.manifests.put("v2", images.manifests.get("v2"));
        Descriptor layer = images.layers("v2").get(0);
        images.served.put(layer.digest(), new byte[(int) layer.size()]);
        pullFails("registry.test/app:v2");
        assertEquals(before, blobs().size());
        assertEquals(1, store.refs().size());
    }

    @Test
    void anIdPrefixShortOfUniqueIsRefusedAsAmbiguous() {
        // 17 images: two of their IDs must share a first hex digit
        java.util.Map<Character, Digest> byFirst = new java.util.HashMap<>();
        Digest[] pair = null;
        for (int i = 0; i < 17 && pair == null; i++) {
            images.image("t" + i, 1, 100 + i);
            Digest id = service.pull("registry.test/app:t" + i, null, null).image().id();
            Digest other = byFirst.putIfAbsent(id.hex().charAt(0), id);
            if (other != null) {
                pair = new Digest[] {other, id};
            }
        }
        int common = 0;
        while (pair[0].hex().charAt(common) == pair[1].hex().charAt(common)) {
            common++;
        }
        String prefix = pair[0].hex().substring(0, common);
        int before = blobs().size();
        StowageException e = assertThrows(StowageException.class, () -> service.remove(prefix, true));
        assertEquals(Reason.CONFLICT, e.reason());
        assertTrue(e.getMessage().contains("ambiguous"), e.getMessage());
        assertEquals(before, blobs().size());
        assertEquals(pair[0], service.inspect(pair[0].hex().substring(0, common + 1)).id());
    }

    @Test
    void verifyFindsOrphansButNotLeasedOrNeededBlobs() {
        images.image("v1", 2, 20);
        service.pull(REF, null, null);
        assertFalse(service.verify(false).problems());
        byte[] stray = "stray".getBytes(StandardCharsets.UTF_8);
        try (var w = store.writer()) {
            w.write(stray, 0, stray.length);
            w.commit(stray.length, Digest.of(stray));
        }
        io.stowage.api.StoreReport found = service.verify(false);
        assertEquals(List.of(Digest.of(stray)), found.orphans());
        assertFalse(found.problems(), "an orphan is garbage, not damage");
        assertEquals(5, found.checked());
        assertFalse(service.verify(true).problems());
        assertEquals(4, blobs().size());
        assertEquals(List.of(), service.verify(false).orphans());
    }

    @Test
    void oversizedManifestIsRefusedBeforeItIsParsed() {
        byte[] big = new byte[io.stowage.api.transport.RawManifest.MAX_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        images.manifests.put("big", big);
        StowageException e = pullFails("registry.test/app:big");
        assertEquals(Reason.INVALID, e.reason());
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
        assertEquals(List.of(), blobs());
    }

    /** An index of two platforms, tagged "multi": amd64 and arm64 images. */
    private void multi() {
        images.image("amd", 1, 50);
        images.image("arm", 1, 51, "arm64");
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + entry("amd", "amd64") + "," + entry("arm", "arm64") + "]}";
        images.manifests.put("multi", index.getBytes(StandardCharsets.UTF_8));
    }

    private String entry(String tag, String arch) {
        String d = TestImages.descriptor(io.stowage.api.MediaTypes.OCI_MANIFEST, images.manifests.get(tag));
        return d.substring(0, d.length() - 1) + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"" + arch + "\"}}";
    }

    @Test
    void aPullForAnotherPlatformOfTheSameTagPullsThatPlatform() {
        multi();
        images.answersHead = true;
        String ref = "registry.test/app:multi";
        PullResult amd = service.pull(ref, io.stowage.api.Platform.parse("linux/amd64"), null);
        assertTrue(amd.downloaded());
        assertFalse(service.pull(ref, io.stowage.api.Platform.parse("linux/amd64"), null).downloaded(), "the same platform is up to date");
        PullResult arm = service.pull(ref, io.stowage.api.Platform.parse("linux/arm64"), null);
        assertTrue(arm.downloaded(), "another platform is pulled, not taken for up to date");
        assertEquals(Digest.of(images.manifests.get("arm")), service.inspect(ref).manifest());
        StowageException none = assertThrows(StowageException.class,
                () -> service.pull(ref, io.stowage.api.Platform.parse("linux/s390x"), null));
        assertTrue(none.getMessage().endsWith("no matching manifest for linux/s390x in the manifest list entries "
                + "(available: linux/amd64, linux/arm64)"), none.getMessage());
        assertEquals(Digest.of(images.manifests.get("arm")), service.inspect(ref).manifest(), "the failed pull changed nothing");
    }

    @Test
    void anIndexOfAnEmptyIndexHasNoMatchingManifest() {
        Digest inner = Digest.of("{\"schemaVersion\":2,\"manifests\":[]}".getBytes(StandardCharsets.UTF_8));
        images.manifests.put(inner.toString(), "{\"schemaVersion\":2,\"manifests\":[]}".getBytes(StandardCharsets.UTF_8));
        String outer = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{"
                + "\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"digest\":\"" + inner + "\",\"size\":"
                + "{\"schemaVersion\":2,\"manifests\":[]}".length() + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}";
        images.manifests.put("nested", outer.getBytes(StandardCharsets.UTF_8));
        StowageException e = pullFails("registry.test/app:nested");
        assertTrue(e.getMessage().contains("no matching manifest"), e.getMessage());
        assertEquals(List.of(), blobs());
    }

    @Test
    void aLayerOfUnknownMediaTypeIsRefusedAndNothingIsKept() {
        images.image("v1", 1, 30);
        String manifest = new String(images.manifests.get("v1"), StandardCharsets.UTF_8)
                .replace(io.stowage.api.MediaTypes.OCI_LAYER_GZIP, "application/x-unknown-layer");
        images.manifests.put("v1", manifest.getBytes(StandardCharsets.UTF_8));
        StowageException e = pullFails(REF);
        assertEquals(Reason.UNSUPPORTED, e.reason());
        assertTrue(e.getMessage().contains("application/x-unknown-layer"), e.getMessage());
        assertEquals(List.of(), blobs());
        assertEquals(List.of(), store.refs());
    }

    @Test
    void anImageWhoseManifestIsGoneCanStillBeRemovedAndDoesNotBlockOtherRemovals() {
        images.image("v1", 1, 40);
        images.image("v2", 2, 41);
        Digest brokenManifest = images.image("v1", 1, 40);
        service.pull(REF, null, null);
        service.pull("registry.test/app:v2", null, null);
        assertTrue(store.delete(brokenManifest)); // as store:verify --repair leaves a corrupt manifest
        assertEquals(1, service.verify(false).incomplete().size());

        int before = blobs().size();
        Removal other = service.remove("registry.test/app:v2", false);
        assertEquals(List.of(other.imageId()), other.deleted());
        // while v1's layers are unknown, any blob may be one of them: v2's blobs stay
        assertEquals(before, blobs().size());
        Removal broken = service.remove(REF, false);
        assertFalse(broken.deleted().isEmpty());
        assertEquals(List.of(), store.refs());
        // with its manifest gone, nothing names the broken image's layer: it is left as an orphan, with v2's
        io.stowage.api.StoreReport left = service.verify(false);
        assertEquals(before - 1, left.orphans().size()); // all but v1's config, which went with it
        assertEquals(List.of(), left.incomplete());
        service.verify(true);
        assertEquals(List.of(), blobs());
    }

    @Test
    void noStoreMeansAClearError() {
        ImageServiceImpl none = new ImageServiceImpl(TestImages.config(1), null, images);
        assertEquals("no image store available", assertThrows(StowageException.class, none::list).getMessage());
    }

    @Test
    void movedTagLeavesTheOldImageDanglingAndRemovingItDeletesItsBlobs() {
        images.image("v1", 1, 8);
        service.pull(REF, null, null);
        Digest oldId = service.inspect(REF).id();
        images.image("v1", 1, 9);
        service.pull(REF, null, null);
        assertEquals(2, service.list().size());
        Image dangling = service.inspect(oldId.toString());
        assertEquals(List.of(), dangling.repoTags());
        Removal r = service.remove(oldId.hex().substring(0, 12), false);
        assertEquals(oldId, r.deleted().get(0));
        assertEquals(1, service.list().size());
        assertEquals(3, blobs().size());
    }
}
