package io.stowage.api;

import java.util.List;

/**
 * What verifying the store found.
 *
 * @param checked blobs re-hashed
 * @param corrupt blobs whose bytes do not match their digest
 * @param incomplete images that miss a blob or hold a corrupt one, as {@code <name>: <why>}
 * @param orphans blobs no image needs and no pull in progress holds
 * @param repaired whether corrupt blobs were quarantined and orphans removed (kept, when the refs were restored)
 * @param restoredRefs null when the store's refs (its {@code index.json}) read well; after a
 *     repair found them damaged and restored their last good copy, the names the damaged refs
 *     showed that the copy lacks, which are lost (since 0.4)
 * @since 0.1
 */
public record StoreReport(long checked, List<Digest> corrupt, List<String> incomplete, List<Digest> orphans,
        boolean repaired, List<String> restoredRefs) {
    public StoreReport {
        corrupt = List.copyOf(corrupt);
        incomplete = List.copyOf(incomplete);
        orphans = List.copyOf(orphans);
        restoredRefs = restoredRefs == null ? null : List.copyOf(restoredRefs);
    }

    /** A report on refs that read well. */
    public StoreReport(long checked, List<Digest> corrupt, List<String> incomplete, List<Digest> orphans, boolean repaired) {
        this(checked, corrupt, incomplete, orphans, repaired, null);
    }

    /**
     * Whether the store is damaged: an incomplete image, or a corrupt blob not yet quarantined.
     * Orphans are garbage (what an interrupted pull left), reported but no damage.
     */
    public boolean problems() {
        return !incomplete.isEmpty() || (!repaired && !corrupt.isEmpty());
    }
}
