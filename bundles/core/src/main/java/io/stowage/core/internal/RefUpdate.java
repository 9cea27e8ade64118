package io.stowage.core.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.store.RefStore;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * One update of a store's refs and what it decided: the entries to write, and a result for the
 * caller (the image tagged, what a removal untagged, the entries as written). The store may run
 * the change more than once; the result is that of the run it wrote.
 *
 * @param refs the entries to write
 * @param result what the caller learns
 */
record RefUpdate<T>(List<Descriptor> refs, T result) {

    /** Applies {@code change} as one atomic update of {@code store}'s refs; returns the written run's result. */
    static <T> T apply(RefStore store, Function<List<Descriptor>, RefUpdate<T>> change) {
        AtomicReference<T> result = new AtomicReference<>();
        store.updateRefs(refs -> {
            RefUpdate<T> update = change.apply(refs);
            result.set(update.result());
            return update.refs();
        });
        return result.get();
    }

    /**
     * {@code change} applied to the image entries alone; the artifact entries stay as they are,
     * after them, but for the signatures kept of an image no entry names any more.
     */
    static <T> Function<List<Descriptor>, RefUpdate<T>> imagesOnly(Function<List<Descriptor>, RefUpdate<T>> change) {
        return refs -> {
            RefUpdate<T> update = change.apply(ImageCatalog.images(refs));
            List<Descriptor> next = new java.util.ArrayList<>(update.refs());
            refs.stream().filter(Annotations::isArtifact).forEach(next::add);
            return new RefUpdate<>(Signatures.withoutOrphans(next), update.result());
        };
    }
}
