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
    private final BlobStore store;
    private final ImageCatalog catalog;
    private final LeaseManager leases;

    StoreVerifier(BlobStore store, ImageCatalog catalog, LeaseManager leases) {
        this.store = store;
        this.catalog = catalog;
        this.leases = leases;
    }

    StoreReport verify(boolean repair) {
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
        for (Descriptor entry : store.refs()) {
            String name = entry.annotation(Descriptor.REF_NAME);
            String what = name != null ? name : "image " + entry.digest();
            // a corrupt manifest is not read: what it names is unknown
            List<Digest> parts = corrupt.contains(entry.digest()) ? List.of(entry.digest()) : catalog.parts(store, entry);
            needed.addAll(parts);
            for (Digest d : parts) {
                if (corrupt.contains(d)) {
                    incomplete.add(what + ": blob " + d + " is corrupt");
                } else if (store.info(d).isEmpty()) {
                    incomplete.add(what + ": blob " + d + " is missing");
                }
            }
        }
        List<Digest> orphans = new ArrayList<>();
        Set<Digest> leased = leases.leased();
        for (BlobInfo b : blobs) {
            Digest d = b.digest();
            if (!needed.contains(d) && !corrupt.contains(d) && !leased.contains(d)) {
                orphans.add(d);
            }
        }
        if (repair) {
            leases.deleteUnneeded(orphans, () -> catalog.blobsOf(store, store.refs()), store::delete);
        }
        return new StoreReport(blobs.size(), new ArrayList<>(corrupt), incomplete, orphans, repair);
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
