package io.stowage.store.fs.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Digest;
import io.stowage.api.StowageException;
import io.stowage.api.store.BlobWriter;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resumable ingests of the fs store: kept when interrupted, continued, one writer at a time in any process. */
class FsResumeTest {
    private static final byte[] CONTENT = "0123456789abcdefghij".getBytes(StandardCharsets.UTF_8);
    private static final Digest DIGEST = Digest.of(CONTENT);

    @TempDir
    Path dir;

    @Test
    void anInterruptedIngestIsKeptAndContinuedFromWhereItStopped() throws Exception {
        FsBlobStore store = new FsBlobStore(dir);
        try (BlobWriter w = store.resume(DIGEST)) {
            w.write(CONTENT, 0, 7);
        }
        Path ingest = dir.resolve("ingest/sha256-" + DIGEST.hex());
        assertEquals(7, Files.size(ingest));
        try (BlobWriter w = new FsBlobStore(dir).resume(DIGEST)) { // as after a restart
            assertEquals(7, w.size());
            w.write(CONTENT, 7, CONTENT.length - 7); // the hash covers the kept bytes though nobody read them back
            w.commit(CONTENT.length, DIGEST);
        }
        assertTrue(Files.notExists(ingest));
        try (InputStream in = store.open(DIGEST)) {
            assertArrayEquals(CONTENT, in.readAllBytes());
        }
    }

    @Test
    void keptBytesThatAreWrongFailTheCommitAndAreDropped() throws Exception {
        FsBlobStore store = new FsBlobStore(dir);
        try (BlobWriter w = store.resume(DIGEST)) {
            w.write("XXXXXXX".getBytes(StandardCharsets.UTF_8), 0, 7);
        }
        try (BlobWriter w = store.resume(DIGEST)) {
            w.write(CONTENT, 7, CONTENT.length - 7);
            StowageException e = assertThrows(StowageException.class, () -> w.commit(CONTENT.length, DIGEST));
            assertTrue(e.getMessage().startsWith("blob " + DIGEST + ": digest mismatch"), e.getMessage());
        }
        assertTrue(store.info(DIGEST).isEmpty());
        try (BlobWriter w = store.resume(DIGEST)) {
            assertEquals(0, w.size());
        }
    }

    @Test
    void discardDropsTheKeptBytes() {
        FsBlobStore store = new FsBlobStore(dir);
        try (BlobWriter w = store.resume(DIGEST)) {
            w.write(CONTENT, 0, 5);
            w.discard();
        }
        assertTrue(Files.notExists(dir.resolve("ingest/sha256-" + DIGEST.hex())));
    }

    @Test
    void aSecondWriterOfTheSameBlobWaitsForTheFirst() throws Exception {
        FsBlobStore store = new FsBlobStore(dir);
        BlobWriter first = store.resume(DIGEST);
        first.write(CONTENT, 0, 4);
        CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> {
            try (BlobWriter w = store.resume(DIGEST)) {
                return w.size();
            }
        });
        Thread.sleep(300);
        assertFalse(second.isDone(), "the second writer must wait while the first is open");
        first.close();
        assertEquals(4, second.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aWriterInAnotherProcessIsWaitedForToo() throws Exception {
        FsBlobStore store = new FsBlobStore(dir);
        Process holder = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), StoreHolder.class.getName(), "ingest", dir.toString(), DIGEST.toString(),
                "012345").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("holding", out.readLine());
            CompletableFuture<Long> mine = CompletableFuture.supplyAsync(() -> {
                try (BlobWriter w = store.resume(DIGEST)) {
                    return w.size();
                }
            });
            Thread.sleep(500);
            assertFalse(mine.isDone(), "a writer in another process holds the ingest");
            holder.getOutputStream().close();
            assertEquals(6, mine.get(30, TimeUnit.SECONDS), "continues what the other process wrote");
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aWriterWaitingForAnotherCanBeCancelled() throws Exception {
        FsBlobStore store = new FsBlobStore(dir);
        try (BlobWriter first = store.resume(DIGEST)) {
            List<Throwable> failure = new ArrayList<>();
            Thread waiter = new Thread(() -> {
                try {
                    store.resume(DIGEST).close();
                } catch (StowageException e) {
                    failure.add(e);
                }
            });
            waiter.start();
            Thread.sleep(200);
            waiter.interrupt();
            waiter.join(10_000);
            assertFalse(waiter.isAlive());
            assertEquals(1, failure.size());
            assertTrue(failure.get(0).getMessage().endsWith("cancelled"), failure.get(0).getMessage());
            first.write(CONTENT, 0, 3); // the first writer is unharmed
            assertEquals(3, first.size());
        }
    }
}
