package io.stowage.transport.registry.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.StowageException;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.RawManifest;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A repository behind mirrors: the reference is resolved at the first of them that answers and
 * has it, the registry itself last, and the rest of the pull (manifests by digest, blobs) goes
 * where it was resolved. A candidate is contacted only when those before it failed, so while a
 * mirror serves, the registry itself sees no traffic. When none has it, the error is the last
 * candidate's: the registry's own.
 */
final class MirroredSource implements ImageSource {
    private final List<Supplier<RegistrySource>> candidates;
    private final List<RegistrySource> opened = new ArrayList<>();
    private volatile RegistrySource chosen;

    /** {@code candidates}: sources, mirrors first, each opened (with its handshake) when first asked for. */
    MirroredSource(List<Supplier<RegistrySource>> candidates) {
        this.candidates = candidates;
    }

    @Override
    public Optional<Digest> rootDigest() {
        for (Supplier<RegistrySource> c : candidates) {
            RegistrySource s;
            try {
                s = open(c);
            } catch (StowageException unreachable) {
                continue;
            }
            Optional<Digest> d = s.rootDigest();
            if (d.isPresent()) {
                chosen = s;
                return d;
            }
        }
        return Optional.empty();
    }

    @Override
    public RawManifest resolve() {
        return first(RegistrySource::resolve);
    }

    /** The tags where the reference resolved, else at the first candidate that lists them. */
    @Override
    public List<String> tags() {
        return atChosen(RegistrySource::tags);
    }

    /** What refers to {@code subject}, asked where the reference resolved, else at the first candidate that answers. */
    @Override
    public Optional<List<io.stowage.api.Referrer>> referrers(Digest subject) {
        return atChosen(c -> c.referrers(subject));
    }

    /**
     * {@code action} at the first candidate, in order, where it succeeds; that candidate serves
     * the rest. When it fails everywhere, the last candidate's failure: the registry's own.
     */
    private <T> T first(Function<RegistrySource, T> action) {
        StowageException last = null;
        for (Supplier<RegistrySource> c : candidates) {
            try {
                RegistrySource s = open(c);
                T result = action.apply(s);
                chosen = s;
                return result;
            } catch (StowageException e) {
                last = e;
            }
        }
        throw last;
    }

    private synchronized RegistrySource open(Supplier<RegistrySource> candidate) {
        RegistrySource s = candidate.get();
        if (!opened.contains(s)) {
            opened.add(s);
        }
        return s;
    }

    /**
     * {@code action} where the reference resolved; asked before anything was resolved (a pull
     * by digest only), at the first candidate where it succeeds, which then serves the rest.
     */
    private <T> T atChosen(Function<RegistrySource, T> action) {
        RegistrySource s = chosen;
        return s != null ? action.apply(s) : first(action);
    }

    @Override
    public RawManifest manifest(Digest digest) {
        return atChosen(s -> s.manifest(digest));
    }

    @Override
    public InputStream blob(Descriptor descriptor, long offset) {
        return atChosen(s -> s.blob(descriptor, offset));
    }

    @Override
    public void close() {
        opened.forEach(RegistrySource::close);
    }
}
