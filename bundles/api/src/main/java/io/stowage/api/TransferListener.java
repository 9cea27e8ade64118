package io.stowage.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told what a pull or a push does as it happens. Calls may come from download threads, one at a time per
 * layer; implementations must be thread-safe.
 */
@ConsumerType
public interface TransferListener {
    TransferListener NONE = new TransferListener() {
    };

    /** The pull has started; nothing has been fetched yet. */
    default void pulling(ImageReference reference) {
    }

    /**
     * A layer's bytes arrive: {@code received} of its size so far (a resumed download counts what
     * was kept). Called often; implementations should be cheap.
     *
     * @since 0.2
     */
    default void progress(Descriptor layer, long received) {
    }

    /**
     * A layer's state: found in the store, waiting, being verified, downloaded, and last, pull
     * complete. Before 0.2 only the first and the last were told.
     */
    default void layer(Descriptor layer, LayerStatus status) {
    }

    /**
     * A push has started (Docker: {@code The push refers to repository [host/app]}).
     *
     * @since 0.2
     */
    default void pushing(ImageReference reference) {
    }

    /**
     * A layer's push is settled: {@code Pushed}, {@code Layer already exists}, or
     * {@code Mounted from <repository>}, as Docker words it.
     *
     * @since 0.2
     */
    default void pushed(Descriptor layer, String outcome) {
    }
}
