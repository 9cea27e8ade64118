package io.stowage.api.store;

import io.stowage.api.Descriptor;
import java.util.List;
import java.util.function.UnaryOperator;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The store's references: descriptors of root manifests, as the entries of an OCI Image
 * Layout's {@code index.json}. An entry named by {@link Descriptor#REF_NAME} is a tag or digest
 * reference; Stowage keeps its own facts in other annotations.
 */
@ConsumerType
public interface RefStore {

    /** A snapshot of every entry, in stored order. */
    List<Descriptor> refs();

    /**
     * Replaces the entries with {@code change.apply(current)}, atomically: other updates wait,
     * and readers see the old list or the new one, never a mix. An exception from
     * {@code change} leaves the entries as they were.
     */
    void updateRefs(UnaryOperator<List<Descriptor>> change);

    /**
     * When the entries cannot be read (their file is damaged), replaces them with the store's last
     * good copy of them, keeping the damaged file aside, and returns the names the damaged file
     * still showed that the copy lacks: those are lost. When the entries read well, does nothing
     * and returns empty. A store that cannot be damaged so keeps the default.
     *
     * @since 0.3
     */
    default java.util.Optional<List<String>> restoreRefs() {
        return java.util.Optional.empty();
    }
}
