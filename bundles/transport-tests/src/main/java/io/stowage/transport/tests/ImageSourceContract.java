package io.stowage.transport.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.StowageException;
import io.stowage.api.transport.ImageArchive;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.RawManifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ImageSource} does, whatever it reads: the registry, an OCI layout, an
 * oci-archive, a docker-archive, a wrapper. A subclass puts {@link #image} where its source
 * reads it and opens the source on it; each test opens its own and closes it.
 */
public abstract class ImageSourceContract {
    protected static final TestImage IMAGE = new TestImage();

    /** The image every source serves, for a subclass to put where its source reads it. */
    public static TestImage image() {
        return IMAGE;
    }

    /** A source of {@link #IMAGE}, opened for its name or location. */
    protected abstract ImageSource open() throws Exception;

    /** The same location opened as an archive ({@code image:load}); a source of one image is an archive of it. */
    protected ImageArchive openArchive() throws Exception {
        return ImageArchive.of(open());
    }

    private static byte[] read(ImageSource source, Descriptor d, long offset) throws IOException {
        try (InputStream in = offset == 0 ? source.blob(d) : source.blob(d, offset)) {
            return in.readAllBytes();
        }
    }

    @Test
    void resolvesTheManifestAsWritten() throws Exception {
        try (ImageSource s = open()) {
            RawManifest root = s.resolve();
            assertArrayEquals(IMAGE.manifest, root.bytes());
            assertEquals(IMAGE.manifestDescriptor.mediaType(), root.mediaType());
        }
    }

    @Test
    void aRootDigestWhenToldIsTheManifests() throws Exception {
        try (ImageSource s = open()) {
            s.rootDigest().ifPresent(d -> assertEquals(IMAGE.manifestDescriptor.digest(), d));
        }
    }

    @Test
    void theManifestByItsDigestIsTheSameBytes() throws Exception {
        try (ImageSource s = open()) {
            s.resolve();
            assertArrayEquals(IMAGE.manifest, s.manifest(IMAGE.manifestDescriptor.digest()).bytes());
        }
    }

    @Test
    void everyBlobIsServedWhole() throws Exception {
        try (ImageSource s = open()) {
            s.resolve();
            for (Map.Entry<Descriptor, byte[]> b : IMAGE.blobs.entrySet()) {
                assertArrayEquals(b.getValue(), read(s, b.getKey(), 0), b.getKey().digest().toString());
            }
        }
    }

    @Test
    void aBlobIsServedFromAnyOffset() throws Exception {
        Descriptor big = IMAGE.blobs.keySet().stream().skip(1).findFirst().orElseThrow();
        byte[] whole = IMAGE.blobs.get(big);
        try (ImageSource s = open()) {
            s.resolve();
            for (long offset : new long[] {1, whole.length / 2, whole.length - 1, whole.length}) {
                assertArrayEquals(Arrays.copyOfRange(whole, (int) offset, whole.length), read(s, big, offset), "from " + offset);
            }
        }
    }

    @Test
    void blobsAreServedToSeveralThreadsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (ImageSource s = open()) {
            s.resolve();
            List<Future<Boolean>> reads = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                for (Map.Entry<Descriptor, byte[]> b : IMAGE.blobs.entrySet()) {
                    reads.add(pool.submit(() -> Arrays.equals(b.getValue(), read(s, b.getKey(), 0))));
                }
            }
            for (Future<Boolean> r : reads) {
                assertTrue(r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBlobItDoesNotHaveIsNotFound() throws Exception {
        Descriptor missing = new Descriptor("application/octet-stream", Digest.of("not in this image".getBytes()), 17);
        try (ImageSource s = open()) {
            s.resolve();
            StowageException e = assertThrows(StowageException.class, () -> read(s, missing, 0));
            assertEquals(StowageException.Reason.NOT_FOUND, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains(missing.digest().hex()), "names the blob: " + e.getMessage());
        }
    }

    @Test
    void itsImagesIncludeItAndTheirNamesAreStrings() throws Exception {
        try (ImageArchive a = openArchive()) {
            List<ImageSource> images = a.images();
            assertFalse(images.isEmpty());
            assertTrue(images.stream().anyMatch(i -> Arrays.equals(IMAGE.manifest, i.resolve().bytes())));
            images.forEach(i -> i.names().forEach(n -> assertFalse(n.isBlank(), "a name")));
        }
    }
}
