package io.stowage.core.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.Image;
import io.stowage.api.ImageEvents;
import io.stowage.api.ImageReference;
import io.stowage.api.ImageService;
import io.stowage.api.ImageUsage;
import io.stowage.api.Platform;
import io.stowage.api.PruneResult;
import io.stowage.api.PullResult;
import io.stowage.api.PushResult;
import io.stowage.api.Removal;
import io.stowage.api.RemoteImage;
import io.stowage.api.StoreReport;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.TransferListener;
import io.stowage.api.Usage;
import io.stowage.api.store.BlobStore;
import io.stowage.api.store.LeaseManager;
import io.stowage.api.transport.ImageArchive;
import io.stowage.api.transport.ImageDestination;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.Location;
import io.stowage.api.transport.Transport;
import io.stowage.oci.KeyedLocks;
import io.stowage.oci.Log;
import io.stowage.oci.OciJson;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The image service. It binds the one store its configuration selects and every transport, each
 * read once per operation; with no store bound, operations fail with "no image store available".
 * It needs its configuration (PID {@code io.stowage.core}) so that a one-shot command never runs
 * with defaults before the configuration has arrived.
 */
@Component(service = {ImageService.class, io.stowage.api.ArtifactService.class}, configurationPid = "io.stowage.core", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = CoreConfig.class)
public final class ImageServiceImpl implements ImageService, io.stowage.api.ArtifactService {
    private static final String DOCKER_PREFIX = "docker://";
    /** What {@code image:save} writes and {@code image:load} reads: Docker's archive, as Docker's commands do. */
    private static final String ARCHIVES = "docker-archive";

    private final ImageCatalog catalog = new ImageCatalog();
    private final Leases leases = new Leases();
    /** One download of a blob at a time: pulls of images sharing a layer fetch it once. */
    private final KeyedLocks<Digest> downloads = new KeyedLocks<>();
    /** The threads every pull fetches its layers on, each pull at most {@code concurrency} at once. */
    private final java.util.concurrent.ExecutorService layers = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stowage-pull-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private static final java.util.concurrent.atomic.AtomicInteger THREADS = new java.util.concurrent.atomic.AtomicInteger();
    private final Transports transports = new Transports();
    private final List<ImageUsage> usages = new CopyOnWriteArrayList<>();
    private volatile CoreConfig config;

    private volatile BlobStore store;
    private final Log log = new Log(ImageServiceImpl.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PullHealth health;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile EventSink events; // package-private: a test seam, as the constructor below

    @Activate
    public ImageServiceImpl(CoreConfig config) {
        this.config = config;
    }

    /** Test seam: a service bound to one store and one {@code docker} transport. */
    ImageServiceImpl(CoreConfig config, BlobStore store, Transport transport) {
        this.config = config;
        this.store = store;
        transports.add(transport, Map.of(Transport.KIND, Transport.REGISTRY_KIND, Transport.SYNTAX, Transport.REFERENCES));
    }

    /** Pulls still running fail as cancelled. */
    @org.osgi.service.component.annotations.Deactivate
    void deactivate() {
        layers.shutdownNow();
    }

    @Modified
    void modified(CoreConfig changed) {
        this.config = changed;
        log.info("configuration changed: store.target={}, concurrency={}, transport.wait={} s", changed.store_target(),
                changed.concurrency(), changed.transport_wait());
    }


    /** The store the configuration's target selects; a better-ranked one replaces it while running. */
    @Reference(name = "store", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStore(BlobStore s, Map<String, Object> properties) {
        BlobStore before;
        synchronized (this) {
            before = store;
            store = s;
        }
        if (before != null) {
            log.info("image store swapped: {} replaces {}", s, before);
        } else {
            log.debug("image store bound: {}", s);
        }
    }

    void unbindStore(BlobStore s) {
        synchronized (this) {
            if (store != s) {
                return; // already replaced by the one bound before this unbind
            }
            store = null;
        }
        if (stopping()) {
            log.debug("image store unbound: {}", s);
        } else {
            log.warn("image store unbound: {}; image operations fail until another is bound", s);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTransport(Transport transport, Map<String, Object> properties) {
        transports.add(transport, properties);
        log.debug("transport bound: {}", kinds(properties));
    }

    void removeTransport(Transport transport, Map<String, Object> properties) {
        transports.remove(transport);
        if (stopping()) {
            log.debug("transport unbound: {}", kinds(properties));
        } else {
            log.info("transport unbound: {}", kinds(properties));
        }
    }

    private static Object kinds(Map<String, Object> properties) {
        Object kinds = properties.get(Transport.KIND);
        return kinds instanceof String[] a ? String.join(",", a) : kinds;
    }

    /** Whether the framework or this bundle is stopping: then what goes away is no news for the log. */
    private boolean stopping() {
        org.osgi.framework.Bundle own = org.osgi.framework.FrameworkUtil.getBundle(ImageServiceImpl.class);
        if (own == null || own.getBundleContext() == null) {
            return true;
        }
        org.osgi.framework.Bundle framework = own.getBundleContext().getBundle(0);
        return own.getState() == org.osgi.framework.Bundle.STOPPING
                || framework != null && framework.getState() == org.osgi.framework.Bundle.STOPPING;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addUsage(ImageUsage usage) {
        usages.add(usage);
    }

    void removeUsage(ImageUsage usage) {
        usages.remove(usage);
    }

    private BlobStore store() {
        BlobStore s = store;
        if (s == null) {
            throw new StowageException(Reason.UNAVAILABLE, "no image store available");
        }
        return s;
    }

    /**
     * The store, waiting up to {@code transport.wait} seconds for one to be bound: a pull asked
     * for while the framework starts (an appliance's, as it activates) waits for the store as it
     * waits for its transport.
     */
    private BlobStore awaitStore() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(Math.max(0, config.transport_wait()));
        while (store == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StowageException(Reason.IO, "cancelled while waiting for an image store", e);
            }
        }
        return store();
    }

    @Override
    public PullResult pull(String reference, Platform platform, TransferListener listener) {
        Location location = transports.locate(reference);
        if (location != null) {
            return pulling(location.toString(), location.kind(), listener, counted -> {
                try (ImageSource source = transport(location).open(location)) {
                    return pullFrom(source, location.toString(), platform, counted, ImageEvents.PULLED, null);
                }
            });
        }
        ImageReference ref = reference(reference);
        return pulling(ref.toString(), ref.registry(), listener, counted -> {
            try (ImageSource source = transport(ref).open(Location.of(ref))) {
                return pull(source, PullTarget.of(ref), platform, counted, ImageEvents.PULLED, null);
            }
        });
    }

    /**
     * A pull of {@code what}, logged as it starts and ends (digest, bytes downloaded, seconds):
     * its failure named {@code pull <what>: …}, logged, and posted as {@link ImageEvents#PULL_FAILED}.
     */
    private PullResult pulling(String what, String registry, TransferListener listener,
            java.util.function.Function<TransferListener, PullResult> pull) {
        PullHealth h = health;
        long start = System.nanoTime();
        java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
        TransferListener counted = counting(listener == null ? TransferListener.NONE : listener, bytes);
        log.info("pull {} started", what);
        try {
            PullResult r = within("pull " + what, () -> pull.apply(counted));
            log.info("pull {} finished: {}, {} bytes downloaded in {} s", what, r.digest(), bytes.get(), seconds(start));
            if (h != null) {
                h.succeeded(registry);
            }
            return r;
        } catch (StowageException e) {
            log.warn("pull {} failed after {} s: {}", what, seconds(start), e.getMessage());
            if (h != null) {
                h.failed(registry, e.getMessage());
            }
            postFailure(what, e);
            throw e;
        }
    }

    private static String seconds(long startNanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - startNanos) / 1e9);
    }

    /** {@code listener}, with the size of each layer it is told was downloaded added to {@code bytes}. */
    private static TransferListener counting(TransferListener listener, java.util.concurrent.atomic.AtomicLong bytes) {
        return new TransferListener() {
            @Override
            public void pulling(ImageReference reference) {
                listener.pulling(reference);
            }

            @Override
            public void progress(Descriptor layer, long received) {
                listener.progress(layer, received);
            }

            @Override
            public void layer(Descriptor layer, io.stowage.api.LayerStatus status) {
                if (status == io.stowage.api.LayerStatus.DOWNLOAD_COMPLETE) {
                    bytes.addAndGet(layer.size());
                }
                listener.layer(layer, status);
            }
        };
    }

    /** {@link ImageEvents#PULL_FAILED} for {@code what}, with the failure's reason and message. */
    private void postFailure(String what, StowageException e) {
        EventSink sink = events;
        if (sink != null) {
            sink.post(ImageEvents.PULL_FAILED, Map.of(ImageEvents.REFERENCE, what, ImageEvents.REASON, e.reason().name(),
                    ImageEvents.MESSAGE, e.getMessage()));
        }
    }

    /** One result per name an image of the archive carries (one for an unnamed image), as Docker reports a load. */
    @Override
    public List<PullResult> load(String file, TransferListener listener) {
        Location location = new Location(ARCHIVES, file);
        return within("load " + file, () -> {
            try (ImageArchive archive = transport(location).openArchive(location)) {
                List<PullResult> results = new ArrayList<>();
                for (ImageSource image : archive.images()) {
                    PullResult r = pullFrom(image, location.toString(), null, listener, ImageEvents.LOADED, file);
                    List<String> names = image.names();
                    if (names.size() <= 1) {
                        results.add(r);
                    }
                    for (int i = 0; names.size() > 1 && i < names.size(); i++) {
                        results.add(new PullResult(ImageReference.parse(names.get(i)), r.digest(), r.downloaded(), r.image()));
                    }
                }
                log.info("loaded {}: {} image(s)", file, results.size());
                return results;
            }
        });
    }

    /** A pull of the one image a location's source gives, named by the names it carries. */
    private PullResult pullFrom(ImageSource source, String what, Platform platform, TransferListener listener, String topic,
            String file) {
        List<String> names = source.names().stream().map(n -> ImageReference.parse(n).toString()).distinct().toList();
        return pull(source, new PullTarget(what, null, source.rootDigest().orElse(null), names), platform, listener, topic, file);
    }

    /** A pull, then {@code topic} ({@link ImageEvents#PULLED} or, for a load, LOADED) once per name the image got. */
    private PullResult pull(ImageSource source, PullTarget target, Platform platform, TransferListener listener, String topic,
            String file) {
        BlobStore s = awaitStore();
        PullResult result = new ImagePuller(s, source, catalog, leasesOf(s), downloads, layers, config.concurrency(), platform,
                listener == null ? TransferListener.NONE : listener, target).pull();
        List<String> names = target.registry() != null || target.names().isEmpty()
                ? java.util.Collections.singletonList(result.reference() == null ? target.what() : result.reference().toString())
                : target.names();
        for (String name : names) {
            post(topic, name, result.digest(), result.image().id(), file);
        }
        return result;
    }

    @Override
    public void save(List<String> images, String file) {
        if (images.isEmpty()) {
            throw new StowageException(Reason.INVALID, "save needs at least one image");
        }
        Location location = new Location(ARCHIVES, file);
        within("save " + file, () -> {
            BlobStore s = store();
            List<Descriptor> refs = ImageCatalog.images(s);
            Map<String, Descriptor> chosen = new java.util.LinkedHashMap<>(); // name (or image ID) → entry
            for (String image : images) {
                ImageCatalog.Target t = catalog.resolve(s, image);
                Descriptor entry = catalog.entry(s, refs, t, image);
                // by name: saved under it; by ID: saved without a name, as docker save does
                chosen.putIfAbsent(t.entry() != null ? Annotations.name(entry) : t.imageId().toString(), entry);
            }
            ImagePusher pusher = new ImagePusher(s, catalog, leasesOf(s), TransferListener.NONE);
            try (ImageDestination destination = transport(location).openDestination(location)) {
                chosen.forEach((name, entry) -> pusher.send(destination, entry,
                        name.startsWith("sha256:") ? null : name, List.of()));
                destination.commit();
            }
            chosen.forEach((name, entry) -> post(ImageEvents.SAVED, name, entry.digest(), catalog.imageId(s, entry), file));
            log.info("saved {} to {}", chosen.keySet(), file);
            return null;
        });
    }

    @Override
    public PruneResult prune(boolean all, java.time.Duration until) {
        BlobStore s = store();
        PruneResult result = new ImageRemover(s, catalog, leasesOf(s), held()).prune(all, until);
        log.info("prune: {} name(s) untagged, {} blob(s) deleted, {} bytes reclaimed", result.untagged().size(),
                result.deleted().size(), result.reclaimed());
        result.untagged().forEach(name -> post(ImageEvents.UNTAGGED, normalised(name), null, null));
        return result;
    }

    @Override
    public List<Long> layerSizes(String nameOrId) {
        BlobStore s = store();
        ImageCatalog.Target t = catalog.resolve(s, nameOrId);
        Descriptor entry = catalog.entry(s, s.refs(), t, nameOrId);
        List<Descriptor> layers = catalog.manifest(s, entry.digest()).layers();
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

    @Override
    public PushResult push(String reference, TransferListener listener) {
        ImageReference ref = reference(reference);
        return within("push " + ref, () -> {
            BlobStore s = store();
            PushResult r = new ImagePusher(s, catalog, leasesOf(s), listener == null ? TransferListener.NONE : listener)
                    .push(transport(ref), ref);
            log.info("pushed {}: {}", ref, r.digest());
            return r;
        });
    }

    @Override
    public PushResult push(String image, String destination, TransferListener listener) {
        Location location = transports.locate(destination);
        if (location == null) {
            throw new StowageException(Reason.INVALID, destination + " is not a location of a transport (oci:<dir>[:<ref>]); "
                    + "to push to a registry, tag the image with that name and push the name");
        }
        return within("push " + image + " to " + location, () -> {
            BlobStore s = store();
            ImageCatalog.Target t = catalog.resolve(s, image);
            Descriptor entry = catalog.entry(s, s.refs(), t, image);
            String name = Annotations.name(entry);
            try (ImageDestination d = transport(location).openDestination(location)) {
                Digest pushed = new ImagePusher(s, catalog, leasesOf(s), listener == null ? TransferListener.NONE : listener)
                        .send(d, entry, name, List.of());
                d.commit();
                return new PushResult(name == null ? null : ImageReference.parse(name), pushed, entry.size());
            }
        });
    }

    @Override
    public RemoteImage inspectRemote(String reference, Platform platform) {
        ImageReference ref = reference(reference);
        return within("inspect " + ref, () -> {
            try (ImageSource source = transport(ref).open(Location.of(ref))) {
                ManifestResolver.Resolved r = new ManifestResolver(platform).resolve(source, ref);
                Descriptor config = r.parsed().config();
                byte[] rawConfig = RemoteBlobs.read(source, config, "config " + config.digest());
                return new RemoteImage(ref, r.rootDigest(), r.root().bytes(), r.parsed(),
                        OciJson.config(rawConfig, "config " + config.digest()), rawConfig, validTags(source.tags(), ref, t -> { }));
            }
        });
    }

    @Override
    public io.stowage.api.Artifact pull(String reference) {
        ImageReference ref = reference(reference);
        return within("pull " + ref, () -> {
            BlobStore s = awaitStore();
            try (ImageSource source = transport(ref).open(Location.of(ref))) {
                io.stowage.api.Artifact a = artifactsIn(s).pull(source, ref);
                log.info("artifact {} pulled: {} ({})", ref, a.digest(), a.artifactType());
                return a;
            }
        });
    }

    @Override
    public List<io.stowage.api.Artifact> artifacts() {
        BlobStore s = store();
        return artifactsIn(s).list();
    }

    @Override
    public List<Digest> remove(String reference) {
        return within("remove " + reference, () -> {
            BlobStore s = store();
            return artifactsIn(s).remove(reference);
        });
    }

    @Override
    public List<java.nio.file.Path> export(String reference, java.nio.file.Path directory) {
        return within("export " + reference + " to " + directory, () -> {
            BlobStore s = store();
            return artifactsIn(s).export(reference, directory);
        });
    }

    private Artifacts artifactsIn(BlobStore s) {
        return new Artifacts(s, catalog, leasesOf(s));
    }

    @Override
    public List<io.stowage.api.Referrer> referrers(String reference, String artifactType) {
        ImageReference ref = reference(reference);
        return within("referrers of " + ref, () -> Referrers.of(transport(ref), ref, artifactType));
    }

    @Override
    public List<String> tags(String repository) {
        return tags(repository, skipped -> { });
    }

    @Override
    public List<String> tags(String repository, java.util.function.Consumer<String> skipped) {
        ImageReference ref = reference(repository);
        if (!ref.tag().equals(ImageReference.DEFAULT_TAG) || ref.digest() != null || repository.endsWith(":latest")) {
            throw new StowageException(Reason.INVALID, "a repository has no tag or digest: " + repository);
        }
        return within("tags of " + ref.name(), () -> {
            try (ImageSource source = transport(ref).open(Location.of(ref))) {
                return validTags(source.tags(), ref, skipped);
            }
        });
    }

    /** The names a registry listed that are tags; each other one is told to {@code skipped}. */
    static List<String> validTags(List<String> listed, ImageReference repository, java.util.function.Consumer<String> skipped) {
        List<String> tags = new ArrayList<>(listed.size());
        for (String name : listed) {
            if (ImageReference.isTag(name)) {
                tags.add(name);
            } else {
                skipped.accept("skipped \"" + io.stowage.api.TerminalText.escape(name) + "\" listed by "
                        + repository.name() + ": not a valid tag");
            }
        }
        return tags;
    }

    private static ImageReference reference(String text) {
        return ImageReference.parse(text.startsWith(DOCKER_PREFIX) ? text.substring(DOCKER_PREFIX.length()) : text);
    }

    private Transport transport(ImageReference ref) {
        return transport(Location.of(ref));
    }

    /**
     * The transport for {@code location}, waiting up to {@code transport.wait} seconds for one to
     * be bound (an appliance that pulls as it activates may come before it).
     */
    Transport transport(Location location) {
        String kind = location.kind();
        int wait = Math.max(0, config.transport_wait());
        try {
            return transports.await(location, java.time.Duration.ofSeconds(wait)).orElseThrow(
                    () -> new StowageException(Reason.UNAVAILABLE, "no transport for " + kind
                            + (wait > 0 ? " (waited " + wait + " s; deploy the bundle that provides it)"
                                    : " (deploy the bundle that provides it)")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StowageException(Reason.IO, "cancelled while waiting for a transport for " + kind, e);
        }
    }

    @Override
    public List<Image> list() {
        BlobStore s = store();
        return catalog.list(s);
    }

    @Override
    public Image inspect(String nameOrId) {
        BlobStore s = store();
        Image image = catalog.image(s, catalog.resolve(s, nameOrId).imageId());
        if (image.damaged()) {
            throw new StowageException(Reason.NOT_FOUND, "image " + nameOrId + " is damaged: " + image.damage()
                    + "; pull it again, or remove it");
        }
        return image;
    }

    @Override
    public ImageReference tag(String source, String target) {
        BlobStore s = store();
        ImageReference to = ImageReference.parse(target);
        if (to.digest() != null) {
            throw new StowageException(Reason.INVALID, "refusing to create a tag with a digest reference: " + target);
        }
        String name = to.toString();
        Digest tagged = RefUpdate.apply(s, RefUpdate.imagesOnly(refs -> {
            ImageCatalog.Target from = catalog.resolve(s, source);
            Descriptor template = catalog.entry(s, refs, from, source);
            Instant now = Instant.now();
            return new RefUpdate<>(catalog.withName(s, refs, Annotations.renamed(template, name, now, false), from.imageId(), now),
                    from.imageId());
        }));
        post(ImageEvents.TAGGED, name, null, tagged);
        return to;
    }

    @Override
    public Removal remove(String nameOrId, boolean force) {
        return remove(nameOrId, force, true);
    }

    @Override
    public Removal remove(String nameOrId, boolean force, boolean prune) {
        BlobStore s = store();
        Removal removal = new ImageRemover(s, catalog, leasesOf(s), held()).remove(nameOrId, force, prune);
        log.info("remove {}: {} name(s) untagged, {} blob(s) deleted", nameOrId, removal.untagged().size(),
                removal.deleted().size());
        Digest id = removal.imageId();
        removal.untagged().forEach(name -> post(ImageEvents.UNTAGGED, normalised(name), null, id));
        if (!removal.deleted().isEmpty()) {
            post(ImageEvents.REMOVED, null, id, id);
        }
        return removal;
    }

    @Override
    public List<io.stowage.api.store.BlobInfo> partialDownloads() {
        List<io.stowage.api.store.BlobInfo> partial = new ArrayList<>();
        store().walkPartial(partial::add);
        return partial;
    }

    @Override
    public StoreReport verify(boolean repair) {
        BlobStore s = store();
        StoreReport r = new StoreVerifier(s, catalog, leasesOf(s)).verify(repair);
        boolean damaged = !r.corrupt().isEmpty() || !r.incomplete().isEmpty()
                || r.restoredRefs() != null && !r.restoredRefs().isEmpty();
        if (damaged) {
            log.warn("store verify: {} corrupt blob(s), {} incomplete image(s), {} orphan(s){}", r.corrupt().size(),
                    r.incomplete().size(), r.orphans().size(), r.repaired() ? "; repaired" : "; run store:verify --repair");
        } else {
            log.info("store verify: {} blob(s) checked, {} orphan(s){}", r.checked(), r.orphans().size(),
                    r.repaired() ? "; repaired" : "");
        }
        return r;
    }

    /** What every usage (containers) holds now. */
    private List<Usage> held() {
        List<Usage> held = new ArrayList<>();
        for (ImageUsage u : usages) {
            held.addAll(u.usages());
        }
        return held;
    }

    /** The store's own leases when it shares itself with other processes, else this service's. */
    private LeaseManager leasesOf(BlobStore s) {
        LeaseManager own = s.leases();
        return own != null ? own : leases;
    }

    /** A name as Docker's lines print it ({@code app:1}, {@code app@sha256:…}), in the events' whole form. */
    private static String normalised(String familiar) {
        try {
            return ImageReference.parse(familiar).toString();
        } catch (StowageException notAReference) {
            return familiar;
        }
    }

    private void post(String topic, String reference, Digest digest, Digest imageId) {
        post(topic, reference, digest, imageId, null);
    }

    /** Posts an event when Event Admin is there; properties that are null are left out. */
    private void post(String topic, String reference, Digest digest, Digest imageId, String file) {
        EventSink sink = events;
        if (sink == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        if (reference != null) {
            properties.put(ImageEvents.REFERENCE, reference);
        }
        if (digest != null) {
            properties.put(ImageEvents.DIGEST, digest.toString());
        }
        if (imageId != null) {
            properties.put(ImageEvents.IMAGE_ID, imageId.toString());
        }
        if (file != null) {
            properties.put(ImageEvents.FILE, file);
        }
        sink.post(topic, properties);
    }

    private interface Operation<T> {
        T run();
    }

    /** Runs an operation; every failure comes out as one StowageException prefixed by {@code context}. */
    private static <T> T within(String context, Operation<T> op) {
        try {
            return op.run();
        } catch (StowageException e) {
            throw e.within(context);
        } catch (UncheckedIOException e) {
            throw ImagePuller.ioFailure(context, e);
        }
    }
}
