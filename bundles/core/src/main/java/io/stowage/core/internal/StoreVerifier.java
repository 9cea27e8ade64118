package io.stowage.core.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.StoreReport;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.store.BlobInfo;
import io.stowage.api.store.BlobStore;
import io.stowage.api.store.LeaseManager;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** {@code store:verify}: every blob re-hashed, every named image checked whole, orphans found. */
final class StoreVerifier {
    private static final String UNKNOWN_LAYERS = "; its layers are unknown, so no blob counts as an orphan until the image is"
            + " pulled again or removed";
    private final BlobStore store;
    private final ImageCatalog catalog;
    private final LeaseManager leases;

    StoreVerifier(BlobStore store, ImageCatalog catalog, LeaseManager leases) {
        this.store = store;
        this.catalog = catalog;
        this.leases = leases;
    }

    /**
     * With {@code repair}, damaged refs are first restored from their last good copy; orphans are
     * then reported but kept, since the lost names' images may be pulled again onto them.
     */
    StoreReport verify(boolean repair) {
        List<String> restored = repair ? store.restoreRefs().orElse(null) : null;
        List<BlobInfo> blobs = new ArrayList<>();
        store.walk(blobs::add);
        Set<Digest> corrupt = new TreeSet<>();
        for (BlobInfo b : blobs) {
            if (!hash(b.digest()).equals(b.digest())) {
                corrupt.add(b.digest());
            }
        }
        if (repair) {
            corrupt.forEach(store::quarantine);
        }
        List<String> incomplete = new ArrayList<>();
        Set<Digest> needed = new HashSet<>();
        List<String> unknownLayers = new ArrayList<>();
        for (Descriptor entry : store.refs()) {
            String name = entry.annotation(Descriptor.REF_NAME);
            String what = name != null ? name : "image " + entry.digest();
            // a corrupt manifest is not read: what it names is unknown
            ImageCatalog.Parts parts = corrupt.contains(entry.digest())
                    ? ImageCatalog.withoutManifest(entry) : catalog.parts(store, entry);
            needed.addAll(parts.digests());
            List<String> wrong = new ArrayList<>();
            for (Digest d : parts.digests()) {
                if (corrupt.contains(d)) {
                    wrong.add("blob " + d + " is corrupt");
                } else if (store.info(d).isEmpty()) {
                    wrong.add("blob " + d + " is missing");
                }
            }
            if (!parts.whole()) {
                unknownLayers.add(what);
                if (wrong.isEmpty()) {
                    wrong.add("manifest " + entry.digest() + " is unreadable");
                }
                wrong.set(0, wrong.get(0) + UNKNOWN_LAYERS);
            }
            wrong.forEach(w -> incomplete.add(what + ": " + w));
        }
        List<Digest> orphans = new ArrayList<>();
        Set<Digest> leased = leases.leased();
        for (BlobInfo b : blobs) {
            Digest d = b.digest();
            // while an image's layers are unknown, no blob is known to be an orphan
            if (unknownLayers.isEmpty() && !needed.contains(d) && !corrupt.contains(d) && !leased.contains(d)) {
                orphans.add(d);
            }
        }
        if (repair && restored == null) {
            catalog.deleteUnneeded(store, leases, orphans);
        }
        return new StoreReport(blobs.size(), new ArrayList<>(corrupt), incomplete, orphans, repair, restored);
    }

    private Digest hash(Digest digest) {
        MessageDigest sha = Digest.sha256();
        byte[] buf = new byte[BlobCopier.BUFFER];
        try (InputStream in = store.open(digest)) {
            for (int n; (n = in.read(buf)) > 0;) {
                sha.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "blob " + digest + ": " + e.getMessage(), e);
        }
        return Digest.of(sha);
    }
}
