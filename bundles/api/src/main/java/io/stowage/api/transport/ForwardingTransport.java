package io.stowage.api.transport;

import java.util.Objects;

/**
 * A transport that passes every call to another: a wrapper overrides what it changes and keeps
 * every other capability, including those a later version of this interface adds.
 *
 * @since 1.0
 */
public class ForwardingTransport implements Transport {
    private final Transport delegate;

    public ForwardingTransport(Transport delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The transport this one passes calls to. */
    protected Transport delegate() {
        return delegate;
    }

    @Override
    public ImageSource open(Location location) {
        return delegate.open(location);
    }

    @Override
    public ImageDestination openDestination(Location location) {
        return delegate.openDestination(location);
    }

    @Override
    public ImageArchive openArchive(Location location) {
        return delegate.openArchive(location);
    }
}
