package io.stowage.store.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.MediaTypes;
import io.stowage.api.StowageException;
import io.stowage.api.store.BlobInfo;
import io.stowage.api.store.BlobStore;
import io.stowage.api.store.BlobWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link BlobStore} keeps. A store's test extends this and says how to make
 * a fresh store ({@link #store()}) and, where the store persists, how to open the same one
 * again ({@link #reopen()}).
 */
public abstract class BlobStoreContract {

    /** The store under test; the same instance for one test. */
    protected abstract BlobStore store();

    /** The same store as a new instance (after a restart), or the same instance in memory. */
    protected abstract BlobStore reopen();

    /** Stores {@code bytes} as a blob; returns its digest. */
    public static Digest put(BlobStore store, byte[] bytes) {
        Digest digest = Digest.of(bytes);
        try (BlobWriter w = store.writer()) {
            w.write(bytes, 0, bytes.length);
            w.commit(bytes.length, digest);
        }
        return digest;
    }

    protected static byte[] read(BlobStore store, Digest digest) {
        try (InputStream in = store.open(digest)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void committedBlobReadsBackWithItsSize() {
        byte[] content = bytes("hello, layer");
        Digest digest = put(store(), content);
        assertArrayEquals(content, read(store(), digest));
        assertEquals(new BlobInfo(digest, content.length), store().info(digest).orElseThrow());
    }

    @Test
    void largeBlobWrittenInPiecesReadsBackWhole() {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(content);
        Digest digest = Digest.of(content);
        try (BlobWriter w = store().writer()) {
            for (int off = 0; off < content.length; off += 65536) {
                w.write(content, off, Math.min(65536, content.length - off));
            }
            assertEquals(content.length, w.size());
            w.commit(content.length, digest);
        }
        assertArrayEquals(content, read(store(), digest));
    }

    @Test
    void uncommittedWriteIsInvisible() {
        byte[] content = bytes("not yet");
        Digest digest = Digest.of(content);
        BlobWriter w = store().writer();
        w.write(content, 0, content.length);
        assertTrue(store().info(digest).isEmpty());
        w.close();
        assertTrue(store().info(digest).isEmpty());
        assertEquals(List.of(), blobs(store()));
    }

    @Test
    void wrongDigestIsRefusedAndNothingIsStored() {
        byte[] content = bytes("the real bytes");
        Digest claimed = Digest.of(bytes("other bytes"));
        try (BlobWriter w = store().writer()) {
            w.write(content, 0, content.length);
            StowageException e = assertThrows(StowageException.class, () -> w.commit(content.length, claimed));
            assertEquals(StowageException.Reason.DIGEST_MISMATCH, e.reason());
            assertTrue(e.getMessage().contains(claimed.toString()), e.getMessage());
        }
        assertTrue(store().info(claimed).isEmpty());
        assertTrue(store().info(Digest.of(content)).isEmpty());
        assertEquals(List.of(), blobs(store()));
    }

    @Test
    void wrongSizeIsRefusedAndNothingIsStored() {
        byte[] content = bytes("sized");
        Digest digest = Digest.of(content);
        try (BlobWriter w = store().writer()) {
            w.write(content, 0, content.length);
            StowageException e = assertThrows(StowageException.class, () -> w.commit(content.length + 1, digest));
            assertEquals(StowageException.Reason.DIGEST_MISMATCH, e.reason());
        }
        assertTrue(store().info(digest).isEmpty());
    }

    @Test
    void committingExistingContentAgainSucceeds() {
        byte[] content = bytes("twice");
        Digest digest = put(store(), content);
        assertEquals(digest, put(store(), content));
        assertEquals(1, blobs(store()).size());
        assertArrayEquals(content, read(store(), digest));
    }

    @Test
    void missingBlobIsNotFoundNamingTheDigest() {
        Digest absent = Digest.of(bytes("absent"));
        StowageException e = assertThrows(StowageException.class, () -> store().open(absent).close());
        assertEquals(StowageException.Reason.NOT_FOUND, e.reason());
        assertTrue(e.getMessage().contains(absent.toString()), e.getMessage());
        assertTrue(store().info(absent).isEmpty());
    }

    @Test
    void walkListsEveryBlobAndDeleteRemovesOne() {
        Digest a = put(store(), bytes("a"));
        Digest b = put(store(), bytes("bb"));
        assertEquals(Set.of(new BlobInfo(a, 1), new BlobInfo(b, 2)), new HashSet<>(blobs(store())));
        assertTrue(store().delete(a));
        assertFalse(store().delete(a));
        assertEquals(List.of(new BlobInfo(b, 2)), blobs(store()));
        assertTrue(store().info(a).isEmpty());
    }

    @Test
    void refsStartEmptyAndUpdatesPersist() {
        assertEquals(List.of(), store().refs());
        Digest manifest = put(store(), bytes("{}"));
        Descriptor ref = new Descriptor(MediaTypes.OCI_MANIFEST, manifest, 2, null,
                Map.of(Descriptor.REF_NAME, "docker.io/library/alpine:latest", "io.stowage.test", "1"));
        store().updateRefs(refs -> {
            List<Descriptor> next = new ArrayList<>(refs);
            next.add(ref);
            return next;
        });
        assertEquals(List.of(ref), store().refs());
        assertEquals(List.of(ref), reopen().refs());
    }

    @Test
    void failedRefUpdateChangesNothing() {
        Digest manifest = put(store(), bytes("{}"));
        Descriptor ref = new Descriptor(MediaTypes.OCI_MANIFEST, manifest, 2, null, Map.of(Descriptor.REF_NAME, "x"));
        store().updateRefs(refs -> List.of(ref));
        assertThrows(IllegalStateException.class, () -> store().updateRefs(refs -> {
            throw new IllegalStateException("refused");
        }));
        assertEquals(List.of(ref), store().refs());
    }

    @Test
    void blobsSurviveReopen() {
        byte[] content = bytes("durable");
        Digest digest = put(store(), content);
        assertArrayEquals(content, read(reopen(), digest));
    }

    @Test
    void concurrentRefUpdatesAreNotLost() throws Exception {
        Digest manifest = put(store(), bytes("{}"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String name = "host/repo:t" + i;
                done.add(pool.submit(() -> store().updateRefs(refs -> {
                    List<Descriptor> next = new ArrayList<>(refs);
                    next.add(new Descriptor(MediaTypes.OCI_MANIFEST, manifest, 2, null, Map.of(Descriptor.REF_NAME, name)));
                    return next;
                })));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(40, store().refs().size());
    }

    @Test
    void concurrentWritersOfTheSameContentBothSucceed() throws Exception {
        byte[] content = new byte[1 << 20];
        new Random(7).nextBytes(content);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Digest>> done = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                done.add(pool.submit(() -> put(store(), content)));
            }
            for (Future<Digest> f : done) {
                assertEquals(Digest.of(content), f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertArrayEquals(content, read(store(), Digest.of(content)));
        assertEquals(1, blobs(store()).size());
    }

    protected static List<BlobInfo> blobs(BlobStore store) {
        List<BlobInfo> all = new ArrayList<>();
        store.walk(all::add);
        return all;
    }

    /** A writer resumed after an interrupted one either continues its bytes or starts over; either way the blob commits whole. */
    @Test
    void aResumedWriterContinuesOrStartsOverAndCommitsTheWholeBlob() throws IOException {
        byte[] content = new byte[300_000];
        new Random(5).nextBytes(content);
        Digest digest = Digest.of(content);
        int half = content.length / 2;
        try (BlobWriter first = store().resume(digest)) {
            first.write(content, 0, half);
        }
        assertTrue(store().info(digest).isEmpty(), "an interrupted writer publishes nothing");
        try (BlobWriter second = store().resume(digest)) {
            long have = second.size();
            assertTrue(have == 0 || have == half, "resumed at " + have);
            try (InputStream back = second.written()) {
                assertArrayEquals(java.util.Arrays.copyOf(content, (int) have), back.readAllBytes());
            }
            second.write(content, (int) have, content.length - (int) have);
            second.commit(content.length, digest);
        }
        assertArrayEquals(content, read(store(), digest));
        try (BlobWriter after = store().resume(digest)) {
            assertEquals(0, after.size(), "nothing is left to resume after a commit");
        }
    }

    @Test
    void lastUsesKeepTheLatestTimeOfLiveImagesAndSurviveReopen() {
        Digest a = Digest.of("image a".getBytes(StandardCharsets.UTF_8));
        Digest b = Digest.of("image b".getBytes(StandardCharsets.UTF_8));
        java.time.Instant early = java.time.Instant.parse("2026-12-01T10:00:00Z");
        java.time.Instant late = early.plusSeconds(3600);
        BlobStore s = store();
        assertEquals(Map.of(), s.lastUses());
        s.recordUses(Map.of(a, late, b, early), Set.of(a, b));
        s.recordUses(Map.of(a, early), Set.of(a, b)); // an earlier use replaces no later one
        assertEquals(Map.of(a, late, b, early), s.lastUses());
        s.recordUses(Map.of(b, late), Set.of(b)); // a is removed: forgotten
        assertEquals(Map.of(b, late), reopen().lastUses());
    }
}
