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

    private static long count(Path p) throws IOException {
        try (Stream<Path> s = Files.list(p)) {
            return s.count();
        }
    }
}
