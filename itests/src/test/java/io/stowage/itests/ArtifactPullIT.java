package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.transport.tests.Distribution;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code artifact:pull|ls|rm}: an appliance's configuration bundle published as an OCI 1.1
 * artifact the way {@code oras push} lays it out (an empty config, each file a layer titled
 * {@code org.opencontainers.image.title}), uploaded to the real registry by the distribution
 * API. It is kept beside an image, which the image commands see alone; prune and repair leave
 * it; its files are written out; a title that is a path is refused with nothing written.
 */
class ArtifactPullIT {
    private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String TYPE = "application/vnd.example.gateway.config.v1";
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    private String layer(String repository, byte[] content, String title) throws Exception {
        String digest = Distribution.blob(f.host(), repository, content);
        return "{\"mediaType\":\"application/octet-stream\",\"digest\":\"" + digest + "\",\"size\":" + content.length
                + (title == null ? "" : ",\"annotations\":{\"org.opencontainers.image.title\":\"" + title + "\"}") + "}";
    }

    private String push(String repository, String tag, String... layers) throws Exception {
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        Distribution.blob(f.host(), repository, empty);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST + "\",\"artifactType\":\"" + TYPE + "\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + Fixture.sha256(empty)
                + "\",\"size\":2},\"layers\":[" + String.join(",", layers) + "]}").getBytes(StandardCharsets.UTF_8);
        return Distribution.manifest(f.host(), repository, tag, MANIFEST, manifest);
    }

    @Test
    void anArtifactIsKeptBesideImagesAndWrittenOutAsFiles() throws Exception {
        byte[] settings = "pump.rate=12\n".getBytes(StandardCharsets.UTF_8);
        byte[] model = new byte[100_000];
        new java.util.Random(3).nextBytes(model);
        String digest = push("gateway/config", "1.0", layer("gateway/config", settings, "settings.properties"),
                layer("gateway/config", model, "model.bin"), layer("gateway/config", "no title".getBytes(StandardCharsets.UTF_8), null));
        String ref = f.ref("gateway/config:1.0");
        stowage.ok("image:pull", f.ref("app:latest"));

        Path out = Files.createTempDirectory("stowage-artifact-").resolve("files");
        Processes.Result pull = stowage.ok("artifact:pull", "-o", out.toString(), ref);
        assertEquals(List.of("Pulled " + ref, "Digest: " + digest, "Wrote " + out.resolve("settings.properties"),
                "Wrote " + out.resolve("model.bin")), pull.lines());
        assertArrayEquals(settings, Files.readAllBytes(out.resolve("settings.properties")));
        assertArrayEquals(model, Files.readAllBytes(out.resolve("model.bin")));
        try (var files = Files.list(out)) {
            assertEquals(2, files.count(), "the untitled layer is not written, nor any temporary file left");
        }

        List<String> ls = stowage.ok("artifact:ls").lines();
        assertEquals(2, ls.size(), ls.toString());
        assertTrue(ls.get(1).startsWith(ref + "   " + TYPE + "   " + digest.substring(7, 19)), ls.get(1));
        assertEquals(1, stowage.ok("image:ls", "-q").lines().size(), "the image commands see the image alone");
        Processes.Result notImage = stowage.run("image:rm", ref);
        assertEquals(1, notImage.exit());
        assertTrue(notImage.err().contains("No such image: " + ref), notImage.err());

        stowage.ok("image:rm", f.ref("app:latest"));
        stowage.ok("image:prune", "-a", "-f");
        Processes.Result verify = stowage.ok("store:verify", "--repair");
        assertTrue(verify.out().contains("0 corrupt") && verify.out().contains("0 orphan"), verify.out());
        Path again = out.resolveSibling("again");
        stowage.ok("artifact:pull", "-o", again.toString(), ref); // from the store: the blobs are all there
        assertArrayEquals(model, Files.readAllBytes(again.resolve("model.bin")), "prune and repair left the artifact whole");

        Processes.Result rm = stowage.ok("artifact:rm", ref);
        assertTrue(rm.out().startsWith("Untagged: " + ref + "\n") && rm.out().contains("Deleted: " + digest), rm.out());
        assertEquals(List.of(), stowage.files().stream().filter(p -> p.startsWith("blobs/")).toList(), "every blob went with it");
        assertEquals(1, stowage.ok("artifact:ls").lines().size());
    }

    @Test
    void anImageIsNoArtifactAndAPathTitleWritesNothing() throws Exception {
        Processes.Result image = stowage.run("artifact:pull", f.ref("app:latest"));
        assertEquals(1, image.exit());
        assertTrue(image.err().contains("is a container image, not an artifact; image:pull pulls it"), image.err());

        String digest = push("gateway/evil", "1", layer("gateway/evil", "x".getBytes(StandardCharsets.UTF_8), "../escape"));
        Path out = Files.createTempDirectory("stowage-evil-").resolve("files");
        Processes.Result evil = stowage.run("artifact:pull", "-o", out.toString(), f.ref("gateway/evil:1"));
        assertEquals(1, evil.exit(), evil.toString());
        assertTrue(evil.err().contains("title \"../escape\" is not a plain file name; nothing of it is written"), evil.err());
        assertEquals(1, evil.err().lines().count(), evil.err());
        assertFalse(Files.exists(out.resolveSibling("escape")), "nothing outside the directory");
        assertTrue(stowage.ok("artifact:ls").out().contains(digest.substring(7, 19)), "the artifact itself was stored");
    }
}
