package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** image:pull, image:ls and image:inspect against the real registry, checked against skopeo. */
class PullIT {
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    @Test
    void pullPrintsDockersLinesAndInspectAgreesWithSkopeo() throws IOException {
        String ref = f.ref("app:latest");
        JsonNode remote = f.inspect("app:latest");
        Processes.Result pull = stowage.ok("image:pull", ref);

        List<String> expected = new ArrayList<>();
        expected.add("latest: Pulling from app");
        List<String> layerLines = new ArrayList<>();
        remote.get("Layers").forEach(l -> layerLines.add(l.asText().substring(7, 19) + ": Pull complete"));
        List<String> lines = pull.lines();
        assertEquals("latest: Pulling from app", lines.get(0), pull.toString());
        assertEquals(sorted(layerLines), sorted(lines.subList(1, 4)), pull.toString());
        assertEquals(List.of("Digest: " + remote.get("Digest").asText(), "Status: Downloaded newer image for " + ref, ref),
                lines.subList(4, 7));
        assertEquals(7, lines.size(), pull.toString());
        assertEquals("", pull.err());

        byte[] rawConfig = f.rawConfig("app:latest");
        JsonNode config = Fixture.json(rawConfig);
        JsonNode image = Fixture.json(stowage.ok("image:inspect", ref).out()).get(0);
        assertEquals(Fixture.sha256(rawConfig), image.get("Id").asText());
        assertEquals(List.of(ref), strings(image.get("RepoTags")));
        assertEquals(List.of(ref.replace(":latest", "") + "@" + remote.get("Digest").asText()), strings(image.get("RepoDigests")));
        assertEquals(config.get("rootfs").get("diff_ids"), image.get("RootFS").get("Layers"));
        assertEquals("layers", image.get("RootFS").get("Type").asText());
        assertEquals(remote.get("Architecture").asText(), image.get("Architecture").asText());
        assertEquals(remote.get("Os").asText(), image.get("Os").asText());
        assertEquals(config.get("created").asText(), image.get("Created").asText());
        assertEquals("stowage-tests", image.get("Author").asText());
        JsonNode run = image.get("Config");
        assertEquals(config.get("config").get("Cmd"), run.get("Cmd"));
        assertEquals(List.of("sh", "-c", "echo hi"), strings(run.get("Cmd")));
        assertEquals(config.get("config").get("Env"), run.get("Env"));
        assertEquals(config.get("config").get("Labels"), run.get("Labels"));
        assertEquals("/etc", run.get("WorkingDir").asText());
        assertEquals("1000", run.get("User").asText());
        assertTrue(run.get("ExposedPorts").has("8080/tcp"), run.toString());
        assertEquals(uncompressedSize(remote), image.get("Size").asLong());
        assertTrue(image.get("Metadata").get("LastTagTime").asText().matches("\\d{4}-.*Z"), image.toString());
    }

    @Test
    void theStoreIsAnOciLayoutThatSkopeoReadsAndVerifies() {
        String ref = f.ref("app:latest");
        stowage.ok("image:pull", ref);
        JsonNode local = f.skopeo("inspect", "oci:" + stowage.data + ":" + ref);
        JsonNode remote = f.inspect("app:latest");
        assertEquals(remote.get("Layers"), local.get("Layers"));
        assertEquals(remote.get("Digest"), local.get("Digest"));
        // skopeo copy re-reads and verifies every blob of the stored image
        f.skopeoBytes("copy", "-q", "oci:" + stowage.data + ":" + ref, "dir:" + stowage.data.resolveSibling("copy"));
    }

    @Test
    void dockerSchema2ImageIsTheSameImageAndSharesItsLayers() {
        stowage.ok("image:pull", f.ref("app:latest"));
        Processes.Result pull = stowage.ok("image:pull", f.ref("v2s2/app:latest"));
        JsonNode remote = f.inspect("v2s2/app:latest");
        List<String> expected = new ArrayList<>();
        remote.get("Layers").forEach(l -> expected.add(l.asText().substring(7, 19) + ": Already exists"));
        assertEquals(sorted(expected), sorted(pull.lines().subList(1, 4)), pull.toString());
        assertEquals("Digest: " + remote.get("Digest").asText(), pull.lines().get(4));
        JsonNode images = Fixture.json(stowage.ok("image:inspect", f.ref("app:latest"), f.ref("v2s2/app:latest")).out());
        assertEquals(images.get(0).get("Id"), images.get(1).get("Id"));
        assertEquals(2, images.get(0).get("RepoTags").size());
    }

    @Test
    void rePullOfAnUnchangedTagIsUpToDateAndWritesNothing() {
        String ref = f.ref("app:latest");
        stowage.ok("image:pull", ref);
        List<String> before = stowage.files();
        String index = stowage.read("index.json");
        Processes.Result again = stowage.ok("image:pull", ref);
        assertEquals(List.of("latest: Pulling from app", "Digest: " + f.inspect("app:latest").get("Digest").asText(),
                "Status: Image is up to date for " + ref, ref), again.lines());
        assertEquals(before, stowage.files());
        assertEquals(index, stowage.read("index.json"));
    }

    @Test
    void pullByDigestNamesTheImageByDigestOnly() {
        String digest = f.inspect("app:latest").get("Digest").asText();
        String ref = f.ref("app") + "@" + digest;
        Processes.Result pull = stowage.ok("image:pull", ref);
        assertEquals(digest + ": Pulling from app", pull.lines().get(0));
        assertEquals(List.of("Digest: " + digest, "Status: Downloaded newer image for " + ref, ref),
                pull.lines().subList(pull.lines().size() - 3, pull.lines().size()));
        JsonNode image = Fixture.json(stowage.ok("image:inspect", ref).out()).get(0);
        assertEquals(List.of(), strings(image.get("RepoTags")));
        assertEquals(List.of(ref), strings(image.get("RepoDigests")));
        List<String> ls = stowage.ok("image:ls").lines();
        assertTrue(ls.get(1).startsWith(f.ref("app") + "   <none>"), ls.toString());
    }

    @Test
    void indexResolvesToTheHostPlatformAndDigestIsTheIndexDigest() {
        Processes.Result pull = stowage.ok("image:pull", f.ref("multi:latest"));
        assertEquals("Digest: " + Fixture.sha256(f.rawManifest("multi:latest")), pull.lines().get(pull.lines().size() - 3));
        JsonNode image = Fixture.json(stowage.ok("image:inspect", f.ref("multi:latest")).out()).get(0);
        assertEquals("amd64", image.get("Architecture").asText());
        assertEquals(Fixture.sha256(f.rawConfig("other:latest")), image.get("Id").asText());
    }

    @Test
    void platformFlagChoosesAnotherEntryOfTheIndex() throws IOException {
        stowage.ok("image:pull", "--platform", "linux/arm64", f.ref("multi:latest"));
        JsonNode image = Fixture.json(stowage.ok("image:inspect", f.ref("multi:latest")).out()).get(0);
        assertEquals("arm64", image.get("Architecture").asText());
        assertEquals(List.of("/arm"), strings(image.get("Config").get("Cmd")));
    }

    @Test
    void platformMissingFromTheIndexIsAClearErrorListingWhatThereIs() {
        List<String> before = stowage.files();
        Processes.Result r = stowage.run("image:pull", "--platform", "linux/s390x", f.ref("multi:latest"));
        assertEquals(1, r.exit(), r.toString());
        assertEquals("Error: pull " + f.ref("multi:latest") + ": no matching manifest for linux/s390x in the manifest list"
                + " entries (available: linux/amd64, linux/arm64/v8)\n", r.err());
        assertEquals(before.isEmpty() ? List.of("index.json", "index.last-good.json", "index.lock", "ingest.lock", "leases.lock", "oci-layout") : before, stowage.files());
    }

    @Test
    void lsShowsDockersColumns() throws IOException {
        stowage.ok("image:pull", f.ref("app:latest"));
        List<String> ls = stowage.ok("image:ls").lines();
        assertEquals(2, ls.size(), ls.toString());
        assertTrue(ls.get(0).matches("REPOSITORY +TAG +IMAGE ID +CREATED +SIZE"), ls.get(0));
        String[] cols = ls.get(1).split(" {3,}");
        assertEquals(f.ref("app"), cols[0]);
        assertEquals("latest", cols[1]);
        assertEquals(Fixture.sha256(f.rawConfig("app:latest")).substring(7, 19), cols[2]);
        assertTrue(cols[3].matches("(Less than a second|\\d+ seconds|About a minute|\\d+ minutes) ago"), cols[3]);
        long size = uncompressedSize(f.inspect("app:latest"));
        assertTrue(cols[4].endsWith("MB"), cols[4]);
        double shown = Double.parseDouble(cols[4].replace("MB", "")) * 1e6;
        assertTrue(Math.abs(shown - size) / size < 0.01, cols[4] + " vs " + size);
    }

    @Test
    void theInteractiveShellRunsCommandsFromItsInput() throws IOException {
        stowage.ok("image:pull", f.ref("app:latest"));
        java.nio.file.Path input = Files.writeString(stowage.data.resolveSibling("input.txt"), "image:ls\n");
        Processes.Result r = Processes.run(stowage.home, java.util.Map.of("STOWAGE_DATA", stowage.data.toString()),
                List.of("sh", "-c", stowage.home.resolve("bin/stowage") + " < " + input));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains(f.ref("app") + "   latest"), r.toString());
    }

    /** The sum of the layers' uncompressed sizes, read from the registry's own storage. */
    private long uncompressedSize(JsonNode remote) {
        long total = 0;
        for (JsonNode layer : remote.get("Layers")) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(f.registry.blobData(layer.asText())))) {
                total += in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return total;
    }

    static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    private static List<String> sorted(List<String> list) {
        return list.stream().sorted().toList();
    }
}
