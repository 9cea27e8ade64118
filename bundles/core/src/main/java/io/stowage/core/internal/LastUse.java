package io.stowage.core.internal;

import io.stowage.api.Digest;
import io.stowage.api.store.BlobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records when images are used (pulled, loaded, tagged, inspected, run) for the disk budget's
 * eviction, through the store, apart from its refs: at most once a minute per image (a use within
 * a minute of the one kept writes nothing), never failing what used the image.
 */
final class LastUse {
    static final Duration EVERY = Duration.ofMinutes(1);
    private final Core core;
    private final java.util.function.Supplier<Instant> clock;
    /** What this process recorded last, per image: spares reading the store's record for each use. */
    private final Map<Digest, Instant> recorded = new ConcurrentHashMap<>();

    LastUse(Core core, java.util.function.Supplier<Instant> clock) {
        this.core = core;
        this.clock = clock;
    }

    void used(BlobStore s, Digest imageId) {
        if (imageId == null) {
            return;
        }
        Instant now = clock.get();
        Instant mine = recorded.get(imageId);
        if (mine != null && mine.isAfter(now.minus(EVERY))) {
            return;
        }
        try {
            Instant kept = s.lastUses().get(imageId); // another process (a one-shot command) may have recorded it
            if (kept == null || !kept.isAfter(now.minus(EVERY))) {
                Set<Digest> live = new HashSet<>();
                ImageCatalog.images(s).forEach(e -> live.add(core.catalog.imageId(s, e)));
                s.recordUses(Map.of(imageId, now), live);
            }
            if (recorded.size() >= 10_000) {
                recorded.clear(); // removed images' times: the store's record answers meanwhile
            }
            recorded.put(imageId, now);
        } catch (RuntimeException e) {
            core.log.debug("last use of {} not recorded: {}", imageId, e.getMessage());
        }
    }
}
