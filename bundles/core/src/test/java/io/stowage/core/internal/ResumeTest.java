package io.stowage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.StowageException;
import io.stowage.store.fs.internal.FsBlobStore;
import io.stowage.store.memory.internal.MemoryBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interrupted downloads continue where they stopped; a blob two pulls need is fetched once. */
class ResumeTest {
    private static final String REF = "registry.test/app:v1";
    private final TestImages images = new TestImages();

    @TempDir
    Path dir;

    private Descriptor bigLayer() {
        byte[] plain = new byte[400_000];
        new Random(3).nextBytes(plain);
        images.image("v1", List.of(plain));
        return images.layers("v1").get(0);
    }

    @Test
    void aPullAfterACutConnectionAsksOnlyForTheRest() throws Exception {
        Descriptor layer = bigLayer();
        images.cutAfter.put(layer.digest(), 150_000L);
        ImageServiceImpl service = new ImageServiceImpl(TestImages.config(3), new FsBlobStore(dir), images);
        StowageException e = assertThrows(StowageException.class, () -> service.pull(REF, null, null));
        assertTrue(e.getMessage().contains("layer " + layer.digest() + ": connection reset"), e.getMessage());
        assertEquals(150_000, Files.size(dir.resolve("ingest/sha256-" + layer.digest().hex())));
        assertTrue(service.list().isEmpty());

        images.fetches.clear();
        // a new service over the same directory, as after a restart
        ImageServiceImpl again = new ImageServiceImpl(TestImages.config(3), new FsBlobStore(dir), images);
        assertTrue(again.pull(REF, null, null).downloaded());
        assertEquals(List.of(layer.digest() + "@150000"), images.fetches.stream().filter(f -> f.startsWith(layer.digest() + "@")).toList());
        assertFalse(again.verify(false).problems());
        assertTrue(Files.notExists(dir.resolve("ingest/sha256-" + layer.digest().hex())));
    }

    @Test
    void keptBytesThatAreWrongAreFetchedAgainWhole() throws Exception {
        Descriptor layer = bigLayer();
        images.cutAfter.put(layer.digest(), 150_000L);
        ImageServiceImpl service = new ImageServiceImpl(TestImages.config(3), new FsBlobStore(dir), images);
        assertThrows(StowageException.class, () -> service.pull(REF, null, null));
        Path kept = dir.resolve("ingest/sha256-" + layer.digest().hex());
        byte[] damaged = Files.readAllBytes(kept);
        damaged[1000] ^= 0x55;
        Files.write(kept, damaged);

        images.fetches.clear();
        assertTrue(service.pull(REF, null, null).downloaded());
        assertEquals(List.of(layer.digest() + "@150000", layer.digest() + "@0"),
                images.fetches.stream().filter(f -> f.startsWith(layer.digest() + "@")).toList());
        assertFalse(service.verify(false).problems());
    }

    @Test
    void twoPullsOfImagesSharingALayerFetchItOnce() throws Exception {
        byte[] shared = new byte[50_000];
        new Random(4).nextBytes(shared);
        images.image("a", List.of(shared, new byte[] {1}));
        images.image("b", List.of(shared, new byte[] {2}));
        Digest sharedDigest = images.layers("a").get(0).digest();
        CountDownLatch bothStarted = new CountDownLatch(1);
        images.holdUntil.put(sharedDigest, bothStarted);
        ImageServiceImpl service = new ImageServiceImpl(TestImages.config(3), new MemoryBlobStore(), images);
        CompletableFuture<?> a = CompletableFuture.runAsync(() -> service.pull("registry.test/app:a", null, null));
        // the first fetch of the shared layer is held until b's pull has fetched its own layer
        Digest ownOfB = images.layers("b").get(1).digest();
        CompletableFuture<?> b = CompletableFuture.runAsync(() -> service.pull("registry.test/app:b", null, null));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!images.fetches.contains(ownOfB + "@0") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        bothStarted.countDown();
        a.get(30, TimeUnit.SECONDS);
        b.get(30, TimeUnit.SECONDS);
        assertEquals(1, images.fetches.stream().filter(f -> f.startsWith(sharedDigest + "@")).count(), images.fetches.toString());
        assertEquals(2, service.list().size());
    }
}
