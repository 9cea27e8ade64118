package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code image:push} to the real registry, read back by skopeo: blobs the registry lacks are
 * uploaded (monolithic, or chunked when larger than {@code push.chunk}), those another repository
 * of the registry holds are mounted, those it has are skipped, and the manifest is the stored one,
 * byte for byte.
 */
class PushIT {
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    private List<String> shortLayers(String repositoryAndTag) {
        List<String> ids = new ArrayList<>();
        f.inspect(repositoryAndTag).get("Layers").forEach(l -> ids.add(l.asText().substring(7, 19)));
        Collections.reverse(ids);
        return ids;
    }

    @Test
    void aPushUploadsInChunksAndReadsBackIdentically() throws Exception {
        java.nio.file.Path cfg = stowage.home.resolve("etc/io.stowage.registry.cfg");
        Files.writeString(cfg, Files.readString(cfg).replace("\npush.chunk=16777216\n", "\npush.chunk=1048576\n"));
        assertTrue(Files.readString(cfg).contains("\npush.chunk=1048576\n"));
        try (Registry target = new Registry(f.work.resolve("push-" + System.nanoTime()), null, null)) {
            stowage.ok("image:pull", f.ref("big:latest"));
            String ref = target.host() + "/big:latest";
            stowage.ok("image:tag", f.ref("big:latest"), ref);

            Processes.Result push = stowage.ok("image:push", ref);
            List<String> expected = new ArrayList<>(List.of("The push refers to repository [" + target.host() + "/big]"));
            shortLayers("big:latest").forEach(id -> expected.add(id + ": Pushed"));
            String digest = f.inspect("big:latest").get("Digest").asText();
            expected.add("latest: digest: " + digest + " size: " + f.rawManifest("big:latest").length);
            assertEquals(expected, push.lines());

            JsonNode back = f.skopeo("inspect", "--tls-verify=false", "docker://" + ref);
            assertEquals(digest, back.get("Digest").asText());
            assertEquals(f.inspect("big:latest").get("Layers"), back.get("Layers"));
            Processes.check(f.work, Map.of(), List.of("skopeo", "copy", "-q", "--src-tls-verify=false", "docker://" + ref,
                    "oci:" + f.work.resolve("pushed-back-" + System.nanoTime()) + ":big"));
            String log = Files.readString(target.root.resolve("registry.log"));
            assertTrue(log.contains("\"PATCH /v2/big/blobs/uploads/"), "chunked uploads: " + log);

            Processes.Result again = stowage.ok("image:push", ref);
            assertTrue(again.lines().containsAll(shortLayers("big:latest").stream().map(id -> id + ": Layer already exists").toList()),
                    again.toString());
        }
    }

    @Test
    void blobsOfAnotherRepositoryOfTheRegistryAreMounted() {
        stowage.ok("image:pull", f.ref("app:latest"));
        String ref = f.host() + "/mounted/app:v1";
        stowage.ok("image:tag", f.ref("app:latest"), ref);
        Processes.Result push = stowage.ok("image:push", ref);
        for (String id : shortLayers("app:latest")) {
            assertTrue(push.lines().contains(id + ": Mounted from app"), push.toString());
        }
        assertEquals(f.inspect("app:latest").get("Digest"), f.skopeo("inspect", "--tls-verify=false", "docker://" + ref).get("Digest"));
    }

    @Test
    void pushingAnImageThatIsNotThereIsAnError() {
        String ref = f.host() + "/nothing:here";
        Processes.Result r = stowage.run("image:push", ref);
        assertEquals(1, r.exit());
        assertEquals("Error: push " + ref + ": An image does not exist locally with the tag: " + f.host() + "/nothing\n", r.err());
    }
}
