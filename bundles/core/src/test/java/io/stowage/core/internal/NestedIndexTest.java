package io.stowage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.MediaTypes;
import io.stowage.api.Platform;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Indexes that name indexes, as the image spec allows: followed, bounded, and truthfully reported. */
class NestedIndexTest {
    private final TestImages images = new TestImages();
    private final ImageReference ref = ImageReference.parse("registry.test/app:nested");

    /** An index of {@code entries} (descriptor JSON), stored under its digest; returns its descriptor JSON. */
    private String index(String tag, String... entries) {
        byte[] bytes = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                + String.join(",", entries) + "]}").getBytes(StandardCharsets.UTF_8);
        images.manifests.put(Digest.of(bytes).toString(), bytes);
        if (tag != null) {
            images.manifests.put(tag, bytes);
        }
        return TestImages.descriptor(MediaTypes.OCI_INDEX, bytes);
    }

    private String manifest(String tag, String platform) {
        images.image(tag, 1, tag.hashCode());
        String d = TestImages.descriptor(MediaTypes.OCI_MANIFEST, images.manifests.get(tag));
        Platform p = Platform.parse(platform);
        return d.substring(0, d.length() - 1) + ",\"platform\":{\"os\":\"" + p.os() + "\",\"architecture\":\"" + p.architecture()
                + "\"}}";
    }

    private ManifestResolver.Resolved resolve(String platform) {
        return new ManifestResolver(Platform.parse(platform)).resolve(images.open(ref), ref);
    }

    @Test
    void aManifestInAnIndexOfAnIndexIsFound() {
        String inner = index(null, manifest("arm", "linux/arm64"), manifest("amd", "linux/amd64"));
        index("nested", inner);
        assertEquals(Digest.of(images.manifests.get("amd")), resolve("linux/amd64").manifestDigest());
        assertEquals(Digest.of(images.manifests.get("arm")), resolve("linux/arm64").manifestDigest());
        StowageException none = assertThrows(StowageException.class, () -> resolve("linux/s390x"));
        assertEquals(Reason.NOT_FOUND, none.reason());
        assertEquals("no matching manifest for linux/s390x in the manifest list entries (available: linux/arm64, linux/amd64)",
                none.getMessage());
    }

    @Test
    void nestingIsBounded() {
        String level = index(null, manifest("amd", "linux/amd64"));
        for (int i = 1; i < ManifestResolver.MAX_DEPTH; i++) {
            level = index(null, level);
        }
        index("nested", level); // the manifest is MAX_DEPTH + 1 documents down: too deep
        StowageException e = assertThrows(StowageException.class, () -> resolve("linux/amd64"));
        assertEquals(Reason.UNSUPPORTED, e.reason());
        assertEquals(true, e.getMessage().endsWith(": indexes nested more than " + ManifestResolver.MAX_DEPTH + " deep"), e.getMessage());

        String ok = index(null, manifest("amd", "linux/amd64"));
        for (int i = 2; i < ManifestResolver.MAX_DEPTH; i++) {
            ok = index(null, ok);
        }
        index("nested", ok); // MAX_DEPTH indexes, then the manifest
        assertEquals(Digest.of(images.manifests.get("amd")), resolve("linux/amd64").manifestDigest());
    }

    /**
     * An index as published today: a SOCI index (an artifact, with the image's own platform) and
     * a BuildKit attestation listed before the image. Neither is chosen, nor offered as a
     * platform.
     */
    @Test
    void artifactsAndAttestationsAreNeverChosenNorListed() {
        String soci = manifest("soci", "linux/amd64");
        soci = soci.substring(0, soci.length() - 1) + ",\"artifactType\":\"application/vnd.amazon.soci.index.v2+json\"}";
        String attestation = manifest("attest", "linux/arm64");
        attestation = attestation.substring(0, attestation.length() - 1)
                + ",\"annotations\":{\"vnd.docker.reference.type\":\"attestation-manifest\"}}";
        String unknown = manifest("unknown", "unknown/unknown");
        index("published", soci, attestation, unknown, manifest("amd", "linux/amd64"));
        ImageReference published = ImageReference.parse("registry.test/app:published");
        ManifestResolver.Resolved r = new ManifestResolver(Platform.parse("linux/amd64")).resolve(images.open(published), published);
        assertEquals(Digest.of(images.manifests.get("amd")), r.manifestDigest());
        StowageException none = assertThrows(StowageException.class,
                () -> new ManifestResolver(Platform.parse("linux/arm64")).resolve(images.open(published), published));
        assertEquals("no matching manifest for linux/arm64 in the manifest list entries (available: linux/amd64)", none.getMessage());
    }

    /** A lying registry's artifactType reaches the error escaped: one line, no terminal control. */
    @Test
    void anArtifactIsRefusedWithItsTypeEscaped() {
        byte[] artifact = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"artifactType\":"
                + "\"evil\\u001b[2J\\ntype\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\""
                + Digest.of("{}".getBytes(StandardCharsets.UTF_8)) + "\",\"size\":2},\"layers\":[]}").getBytes(StandardCharsets.UTF_8);
        images.manifests.put("artifact", artifact);
        ImageReference r = ImageReference.parse("registry.test/app:artifact");
        StowageException e = assertThrows(StowageException.class,
                () -> new ManifestResolver(Platform.parse("linux/amd64")).resolve(images.open(r), r));
        assertEquals(Reason.UNSUPPORTED, e.reason());
        assertEquals("manifest " + Digest.of(artifact) + " is an artifact of type evil\\x1b[2J\\x0atype, not a container image",
                e.getMessage());
    }
}
