package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** store:verify on a real fs store: corruption found, quarantined, healed by a re-pull; orphans removed. */
class StoreIT {
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    @Test
    void aCorruptLayerIsFoundQuarantinedAndHealedByPullingAgain() throws Exception {
        String ref = f.ref("app:latest");
        stowage.ok("image:pull", ref);
        assertEquals(List.of("Checked 5 blobs: 0 corrupt, 0 orphaned, 0 incomplete images"), stowage.ok("store:verify").lines());

        String layer = f.inspect("app:latest").get("Layers").get(1).asText();
        Path file = stowage.data.resolve("blobs/sha256/" + layer.substring(7));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x20;
        Files.write(file, bytes);

        Processes.Result found = stowage.run("store:verify");
        assertEquals(1, found.exit(), found.toString());
        assertEquals(List.of("corrupt: " + layer, "incomplete: " + ref + ": blob " + layer + " is corrupt",
                "Checked 5 blobs: 1 corrupt, 0 orphaned, 1 incomplete images"), found.lines());
        assertEquals("Error: 1 image(s) incomplete; pull them again, or remove them\n", found.err());
        assertTrue(Files.exists(file), "verify without --repair changes nothing");

        Processes.Result repaired = stowage.run("store:verify", "--repair");
        assertEquals(1, repaired.exit(), repaired.toString());
        assertTrue(repaired.lines().contains("corrupt: " + layer + " (quarantined)"), repaired.toString());
        assertFalse(Files.exists(file));
        assertTrue(Files.exists(stowage.data.resolve("quarantine/" + layer.substring(7))));

        Processes.Result pull = stowage.ok("image:pull", ref);
        assertTrue(pull.lines().contains(layer.substring(7, 19) + ": Pull complete"), pull.toString());
        assertEquals(2, pull.lines().stream().filter(l -> l.endsWith(": Already exists")).count(), pull.toString());
        assertEquals(List.of("Checked 5 blobs: 0 corrupt, 0 orphaned, 0 incomplete images"), stowage.ok("store:verify").lines());
    }

    /** What a cut pull keeps to resume is shown by image:df and store:verify, and image:prune drops it. */
    @Test
    void partialDownloadsAreShownAndPruned() throws Exception {
        java.nio.file.Path cfg = stowage.home.resolve("etc/io.stowage.registry.cfg");
        Files.writeString(cfg, Files.readString(cfg).replace("\nretries=5\n", "\nretries=1\n"));
        try (FaultProxy proxy = new FaultProxy(f.host())) {
            String layer = f.inspect("big:latest").get("Layers").get(0).asText();
            proxy.fail(layer, FaultProxy.Fault.cut(3 << 20));
            Processes.Result cut = stowage.run("image:pull", proxy.host() + "/big:latest");
            assertEquals(1, cut.exit(), cut.toString());
            Path kept = stowage.data.resolve("ingest/sha256-" + layer.substring(7));
            assertTrue(Files.exists(kept), stowage.files().toString());
            long size = Files.size(kept);
            assertTrue(size >= 3 << 20, "kept " + size);

            List<String> df = stowage.ok("image:df").lines();
            // the cut layer, and any other layer the failed pull had begun
            assertTrue(df.get(2).matches("Partial downloads +[1-3] +0 +\\S+MB +\\S+MB \\(100%\\)"), df.toString());
            Processes.Result verify = stowage.ok("store:verify");
            assertTrue(verify.lines().stream().anyMatch(l -> l.startsWith("partial: " + layer + " (") && l.endsWith(
                    " kept to resume a pull; image:prune drops it)")), verify.toString());

            Processes.Result prune = stowage.ok("image:prune", "-f");
            assertTrue(prune.lines().contains("deleted: " + layer), prune.toString());
            assertFalse(Files.exists(kept));
            assertFalse(prune.out().contains("Total reclaimed space: 0B"), prune.toString());
            assertTrue(stowage.ok("image:df").lines().get(2).matches("Partial downloads +0 +0 +0B +0B \\(0%\\)"));
        }
    }

    @Test
    void orphansAreReportedAndRemovedOnRepair() throws Exception {
        stowage.ok("image:pull", f.ref("app:latest"));
        byte[] stray = "left behind".getBytes();
        String digest = Fixture.sha256(stray);
        Files.write(stowage.data.resolve("blobs/sha256/" + digest.substring(7)), stray);

        // an orphan is garbage, not damage: listed, and the store still verifies
        assertEquals(List.of("orphan: " + digest, "Checked 6 blobs: 0 corrupt, 1 orphaned, 0 incomplete images"),
                stowage.ok("store:verify").lines());

        assertEquals(List.of("orphan: " + digest + " (deleted)", "Checked 6 blobs: 0 corrupt, 1 orphaned, 0 incomplete images"),
                stowage.ok("store:verify", "--repair").lines());
        assertFalse(Files.exists(stowage.data.resolve("blobs/sha256/" + digest.substring(7))));
        assertEquals(List.of("Checked 5 blobs: 0 corrupt, 0 orphaned, 0 incomplete images"), stowage.ok("store:verify").lines());
    }
}
