package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * zstd layers as podman and BuildKit publish them, made by real tools: the {@code other} image's
 * two layers (umoci's gzip) decompressed by {@code gzip} and recompressed by the {@code zstd} CLI,
 * the first as one frame, the second in zstd:chunked's shape (a frame per part, skippable frames
 * of metadata between them and the chunked annotations), pushed to the real registry by skopeo,
 * which keeps them as written. Pull (diff_ids checked), verify, history, push, save and load
 * work as with gzip, with the same digests; without zstd-jni's native library the pull fails
 * with one line saying so, and no layer or image is stored.
 */
class ZstdIT {
    private static final Fixture F = Fixture.get();
    private static final String REF = F.ref("zstd/other:latest");
    private static List<String> zstdLayers;
    private static List<String> diffIds;
    private final Stowage stowage = new Stowage();

    @BeforeAll
    static void pushZstdImage() throws Exception {
        Path work = Files.createTempDirectory("stowage-zstd-");
        Path layout = F.work.resolve("images/img");
        JsonNode index = Fixture.json(Files.readString(layout.resolve("index.json")));
        String manifestDigest = null;
        for (JsonNode m : index.get("manifests")) {
            if ("other".equals(m.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
                manifestDigest = m.get("digest").asText();
            }
        }
        ObjectNode manifest = (ObjectNode) Fixture.json(Files.readString(blob(layout, manifestDigest)));
        Path out = Files.createDirectories(work.resolve("layout/blobs/sha256"));
        String config = manifest.get("config").get("digest").asText();
        Files.copy(blob(layout, config), out.resolve(config.substring(7)));
        ArrayNode layers = (ArrayNode) manifest.get("layers");
        zstdLayers = new java.util.ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            ObjectNode layer = (ObjectNode) layers.get(i);
            Path tar = work.resolve("layer" + i + ".tar");
            Processes.check(work, Map.of(), List.of("sh", "-c", "gzip -dc < " + blob(layout, layer.get("digest").asText()) + " > " + tar));
            byte[] zst = i == 0 ? zstd(work, tar) : chunked(work, Files.readAllBytes(tar));
            String digest = Fixture.sha256(zst);
            Files.write(out.resolve(digest.substring(7)), zst);
            layer.put("mediaType", "application/vnd.oci.image.layer.v1.tar+zstd").put("digest", digest).put("size", zst.length);
            if (i == 1) {
                layer.putObject("annotations").put("io.github.containers.zstd-chunked.manifest-checksum", digest)
                        .put("io.github.containers.zstd-chunked.manifest-position", "0:0:0:0");
            }
            zstdLayers.add(digest);
        }
        byte[] bytes = Fixture.JSON.writeValueAsBytes(manifest);
        Files.write(out.resolve(Fixture.sha256(bytes).substring(7)), bytes);
        Files.writeString(work.resolve("layout/oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(work.resolve("layout/index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + Fixture.sha256(bytes) + "\",\"size\":"
                + bytes.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"zstd\"}}]}");
        Processes.check(work, Map.of(), List.of("skopeo", "copy", "-q", "--dest-tls-verify=false", "oci:" + work.resolve("layout") + ":zstd",
                "docker://" + REF));
        JsonNode skopeo = F.inspect("zstd/other:latest");
        assertEquals(zstdLayers, List.of(skopeo.get("Layers").get(0).asText(), skopeo.get("Layers").get(1).asText()),
                "skopeo pushed the zstd layers as written");
        diffIds = new java.util.ArrayList<>();
        Fixture.json(F.rawConfig("zstd/other:latest")).get("rootfs").get("diff_ids").forEach(d -> diffIds.add(d.asText()));
    }

    private static Path blob(Path layout, String digest) {
        return layout.resolve("blobs/sha256/" + digest.substring(7));
    }

    /** The tar compressed by the zstd CLI, as one frame with its checksum. */
    private static byte[] zstd(Path work, Path tar) throws Exception {
        Processes.check(work, Map.of(), List.of("zstd", "-q", "--check", "-f", tar.toString(), "-o", tar + ".zst"));
        return Files.readAllBytes(Path.of(tar + ".zst"));
    }

    /** zstd:chunked's shape: each of four parts compressed by the zstd CLI, a skippable frame of metadata after each. */
    private static byte[] chunked(Path work, byte[] tar) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int step = tar.length / 4 + 1;
        for (int at = 0, n = 0; at < tar.length; at += step, n++) {
            Path part = Files.write(work.resolve("part" + n), Arrays.copyOfRange(tar, at, Math.min(tar.length, at + step)));
            out.write(zstd(work, part));
            byte[] toc = ("{\"part\":" + n + "}").getBytes(StandardCharsets.UTF_8);
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0x184D2A50).putInt(toc.length).array());
            out.write(toc);
        }
        return out.toByteArray();
    }

    @Test
    void aZstdImageIsPulledVerifiedPushedSavedAndLoadedWithItsDigests() throws Exception {
        Processes.Result pull = stowage.run("image:pull", REF);
        assertEquals(0, pull.exit(), pull.toString());
        assertTrue(pull.out().contains("Downloaded newer image for " + REF), pull.out());
        assertEquals(String.join(" ", diffIds) + "\n", stowage.ok("image:inspect", "-f", "{{join .RootFS.Layers \" \"}}", REF).out(),
                "the diff_ids checked are the tars'");
        assertTrue(stowage.ok("store:verify").out().contains("0 corrupt"));
        String id = stowage.ok("image:ls", "-q").out().trim();
        assertEquals(Fixture.sha256(F.rawConfig("zstd/other:latest")).substring(7, 19), id);
        assertTrue(stowage.ok("image:history", REF).out().lines().skip(1).anyMatch(l -> l.contains("B")), "history has sizes");

        String pushed = F.ref("zstd/pushed:1");
        stowage.ok("image:tag", REF, pushed);
        stowage.ok("image:push", pushed);
        JsonNode raw = Fixture.json(F.rawManifest("zstd/pushed:1"));
        for (int i = 0; i < 2; i++) {
            assertEquals(zstdLayers.get(i), raw.get("layers").get(i).get("digest").asText(), "pushed as it is");
            assertEquals("application/vnd.oci.image.layer.v1.tar+zstd", raw.get("layers").get(i).get("mediaType").asText());
        }

        Path archive = Files.createTempDirectory("stowage-zstd-save-").resolve("other.tar");
        stowage.ok("image:save", "-o", archive.toString(), REF);
        Stowage other = new Stowage();
        Processes.Result load = other.ok("image:load", "-i", archive.toString());
        assertTrue(load.out().contains("Loaded image: " + REF), load.out());
        assertEquals(id, other.ok("image:ls", "-q").out().trim());
        assertTrue(other.ok("store:verify").out().contains("0 corrupt"));
        assertTrue(other.files().contains("blobs/sha256/" + zstdLayers.get(1).substring(7)), "loaded as saved: " + other.files());
    }

    @Test
    void withoutTheNativeLibraryThePullSaysSoAndStoresNoLayer() {
        // zstd-jni loads its library from this path when it is set: here, one that is not there
        Processes.Result r = stowage.run("", Map.of("JAVA_OPTS", "-DZstdNativePath=/nonexistent/libzstd-jni.so"), "image:pull", REF);
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains(" is zstd-compressed, and zstd-jni has no native library for Linux/"), r.toString());
        assertEquals(1, r.err().lines().filter(l -> !l.isBlank()).count(), "one line: " + r.err());
        assertEquals("", stowage.ok("image:ls", "-q").out(), "no image");
        for (String layer : zstdLayers) {
            assertTrue(!stowage.files().contains("blobs/sha256/" + layer.substring(7)), "no layer stored: " + stowage.files());
        }
    }
}
