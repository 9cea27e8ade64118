package io.stowage.core.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.MediaTypes;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.store.BlobStore;
import io.stowage.api.store.BlobWriter;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.util.function.BooleanSupplier;
import java.util.zip.ZipException;


/**
 * Copies a blob from a source into the store in one pass: the compressed bytes go to the store's
 * writer (which hashes them), and for a layer the same bytes are inflated and hashed into the
 * diff_id, which must match the config's before anything is committed: beside the copy, on
 * threads of their own, while a core is free ({@link BesideInflater}), else in the copy's thread. A copy continues what an
 * earlier, interrupted copy of the blob left in the store's ingest: those bytes are read back
 * (for the hashes) and only the rest is asked of the source.
 */
final class BlobCopier {
    static final int BUFFER = 1 << 20;

    /** A layer's uncompressed digest and size. */
    record Uncompressed(Digest diffId, long size) {
    }

    /** What a layer's copy tells as it goes: bytes received, then that they are being checked. */
    interface Progress {
        Progress NONE = new Progress() {
        };

        default void received(long bytes) {
        }

        default void verifying() {
        }
    }

    /** Opens a blob's bytes from an offset on. */
    interface Source {
        InputStream from(long offset) throws IOException;
    }

    /** What is checked of a blob's bytes while they are copied. */
    private interface Check<T> {
        T read(InputStream bytes, BlobWriter writer) throws IOException;
    }

    private BlobCopier() {
    }

    /**
     * When a copy stops: {@code cancelled} says to stop reading; {@code dropPartial} says to drop
     * what was received instead of keeping it for a resume.
     */
    record Stop(BooleanSupplier cancelled, BooleanSupplier dropPartial) {
    }

    /**
     * Stores {@code bytes} (a manifest already read and checked) as blob {@code digest} unless the
     * store has it; whether it wrote it.
     */
    static boolean put(BlobStore store, Digest digest, byte[] bytes) {
        if (store.info(digest).isPresent()) {
            return false;
        }
        try (BlobWriter w = store.writer()) {
            w.write(bytes, 0, bytes.length);
            w.commit(bytes.length, digest);
        }
        return true;
    }

    /** Copies a config or manifest: size and digest checked, nothing inflated. */
    static void copy(Source source, Descriptor d, BlobStore store, Stop stop) throws IOException {
        copy(source, d, store, stop, Progress.NONE, (in, writer) -> null);
    }

    /**
     * Copies a layer and checks its diff_id against {@code expectedDiffId}.
     *
     * @throws StowageException DIGEST_MISMATCH when the compressed bytes or the diff_id differ
     */
    static Uncompressed copyLayer(Source source, Descriptor d, Digest expectedDiffId, BlobStore store, Stop stop,
            Progress progress) throws IOException {
        try (BesideInflater.Copying copying = BesideInflater.copying()) {
            boolean beside = copying.coreFree() && INFLATE_BESIDE;
            return copy(source, d, store, stop, progress, (in, writer) -> {
                BesideInflater.Outcome found = beside ? BesideInflater.inflate(in, d)
                        : inflateHere(in, d);
                if (found.invalid() != null) {
                    // Corrupt compressed data: say whether the bytes were wrong, or the layer itself is.
                    drain(in);
                    writer.commit(d.size(), d.digest());
                    store.delete(d.digest());
                    throw new StowageException(Reason.INVALID, "layer " + d.digest() + ": invalid "
                            + (MediaTypes.ZSTD_LAYERS.contains(d.mediaType()) ? "zstd" : "gzip") + " data: "
                            + found.invalid().getMessage());
                }
                Uncompressed u = found.uncompressed();
                if (!u.diffId().equals(expectedDiffId)) {
                    throw new StowageException(Reason.DIGEST_MISMATCH, "layer " + d.digest() + ": diff_id mismatch: config says "
                            + expectedDiffId + ", content is " + u.diffId());
                }
                return u;
            });
        }
    }

    /**
     * Whether a layer's inflating may run beside its download when a core is free ({@code
     * -Dstowage.inflate.beside=false}: never; for comparing the two in a benchmark).
     */
    static final boolean INFLATE_BESIDE = !"false".equals(System.getProperty("stowage.inflate.beside"));

    /** The diff_id worked out on this thread, as the bytes are read. */
    private static BesideInflater.Outcome inflateHere(InputStream in, Descriptor d) throws IOException {
        try {
            return new BesideInflater.Outcome(uncompressed(in, d), null);
        } catch (ZipException | EOFException | io.stowage.oci.Zstd.InvalidData e) {
            return new BesideInflater.Outcome(null, e);
        }
    }

    /**
     * One copy, resumed from what the store's ingest holds. When resumed bytes turn out wrong, the
     * copy starts over once from the first byte.
     */
    private static <T> T copy(Source source, Descriptor d, BlobStore store, Stop stop, Progress progress, Check<T> check)
            throws IOException {
        for (int attempt = 0;; attempt++) {
            BlobWriter writer = store.resume(d.digest());
            long present = writer.size();
            try {
                if (present > d.size()) {
                    writer.discard();
                    continue;
                }
                InputStream rest = present == d.size() ? InputStream.nullInputStream() : source.from(present);
                InputStream all = present == 0 ? rest : new SequenceInputStream(writer.written(), rest);
                try (TeeInputStream tee = new TeeInputStream(all, writer, d.digest(), d.size(), stop.cancelled(), present)
                        .reporting(progress::received)) {
                    T result = check.read(tee, writer);
                    tee.drain();
                    progress.verifying();
                    writer.commit(d.size(), d.digest());
                    return result;
                }
            } catch (StowageException e) {
                if (e.reason() == Reason.DIGEST_MISMATCH || e.reason() == Reason.INVALID) {
                    writer.discard(); // wrong bytes are not kept for a resume
                    if (present > 0 && attempt == 0 && e.reason() == Reason.DIGEST_MISMATCH) {
                        continue; // what an earlier copy left was wrong: fetch it all
                    }
                }
                throw e;
            } catch (IOException e) {
                if (stop.dropPartial().getAsBoolean()) {
                    writer.discard();
                }
                throw e;
            } finally {
                writer.close(); // keeps what was received for the next resume, unless committed or discarded
            }
        }
    }

    /** Inflates a stored layer to learn, and check, its diff_id and uncompressed size. */
    static Uncompressed uncompressedOfStored(BlobStore store, Descriptor d) throws IOException {
        try (InputStream in = store.open(d.digest())) {
            return uncompressed(in, d);
        }
    }

    private static Uncompressed uncompressed(InputStream compressed, Descriptor d) throws IOException {
        try (InputStream plain = io.stowage.oci.LayerStreams.plain(compressed, d, BUFFER)) {
            return hashed(plain);
        }
    }

    static Uncompressed hashed(InputStream plain) throws IOException {
        MessageDigest hash = Digest.sha256();
        byte[] buf = new byte[BUFFER];
        long size = 0;
        for (int n; (n = plain.read(buf)) >= 0;) {
            hash.update(buf, 0, n);
            size += n;
        }
        return new Uncompressed(Digest.of(hash), size);
    }

    private static void drain(InputStream in) throws IOException {
        in.transferTo(OutputStream.nullOutputStream());
    }
}
