package io.stowage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStream;
import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.MediaTypes;
import io.stowage.api.StowageException;
import io.stowage.store.memory.internal.MemoryBlobStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * zstd layers are copied with their diff_id checked in the same pass, as gzip ones are: one frame,
 * several frames with skippable frames between them (zstd:chunked's shape), and corrupt or
 * over-demanding data refused with nothing stored. The end-to-end test (ZstdIT) uses layers the
 * zstd CLI wrote; these are written by libzstd through zstd-jni.
 */
class ZstdLayerTest {
    private final MemoryBlobStore store = new MemoryBlobStore();
    private final byte[] tar = tar();

    private static byte[] tar() {
        byte[] bytes = new byte[400_000];
        Random random = new Random(11);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i % 7 == 0 ? random.nextInt() : 'a' + i % 13); // compressible, not trivially
        }
        return bytes;
    }

    private static byte[] zstd(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZstdOutputStream z = new ZstdOutputStream(out)) {
            z.setChecksum(true);
            z.write(plain);
        }
        return out.toByteArray();
    }

    private static byte[] skippable(int n, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length).order(ByteOrder.LITTLE_ENDIAN).putInt(0x184D2A50 + n)
                .putInt(payload.length).put(payload).array();
    }

    private BlobCopier.Uncompressed copy(byte[] layer, Digest diffId) throws IOException {
        Descriptor d = new Descriptor(MediaTypes.OCI_LAYER_ZSTD, Digest.of(layer), layer.length);
        return BlobCopier.copyLayer(offset -> new ByteArrayInputStream(layer, (int) offset, layer.length), d, diffId, store,
                new BlobCopier.Stop(() -> false, () -> false), BlobCopier.Progress.NONE);
    }

    @Test
    void aLayerOfOneFrameHasItsTarsDiffId() throws Exception {
        byte[] layer = zstd(tar);
        BlobCopier.Uncompressed u = copy(layer, Digest.of(tar));
        assertEquals(Digest.of(tar), u.diffId());
        assertEquals(tar.length, u.size());
        assertTrue(store.info(Digest.of(layer)).isPresent(), "stored as received");
    }

    @Test
    void framesWithSkippableFramesBetweenThemAreReadToTheEnd() throws Exception {
        ByteArrayOutputStream layer = new ByteArrayOutputStream();
        layer.write(skippable(0, "leading metadata".getBytes()));
        for (int at = 0, n = 1; at < tar.length; at += 100_000, n++) {
            layer.write(zstd(Arrays.copyOfRange(tar, at, Math.min(tar.length, at + 100_000))));
            layer.write(skippable(n, ("table of contents " + n).getBytes()));
        }
        assertEquals(Digest.of(tar), copy(layer.toByteArray(), Digest.of(tar)).diffId());
    }

    @Test
    void corruptDataIsRefusedAndNothingIsKept() throws Exception {
        byte[] layer = zstd(tar);
        layer[layer.length / 2] ^= 0x55;
        StowageException e = assertThrows(StowageException.class, () -> copy(layer, Digest.of(tar)));
        assertEquals(StowageException.Reason.INVALID, e.reason());
        assertTrue(e.getMessage().startsWith("layer " + Digest.of(layer) + ": invalid zstd data: "), e.getMessage());
        assertTrue(store.info(Digest.of(layer)).isEmpty());
    }

    @Test
    void aWrongDiffIdIsAMismatch() throws Exception {
        byte[] layer = zstd(tar);
        StowageException e = assertThrows(StowageException.class, () -> copy(layer, Digest.of(new byte[1])));
        assertEquals(StowageException.Reason.DIGEST_MISMATCH, e.reason());
        assertTrue(store.info(Digest.of(layer)).isEmpty());
    }

    /**
     * A frame written by hand: its header declares a window of 2^{@code windowLog} bytes (not
     * single-segment, no content size), then one raw block holding {@code content}.
     */
    private static byte[] frame(int windowLog, byte[] content) {
        int blockHeader = 1 | content.length << 3; // last block, raw
        return ByteBuffer.allocate(6 + 3 + content.length).order(ByteOrder.LITTLE_ENDIAN).putInt(0xFD2FB528).put((byte) 0)
                .put((byte) ((windowLog - 10) << 3)).put((byte) blockHeader).put((byte) (blockHeader >> 8))
                .put((byte) (blockHeader >> 16)).put(content).array();
    }

    @Test
    void aWindowWithinTheLimitIsRead() throws Exception {
        byte[] content = "within the limit".getBytes();
        assertEquals(Digest.of(content), copy(frame(io.stowage.oci.Zstd.WINDOW_LOG_MAX, content), Digest.of(content)).diffId());
    }

    @Test
    void aWindowLargerThanTheLimitIsRefusedBeforeItIsAllocated() throws Exception {
        byte[] content = "a 1 GiB window for this".getBytes();
        byte[] layer = frame(io.stowage.oci.Zstd.WINDOW_LOG_MAX + 3, content);
        StowageException e = assertThrows(StowageException.class, () -> copy(layer, Digest.of(content)));
        assertEquals(StowageException.Reason.INVALID, e.reason());
        assertTrue(e.getMessage().contains("invalid zstd data") && e.getMessage().toLowerCase().contains("memory"), e.getMessage());
    }
}
