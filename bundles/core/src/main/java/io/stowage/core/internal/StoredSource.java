package io.stowage.core.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.store.BlobStore;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.RawManifest;
import io.stowage.oci.OciJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * An image whose blobs a client pushed into the store already, with its root document in hand:
 * a pull from it names the image with every check a pull makes, and fetches nothing (a blob the
 * store lacks is NOT_FOUND, naming it).
 */
final class StoredSource implements ImageSource {
    private final BlobStore store;
    private final RawManifest root;

    StoredSource(BlobStore store, RawManifest root) {
        this.store = store;
        this.root = root;
    }

    @Override
    public RawManifest resolve() {
        return root;
    }

    @Override
    public RawManifest manifest(Digest digest) {
        store.info(digest).orElseThrow(() -> missing("manifest", digest));
        byte[] bytes = io.stowage.oci.StoredDocuments.read(store, digest);
        return new RawManifest(OciJson.mediaType(bytes, null, "manifest " + digest), bytes);
    }

    @Override
    public InputStream blob(Descriptor descriptor, long offset) {
        Digest d = descriptor.digest();
        if (store.info(d).isEmpty()) {
            throw missing("blob", d);
        }
        InputStream in = store.open(d);
        try {
            in.skipNBytes(offset);
        } catch (IOException e) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the skip's failure is the one to report
            }
            throw new UncheckedIOException(e);
        }
        return in;
    }

    private static StowageException missing(String what, Digest d) {
        return new StowageException(Reason.NOT_FOUND, what + " " + d + " is not in the store; push it first");
    }

    @Override
    public void close() {
        // the store is not this source's
    }
}
