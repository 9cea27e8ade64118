package io.stowage.core.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.Image;
import io.stowage.api.ImageReference;
import io.stowage.api.PruneResult;
import io.stowage.api.Removal;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.Usage;
import io.stowage.api.store.BlobInfo;
import io.stowage.api.store.BlobStore;
import io.stowage.api.store.LeaseManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code image rm} with Docker's semantics: a name is untagged; the image and its blobs go when
 * its last name goes, unless something holds it; an ID removes every name, refused across
 * repositories or while held unless forced, and even forced never deletes held content. Prune
 * removes, the same way, every image that nothing names or, with {@code all}, nothing holds.
 */
final class ImageRemover {
    private final BlobStore store;
    private final ImageCatalog catalog;
    private final LeaseManager leases;
    private final List<Usage> usages;

    ImageRemover(BlobStore store, ImageCatalog catalog, LeaseManager leases, List<Usage> usages) {
        this.store = store;
        this.catalog = catalog;
        this.leases = leases;
        this.usages = usages;
    }

    Removal remove(String arg, boolean force) {
        return remove(arg, force, true);
    }

    /** What one removal's update of the refs did: the image, Docker's Untagged lines, the entries it deleted. */
    private record Untagging(Digest imageId, List<String> untagged, List<Descriptor> deletedEntries) {
    }

    /** With {@code prune} false ({@code --no-prune}), the image's blobs stay for a later prune. */
    Removal remove(String arg, boolean force, boolean prune) {
        List<Descriptor> before = store.refs(); // the image's kept signatures, whose blobs go with it
        Untagging done = RefUpdate.apply(store, RefUpdate.imagesOnly(refs -> {
            ImageCatalog.Target target = catalog.resolve(store, arg);
            List<Descriptor> mine = refs.stream().filter(e -> catalog.imageId(store, e).equals(target.imageId())).toList();
            List<Descriptor> others = refs.stream().filter(e -> !mine.contains(e)).toList();
            List<Descriptor> named = mine.stream().filter(e -> Annotations.name(e) != null).toList();
            String holder = usages.stream().filter(u -> u.image().equals(target.imageId())).map(Usage::holder)
                    .findFirst().orElse(null);
            List<Descriptor> untag;
            if (target.entry() != null && named.size() > 1) {
                untag = List.of(target.entry());
            } else {
                if (target.entry() != null) {
                    if (holder != null && !force) {
                        throw new StowageException(Reason.CONFLICT, "conflict: unable to remove repository reference \""
                                + arg + "\" (must force) - " + holder + " is using its referenced image "
                                + target.imageId().shortHex());
                    }
                } else {
                    if (holder != null && !force) {
                        throw new StowageException(Reason.CONFLICT, "conflict: unable to delete "
                                + target.imageId().shortHex() + " (must be forced) - image is being used by " + holder);
                    }
                    long repositories = named.stream().map(e -> ImageReference.parse(Annotations.name(e)).name())
                            .distinct().count();
                    if (repositories > 1 && !force) {
                        throw new StowageException(Reason.CONFLICT, "conflict: unable to delete "
                                + target.imageId().shortHex() + " (must be forced) - image is referenced in multiple repositories");
                    }
                }
                untag = named;
            }
            List<Descriptor> keep = new ArrayList<>(named);
            keep.removeAll(untag);
            List<Descriptor> next = new ArrayList<>(others);
            List<Descriptor> deletedEntries = List.of();
            if (keep.isEmpty() && holder != null) {
                next.add(Annotations.renamed(mine.get(0), null, Instant.now(), false));
            } else if (keep.isEmpty()) {
                deletedEntries = mine;
            } else {
                next.addAll(keep);
            }
            return new RefUpdate<>(next, new Untagging(target.imageId(), untaggedNames(untag, keep), deletedEntries));
        }));
        List<Digest> deleted = new ArrayList<>();
        if (!done.deletedEntries().isEmpty()) {
            deleted.add(done.imageId());
            if (prune) {
                deleted.addAll(deleteUnused(done.imageId(), done.deletedEntries(), before));
            }
        }
        return new Removal(done.imageId(), done.untagged(), deleted);
    }

    /** Docker's Untagged lines: each name, then each repo digest no remaining entry still gives. */
    private static List<String> untaggedNames(List<Descriptor> untag, List<Descriptor> keep) {
        Set<String> lines = new LinkedHashSet<>();
        Set<String> kept = new LinkedHashSet<>();
        for (Descriptor e : keep) {
            repoDigest(e, kept);
        }
        Set<String> digests = new LinkedHashSet<>();
        for (Descriptor e : untag) {
            lines.add(ImageReference.parse(Annotations.name(e)).familiar());
            repoDigest(e, digests);
        }
        digests.removeAll(kept);
        lines.addAll(digests);
        return new ArrayList<>(lines);
    }

    private static void repoDigest(Descriptor e, Set<String> into) {
        String name = Annotations.name(e);
        String digest = e.annotation(Annotations.REPO_DIGEST);
        if (name != null && digest != null) {
            into.add(ImageReference.parse(name).withDigest(Digest.parse(digest)).familiar());
        }
    }

    /**
     * Deletes the removed image's blobs that no remaining image and no pull in progress needs;
     * returns the layers deleted (the image ID and manifests are not Docker's Deleted lines).
     */
    private List<Digest> deleteUnused(Digest imageId, List<Descriptor> removed, List<Descriptor> before) {
        Set<Digest> candidates = new LinkedHashSet<>(List.of(imageId));
        Set<Digest> manifests = new HashSet<>();
        for (Descriptor e : removed) {
            candidates.addAll(catalog.parts(store, e).digests());
            manifests.add(e.digest());
            Set<String> signed = Signatures.answersTo(e);
            for (Descriptor s : before) {
                if (!Signatures.isSignature(s) || !signed.contains(s.annotation(Signatures.OF))) {
                    continue;
                }
                List<Digest> parts = catalog.parts(store, s).digests();
                candidates.addAll(parts);
                manifests.addAll(parts); // a signature's blobs are no layers: not Docker's Deleted lines
            }
        }
        List<Digest> deleted = catalog.deleteUnneeded(store, leases, candidates);
        return deleted.stream().filter(d -> !d.equals(imageId) && !manifests.contains(d)).toList();
    }

    /**
     * {@code docker image prune}: dangling images (or, with {@code all}, every image no container
     * holds), older than {@code until} when given, then every blob nothing names and no pull
     * holds, and the partial downloads no pull is writing. What it reclaimed is measured on the
     * store: the size of its blobs and partial downloads before and after.
     */
    PruneResult prune(boolean all, Duration until) {
        long before = used(store);
        Set<Digest> inUse = usages.stream().map(Usage::image).collect(Collectors.toSet());
        Instant cutoff = until == null ? null : Instant.now().minus(until);
        List<String> untagged = new ArrayList<>();
        List<Digest> deleted = new ArrayList<>();
        for (Image image : catalog.list(store)) {
            if ((!all && !image.repoTags().isEmpty()) || inUse.contains(image.id())) {
                continue;
            }
            Instant created = image.createdOrTagged();
            if (cutoff != null && created != null && !created.isBefore(cutoff)) {
                continue;
            }
            Removal r;
            try {
                r = remove(image.id().toString(), true);
            } catch (StowageException goneMeanwhile) {
                continue;
            }
            untagged.addAll(r.untagged());
            r.deleted().stream().filter(d -> !deleted.contains(d)).forEach(deleted::add);
        }
        List<Digest> garbage = new ArrayList<>();
        store.walk(b -> garbage.add(b.digest()));
        deleted.addAll(catalog.deleteUnneeded(store, leases, garbage).stream()
                .filter(d -> !deleted.contains(d)).toList());
        List<Digest> partial = new ArrayList<>();
        store.walkPartial(b -> partial.add(b.digest()));
        partial.stream().filter(store::deletePartial).filter(d -> !deleted.contains(d)).forEach(deleted::add);
        return new PruneResult(untagged, deleted, Math.max(0, before - used(store)));
    }

    /** The bytes a store holds: its blobs and its partial downloads (what prune reclaims and the disk budget counts). */
    static long used(BlobStore store) {
        long[] total = new long[1];
        store.walk((BlobInfo b) -> total[0] += b.size());
        store.walkPartial(b -> total[0] += b.size());
        return total[0];
    }
}
