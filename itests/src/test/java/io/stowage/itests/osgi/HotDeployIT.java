package io.stowage.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.stowage.api.StowageException;
import io.stowage.api.store.BlobStore;
import io.stowage.api.transport.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.Test;

/**
 * Bundles dropped into the runtime's deploy/ while it runs are installed, started and used at
 * once; removing the file uninstalls them and the core stops using them. The bundles are the
 * repository's own memory store and registry transport, left out of this framework's boot set.
 */
public class HotDeployIT extends RuntimeTest {
    private static final String STORE = "stowage-store-memory";
    private static final String TRANSPORT = "stowage-transport-registry";

    @Override
    protected Predicate<String> leaveOut() {
        return name -> name.startsWith(STORE) || name.startsWith(TRANSPORT);
    }

    @Test
    public void aTransportAndAStoreDeployedAtRunTimeAreUsedAndLeaveWithTheirFiles() throws Exception {
        StowageException none = assertThrows(StowageException.class, () -> images.pull(app(), null, null));
        assertTrue(none.getMessage(), none.getMessage().endsWith(": no transport for docker (waited 5 s; deploy the bundle that provides it)"));

        // a pull asked for before its transport is there waits for it (transport.wait), as an appliance's at start
        java.util.concurrent.CompletableFuture<io.stowage.api.PullResult> early =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> images.pull(app(), null, null));
        Path transport = deploy(TRANSPORT);
        assertTrue(early.get(60, java.util.concurrent.TimeUnit.SECONDS).downloaded());
        assertTrue(named(store("fs"), app()));

        Path store = deploy(STORE);
        eventually(() -> context.getServiceReferences(BlobStore.class, "(stowage.store=memory)").iterator().next());
        select("memory");
        images.pull(other(), null, null);
        assertTrue(named(store("memory"), other()));

        Files.delete(store);
        awaitUninstalled(STORE);
        assertTrue(context.getServiceReferences(BlobStore.class, "(stowage.store=memory)").isEmpty());
        StowageException gone = assertThrows(StowageException.class, () -> images.list());
        assertEquals("no image store available", gone.getMessage());
        select("fs");
        assertEquals(1, images.list().size());

        Files.delete(transport);
        awaitUninstalled(TRANSPORT);
        assertTrue(context.getServiceReferences(Transport.class, "(stowage.transport=docker)").isEmpty());
        StowageException noTransport = assertThrows(StowageException.class, () -> images.pull(app(), null, null));
        assertTrue(noTransport.getMessage(), noTransport.getMessage().endsWith(": no transport for docker (waited 5 s; deploy the bundle that provides it)"));
    }
}
