package io.stowage.api.transport;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import java.io.InputStream;
import java.util.Objects;

/**
 * A destination that passes every call to another, defaults included: a wrapper that overrides
 * one method keeps the cross-repository mount and the commit of the destination it wraps.
 *
 * @since 1.0
 */
public class ForwardingImageDestination implements ImageDestination {
    private final ImageDestination delegate;

    public ForwardingImageDestination(ImageDestination delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The destination this one passes calls to. */
    protected ImageDestination delegate() {
        return delegate;
    }

    @Override
    public boolean has(Descriptor blob) {
        return delegate.has(blob);
    }

    @Override
    public boolean mount(Descriptor blob, String fromRepository) {
        return delegate.mount(blob, fromRepository);
    }

    @Override
    public void put(Descriptor blob, InputStream bytes) {
        delegate.put(blob, bytes);
    }

    @Override
    public Digest putManifest(String tag, String mediaType, byte[] bytes) {
        return delegate.putManifest(tag, mediaType, bytes);
    }

    @Override
    public Digest putCosignSignatures(Digest image, String mediaType, byte[] bytes) {
        return delegate.putCosignSignatures(image, mediaType, bytes);
    }

    @Override
    public void commit() {
        delegate.commit();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
