package io.stowage.api;

import java.util.List;

/**
 * What verifying the store found.
 *
 * @param checked blobs re-hashed
 * @param corrupt blobs whose bytes do not match their digest
 * @param incomplete images that miss a blob or hold a corrupt one, as {@code <name>: <why>}
 * @param orphans blobs no image needs and no pull in progress holds
 * @param repaired whether corrupt blobs were quarantined and orphans removed
 * @since 0.1
 */
public record StoreReport(long checked, List<Digest> corrupt, List<String> incomplete, List<Digest> orphans,
        boolean repaired) {
    public StoreReport {
        corrupt = List.copyOf(corrupt);
        incomplete = List.copyOf(incomplete);
        orphans = List.copyOf(orphans);
    }

    /**
     * Whether the store is damaged: an incomplete image, or a corrupt blob not yet quarantined.
     * Orphans are garbage (what an interrupted pull left), reported but no damage.
     */
    public boolean problems() {
        return !incomplete.isEmpty() || (!repaired && !corrupt.isEmpty());
    }
}
