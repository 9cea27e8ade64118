package io.stowage.store.memory.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.store.BlobInfo;
import io.stowage.api.store.BlobStore;
import io.stowage.api.store.BlobWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Activate;

/**
 * A store in memory: for tests, and for appliances that keep images only while running. An
 * immediate component, so its images live as long as its bundle, not only while something uses it.
 */
@Component(service = BlobStore.class, property = BlobStore.PROPERTY + "=memory", immediate = true)
public final class MemoryBlobStore implements BlobStore {
    private final io.stowage.oci.Log log = new io.stowage.oci.Log(MemoryBlobStore.class);


    /** Called once the log is bound (at DEBUG: the component is active whether selected or not). */
    @Activate
    void activate() {
        log.debug("memory store active: what is pulled into it is lost when it stops");
    }
    private final Map<Digest, byte[]> blobs = new ConcurrentHashMap<>();
    private final Object refLock = new Object();
    private volatile List<Descriptor> refs = List.of();
    private volatile Map<Digest, java.time.Instant> lastUses = Map.of();

    @Override
    public Optional<BlobInfo> info(Digest digest) {
        byte[] b = blobs.get(digest);
        return b == null ? Optional.empty() : Optional.of(new BlobInfo(digest, b.length));
    }

    @Override
    public InputStream open(Digest digest) {
        byte[] b = blobs.get(digest);
        if (b == null) {
            throw new StowageException(Reason.NOT_FOUND, "blob " + digest + ": not found");
        }
        return new ByteArrayInputStream(b);
    }

    @Override
    public BlobWriter writer() {
        return new Writer();
    }

    @Override
    public void walk(Consumer<BlobInfo> visitor) {
        blobs.forEach((d, b) -> visitor.accept(new BlobInfo(d, b.length)));
    }

    @Override
    public boolean delete(Digest digest) {
        return blobs.remove(digest) != null;
    }

    @Override
    public List<Descriptor> refs() {
        return refs;
    }

    @Override
    public void updateRefs(UnaryOperator<List<Descriptor>> change) {
        synchronized (refLock) {
            refs = List.copyOf(change.apply(refs));
        }
    }

    private final class Writer implements BlobWriter {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final MessageDigest hash = Digest.sha256();
        private boolean done;

        @Override
        public void write(byte[] bytes, int offset, int length) {
            if (done) {
                throw new IllegalStateException("writer is closed");
            }
            hash.update(bytes, offset, length);
            buffer.write(bytes, offset, length);
        }

        @Override
        public long size() {
            return buffer.size();
        }

        @Override
        public void commit(long expectedSize, Digest expected) {
            if (done) {
                throw new IllegalStateException("writer is closed");
            }
            done = true;
            BlobWriter.verify(expectedSize, expected, buffer.size(), Digest.of(hash));
            blobs.putIfAbsent(expected, buffer.toByteArray());
        }

        @Override
        public void close() {
            done = true;
        }
    }

    @Override
    public String toString() {
        return "memory store";
    }

    @Override
    public Map<Digest, java.time.Instant> lastUses() {
        return lastUses;
    }

    @Override
    public synchronized void recordUses(Map<Digest, java.time.Instant> uses, java.util.Set<Digest> live) {
        lastUses = Map.copyOf(io.stowage.oci.LastUses.merge(lastUses, uses, live));
    }
}
