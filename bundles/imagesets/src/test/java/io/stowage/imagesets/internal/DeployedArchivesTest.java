package io.stowage.imagesets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.ImageService;
import io.stowage.api.StowageException;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which files of deploy/ are image archives, only in the running instance; a load that fails is not thrown back to FileInstall. */
class DeployedArchivesTest {
    private final List<String> loads = new ArrayList<>();
    private final ImageService images = (ImageService) java.lang.reflect.Proxy.newProxyInstance(ImageService.class.getClassLoader(),
            new Class<?>[] {ImageService.class}, (proxy, method, args) -> {
                if (!method.getName().equals("load")) {
                    throw new UnsupportedOperationException(method.getName());
                }
                loads.add((String) args[0]);
                throw new StowageException(StowageException.Reason.INVALID, "archive " + args[0] + ": not a tar");
            });

    @Test
    void archivesAreHandledByTheRunningInstanceOnly() {
        DeployedArchives running = new DeployedArchives(images, true);
        assertTrue(running.canHandle(new File("deploy/app.tar")));
        assertTrue(running.canHandle(new File("deploy/app.TAR.GZ")));
        assertFalse(running.canHandle(new File("deploy/bundle.jar")));
        assertFalse(running.canHandle(new File("deploy/.app.tar")), "a hidden file is a copy under way");
        assertFalse(new DeployedArchives(images, false).canHandle(new File("deploy/app.tar")), "a one-shot command loads nothing");
    }

    @Test
    void aFileThatDoesNotLoadIsLoggedNotThrown() {
        new DeployedArchives(images, true).install(new File("deploy/broken.tar"));
        assertEquals(List.of("deploy/broken.tar"), loads);
    }
}
