package io.stowage.api.transport;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import java.io.InputStream;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One image location opened by a {@link Transport}. A source only moves bytes: the core checks
 * every digest and size. Failures are {@link io.stowage.api.StowageException}s.
 */
@ConsumerType
public interface ImageSource extends AutoCloseable {

    /** The root document the reference names: a manifest or an index. */
    RawManifest resolve();

    /** A manifest of the same repository by digest (an index's entry). */
    RawManifest manifest(Digest digest);

    /** A blob's bytes as served; the caller closes the stream. Called from several threads at once. */
    InputStream blob(Descriptor descriptor);

    @Override
    void close();
}
