package io.stowage.store.fs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Digest;
import io.stowage.api.store.BlobStore;
import io.stowage.api.store.BlobWriter;
import io.stowage.store.tests.BlobStoreContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path dir;
    private FsBlobStore store;

    @Override
    protected BlobStore store() {
        if (store == null) {
            store = new FsBlobStore(dir);
        }
        return store;
    }

    @Override
    protected BlobStore reopen() {
        return new FsBlobStore(dir);
    }

    @Test
    void layoutIsAnOciImageLayout() throws IOException {
        byte[] content = "layer".getBytes(StandardCharsets.UTF_8);
        Digest digest = put(store(), content);
        assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", Files.readString(dir.resolve("oci-layout")));
        assertTrue(Files.readString(dir.resolve("index.json")).contains("\"schemaVersion\":2"));
        assertTrue(Files.isRegularFile(dir.resolve("blobs/sha256/" + digest.hex())));
    }

    @Test
    void ingestInProgressStaysOutOfBlobsAndIsCleanedOnAbort() throws IOException {
        byte[] content = "partial".getBytes(StandardCharsets.UTF_8);
        BlobWriter w = store().writer();
        w.write(content, 0, content.length);
        assertEquals(1, count(dir.resolve("ingest")));
        assertEquals(0, count(dir.resolve("blobs/sha256")));
        w.close();
        assertEquals(0, count(dir.resolve("ingest")));
    }

    @Test
    void strayFilesInBlobsAreNotBlobs() throws IOException {
        store();
        Files.writeString(dir.resolve("blobs/sha256/not-a-digest"), "x");
        assertEquals(0, blobs(store()).size());
    }

    @Test
    void leftoversOfACrashAreCleanedOnceStaleAndYoungOnesKept() throws IOException {
        store();
        Path staleIngest = Files.writeString(dir.resolve("ingest/stale"), "partial");
        Path freshIngest = Files.writeString(dir.resolve("ingest/fresh"), "being written");
        Path staleTemp = Files.writeString(dir.resolve(".index.json.1234.tmp"), "{");
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(7200));
        Files.setLastModifiedTime(staleIngest, old);
        Files.setLastModifiedTime(staleTemp, old);
        new FsBlobStore(dir, java.time.Duration.ofHours(1));
        assertTrue(Files.notExists(staleIngest));
        assertTrue(Files.notExists(staleTemp));
        assertTrue(Files.exists(freshIngest));
        assertTrue(Files.exists(dir.resolve("index.json")));
    }

    /** Stores opened on one new directory at once (processes starting together) all open, and lose no ref. */
    @Test
    void storesOpenedTogetherOnOneDirectoryAllWork() throws Exception {
        Path fresh = dir.resolve("fresh");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String name = "host/repo:t" + i;
                done.add(pool.submit(() -> new FsBlobStore(fresh).updateRefs(refs -> {
                    List<io.stowage.api.Descriptor> next = new java.util.ArrayList<>(refs);
                    next.add(new io.stowage.api.Descriptor(io.stowage.api.MediaTypes.OCI_MANIFEST, Digest.of(new byte[] {1}), 1,
                            null, java.util.Map.of(io.stowage.api.Descriptor.REF_NAME, name)));
                    return next;
                })));
            }
            for (var f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(16, new FsBlobStore(fresh).refs().size());
    }

    /** Two processes updating one store's refs at once lose nothing (a shell and a one-shot command). */
    @Test
    void refUpdatesFromTwoProcessesAreAllKept() throws Exception {
        store();
        List<Process> processes = new java.util.ArrayList<>();
        for (String prefix : List.of("a", "b")) {
            processes.add(new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), RefHammer.class.getName(), dir.toString(), prefix, "150")
                    .inheritIO().start());
        }
        for (Process p : processes) {
            assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
        }
        assertEquals(300, reopen().refs().size());
    }

    private static long count(Path p) throws IOException {
        try (Stream<Path> s = Files.list(p)) {
            return s.count();
        }
    }

    @Test
    void lastUsesAreAFileBesideTheIndexThatADamagedOrUnwritableRecordNeverBreaks() throws Exception {
        Digest a = Digest.of("image a".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.time.Instant when = java.time.Instant.parse("2026-12-01T10:00:00Z");
        BlobStore s = store();
        s.recordUses(java.util.Map.of(a, when), java.util.Set.of(a));
        java.nio.file.Path file = dir.resolve("last-use.json");
        org.junit.jupiter.api.Assertions.assertEquals("{\"" + a + "\":\"2026-12-01T10:00:00Z\"}", java.nio.file.Files.readString(file));
        // a damaged record loses its bad entries only
        java.nio.file.Files.writeString(file, "{\"" + a + "\":\"2026-12-01T10:00:00Z\",\"../x\":\"now\",\"sha256:zz\":1}");
        org.junit.jupiter.api.Assertions.assertEquals(java.util.Map.of(a, when), s.lastUses());
        java.nio.file.Files.writeString(file, "[not json");
        org.junit.jupiter.api.Assertions.assertEquals(java.util.Map.of(), s.lastUses());
        // a store that cannot write its record (as a file system remounted read-only): nothing written, nothing thrown
        java.nio.file.Files.writeString(file, "{}");
        java.nio.file.Files.delete(dir.resolve("last-use.lock"));
        java.nio.file.Files.createDirectory(dir.resolve("last-use.lock"));
        s.recordUses(java.util.Map.of(a, when), java.util.Set.of(a));
        org.junit.jupiter.api.Assertions.assertEquals("{}", java.nio.file.Files.readString(file));
    }
}
