package io.stowage.core.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.Manifest;
import io.stowage.api.PushResult;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.TransferListener;
import io.stowage.api.store.BlobStore;
import io.stowage.api.store.LeaseManager;
import io.stowage.api.transport.Location;
import io.stowage.api.transport.ImageDestination;
import io.stowage.api.transport.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One push: the named image's layers, then its config, each sent only when the destination lacks
 * it (or mounted from another repository of the same registry that has the image too), then the
 * manifest, byte for byte as stored, under the tag. The destination's digest must be the stored
 * one. The image's blobs are leased while it is sent.
 */
final class ImagePusher {
    private final BlobStore store;
    private final ImageCatalog catalog;
    private final LeaseManager leases;
    private final TransferListener listener;

    ImagePusher(BlobStore store, ImageCatalog catalog, LeaseManager leases, TransferListener listener) {
        this.store = store;
        this.catalog = catalog;
        this.leases = leases;
        this.listener = listener;
    }

    /** Pushes the image named {@code ref} to the registry {@code ref} names. */
    PushResult push(Transport transport, ImageReference ref) {
        if (ref.digest() != null) {
            throw new StowageException(Reason.INVALID, "push needs a tag, not a digest: " + ref.familiar());
        }
        List<Descriptor> refs = ImageCatalog.images(store);
        Descriptor entry = refs.stream().filter(e -> ref.toString().equals(Annotations.name(e))).findFirst()
                .orElseThrow(() -> new StowageException(Reason.NOT_FOUND, "An image does not exist locally with the tag: "
                        + ref.familiarName()));
        try (ImageDestination destination = transport.openDestination(Location.of(ref))) {
            listener.pushing(ref);
            Digest pushed = send(destination, entry, ref.tag(), siblings(refs, catalog.imageId(store, entry), ref));
            destination.commit();
            return new PushResult(ref, pushed, entry.size());
        }
    }

    /**
     * Sends one stored image (its ref entry) to an open destination, its manifest under
     * {@code manifestName}; returns the manifest's digest, checked against the destination's.
     * The image's blobs are leased while they are sent.
     */
    Digest send(ImageDestination destination, Descriptor entry, String manifestName, List<String> mountFrom) {
        return send(destination, entry, (type, bytes) -> destination.putManifest(manifestName, type, bytes), mountFrom);
    }

    /** As above, the manifest stored by {@code put} (its media type and bytes): a signature kept beside its image. */
    Digest send(ImageDestination destination, Descriptor entry, java.util.function.BiFunction<String, byte[], Digest> put) {
        return send(destination, entry, put, List.of());
    }

    private Digest send(ImageDestination destination, Descriptor entry, java.util.function.BiFunction<String, byte[], Digest> put,
            List<String> mountFrom) {
        try (LeaseManager.Lease lease = leases.lease()) {
            catalog.parts(store, entry).digests().forEach(lease::add);
            byte[] manifestBytes = io.stowage.oci.StoredDocuments.read(store, entry.digest());
            Manifest manifest = catalog.manifest(store, entry.digest());
            List<Descriptor> topFirst = new ArrayList<>(manifest.layers());
            java.util.Collections.reverse(topFirst); // Docker lists a push's layers top first
            for (Descriptor layer : topFirst) {
                listener.pushed(layer, send(destination, layer, mountFrom));
            }
            send(destination, manifest.config(), mountFrom);
            Digest pushed = put.apply(entry.mediaType(), manifestBytes);
            if (!pushed.equals(entry.digest())) {
                throw new StowageException(Reason.DIGEST_MISMATCH, "manifest " + entry.digest()
                        + ": the destination names it " + pushed);
            }
            return pushed;
        }
    }

    /** Repositories of the same registry that name this image too: they hold its blobs. */
    private List<String> siblings(List<Descriptor> refs, Digest imageId, ImageReference ref) {
        Set<String> repositories = new LinkedHashSet<>();
        for (Descriptor e : refs) {
            String name = Annotations.name(e);
            if (name == null || !catalog.imageId(store, e).equals(imageId)) {
                continue;
            }
            ImageReference other = ImageReference.parse(name);
            if (other.registry().equals(ref.registry()) && !other.repository().equals(ref.repository())) {
                repositories.add(other.repository());
            }
        }
        return new ArrayList<>(repositories);
    }

    /** Sends one blob unless the destination has it or can mount it; returns Docker's word for what happened. */
    private String send(ImageDestination destination, Descriptor blob, List<String> mountFrom) {
        if (destination.has(blob)) {
            return "Layer already exists";
        }
        for (String repository : mountFrom) {
            if (destination.mount(blob, repository)) {
                return "Mounted from " + repository;
            }
        }
        try (InputStream in = store.open(blob.digest())) {
            destination.put(blob, in);
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "blob " + blob.digest() + ": " + e.getMessage(), e);
        }
        return "Pushed";
    }
}
