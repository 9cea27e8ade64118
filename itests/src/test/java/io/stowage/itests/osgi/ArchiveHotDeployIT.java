package io.stowage.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.stowage.api.PullResult;
import io.stowage.api.StowageException;
import io.stowage.api.transport.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.Test;

/**
 * The layout and archive transports arrive as one bundle dropped into deploy/ while the framework
 * runs: before it, saving and loading are refused naming the missing kind; with it, an image saves,
 * loads and pulls through it; once its file is deleted, they are refused again.
 */
public class ArchiveHotDeployIT extends RuntimeTest {
    private static final String ARCHIVE = "stowage-transport-archive";

    @Override
    protected Predicate<String> leaveOut() {
        return name -> name.startsWith(ARCHIVE);
    }

    @Test
    public void theArchiveTransportsComeAndGoWithTheirBundle() throws Exception {
        Path file = Files.createTempDirectory("stowage-hotdeploy-").resolve("app.tar");
        images.pull(app(), null, null);
        StowageException none = assertThrows(StowageException.class, () -> images.save(List.of(app()), file.toString()));
        assertEquals("save " + file + ": no transport for docker-archive (waited 5 s; deploy the bundle that provides it)", none.getMessage());

        Path jar = deploy(ARCHIVE);
        eventually(() -> {
            images.save(List.of(app()), file.toString());
            return null;
        });
        assertTrue(Files.size(file) > 0);
        for (String kind : List.of("oci", "oci-archive", "docker-archive")) {
            assertEquals(kind, 1, context.getServiceReferences(Transport.class, "(stowage.transport=" + kind + ")").size());
        }

        images.remove(app(), false);
        List<PullResult> loaded = images.load(file.toString(), null);
        assertEquals(1, loaded.size());
        assertEquals(app(), loaded.get(0).reference().toString());
        assertTrue(loaded.get(0).downloaded());
        images.remove(app(), false);
        assertEquals(app(), images.pull("oci-archive:" + file + ":" + app(), null, null).reference().toString());

        Files.delete(jar);
        awaitUninstalled(ARCHIVE);
        StowageException gone = assertThrows(StowageException.class, () -> images.load(file.toString(), null));
        assertEquals("load " + file + ": no transport for docker-archive (waited 5 s; deploy the bundle that provides it)", gone.getMessage());
        StowageException pull = assertThrows(StowageException.class, () -> images.pull("oci:/srv/layout:app", null, null));
        assertEquals("pull oci:/srv/layout:app: no transport for oci (waited 5 s; deploy the bundle that provides it)", pull.getMessage());
    }
}
