package io.stowage.store.memory.internal;

import io.stowage.api.store.BlobStore;
import io.stowage.store.tests.BlobStoreContract;

class MemoryBlobStoreTest extends BlobStoreContract {
    private final MemoryBlobStore store = new MemoryBlobStore();

    @Override
    protected BlobStore store() {
        return store;
    }

    @Override
    protected BlobStore reopen() {
        return store;
    }
}
