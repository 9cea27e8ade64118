package io.stowage.oci;

import io.stowage.api.Digest;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.store.BlobStore;
import io.stowage.api.transport.RawManifest;
import java.io.IOException;
import java.io.InputStream;

/**
 * The one way a stored document (a manifest, an index, a config) is read: whole, and at most
 * {@link RawManifest#MAX_BYTES}, however large the blob claims or turns out to be.
 */
public final class StoredDocuments {
    private StoredDocuments() {
    }

    /**
     * The blob {@code digest}, read whole.
     *
     * @throws StowageException NOT_FOUND when the store lacks it; INVALID when it is larger than
     *         {@link RawManifest#MAX_BYTES} (a document so large is no document of Stowage's);
     *         IO when it cannot be read. Each names the blob.
     */
    public static byte[] read(BlobStore store, Digest digest) {
        try (InputStream in = store.open(digest)) {
            byte[] bytes = in.readNBytes(RawManifest.MAX_BYTES + 1);
            if (bytes.length > RawManifest.MAX_BYTES) {
                throw new StowageException(Reason.INVALID, "blob " + digest + ": larger than " + RawManifest.MAX_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "blob " + digest + ": " + e.getMessage(), e);
        }
    }
}
