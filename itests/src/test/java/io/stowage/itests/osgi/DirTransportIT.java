package io.stowage.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.stowage.api.PullResult;
import io.stowage.api.StowageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.Test;

/**
 * The README's "Writing a transport" example, as its reader uses it: the reactor builds
 * {@code examples/dir-transport}, this test drops the jar into a running framework's deploy/, pulls
 * through the new {@code dir:} kind (the core learns the kind from the service alone), and deletes
 * the jar again.
 */
public class DirTransportIT extends RuntimeTest {
    private static final String BUNDLE = "stowage-example-dir-transport";

    @Test
    public void theExampleTransportIsBuiltHotDeployedUsedAndRemoved() throws Exception {
        Path dir = Files.createTempDirectory("stowage-dir-");
        images.pull(app(), null, null);
        images.save(List.of(app()), dir.resolve("app.tar").toString());
        images.remove(app(), false);
        String location = "dir:" + dir + ":" + app();

        StowageException none = assertThrows(StowageException.class, () -> images.pull(location, null, null));
        assertEquals("pull " + location + ": no transport for dir (waited 5 s; deploy the bundle that provides it)", none.getMessage());

        Path jar = deploy(Paths.get(System.getProperty("stowage.example")));
        PullResult pulled = eventually(() -> images.pull(location, null, null));
        assertEquals(app(), pulled.reference().toString());
        assertTrue(pulled.downloaded());
        assertTrue(images.list().stream().anyMatch(i -> i.repoTags().stream().anyMatch(t -> t.toString().equals(app()))));

        String absent = "dir:" + dir + ":" + other();
        StowageException missing = assertThrows(StowageException.class, () -> images.pull(absent, null, null));
        assertEquals("pull " + absent + ": " + absent + ": no tarball there holds " + other(), missing.getMessage());

        Files.delete(jar);
        awaitUninstalled(BUNDLE);
        StowageException gone = assertThrows(StowageException.class, () -> images.pull(location, null, null));
        assertEquals(none.getMessage(), gone.getMessage());
    }
}
