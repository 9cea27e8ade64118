package io.stowage.core.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.store.BlobWriter;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.RawManifest;
import java.io.IOException;
import java.io.InputStream;

/** Small blobs (configs) read from a source into memory, size capped, size and digest checked. */
final class RemoteBlobs {
    private RemoteBlobs() {
    }

    static byte[] read(ImageSource source, Descriptor d, String what) {
        if (d.size() > RawManifest.MAX_BYTES) {
            throw new StowageException(Reason.INVALID, what + ": larger than " + RawManifest.MAX_BYTES + " bytes");
        }
        try (InputStream in = source.blob(d)) {
            byte[] bytes = in.readNBytes((int) d.size() + 1);
            BlobWriter.verify(d.size(), d.digest(), bytes.length, Digest.of(bytes));
            return bytes;
        } catch (IOException e) {
            throw ImagePuller.ioFailure(what, e);
        }
    }
}
