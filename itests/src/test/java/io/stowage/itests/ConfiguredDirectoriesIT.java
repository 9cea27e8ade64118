package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The filesystem store and the container records configured through Configuration Admin
 * ({@code etc/io.stowage.store.fs.cfg}, {@code etc/io.stowage.containers.cfg}) go where their
 * configuration says, not to {@code stowage.data}, from the first command of each run on: a
 * one-shot command waits until a component that may take a configuration runs with it.
 */
class ConfiguredDirectoriesIT {
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    @Test
    void theStoreAndTheRecordsGoWhereTheirConfigurationSays() throws Exception {
        Path root = Files.createTempDirectory("stowage-configured-");
        Path store = root.resolve("store");
        Path records = root.resolve("records");
        Files.writeString(stowage.home.resolve("etc/io.stowage.store.fs.cfg"), "data=" + store + "\nhealth.free.warn=0\n");
        Files.writeString(stowage.home.resolve("etc/io.stowage.containers.cfg"), "data=" + records + "\n");
        String ref = f.ref("app:latest");
        stowage.ok("image:pull", "-q", ref);
        assertTrue(Files.readString(store.resolve("index.json")).contains(ref), "the image is named in the configured store");
        for (int run = 0; run < 3; run++) {
            assertEquals(1, stowage.ok("image:ls", "-q").lines().size(), "every run sees the configured store from its start");
        }
        stowage.ok("container:create", "--name", "pump", ref);
        assertTrue(Files.readString(records.resolve("containers.json")).contains("pump"));
        assertTrue(stowage.ok("stowage:health").out().contains(store + " is writable"));
        assertFalse(stowage.files().stream().anyMatch(p -> p.startsWith("blobs/") || p.equals("containers.json")),
                "nothing in stowage.data: " + stowage.files());
    }
}
