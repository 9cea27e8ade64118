package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A layer gzipped as many members, as pigz and eStargz write them: a tar made by {@code tar},
 * cut into 64 parts each compressed by {@code gzip} and concatenated, in an image pushed to the
 * real registry by skopeo. The pull reads every member (its diff_id is the whole tar's), the
 * store verifies, and the layer is the one skopeo lists.
 */
class MultiMemberIT {
    private static final int MEMBERS = 64;
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    @Test
    void aLayerOfManyGzipMembersIsPulledWhole() throws Exception {
        Path work = Files.createTempDirectory("stowage-multimember-");
        Path root = Files.createDirectories(work.resolve("root/etc"));
        for (int i = 0; i < 200; i++) {
            Files.writeString(root.resolve("file-" + i), ("line " + i + "\n").repeat(50 + i));
        }
        Processes.check(work, Map.of(), List.of("tar", "--sort=name", "--owner=0", "--group=0", "--mtime=@0", "-cf", "layer.tar",
                "-C", work.resolve("root").toString(), "."));
        byte[] tar = Files.readAllBytes(work.resolve("layer.tar"));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        int step = tar.length / MEMBERS + 1;
        for (int at = 0, n = 0; at < tar.length; at += step, n++) {
            Path part = Files.write(work.resolve("part-" + n), Arrays.copyOfRange(tar, at, Math.min(tar.length, at + step)));
            Processes.check(work, Map.of(), List.of("gzip", "-n", part.toString()));
            gz.write(Files.readAllBytes(work.resolve("part-" + n + ".gz")));
        }
        byte[] layer = gz.toByteArray();
        String layerDigest = Fixture.sha256(layer);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"sh\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Fixture.sha256(tar) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + Fixture.sha256(config)
                + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                + "\"digest\":\"" + layerDigest + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
        Path layout = Files.createDirectories(work.resolve("layout/blobs/sha256"));
        for (byte[] blob : List.of(layer, config, manifest)) {
            Files.write(layout.resolve(Fixture.sha256(blob).substring(7)), blob);
        }
        Files.writeString(work.resolve("layout/oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(work.resolve("layout/index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + Fixture.sha256(manifest) + "\",\"size\":"
                + manifest.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"multi\"}}]}");
        String ref = f.ref("multimember:latest");
        Processes.check(work, Map.of(), List.of("skopeo", "copy", "-q", "--dest-tls-verify=false", "oci:" + work.resolve("layout") + ":multi",
                "docker://" + ref));
        assertEquals(layerDigest, f.inspect("multimember:latest").get("Layers").get(0).asText(), "skopeo kept the layer as written");

        Processes.Result pull = stowage.run("image:pull", ref);
        assertEquals(0, pull.exit(), pull.toString());
        assertTrue(pull.out().contains("Downloaded newer image for " + ref), pull.out());
        assertTrue(stowage.ok("store:verify").out().contains("0 corrupt"));
        assertEquals(Fixture.sha256(tar) + "\n", stowage.ok("image:inspect", "-f", "{{index .RootFS.Layers 0}}", ref).out(),
                "the diff_id checked is the whole tar's");
        assertEquals(1, stowage.ok("image:ls", "-q").lines().size());
    }
}
