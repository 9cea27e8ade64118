package io.stowage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.MediaTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The inflater beside a layer's copy: the same diff_id as inflating in the copy's thread, over
 * many handed-over buffers; invalid data reported once the copy has read to its end; a copy that
 * fails midway stops its inflater; a core free only while fewer layers copy than there are cores.
 */
class BesideInflaterTest {
    private static final byte[] PLAIN = plain();
    private static final byte[] LAYER = gzip(PLAIN);
    private static final Descriptor D = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.of(LAYER), LAYER.length);

    @Test
    void theDiffIdIsTheOneWorkedOutInTheCopysThread() throws IOException {
        CountingStream in = new CountingStream(new ByteArrayInputStream(LAYER));
        BesideInflater.Outcome o = BesideInflater.inflate(in, D);
        assertNull(o.invalid());
        assertEquals(Digest.of(PLAIN), o.uncompressed().diffId());
        assertEquals(PLAIN.length, o.uncompressed().size());
        assertEquals(LAYER.length, in.count, "read to its end");
        assertTrue(LAYER.length > 5 * BlobCopier.BUFFER, "more buffers than the inflater has: each was given back");
    }

    @Test
    void invalidDataIsReportedOnceEveryByteIsRead() throws IOException {
        byte[] broken = LAYER.clone();
        for (int i = 1000; i < 3000; i++) {
            broken[i] ^= 0x5a;
        }
        CountingStream in = new CountingStream(new ByteArrayInputStream(broken));
        BesideInflater.Outcome o = BesideInflater.inflate(in, D);
        assertNotNull(o.invalid());
        assertNull(o.uncompressed());
        assertEquals(broken.length, in.count, "read to its end, so the store can tell wrong bytes from a wrong layer");
    }

    @Test
    void aCopyThatFailsMidwayStopsItsInflater() throws Exception {
        InputStream failing = new InputStream() {
            private int given;

            @Override
            public int read() throws IOException {
                throw new IOException("cut");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (given > 3 * BlobCopier.BUFFER) {
                    throw new IOException("connection cut");
                }
                int n = Math.min(len, 64 * 1024);
                System.arraycopy(LAYER, given, b, off, n);
                given += n;
                return n;
            }
        };
        IOException e = assertThrows(IOException.class, () -> BesideInflater.inflate(failing, D));
        assertEquals("connection cut", e.getMessage());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (inflaterThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, inflaterThreads(), "no inflater left waiting");
    }

    @Test
    void aCoreIsFreeWhileFewerLayersCopyThanThereAreCores() {
        int cores = Runtime.getRuntime().availableProcessors();
        List<BesideInflater.Copying> copies = new ArrayList<>();
        try {
            for (int i = 1; i < cores; i++) {
                copies.add(BesideInflater.copying());
                assertTrue(copies.get(copies.size() - 1).coreFree(), "copy " + i + " of " + cores + " cores");
            }
            copies.add(BesideInflater.copying());
            assertFalse(copies.get(copies.size() - 1).coreFree(), "as many copies as cores");
        } finally {
            copies.forEach(BesideInflater.Copying::close);
        }
        try (BesideInflater.Copying again = BesideInflater.copying()) {
            assertEquals(cores > 1, again.coreFree(), "counted down again");
        }
    }

    private static long inflaterThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("stowage-inflate-") || t.getName().startsWith("stowage-hash-")).count();
    }

    /** 24 MiB of half-random bytes: compressible, so several buffers of gzip. */
    private static byte[] plain() {
        byte[] bytes = new byte[24 << 20];
        Random random = new Random(21);
        for (int i = 0; i < bytes.length; i += 2) {
            bytes[i] = (byte) random.nextInt();
        }
        return bytes;
    }

    private static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(0, n);
            return n;
        }
    }
}
