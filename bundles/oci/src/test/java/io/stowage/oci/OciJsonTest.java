package io.stowage.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.ImageConfig;
import io.stowage.api.Index;
import io.stowage.api.Manifest;
import io.stowage.api.MediaTypes;
import io.stowage.api.Platform;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OciJsonTest {
    private static final String D1 = "sha256:" + "1".repeat(64);
    private static final String D2 = "sha256:" + "2".repeat(64);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsAManifest() {
        Manifest m = OciJson.manifest(b("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
                + "\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + D1 + "\",\"size\":7},"
                + "\"layers\":[{\"mediaType\":\"" + MediaTypes.OCI_LAYER_GZIP + "\",\"digest\":\"" + D2 + "\",\"size\":9}]}"), "m");
        assertEquals(Digest.parse(D1), m.config().digest());
        assertEquals(List.of(new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.parse(D2), 9)), m.layers());
    }

    @Test
    void readsAnIndexWithPlatforms() {
        Index i = OciJson.index(b("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                + "\",\"digest\":\"" + D1 + "\",\"size\":1,\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"}}]}"), "i");
        assertEquals(new Platform("linux", "arm64", "v8"), i.manifests().get(0).platform());
    }

    @Test
    void refusesHostileDocuments() {
        assertEquals(Reason.INVALID, assertThrows(StowageException.class,
                () -> OciJson.manifest(b("{\"schemaVersion\":2,\"schemaVersion\":2,\"config\":{},\"layers\":[]}"), "m")).reason());
        StowageException traversal = assertThrows(StowageException.class, () -> OciJson.manifest(b("{\"schemaVersion\":2,"
                + "\"config\":{\"digest\":\"sha256:../../etc/passwd\",\"size\":1},\"layers\":[]}"), "m"));
        assertTrue(traversal.getMessage().contains("invalid digest"), traversal.getMessage());
        assertThrows(StowageException.class, () -> OciJson.manifest(b("{\"schemaVersion\":2,"
                + "\"config\":{\"digest\":\"" + D1 + "\",\"size\":-1},\"layers\":[]}"), "m"));
        assertThrows(StowageException.class, () -> OciJson.manifest(b("{\"schemaVersion\":2,"
                + "\"config\":{\"digest\":\"" + D1 + "\",\"size\":\"7\"},\"layers\":[]}"), "m"));
        assertThrows(StowageException.class, () -> OciJson.manifest(b("[1,2]"), "m"));
        assertThrows(StowageException.class, () -> OciJson.manifest(b("{\"schemaVersion\":2"), "m"));
        assertEquals(Reason.UNSUPPORTED, assertThrows(StowageException.class,
                () -> OciJson.manifest(b("{\"schemaVersion\":1,\"fsLayers\":[]}"), "m")).reason());
    }

    @Test
    void mediaTypeComesFromTheDocumentThenTheSourceThenItsShape() {
        assertEquals(MediaTypes.DOCKER_MANIFEST, OciJson.mediaType(b("{\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\"}"),
                MediaTypes.OCI_MANIFEST, "m"));
        assertEquals(MediaTypes.DOCKER_MANIFEST_LIST, OciJson.mediaType(b("{\"manifests\":[]}"), MediaTypes.DOCKER_MANIFEST_LIST, "m"));
        assertEquals(MediaTypes.OCI_INDEX, OciJson.mediaType(b("{\"manifests\":[]}"), "text/plain", "m"));
        assertEquals(MediaTypes.DOCKER_SCHEMA1, OciJson.mediaType(b("{\"schemaVersion\":1}"), null, "m"));
    }

    @Test
    void configKeepsAbsentFieldsAbsent() {
        ImageConfig c = OciJson.config(b("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"sh\"],"
                + "\"ExposedPorts\":{\"80/tcp\":{}}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + D1 + "\"]}}"), "c");
        assertEquals(List.of("sh"), c.config().cmd());
        assertNull(c.config().entrypoint());
        assertEquals(List.of("80/tcp"), c.config().exposedPorts());
        assertEquals(List.of(Digest.parse(D1)), c.diffIds());
        assertNull(c.createdAt());
    }

    @Test
    void layoutIndexRoundTrips() {
        Descriptor d = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.parse(D1), 5, null,
                Map.of(Descriptor.REF_NAME, "docker.io/library/alpine:latest", "io.stowage.x", "y"));
        assertEquals(List.of(d), OciJson.layoutIndex(OciJson.layoutIndex(List.of(d)), "index.json"));
    }
}
