package io.stowage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.stowage.api.StoreReport;
import io.stowage.api.StowageException;
import io.stowage.api.store.BlobStore;
import io.stowage.store.fs.internal.FsBlobStore;
import io.stowage.store.memory.internal.MemoryBlobStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls and removals of two images that share a layer, run at once for many rounds: no pull
 * fails, and after every round each remaining image is whole. On disk, the pulls and removals go
 * through two services, each with its own store instance on one directory, as two processes
 * would (the fs store's leases are shared through files; the memory store's live in one service).
 */
class RaceTest {
    @TempDir
    Path dir;

    @Test
    void concurrentPullsAndRemovalsNeverLeaveAnImageIncompleteInMemory() throws Exception {
        race(1000, new MemoryBlobStore(), null);
    }

    @Test
    void concurrentPullsAndRemovalsNeverLeaveAnImageIncompleteOnDisk() throws Exception {
        race(200, new FsBlobStore(dir), new FsBlobStore(dir));
    }

    private void race(int rounds, BlobStore one, BlobStore other) throws Exception {
        TestImages images = new TestImages();
        Random random = new Random(99);
        byte[] shared = new byte[20_000];
        byte[] ownA = new byte[3_000];
        byte[] ownB = new byte[3_000];
        random.nextBytes(shared);
        random.nextBytes(ownA);
        random.nextBytes(ownB);
        images.image("a", List.of(shared, ownA));
        images.image("b", List.of(shared, ownB));
        ImageServiceImpl service = new ImageServiceImpl(TestImages.config(2), one, images);
        ImageServiceImpl second = other == null ? service : new ImageServiceImpl(TestImages.config(2), other, images);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < rounds; round++) {
                List<Callable<Object>> work = new ArrayList<>(List.of(
                        () -> service.pull("registry.test/app:a", null, null),
                        () -> second.pull("registry.test/app:b", null, null),
                        () -> removeIfThere(second, "registry.test/app:a"),
                        () -> removeIfThere(service, "registry.test/app:b")));
                Collections.shuffle(work, random);
                List<Future<Object>> done = new ArrayList<>();
                work.forEach(w -> done.add(pool.submit(w)));
                for (Future<Object> f : done) {
                    f.get();
                }
                StoreReport report = service.verify(false);
                assertEquals(List.of(), report.incomplete(), "round " + round);
                assertEquals(List.of(), report.corrupt(), "round " + round);
            }
        } finally {
            pool.shutdown();
        }
        removeIfThere(service, "registry.test/app:a");
        removeIfThere(service, "registry.test/app:b");
        service.verify(true);
        assertFalse(service.verify(false).problems());
        List<Object> left = new ArrayList<>();
        one.walk(left::add);
        assertEquals(List.of(), left);
    }

    private static Object removeIfThere(ImageServiceImpl service, String ref) {
        try {
            return service.remove(ref, false);
        } catch (StowageException e) {
            if (e.reason() != StowageException.Reason.NOT_FOUND) {
                throw e;
            }
            return null;
        }
    }
}
