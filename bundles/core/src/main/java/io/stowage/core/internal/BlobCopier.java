package io.stowage.core.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.MediaTypes;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.store.BlobStore;
import io.stowage.api.store.BlobWriter;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Copies a blob from a source into the store in one pass: the compressed bytes go to the store's
 * writer (which hashes them), and for a layer the same bytes are inflated and hashed into the
 * diff_id, which must match the config's before anything is committed.
 */
final class BlobCopier {
    static final int BUFFER = 1 << 20;

    /** A layer's uncompressed digest and size. */
    record Uncompressed(Digest diffId, long size) {
    }

    private BlobCopier() {
    }

    /** Copies a config or manifest: size and digest checked, nothing inflated. */
    static void copy(InputStream source, Descriptor d, BlobStore store, BooleanSupplier cancelled) throws IOException {
        try (BlobWriter writer = store.writer();
                TeeInputStream tee = new TeeInputStream(source, writer, d.digest(), d.size(), cancelled)) {
            tee.drain();
            writer.commit(d.size(), d.digest());
        }
    }

    /**
     * Copies a layer and checks its diff_id against {@code expectedDiffId}.
     *
     * @throws StowageException DIGEST_MISMATCH when the compressed bytes or the diff_id differ
     */
    static Uncompressed copyLayer(InputStream source, Descriptor d, Digest expectedDiffId, BlobStore store,
            BooleanSupplier cancelled) throws IOException {
        try (BlobWriter writer = store.writer();
                TeeInputStream tee = new TeeInputStream(source, writer, d.digest(), d.size(), cancelled)) {
            Uncompressed u;
            try {
                u = uncompressed(tee, d);
            } catch (ZipException | java.io.EOFException e) {
                // Corrupt compressed data: say whether the bytes were wrong, or the layer itself is.
                tee.drain();
                writer.commit(d.size(), d.digest());
                store.delete(d.digest());
                throw new StowageException(Reason.INVALID, "layer " + d.digest() + ": invalid gzip data: " + e.getMessage());
            }
            tee.drain();
            if (!u.diffId().equals(expectedDiffId)) {
                throw new StowageException(Reason.DIGEST_MISMATCH, "layer " + d.digest() + ": diff_id mismatch: config says "
                        + expectedDiffId + ", content is " + u.diffId());
            }
            writer.commit(d.size(), d.digest());
            return u;
        }
    }

    /** Inflates a stored layer to learn, and check, its diff_id and uncompressed size. */
    static Uncompressed uncompressedOfStored(BlobStore store, Descriptor d) throws IOException {
        try (InputStream in = store.open(d.digest())) {
            return uncompressed(in, d);
        }
    }

    private static Uncompressed uncompressed(InputStream compressed, Descriptor d) throws IOException {
        String type = d.mediaType() == null ? "" : d.mediaType();
        InputStream plain;
        if (MediaTypes.GZIP_LAYERS.contains(type)) {
            plain = new GZIPInputStream(compressed, BUFFER);
        } else if (MediaTypes.PLAIN_LAYERS.contains(type)) {
            plain = compressed;
        } else {
            throw new StowageException(Reason.UNSUPPORTED, "layer " + d.digest() + ": media type "
                    + (type.isEmpty() ? "(none)" : type) + " is not supported");
        }
        MessageDigest hash = Digest.sha256();
        byte[] buf = new byte[BUFFER];
        long size = 0;
        for (int n; (n = plain.read(buf)) >= 0;) {
            hash.update(buf, 0, n);
            size += n;
        }
        return new Uncompressed(Digest.of(hash), size);
    }
}
