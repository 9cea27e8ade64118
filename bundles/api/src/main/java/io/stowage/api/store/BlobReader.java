package io.stowage.api.store;

import io.stowage.api.Digest;
import java.io.InputStream;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/** Reads committed blobs. Only committed, verified content is ever visible here. */
@ConsumerType
public interface BlobReader {

    /** The blob's size, or empty when the store does not hold it. */
    Optional<BlobInfo> info(Digest digest);

    /**
     * The blob's bytes.
     *
     * @throws io.stowage.api.StowageException NOT_FOUND naming the digest when it is not held
     */
    InputStream open(Digest digest);
}
