package io.stowage.core.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.store.BlobInfo;
import io.stowage.api.store.BlobStore;
import io.stowage.api.store.BlobWriter;
import io.stowage.api.store.LeaseManager;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** A store that does what another does, for a test to change one answer. */
class ForwardingStore implements BlobStore {
    private final BlobStore store;

    ForwardingStore(BlobStore store) {
        this.store = store;
    }

    @Override
    public Optional<BlobInfo> info(Digest digest) {
        return store.info(digest);
    }

    @Override
    public InputStream open(Digest digest) {
        return store.open(digest);
    }

    @Override
    public BlobWriter writer() {
        return store.writer();
    }

    @Override
    public BlobWriter resume(Digest expected) {
        return store.resume(expected);
    }

    @Override
    public void walk(Consumer<BlobInfo> visitor) {
        store.walk(visitor);
    }

    @Override
    public boolean delete(Digest digest) {
        return store.delete(digest);
    }

    @Override
    public void walkPartial(Consumer<BlobInfo> visitor) {
        store.walkPartial(visitor);
    }

    @Override
    public boolean deletePartial(Digest digest) {
        return store.deletePartial(digest);
    }

    @Override
    public List<Descriptor> refs() {
        return store.refs();
    }

    @Override
    public void updateRefs(UnaryOperator<List<Descriptor>> change) {
        store.updateRefs(change);
    }

    @Override
    public LeaseManager leases() {
        return store.leases();
    }

    @Override
    public OptionalLong usableSpace() {
        return store.usableSpace();
    }

    @Override
    public Map<Digest, Instant> lastUses() {
        return store.lastUses();
    }

    @Override
    public void recordUses(Map<Digest, Instant> uses, Set<Digest> live) {
        store.recordUses(uses, live);
    }
}
