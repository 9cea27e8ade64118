package io.stowage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.MediaTypes;
import io.stowage.store.memory.internal.MemoryBlobStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * A layer gzipped as several members (pigz, eStargz: one member per part) is inflated to its end
 * when read from a stream that, like a network stream between two reads, has nothing available
 * at a member's end: its diff_id is the whole tar's.
 */
class MultiMemberGzipTest {
    @Test
    void everyMemberIsReadFromAStreamThatHasNothingAvailableBetweenThem() throws Exception {
        Random random = new Random(7);
        List<byte[]> parts = List.of(new byte[150_000], new byte[1], new byte[90_000], new byte[70_000]);
        parts.forEach(random::nextBytes);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        List<Integer> ends = new java.util.ArrayList<>();
        for (byte[] part : parts) {
            plain.write(part);
            try (GZIPOutputStream member = new GZIPOutputStream(gz)) {
                member.write(part);
            }
            ends.add(gz.size());
        }
        byte[] layer = gz.toByteArray();
        Descriptor d = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.of(layer), layer.length);
        Digest diffId = Digest.of(plain.toByteArray());

        BlobCopier.Uncompressed u = BlobCopier.copyLayer(offset -> new MemberAtATime(layer, ends, (int) offset), d, diffId,
                new MemoryBlobStore(), new BlobCopier.Stop(() -> false, () -> false), BlobCopier.Progress.NONE);
        assertEquals(diffId, u.diffId());
        assertEquals(plain.size(), u.size());
    }

    /** Gives at most one member's bytes per read, and says nothing is available between reads. */
    private static final class MemberAtATime extends InputStream {
        private final byte[] bytes;
        private final List<Integer> ends;
        private int at;

        MemberAtATime(byte[] bytes, List<Integer> ends, int from) {
            this.bytes = bytes;
            this.ends = ends;
            this.at = from;
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at >= bytes.length) {
                return -1;
            }
            int end = ends.stream().filter(e -> e > at).findFirst().orElse(bytes.length);
            int n = Math.min(len, end - at);
            System.arraycopy(bytes, at, b, off, n);
            at += n;
            return n;
        }

        @Override
        public int available() throws IOException {
            return 0;
        }
    }

    @Test
    void availableUntilEndReportsWhatIsLeftWithoutLosingIt() throws IOException {
        io.stowage.oci.LayerStreams.AvailableUntilEnd in = new io.stowage.oci.LayerStreams.AvailableUntilEnd(new MemberAtATime(new byte[] {1, 2}, List.of(1), 0));
        assertEquals(1, in.available());
        assertEquals(1, in.read());
        assertEquals(1, in.available());
        assertEquals(2, in.read());
        assertEquals(0, in.available());
        assertEquals(-1, in.read());
    }
}
