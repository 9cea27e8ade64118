package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.transport.tests.Distribution;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An index as registries serve them today, in the real registry: before the image, an OCI 1.1
 * artifact entry with the image's own platform ({@code artifactType}, as a SOCI v2 index is
 * bound) and a BuildKit attestation ({@code unknown/unknown}, {@code vnd.docker.reference.type}).
 * The blobs are pushed by skopeo; the index itself by an HTTP PUT of its exact bytes, since
 * skopeo 1.9 drops {@code artifactType} when it writes an index. The pull takes the image, and
 * a platform the index lacks is refused listing only the image's platform.
 */
class PublishedIndexIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    @Test
    void artifactsAndAttestationsInAnIndexAreNeverChosenNorListed() throws Exception {
        Path layout = Files.createTempDirectory("stowage-published-").resolve("layout");
        Processes.check(layout.getParent(), Map.of(), List.of("skopeo", "copy", "-q", "--src-tls-verify=false",
                "docker://" + f.ref("other:latest"), "oci:" + layout + ":other"));
        JsonNode image = JSON.readTree(layout.resolve("index.json").toFile()).get("manifests").get(0);
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] statement = "{\"_type\":\"https://in-toto.io/Statement/v0.1\"}".getBytes(StandardCharsets.UTF_8);
        byte[] artifact = manifest("application/vnd.amazon.soci.index.v2+json", "application/vnd.oci.empty.v1+json", empty,
                "application/vnd.oci.empty.v1+json", empty);
        byte[] attestation = manifest(null, "application/vnd.oci.image.config.v1+json", empty, "application/vnd.in-toto+json", statement);
        for (byte[] blob : List.of(empty, statement, artifact, attestation)) {
            Files.write(layout.resolve("blobs/sha256/" + Fixture.sha256(blob).substring(7)), blob);
        }
        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.index.v1+json");
        ArrayNode entries = index.putArray("manifests");
        ObjectNode soci = entry(entries, artifact).put("artifactType", "application/vnd.amazon.soci.index.v2+json");
        soci.putObject("platform").put("os", "linux").put("architecture", "amd64");
        ObjectNode img = entries.addObject().put("mediaType", image.get("mediaType").asText())
                .put("digest", image.get("digest").asText()).put("size", image.get("size").asLong());
        img.putObject("platform").put("os", "linux").put("architecture", "amd64");
        ObjectNode att = entry(entries, attestation);
        att.putObject("platform").put("os", "unknown").put("architecture", "unknown");
        att.putObject("annotations").put("vnd.docker.reference.type", "attestation-manifest")
                .put("vnd.docker.reference.digest", image.get("digest").asText());
        byte[] indexBytes = JSON.writeValueAsBytes(index);
        Files.write(layout.resolve("blobs/sha256/" + Fixture.sha256(indexBytes).substring(7)), indexBytes);
        ObjectNode layoutIndex = JSON.createObjectNode().put("schemaVersion", 2);
        entry(layoutIndex.putArray("manifests"), indexBytes).put("mediaType", "application/vnd.oci.image.index.v1+json")
                .putObject("annotations").put("org.opencontainers.image.ref.name", "published");
        Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(layoutIndex));

        String ref = f.ref("published:latest");
        Processes.check(layout.getParent(), Map.of(), List.of("skopeo", "copy", "-q", "--all", "--dest-tls-verify=false",
                "oci:" + layout + ":published", "docker://" + ref));
        Distribution.manifest(f.host(), "published", "latest", "application/vnd.oci.image.index.v1+json", indexBytes);
        assertEquals(Fixture.sha256(indexBytes), Fixture.sha256(f.rawManifest("published:latest")), "the registry serves the index as written");

        Processes.Result pull = stowage.run("image:pull", ref);
        assertEquals(0, pull.exit(), pull.toString());
        assertEquals(Fixture.sha256(f.rawConfig("other:latest")) + "\n", stowage.ok("image:inspect", "-f", "{{.Id}}", ref).out(),
                "the image, not the artifact listed before it");
        Processes.Result arm = stowage.run("image:pull", "--platform", "linux/arm64", ref);
        assertEquals(1, arm.exit());
        assertEquals("Error: pull " + ref + ": no matching manifest for linux/arm64 in the manifest list entries (available: linux/amd64)\n",
                arm.err());
        assertTrue(stowage.ok("store:verify").out().contains("0 corrupt"));
    }

    private static ObjectNode entry(ArrayNode entries, byte[] manifest) {
        return entries.addObject().put("mediaType", "application/vnd.oci.image.manifest.v1+json")
                .put("digest", Fixture.sha256(manifest)).put("size", manifest.length);
    }

    /** An OCI manifest with one config and one layer, and {@code artifactType} when not null. */
    private static byte[] manifest(String artifactType, String configType, byte[] config, String layerType, byte[] layer) throws Exception {
        ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        if (artifactType != null) {
            m.put("artifactType", artifactType);
        }
        m.putObject("config").put("mediaType", configType).put("digest", Fixture.sha256(config)).put("size", config.length);
        m.putArray("layers").addObject().put("mediaType", layerType).put("digest", Fixture.sha256(layer)).put("size", layer.length);
        return JSON.writeValueAsBytes(m);
    }
}
