package io.stowage.core.internal;

import io.stowage.api.Digest;
import io.stowage.api.store.LeaseManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Leases kept in this process's memory: enough for a store that no other process opens (the
 * memory store). A store shared by processes brings its own {@link LeaseManager}.
 */
final class Leases implements LeaseManager {
    private final Map<Digest, Integer> held = new HashMap<>();

    @Override
    public Lease lease() {
        List<Digest> mine = new ArrayList<>();
        return new Lease() {
            @Override
            public void add(Digest digest) {
                synchronized (Leases.this) {
                    held.merge(digest, 1, Integer::sum);
                    mine.add(digest);
                }
            }

            @Override
            public void close() {
                synchronized (Leases.this) {
                    for (Digest d : mine) {
                        held.computeIfPresent(d, (k, n) -> n == 1 ? null : n - 1);
                    }
                    mine.clear();
                }
            }
        };
    }

    @Override
    public synchronized Set<Digest> leased() {
        return new HashSet<>(held.keySet());
    }

    @Override
    public synchronized List<Digest> deleteUnneeded(Collection<Digest> candidates, Supplier<Set<Digest>> needed,
            Predicate<Digest> delete) {
        Set<Digest> keep = needed.get();
        List<Digest> deleted = new ArrayList<>();
        for (Digest d : candidates) {
            if (!held.containsKey(d) && !keep.contains(d) && delete.test(d)) {
                deleted.add(d);
            }
        }
        return deleted;
    }
}
