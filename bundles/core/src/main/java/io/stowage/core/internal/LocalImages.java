package io.stowage.core.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.Image;
import io.stowage.api.ImageEvents;
import io.stowage.api.ImageReference;
import io.stowage.api.PruneResult;
import io.stowage.api.Removal;
import io.stowage.api.StoreReport;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.store.BlobStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The half of the image service that works on the images the store holds: list, inspect, tag,
 * remove, prune, verify. No network, no transport.
 */
final class LocalImages {
    private final Core core;

    LocalImages(Core core) {
        this.core = core;
    }

    List<Image> list() {
        BlobStore s = core.store();
        return core.catalog.list(s);
    }

    Image inspect(String nameOrId) {
        BlobStore s = core.store();
        Image image = core.catalog.image(s, core.catalog.resolve(s, nameOrId).imageId());
        if (image.damaged()) {
            throw new StowageException(Reason.NOT_FOUND, "image " + nameOrId + " is damaged: " + image.damage()
                    + "; pull it again, or remove it");
        }
        core.lastUse.used(s, image.id());
        return image;
    }

    ImageReference tag(String source, String target) {
        BlobStore s = core.store();
        ImageReference to = ImageReference.parse(target);
        if (to.digest() != null) {
            throw new StowageException(Reason.INVALID, "refusing to create a tag with a digest reference: " + target);
        }
        String name = to.toString();
        Digest tagged = RefUpdate.apply(s, RefUpdate.imagesOnly(refs -> {
            ImageCatalog.Target from = core.catalog.resolve(s, source);
            Descriptor template = core.catalog.entry(s, refs, from, source);
            Instant now = Instant.now();
            return new RefUpdate<>(core.catalog.withName(s, refs, Annotations.renamed(template, name, now, false), from.imageId(), now),
                    from.imageId());
        }));
        core.post(ImageEvents.TAGGED, name, null, tagged);
        core.lastUse.used(s, tagged);
        return to;
    }

    Removal remove(String nameOrId, boolean force, boolean prune) {
        BlobStore s = core.store();
        Removal removal = new ImageRemover(s, core.catalog, core.leasesOf(s), core.held()).remove(nameOrId, force, prune);
        core.log.info("remove {}: {} name(s) untagged, {} blob(s) deleted", nameOrId, removal.untagged().size(),
                removal.deleted().size());
        Digest id = removal.imageId();
        removal.untagged().forEach(name -> core.post(ImageEvents.UNTAGGED, Core.normalised(name), null, id));
        if (!removal.deleted().isEmpty()) {
            core.post(ImageEvents.REMOVED, null, id, id);
        }
        return removal;
    }

    PruneResult prune(boolean all, java.time.Duration until) {
        BlobStore s = core.store();
        List<io.stowage.api.Usage> holders = new ArrayList<>(core.held());
        core.budget.pinnedImages(s).forEach(id -> holders.add(new io.stowage.api.Usage(id, "an image set")));
        PruneResult result = new ImageRemover(s, core.catalog, core.leasesOf(s), holders).prune(all, until);
        core.log.info("prune: {} name(s) untagged, {} blob(s) deleted, {} bytes reclaimed", result.untagged().size(),
                result.deleted().size(), result.reclaimed());
        result.untagged().forEach(name -> core.post(ImageEvents.UNTAGGED, Core.normalised(name), null, null));
        return result;
    }

    List<Long> layerSizes(String nameOrId) {
        BlobStore s = core.store();
        ImageCatalog.Target t = core.catalog.resolve(s, nameOrId);
        Descriptor entry = core.catalog.entry(s, s.refs(), t, nameOrId);
        List<Descriptor> layers = core.catalog.manifest(s, entry.digest()).layers();
        long[] recorded = Annotations.layerSizes(entry);
        List<Long> sizes = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (recorded != null && recorded.length == layers.size()) {
                sizes.add(recorded[i]);
            } else {
                try {
                    sizes.add(BlobCopier.uncompressedOfStored(s, layers.get(i)).size());
                } catch (java.io.IOException e) {
                    throw new StowageException(Reason.IO, "layer " + layers.get(i).digest() + ": " + e.getMessage(), e);
                }
            }
        }
        return sizes;
    }

    List<io.stowage.api.store.BlobInfo> partialDownloads() {
        List<io.stowage.api.store.BlobInfo> partial = new ArrayList<>();
        core.store().walkPartial(partial::add);
        return partial;
    }

    StoreReport verify(boolean repair) {
        BlobStore s = core.store();
        StoreReport r = new StoreVerifier(s, core.catalog, core.leasesOf(s)).verify(repair);
        boolean damaged = !r.corrupt().isEmpty() || !r.incomplete().isEmpty()
                || r.restoredRefs() != null && !r.restoredRefs().isEmpty();
        if (damaged) {
            core.log.warn("store verify: {} corrupt blob(s), {} incomplete image(s), {} orphan(s){}", r.corrupt().size(),
                    r.incomplete().size(), r.orphans().size(), r.repaired() ? "; repaired" : "; run store:verify --repair");
        } else {
            core.log.info("store verify: {} blob(s) checked, {} orphan(s){}", r.checked(), r.orphans().size(),
                    r.repaired() ? "; repaired" : "");
        }
        return r;
    }
}
