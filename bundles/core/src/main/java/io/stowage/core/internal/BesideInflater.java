package io.stowage.core.internal;

import io.stowage.api.Descriptor;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipException;

/**
 * A layer's diff_id worked out beside its copy, so a compressible layer costs about the longest of
 * its download, its inflating and the hashing of what it inflates to, rather than their sum. Three
 * stages, each on a thread of its own: the copy reads the compressed bytes (and writes them to the
 * store), an inflater inflates them, a hasher hashes the plain bytes. Each stage hands its buffers
 * on (the buffers themselves, not copies of them) and gets them back once the next has read them:
 * {@value #BUFFERS} of {@link BlobCopier#BUFFER} bytes between two stages, so a stage waits when
 * the next is that far behind.
 */
final class BesideInflater {
    /** Layer copies under way, in every pull: inflated beside only while fewer than there are cores. */
    private static final AtomicInteger COPIES = new AtomicInteger();
    private static final int BUFFERS = 4;

    private BesideInflater() {
    }

    /** What the inflating found: the uncompressed digest and size, or why the data cannot be inflated. */
    record Outcome(BlobCopier.Uncompressed uncompressed, IOException invalid) {
    }

    /**
     * Counts a layer copy for as long as the returned handle is open; the handle says whether a
     * core is free for inflating beside it.
     */
    static Copying copying() {
        return new Copying(COPIES.incrementAndGet() < Runtime.getRuntime().availableProcessors());
    }

    /** One layer copy, counted while open. */
    record Copying(boolean coreFree) implements AutoCloseable {
        @Override
        public void close() {
            COPIES.decrementAndGet();
        }
    }

    /**
     * Reads {@code in} (the compressed bytes of layer {@code d}) to its end on this thread while an
     * inflater and a hasher work beside it; what they found. Invalid data is reported once every
     * byte has been read, as the copy must learn whether the bytes or the layer are wrong.
     */
    static Outcome inflate(InputStream in, Descriptor d) throws IOException {
        Handover compressed = new Handover();
        Handover plain = new Handover();
        CompletableFuture<IOException> inflated = new CompletableFuture<>();
        CompletableFuture<BlobCopier.Uncompressed> hashed = new CompletableFuture<>();
        Thread inflater = new Thread(() -> {
            try (InputStream bytes = io.stowage.oci.LayerStreams.plain(compressed.stream(), d, BlobCopier.BUFFER)) {
                plain.fillFrom(bytes);
                inflated.complete(null);
            } catch (ZipException | EOFException | io.stowage.oci.Zstd.InvalidData e) {
                plain.fail(e);
                inflated.complete(e);
            } catch (IOException | RuntimeException | Error e) {
                plain.fail(e);
                inflated.completeExceptionally(e);
            }
            try {
                compressed.stream().transferTo(java.io.OutputStream.nullOutputStream()); // what follows the data, or all of it
            } catch (IOException stopped) {
                // the copy stopped
            }
        }, "stowage-inflate-" + d.digest().shortHex());
        Thread hasher = new Thread(() -> {
            try {
                hashed.complete(BlobCopier.hashed(plain.stream()));
            } catch (IOException | RuntimeException | Error e) {
                hashed.completeExceptionally(e);
            }
        }, "stowage-hash-" + d.digest().shortHex());
        inflater.setDaemon(true);
        hasher.setDaemon(true);
        inflater.start();
        hasher.start();
        boolean done = false;
        try {
            compressed.fillFrom(in);
            IOException invalid = await(inflated);
            Outcome outcome = invalid != null ? new Outcome(null, invalid) : new Outcome(await(hashed), null);
            done = true;
            return outcome;
        } finally {
            if (!done) { // the copy was cut, cancelled or refused: the stages beside it stop
                inflater.interrupt();
                hasher.interrupt();
            }
        }
    }

    private static <T> T await(CompletableFuture<T> stage) throws IOException {
        try {
            return stage.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("cancelled");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw cause instanceof IOException io ? io : new IOException(cause);
        }
    }

    /** Buffers handed from one stage to the next, and given back once read. */
    private static final class Handover {
        private static final Chunk END = new Chunk(new byte[0], 0);

        private record Chunk(byte[] bytes, int length) {
        }

        private final ArrayBlockingQueue<Chunk> handedOver = new ArrayBlockingQueue<>(BUFFERS + 1);
        private final ArrayBlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
        private final InputStream stream = new Chunks();
        private volatile IOException failed;

        Handover() {
            for (int i = 0; i < BUFFERS; i++) {
                free.add(new byte[BlobCopier.BUFFER]);
            }
        }

        /** Reads {@code from} to its end, a buffer at a time, handing each on; then the end. */
        void fillFrom(InputStream from) throws IOException {
            while (true) {
                byte[] buffer = take(free);
                int n = from.readNBytes(buffer, 0, buffer.length);
                if (n > 0) {
                    put(new Chunk(buffer, n));
                }
                if (n < buffer.length) {
                    put(END);
                    return;
                }
            }
        }

        /** The stage that fills this failed: the next one's reads fail too. */
        void fail(IOException e) {
            failed = e;
            handedOver.offer(END);
        }

        void fail(Throwable e) {
            fail(e instanceof IOException io ? io : new IOException(e));
        }

        InputStream stream() {
            return stream;
        }

        private void put(Chunk chunk) throws InterruptedIOException {
            try {
                handedOver.put(chunk);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("cancelled");
            }
        }

        private static <T> T take(ArrayBlockingQueue<T> queue) throws InterruptedIOException {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("cancelled");
            }
        }

        /** The handed-over buffers as one stream. */
        private final class Chunks extends InputStream {
            private Chunk current;
            private int at;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (current == null || at == current.length()) {
                    if (current == END) {
                        if (failed != null) {
                            throw new IOException(failed.getMessage(), failed);
                        }
                        return -1;
                    }
                    if (current != null) {
                        free.add(current.bytes());
                    }
                    current = take(handedOver);
                    at = 0;
                }
                int n = Math.min(len, current.length() - at);
                System.arraycopy(current.bytes(), at, b, off, n);
                at += n;
                return n;
            }
        }
    }
}
