package io.stowage.api.transport;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.Referrer;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A source that passes every call to another, defaults included: a wrapper that overrides one
 * method keeps Range resume, the digest-only re-pull, tags, referrers and signatures of the source it wraps.
 *
 * @since 1.0
 */
public class ForwardingImageSource implements ImageSource {
    private final ImageSource delegate;

    public ForwardingImageSource(ImageSource delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The source this one passes calls to. */
    protected ImageSource delegate() {
        return delegate;
    }

    @Override
    public RawManifest resolve() {
        return delegate.resolve();
    }

    @Override
    public Optional<Digest> rootDigest() {
        return delegate.rootDigest();
    }

    @Override
    public List<String> tags() {
        return delegate.tags();
    }

    @Override
    public Optional<List<Referrer>> referrers(Digest subject) {
        return delegate.referrers(subject);
    }

    @Override
    public Optional<RawManifest> cosignSignatures(Digest image) {
        return delegate.cosignSignatures(image);
    }

    @Override
    public List<String> names() {
        return delegate.names();
    }

    @Override
    public RawManifest manifest(Digest digest) {
        return delegate.manifest(digest);
    }

    @Override
    public InputStream blob(Descriptor descriptor, long offset) {
        return delegate.blob(descriptor, offset);
    }

    /** Through {@link #blob(Descriptor, long)} from {@code 0}: a wrapper that overrides that one sees every blob read. */
    @Override
    public InputStream blob(Descriptor descriptor) {
        return blob(descriptor, 0);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
