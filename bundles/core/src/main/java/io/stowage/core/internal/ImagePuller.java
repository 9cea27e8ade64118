package io.stowage.core.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.ImageConfig;
import io.stowage.api.ImageReference;
import io.stowage.api.LayerStatus;
import io.stowage.api.Manifest;
import io.stowage.api.MediaTypes;
import io.stowage.api.Platform;
import io.stowage.api.Image;
import io.stowage.api.PullResult;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.TransferListener;
import io.stowage.api.store.BlobStore;
import io.stowage.api.store.LeaseManager;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.RawManifest;
import io.stowage.oci.KeyedLocks;
import io.stowage.oci.OciJson;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * One pull: resolve, choose the platform, fetch and verify config and layers, store them, then
 * name the image. Nothing becomes an image until every blob is verified and committed; on
 * failure the blobs this pull committed, and nothing else needs, are deleted again.
 */
final class ImagePuller {
    private final BlobStore store;
    private final ImageSource source;
    private final ImageCatalog catalog;
    private final LeaseManager leases;
    private final KeyedLocks<Digest> downloads;
    private final ExecutorService executor;
    private final int concurrency;
    private final Platform platform;
    private final TransferListener listener;
    private final PullTarget target;
    private LeaseManager.Lease lease;
    private final List<Digest> written = Collections.synchronizedList(new ArrayList<>());
    private static final io.stowage.oci.Log LOG = new io.stowage.oci.Log(ImagePuller.class);
    private volatile boolean cancelled;
    /**
     * Set before {@link #cancelled} when the pull fails for a reason other than the network's:
     * the copies it interrupts drop what they received, so the store's files are as before. A
     * network failure keeps it, for the next pull to resume.
     */
    private volatile boolean dropPartials;
    private final BlobCopier.Stop stop = new BlobCopier.Stop(() -> cancelled, () -> dropPartials);

    /** {@code source} is the caller's to close; {@code executor} (shared by every pull) fetches the layers. */
    ImagePuller(BlobStore store, ImageSource source, ImageCatalog catalog, LeaseManager leases, KeyedLocks<Digest> downloads,
            ExecutorService executor, int concurrency, Platform platform, TransferListener listener, PullTarget target) {
        this.store = store;
        this.source = source;
        this.catalog = catalog;
        this.leases = leases;
        this.downloads = downloads;
        this.executor = executor;
        this.concurrency = concurrency;
        this.platform = platform != null ? platform : Platform.host();
        this.listener = listener;
        this.target = target;
    }

    private TrustPolicy policy;
    private List<io.stowage.api.trust.SignatureVerifier> verifiers = List.of();
    private java.util.function.Function<ImageReference, ImageSource> repository;
    /** What verified the image's signature, when the policy required one: kept on its names. */
    private String signature;
    /** The images whose signatures verified, with the referrers that held them: kept in the store. */
    private final List<Signed> verified = new ArrayList<>();
    /** The entries that keep those referrers, once copied: named with the image. */
    private final List<Descriptor> keptSignatures = new ArrayList<>();
    /** The index the image was pulled from, when a kept signature is of it: stored, and named on the image's entries. */
    private Digest keptIndex;

    /**
     * Pulls only what {@code policy} admits, checked once the root document's digest is known,
     * before anything is stored; a signature it requires is looked for by each of
     * {@code verifiers} in the repository {@code repository} opens at a tag or digest.
     */
    ImagePuller admitting(TrustPolicy policy, List<io.stowage.api.trust.SignatureVerifier> verifiers,
            java.util.function.Function<ImageReference, ImageSource> repository) {
        this.policy = policy;
        this.verifiers = verifiers;
        this.repository = repository;
        return this;
    }

    private Budget budget;
    private Budget.Reservation reservation = Budget.Reservation.NONE;

    /** Pulls only what fits the disk budget, checked before the first blob is fetched (evicting when configured). */
    ImagePuller within(Budget budget) {
        this.budget = budget;
        return this;
    }

    /**
     * Reserves the bytes the image's blobs that the store lacks will take (the manifest gives
     * their sizes), every blob leased first so that no eviction takes one this pull uses.
     */
    private void reserve(Manifest manifest, long documents) {
        if (budget == null) {
            return;
        }
        Set<Digest> uses = new java.util.LinkedHashSet<>();
        uses.add(manifest.config().digest());
        manifest.layers().forEach(l -> uses.add(l.digest()));
        uses.forEach(this::lease);
        long needed = documents;
        Set<Digest> counted = new HashSet<>();
        for (Descriptor d : java.util.stream.Stream.concat(java.util.stream.Stream.of(manifest.config()), manifest.layers().stream()).toList()) {
            if (counted.add(d.digest()) && store.info(d.digest()).isEmpty()) {
                needed = saturatedAdd(needed, Math.max(0, d.size()));
            }
        }
        reservation = budget.reserve(store, target.what(), needed, uses);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private void admit(Digest root) {
        if (policy == null) {
            return;
        }
        String what = target.what();
        if (target instanceof PullTarget.Registry registry) {
            ImageReference pulled = registry.reference();
            signature = policy.admit("docker", what, root, (requirement, digest) -> signatures(inRegistry(pulled, digest), requirement));
        } else {
            // a location's signatures are the referrers it holds beside the image (an OCI layout's unnamed entries)
            ImageReference named = source.names().stream().filter(ImageReference::isReference).map(ImageReference::parse).findFirst()
                    .orElse(null);
            signature = policy.admit(what.substring(0, what.indexOf(':')), what, root, (requirement, digest) -> named == null
                    ? TrustPolicy.Verdict.refused("the image carries no name for a signed identity to match")
                    : signatures(inLocation(named, digest), requirement));
        }
    }

    /** The image in its registry: each tag or digest opened anew, through the pull's transport. */
    private Signed inRegistry(ImageReference pulled, Digest digest) {
        return new Signed(pulled, digest, tagOrDigest -> repository.apply(Referrers.at(pulled, tagOrDigest)));
    }

    /**
     * The image in its location: what the pull's own source holds by digest, its referrers, and
     * cosign's signature manifest kept beside it for its signature tag; a location has no other tags.
     */
    private Signed inLocation(ImageReference named, Digest digest) {
        return new Signed(named, digest, tagOrDigest -> {
            java.util.function.Supplier<io.stowage.api.transport.RawManifest> root;
            if (tagOrDigest.indexOf(':') > 0) {
                Digest wanted = Digest.parse(tagOrDigest);
                root = () -> source.manifest(wanted);
            } else if (tagOrDigest.equals(digest.algorithm() + "-" + digest.hex() + ".sig")) {
                // cosign's signature tag: at a location, the signature manifest kept beside the image
                root = () -> source.cosignSignatures(digest).orElseThrow(() -> new StowageException(Reason.NOT_FOUND,
                        target.what() + " keeps no cosign signatures of " + digest));
            } else {
                throw new StowageException(Reason.NOT_FOUND, target.what() + " has no tag " + tagOrDigest);
            }
            return new io.stowage.api.transport.ForwardingImageSource(source) {
                @Override
                public io.stowage.api.transport.RawManifest resolve() {
                    return root.get();
                }

                @Override
                public void close() {
                    // the pull's source: the pull closes it
                }
            };
        });
    }

    /** The image as a verifier reads it, and the referrers its verifier said held the signature. */
    private static final class Signed implements io.stowage.api.trust.SignedImage {
        private final ImageReference reference;
        private final Digest digest;
        private final java.util.function.Function<String, ImageSource> open;
        private final List<Digest> referrers = new ArrayList<>();

        Signed(ImageReference reference, Digest digest, java.util.function.Function<String, ImageSource> open) {
            this.reference = reference;
            this.digest = digest;
            this.open = open;
        }

        @Override
        public ImageReference reference() {
            return reference;
        }

        @Override
        public Digest digest() {
            return digest;
        }

        @Override
        public ImageSource open(String tagOrDigest) {
            return open.apply(tagOrDigest);
        }

        @Override
        public synchronized void verifiedBy(Digest referrer) {
            if (referrer != null && referrers.size() < Signatures.KEPT_MAX && !referrers.contains(referrer)) {
                referrers.add(referrer);
            }
        }
    }

    /** The first scheme, by name, whose verifier finds a signature of the image that {@code requirement} accepts; else each one's reason. */
    private TrustPolicy.Verdict signatures(Signed image, TrustPolicy.SigstoreSigned requirement) {
        List<io.stowage.api.trust.SignatureVerifier> schemes = new ArrayList<>(verifiers);
        schemes.sort(java.util.Comparator.comparing(io.stowage.api.trust.SignatureVerifier::scheme));
        List<String> refusals = new ArrayList<>();
        for (io.stowage.api.trust.SignatureVerifier v : schemes) {
            String why;
            synchronized (image) {
                image.referrers.clear(); // only what the verifier that verified names is kept
            }
            try {
                why = v.verify(image, requirement.key(), signed -> requirement.identityRefusal(image.reference(), signed));
            } catch (RuntimeException e) { // a verifier of another bundle that broke: its scheme verified nothing
                why = "failed: " + e.getMessage();
            }
            if (why == null) {
                verified.add(image);
                return TrustPolicy.Verdict.verifiedBy(v.scheme());
            }
            // a verifier's words may carry what a registry said: escaped for the terminal, as every message is
            refusals.add(io.stowage.api.TerminalText.escape(v.scheme() + ": " + why));
        }
        return TrustPolicy.Verdict.refused(refusals.isEmpty() ? "no signature verifier is running" : String.join("; ", refusals));
    }

    PullResult pull() {
        boolean ok = false;
        lease = leases.lease();
        try {
            PullResult result = steps();
            ok = true;
            return result;
        } finally {
            // A cancelled pull (Ctrl-C interrupts its thread) still releases its lease and deletes
            // what it wrote: file channels refuse to work for an interrupted thread, so the
            // interrupt waits until this is done.
            boolean interrupted = Thread.interrupted();
            try {
                reservation.close();
                lease.close();
                if (!ok) {
                    removeWritten();
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * The pull's steps: a registry reference the source says is unchanged ends here; otherwise
     * resolve the root document (and the platform's manifest), plan (an image stored whole already
     * ends here), fetch the config and layers, commit the manifest, name the image.
     */
    private PullResult steps() {
        if (target instanceof PullTarget.Registry registry) {
            listener.pulling(registry.reference());
            PullResult unchanged = unchanged(registry.reference());
            if (unchanged != null) {
                admit(unchanged.digest());
                if (signature == null) {
                    return unchanged;
                }
                keepSignatures();
                nameSignatures();
                Image i = unchanged.image(); // what verified it this time (its names keep what did when they were set)
                return new PullResult(unchanged.reference(), unchanged.digest(), false, i == null ? null : new Image(i.id(), i.manifest(),
                        i.repoTags(), i.repoDigests(), i.size(), i.lastTagTime(), i.config(), i.damage(), signature));
            }
        }
        ManifestResolver.Resolved r = new ManifestResolver(platform).resolve(source, target.what(), target.expectedRoot());
        Digest rootDigest = r.rootDigest();
        admit(rootDigest);
        keepSignatures();
        Manifest manifest = r.parsed();
        Descriptor manifestDescriptor = new Descriptor(r.manifestType(), r.manifestDigest(), r.manifest().bytes().length);

        List<Descriptor> refs = ImageCatalog.images(store);
        Descriptor current = upToDate(refs, r.manifestDigest(), rootDigest, manifest);
        if (current != null) {
            nameSignatures();
            return new PullResult(target.reference(), rootDigest, false, catalog.image(store, catalog.imageId(store, current), refs));
        }

        reserve(manifest, r.manifest().bytes().length + (rootDigest.equals(r.manifestDigest()) ? 0 : r.root().bytes().length));
        ImageConfig config = fetchConfig(source, manifest.config());
        if (config.diffIds().size() != manifest.layers().size()) {
            throw new StowageException(Reason.INVALID, "config " + manifest.config().digest() + " names "
                    + config.diffIds().size() + " diff_ids for " + manifest.layers().size() + " layers");
        }
        long[] sizes = fetchLayers(source, manifest, config);

        storeManifest(manifestDescriptor, r.manifest().bytes());
        if (!rootDigest.equals(r.manifestDigest()) && keptSignatures.stream().anyMatch(k -> rootDigest.toString().equals(k.annotation(Signatures.OF)))) {
            // the signature is of the index: kept with it, so the image can be saved as it was signed
            storeManifest(new Descriptor(r.rootType(), rootDigest, r.root().bytes().length), r.root().bytes());
            keptIndex = rootDigest;
        }

        List<Descriptor> named = name(manifestDescriptor, manifest.config().digest(), sizes, rootDigest);
        return new PullResult(target.reference(), rootDigest, true, catalog.image(store, manifest.config().digest(), named));
    }

    /**
     * When the store names this reference's image with every blob, and the source says (by a
     * {@code HEAD}) that the reference still points at the digest pulled then: the image as it
     * is, with no manifest or blob fetched. Otherwise null.
     */
    private PullResult unchanged(ImageReference ref) {
        if (ref.digest() != null) {
            return null;
        }
        List<Descriptor> refs = ImageCatalog.images(store);
        Descriptor entry = refs.stream().filter(e -> ref.toString().equals(Annotations.name(e))).findFirst().orElse(null);
        if (entry == null || store.info(entry.digest()).isEmpty()) {
            return null;
        }
        String pulled = entry.annotation(Annotations.REPO_DIGEST);
        Digest stored = pulled != null ? Digest.parse(pulled) : entry.digest();
        if (!source.rootDigest().map(stored::equals).orElse(false)) {
            return null;
        }
        Manifest manifest;
        try {
            manifest = catalog.manifest(store, entry.digest());
        } catch (StowageException unreadable) {
            return null; // a damaged manifest: pulled again
        }
        if (upToDate(refs, entry.digest(), stored, manifest) == null || !storedForPlatform(entry, stored)) {
            return null;
        }
        return new PullResult(ref, stored, false, catalog.image(store, catalog.imageId(store, entry), refs));
    }

    /**
     * Whether the stored image is the one the index {@code root} would give for the platform
     * asked: its configuration's platform matches (an image pulled by a manifest, not an index,
     * had no other to give). Otherwise the index is read again and the platform's image pulled.
     */
    private boolean storedForPlatform(Descriptor entry, Digest root) {
        if (root.equals(entry.digest())) {
            return true;
        }
        ImageConfig c = catalog.config(store, catalog.imageId(store, entry));
        return platform.matches(new Platform(c.os(), c.architecture(), c.variant()));
    }

    /**
     * The entry already naming this exact image under the target's first name (and every other
     * name naming it too), or holding it unnamed when the target has none, with all its blobs; or null.
     */
    private Descriptor upToDate(List<Descriptor> refs, Digest manifestDigest, Digest rootDigest, Manifest manifest) {
        String name = target.names().isEmpty() ? null : target.names().get(0);
        for (String other : target.names()) { // every name the image carries must name it already
            if (refs.stream().noneMatch(e -> other.equals(Annotations.name(e)) && e.digest().equals(manifestDigest))) {
                return null;
            }
        }
        for (Descriptor e : refs) {
            if (java.util.Objects.equals(name, Annotations.name(e)) && e.digest().equals(manifestDigest)
                    && (!(target instanceof PullTarget.Registry) || rootDigest.equals(manifestDigest)
                            || rootDigest.toString().equals(e.annotation(Annotations.REPO_DIGEST)))) {
                boolean complete = store.info(manifestDigest).isPresent() && store.info(manifest.config().digest()).isPresent()
                        && manifest.layers().stream().allMatch(l -> store.info(l.digest()).isPresent());
                return complete ? e : null;
            }
        }
        return null;
    }

    private void lease(Digest d) {
        lease.add(d);
    }

    private ImageConfig fetchConfig(ImageSource source, Descriptor d) {
        if (d.size() > RawManifest.MAX_BYTES) {
            throw new StowageException(Reason.INVALID, "config " + d.digest() + ": larger than " + RawManifest.MAX_BYTES + " bytes");
        }
        lease(d.digest());
        try (KeyedLocks.Held one = downloads.acquire(d.digest())) {
            if (store.info(d.digest()).isEmpty()) { // looked at again: another pull may have stored it
                BlobCopier.copy(offset -> source.blob(d, offset), d, store, stop);
                written.add(d.digest());
            }
        } catch (IOException e) {
            throw ioFailure("config " + d.digest(), e);
        }
        return catalog.config(store, d.digest());
    }

    /** Fetches the layers, at most {@code concurrency} at once; returns each one's uncompressed size. */
    private long[] fetchLayers(ImageSource source, Manifest manifest, ImageConfig config) {
        List<Descriptor> layers = manifest.layers();
        long[] sizes = new long[layers.size()];
        if (layers.isEmpty()) {
            return sizes;
        }
        List<Future<Void>> started = new ArrayList<>();
        try {
            // Leased first, so nothing removes a layer between this look and its use.
            layers.forEach(l -> lease(l.digest()));
            Set<Digest> present = new HashSet<>();
            for (Descriptor l : layers) {
                if (store.info(l.digest()).isPresent() && present.add(l.digest())) {
                    listener.layer(l, LayerStatus.ALREADY_EXISTS);
                }
            }
            int queued = 0;
            for (Descriptor l : layers) {
                if (!present.contains(l.digest()) && queued++ >= concurrency) {
                    listener.layer(l, LayerStatus.WAITING);
                }
            }
            // at most `concurrency` layers in the shared executor at once: the next starts as one ends
            CompletionService<Void> done = new ExecutorCompletionService<>(executor);
            java.util.function.IntFunction<Future<Void>> start = index -> done.submit(() -> {
                Descriptor layer = layers.get(index);
                sizes[index] = layer(source, layer, config.diffIds().get(index), present.contains(layer.digest()));
                return null;
            });
            while (started.size() < Math.min(concurrency, layers.size())) {
                started.add(start.apply(started.size()));
            }

            RuntimeException failure = null;
            for (int finished = 0; finished < started.size(); finished++) {
                try {
                    done.take().get();
                } catch (ExecutionException e) {
                    RuntimeException cause = asRuntime(e.getCause());
                    // a network failure or a cancellation keeps what was received, for the next pull to resume
                    if (!(cause instanceof StowageException se && se.reason() == Reason.UNAVAILABLE) && !isCancellation(cause)) {
                        dropPartials = true;
                    }
                    cancelled = true;
                    if (failure == null || isCancellation(failure)) {
                        failure = cause;
                    }
                } catch (InterruptedException e) {
                    cancelled = true;
                    Thread.currentThread().interrupt();
                    failure = new StowageException(Reason.IO, "cancelled", new InterruptedIOException("cancelled"));
                    break;
                }
                if (failure == null && started.size() < layers.size()) {
                    started.add(start.apply(started.size()));
                }
            }
            if (failure != null) {
                throw failure;
            }
            return sizes;
        } finally {
            started.forEach(f -> f.cancel(true));
        }
    }

    private long layer(ImageSource source, Descriptor d, Digest diffId, boolean stored) {
        try {
            return stored ? storedLayer(d, diffId) : downloadLayer(source, d, diffId);
        } catch (IOException e) {
            throw ioFailure("layer " + d.digest(), e);
        } catch (UncheckedIOException e) {
            throw ioFailure("layer " + d.digest(), e);
        }
    }

    /** A layer the store already holds: its diff_id is checked and its size measured. */
    private long storedLayer(Descriptor d, Digest diffId) throws IOException {
        BlobCopier.Uncompressed u = BlobCopier.uncompressedOfStored(store, d);
        if (!u.diffId().equals(diffId)) {
            throw new StowageException(Reason.DIGEST_MISMATCH, "layer " + d.digest() + ": diff_id mismatch: config says "
                    + diffId + ", stored content is " + u.diffId());
        }
        return u.size();
    }

    /** A layer to fetch, unless another pull stores it meanwhile. */
    private long downloadLayer(ImageSource source, Descriptor d, Digest diffId) throws IOException {
        long size;
        try (KeyedLocks.Held one = downloads.acquire(d.digest())) {
            if (store.info(d.digest()).isPresent()) { // another pull stored it while this one waited
                size = storedLayer(d, diffId);
            } else {
                size = BlobCopier.copyLayer(offset -> source.blob(d, offset), d, diffId, store, stop, new BlobCopier.Progress() {
                    @Override
                    public void received(long bytes) {
                        listener.progress(d, bytes);
                    }

                    @Override
                    public void verifying() {
                        listener.layer(d, LayerStatus.VERIFYING);
                    }
                }).size();
                written.add(d.digest());
            }
        }
        listener.layer(d, LayerStatus.DOWNLOAD_COMPLETE);
        listener.layer(d, LayerStatus.PULL_COMPLETE);
        return size;
    }

    private void storeManifest(Descriptor d, byte[] bytes) {
        lease(d.digest());
        if (BlobCopier.put(store, d.digest(), bytes)) {
            written.add(d.digest());
        }
    }

    /**
     * Names the image; a name moved off another image leaves that one dangling, as Docker does.
     * Returns the refs as this update wrote them, so the result describes what was named even if
     * another operation changes the refs right after.
     */
    private List<Descriptor> name(Descriptor manifest, Digest imageId, long[] sizes, Digest rootDigest) {
        Instant now = Instant.now();
        Digest repoDigest = target instanceof PullTarget.Registry ? rootDigest : null;
        return RefUpdate.apply(store, RefUpdate.imagesOnly(refs -> {
            List<Descriptor> next = refs;
            if (target.names().isEmpty()) {
                next = catalog.withUnnamed(store, refs, Annotations.withIndex(Annotations.entry(manifest, null, imageId, sizes, now, null),
                        keptIndex), imageId);
            }
            for (String name : target.names()) {
                next = catalog.withName(store, next, Annotations.withIndex(Annotations.entry(manifest, name, imageId, sizes, now, repoDigest,
                        signature), keptIndex), imageId, now);
            }
            return new RefUpdate<>(next, next);
        }).andThen(u -> new RefUpdate<>(Signatures.with(u.refs(), keptSignatures), u.result())));
    }

    /** Names the kept signatures of an image stored already. */
    private void nameSignatures() {
        if (!keptSignatures.isEmpty()) {
            store.updateRefs(refs -> Signatures.with(refs, keptSignatures));
        }
    }

    /**
     * Copies the referrers that held the verified signatures into the store, leased and checked,
     * to be named with the image. One that cannot be kept is logged; the image was verified.
     */
    private void keepSignatures() {
        for (Signed image : verified) {
            List<Digest> referrers;
            synchronized (image) {
                referrers = List.copyOf(image.referrers);
            }
            for (Digest referrer : referrers) {
                if (keptSignatures.stream().anyMatch(k -> k.digest().equals(referrer))) {
                    continue;
                }
                List<Digest> mine = new ArrayList<>();
                try (ImageSource at = image.open(referrer.toString())) {
                    keptSignatures.add(Signatures.copy(store, at, referrer, image.digest(), lease, mine));
                } catch (StowageException e) {
                    LOG.warn("{}: the signature {} that verified it is not kept: {}", target.what(), referrer, e.getMessage());
                } finally {
                    written.addAll(mine);
                }
            }
        }
    }

    /** After a failure: deletes what this pull committed that no image and no other pull needs. */
    private void removeWritten() {
        List<Digest> mine;
        synchronized (written) {
            mine = new ArrayList<>(written);
        }
        if (mine.isEmpty()) {
            return;
        }
        try {
            catalog.deleteUnneeded(store, leases, mine);
        } catch (RuntimeException e) {
            // Leaving an unreferenced blob behind is safe; the pull's own failure is what matters.
        }
    }

    private static boolean isCancellation(RuntimeException e) {
        return e.getCause() instanceof InterruptedIOException;
    }

    private static RuntimeException asRuntime(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof IOException io) {
            return ioFailure("download", io);
        }
        return new StowageException(Reason.IO, String.valueOf(t.getMessage()), t);
    }

    static StowageException ioFailure(String what, IOException e) {
        if (e instanceof InterruptedIOException) {
            return new StowageException(Reason.IO, what + ": cancelled", e);
        }
        return new StowageException(Reason.UNAVAILABLE, what + ": " + e.getMessage(), e);
    }

    static StowageException ioFailure(String what, UncheckedIOException e) {
        return ioFailure(what, e.getCause());
    }
}
