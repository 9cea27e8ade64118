package io.stowage.core.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.Manifest;
import io.stowage.api.StoreReport;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.store.BlobInfo;
import io.stowage.api.store.BlobStore;
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
    private final Leases leases;

    StoreVerifier(BlobStore store, ImageCatalog catalog, Leases leases) {
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
            List<Digest> parts = parts(entry, corrupt);
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
        for (BlobInfo b : blobs) {
            Digest d = b.digest();
            if (!needed.contains(d) && !corrupt.contains(d) && !leases.isLeased(d)) {
                orphans.add(d);
            }
        }
        if (repair) {
            leases.deleteUnneeded(orphans, this::needed, store::delete);
        }
        return new StoreReport(blobs.size(), new ArrayList<>(corrupt), incomplete, orphans, repair);
    }

    /** Every blob the store's entries need now, as far as their manifests can be read. */
    private Set<Digest> needed() {
        Set<Digest> needed = new HashSet<>();
        for (Descriptor entry : store.refs()) {
            needed.addAll(parts(entry, Set.of()));
        }
        return needed;
    }

    /** The blobs an entry needs: its manifest and, when that is readable, its config and layers. */
    private List<Digest> parts(Descriptor entry, Set<Digest> corrupt) {
        List<Digest> parts = new ArrayList<>(List.of(entry.digest()));
        if (corrupt.contains(entry.digest()) || store.info(entry.digest()).isEmpty()) {
            return parts;
        }
        Manifest m = catalog.manifest(store, entry.digest());
        parts.add(m.config().digest());
        m.layers().forEach(l -> parts.add(l.digest()));
        return parts;
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
