package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A store with one damaged image stays usable: the others list, inspect, pull and go as before;
 * the damaged one is listed as such, can be removed or pulled again, and a repair never deletes
 * what it needs. A damaged {@code index.json} is restored from its last good copy.
 */
class DamagedStoreIT {
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();
    private final String app = f.ref("app:latest");
    private final String other = f.ref("other:latest");

    /** Pulls app and other (sharing a layer); returns other's manifest digest. */
    private String pullBoth() {
        stowage.ok("image:pull", app);
        stowage.ok("image:pull", other);
        return f.inspect("other:latest").get("Digest").asText();
    }

    private Path blob(String digest) {
        return stowage.data.resolve("blobs/sha256/" + digest.substring(7));
    }

    private List<String> otherBlobs() {
        JsonNode inspected = f.inspect("other:latest");
        List<String> blobs = new java.util.ArrayList<>();
        inspected.get("Layers").forEach(l -> blobs.add(l.asText()));
        blobs.add(Fixture.sha256(f.rawConfig("other:latest")));
        return blobs;
    }

    private void assertHealthyImageWorks() {
        assertTrue(stowage.ok("image:inspect", "-f", "{{.Id}}", app).out().startsWith("sha256:"));
        assertTrue(stowage.ok("image:history", app).lines().size() > 1);
        assertTrue(stowage.ok("image:pull", app).out().contains("Status: Image is up to date for " + app));
    }

    @Test
    void aMissingManifestIsListedAsDamagedAndTheRestWorks() throws Exception {
        String manifest = pullBoth();
        Files.delete(blob(manifest));

        Processes.Result ls = stowage.ok("image:ls");
        assertEquals(3, ls.lines().size(), ls.toString());
        assertTrue(ls.lines().stream().anyMatch(l -> l.startsWith(other.replace(":latest", "")) && l.endsWith("<damaged>")), ls.toString());
        assertTrue(ls.lines().stream().anyMatch(l -> l.startsWith(app.replace(":latest", "")) && l.endsWith("MB")), ls.toString());
        assertEquals("WARNING: image " + other + " is damaged: manifest " + manifest
                + " is missing; pull it again, or remove it (image:rm)\n", ls.err());
        List<JsonNode> rows = stowage.ok("image:ls", "--format", "json").lines().stream().map(l -> Fixture.json(l.getBytes())).toList();
        assertEquals(2, rows.size());
        assertEquals(1, rows.stream().filter(r -> r.path("Damaged").asBoolean(false)).count(), rows.toString());
        assertTrue(rows.stream().filter(r -> r.has("Damaged")).allMatch(r -> r.path("Repository").asText().endsWith("/other")));

        Processes.Result inspect = stowage.run("image:inspect", "-f", "{{.Id}}", app, other);
        assertEquals(1, inspect.exit());
        assertEquals(1, inspect.lines().size(), inspect.toString());
        assertEquals("Error: image " + other + " is damaged: manifest " + manifest + " is missing; pull it again, or remove it\n",
                inspect.err());
        assertHealthyImageWorks();

        // pulled again, the manifest comes back and the layers it kept are not fetched again
        Processes.Result again = stowage.ok("image:pull", other);
        assertTrue(again.lines().stream().filter(l -> l.endsWith(": Already exists")).count() == 2, again.toString());
        assertEquals("", stowage.ok("image:ls").err());
        assertEquals(List.of("Checked 8 blobs: 0 corrupt, 0 orphaned, 0 incomplete images"), stowage.ok("store:verify").lines());
    }

    @Test
    void anImageWhoseManifestAndIdAreBothGoneCanBeRemovedAndPruned() throws Exception {
        String manifest = pullBoth();
        // as a layout another tool wrote would be: no Stowage annotations to tell the image ID
        Path index = stowage.data.resolve("index.json");
        JsonNode json = Fixture.json(Files.readAllBytes(index));
        json.get("manifests").forEach(m -> ((ObjectNode) m).retain(List.of("mediaType", "digest", "size", "annotations")));
        json.get("manifests").forEach(m -> ((ObjectNode) m.get("annotations")).retain("org.opencontainers.image.ref.name"));
        Files.write(index, Fixture.JSON.writeValueAsBytes(json));
        Files.delete(blob(manifest));

        assertTrue(stowage.ok("image:ls").lines().stream().anyMatch(l -> l.contains(manifest.substring(7, 19)) && l.endsWith("<damaged>")));
        assertTrue(stowage.ok("image:inspect", app).out().contains("\"Id\""));
        Processes.Result rm = stowage.ok("image:rm", other);
        assertEquals("Untagged: " + other + "\nDeleted: " + manifest + "\n", rm.out());
        stowage.ok("image:prune", "-f");
        assertEquals("", stowage.ok("image:ls").err());
        assertHealthyImageWorks();
    }

    @Test
    void aRepairQuarantinesAFlippedManifestAndKeepsWhatTheImageNeeds() throws Exception {
        String manifest = pullBoth();
        byte[] bytes = Files.readAllBytes(blob(manifest));
        bytes[10] ^= 1;
        Files.write(blob(manifest), bytes);

        Processes.Result repair = stowage.run("store:verify", "--repair");
        assertEquals(1, repair.exit(), repair.toString());
        assertTrue(repair.lines().contains("corrupt: " + manifest + " (quarantined)"), repair.toString());
        assertTrue(repair.lines().contains("incomplete: " + other + ": blob " + manifest + " is corrupt; its layers are unknown,"
                + " so no blob counts as an orphan until the image is pulled again or removed"), repair.toString());
        assertFalse(repair.out().contains("(deleted)"), repair.toString());
        for (String d : otherBlobs()) {
            assertTrue(Files.exists(blob(d)), d + " deleted by the repair");
        }

        Processes.Result ls = stowage.ok("image:ls");
        assertTrue(ls.out().contains("<damaged>") && ls.out().contains("MB"), ls.toString());
        assertHealthyImageWorks();
        Processes.Result again = stowage.ok("image:pull", other);
        assertEquals(2, again.lines().stream().filter(l -> l.endsWith(": Already exists")).count(), again.toString());
        assertEquals(List.of("Checked 8 blobs: 0 corrupt, 0 orphaned, 0 incomplete images"), stowage.ok("store:verify").lines());
    }

    @Test
    void aTruncatedIndexIsRestoredFromItsLastGoodCopyAndTheNamesSinceAreReportedLost() throws Exception {
        stowage.ok("image:pull", app);
        byte[] beforeOther = Files.readAllBytes(stowage.data.resolve("index.last-good.json"));
        stowage.ok("image:pull", other);
        // the copy is from before other was pulled (as if the last update's copy had not been written)
        Files.write(stowage.data.resolve("index.last-good.json"), beforeOther);
        Path index = stowage.data.resolve("index.json");
        byte[] whole = Files.readAllBytes(index);
        String text = new String(whole, java.nio.charset.StandardCharsets.UTF_8);
        int cut = text.indexOf("\"" + other + "\"") + other.length() + 2; // just after other's name
        assertTrue(cut > other.length() + 2 && cut < whole.length, text);
        Files.write(index, Arrays.copyOf(whole, cut));

        Processes.Result ls = stowage.run("image:ls");
        assertEquals(1, ls.exit());
        assertTrue(ls.err().startsWith("Error: store " + stowage.data + ": index.json: malformed JSON: "), ls.err());
        assertTrue(ls.err().endsWith("; run store:verify --repair to restore its last good copy\n"), ls.err());
        assertEquals(1, ls.err().lines().count());
        Processes.Result pull = stowage.run("image:pull", app);
        assertEquals(1, pull.exit(), pull.toString());
        assertEquals(cut, Files.size(index), "a pull does not write over a damaged index");

        Processes.Result repair = stowage.ok("store:verify", "--repair");
        assertEquals("restored: index.json from its last good copy (the damaged one is index.json.malformed)", repair.lines().get(0));
        assertEquals("lost: " + other + " (named after the last good copy; pull it again)", repair.lines().get(1));
        assertTrue(repair.lines().stream().filter(l -> l.startsWith("orphan: ")).allMatch(l -> l.endsWith(" (kept: index.json was restored)")),
                repair.toString());
        assertEquals(cut, Files.size(stowage.data.resolve("index.json.malformed")));

        assertHealthyImageWorks();
        Processes.Result again = stowage.ok("image:pull", other);
        assertTrue(again.lines().stream().anyMatch(l -> l.endsWith(": Already exists")), again.toString());
        assertEquals(List.of("Checked 8 blobs: 0 corrupt, 0 orphaned, 0 incomplete images"), stowage.ok("store:verify").lines());
    }
}
