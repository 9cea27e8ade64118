package io.stowage.core.internal;

import io.stowage.api.Digest;
import io.stowage.api.Image;
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
import io.stowage.api.TransferListener;
import io.stowage.api.store.BlobStore;
import io.stowage.api.transport.Transport;
import io.stowage.oci.EventSink;
import io.stowage.oci.Log;
import java.util.List;
import java.util.Map;
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
@Component(service = {ImageService.class, io.stowage.api.ArtifactService.class, io.stowage.api.trust.ImageSigner.class}, configurationPid = "io.stowage.core", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = CoreConfig.class)
public final class ImageServiceImpl implements ImageService, io.stowage.api.ArtifactService, io.stowage.api.trust.ImageSigner {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PullHealth health;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile EventSink events; // package-private: a test seam, as the constructor below

    private final Core core;
    private final LocalImages local;
    private final Transfers transfers;
    private final Log log;

    /** The running instance's scheduled prune ({@code prune.until}); none in a one-shot command. */
    private java.util.concurrent.ScheduledExecutorService pruning;

    @Activate
    public ImageServiceImpl(CoreConfig config, org.osgi.framework.BundleContext context) {
        this(config);
        core.home = java.util.Objects.requireNonNullElse(context.getProperty("stowage.home"), ".");
        core.setsLookup = () -> pinnedBySets(context);
        if (!"command".equals(context.getProperty("stowage.mode"))) {
            pruning = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "stowage-prune");
                t.setDaemon(true);
                return t;
            });
            schedulePrune(config);
        }
    }

    /** Each registered ImageSets' pins, each service got for the asking and given back. */
    private static java.util.Set<Digest> pinnedBySets(org.osgi.framework.BundleContext context) {
        java.util.Set<Digest> pinned = new java.util.HashSet<>();
        try {
            for (org.osgi.framework.ServiceReference<io.stowage.api.ImageSets> ref : context.getServiceReferences(
                    io.stowage.api.ImageSets.class, null)) {
                io.stowage.api.ImageSets sets = context.getService(ref);
                if (sets != null) {
                    try {
                        pinned.addAll(sets.pinned());
                    } finally {
                        context.ungetService(ref);
                    }
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException | IllegalStateException stopping) {
            // no filter given; a context that is no longer valid knows no sets
        }
        return pinned;
    }

    ImageServiceImpl(CoreConfig config) {
        core = new Core(config, () -> events, () -> health);
        local = new LocalImages(core);
        transfers = new Transfers(core);
        core.budget = new Budget(core, local);
        log = core.log;
        describeBudget(config);
    }

    /** Says the budget in the log, or what is wrong with it (pulls and loads then fail naming the setting). */
    private void describeBudget(CoreConfig c) {
        try {
            Budget.Limits l = Budget.Limits.of(c);
            if (!l.none()) {
                core.log.info("disk budget: {}", l);
            }
        } catch (io.stowage.api.StowageException e) {
            core.log.error("disk budget: {}; pulls and loads fail until it is mended", e.getMessage());
        }
    }

    private java.util.concurrent.ScheduledFuture<?> scheduled;

    /** Every {@code prune.interval}, the images unused for longer than {@code prune.until} are removed. */
    private synchronized void schedulePrune(CoreConfig c) {
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
        if (pruning == null || c.prune_until() == null || c.prune_until().isBlank()) {
            return;
        }
        java.time.Duration until;
        java.time.Duration every;
        try {
            until = io.stowage.oci.Durations.parse(c.prune_until().trim());
            every = io.stowage.oci.Durations.parse(c.prune_interval().trim());
        } catch (io.stowage.api.StowageException e) {
            core.log.error("prune.until or prune.interval in io.stowage.core: {}; no scheduled prune", e.getMessage());
            return;
        }
        long millis = Math.max(1000, every.toMillis());
        String text = c.prune_until().trim();
        core.log.info("images unused for longer than {} are pruned every {} s", text, millis / 1000);
        scheduled = pruning.scheduleWithFixedDelay(() -> {
            try {
                if (core.store != null) {
                    pruneUnused(until, text);
                }
            } catch (RuntimeException e) {
                core.log.warn("scheduled prune failed: {}", e.getMessage());
            }
        }, millis, millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Test seam: a service bound to one store and one {@code docker} transport. */
    ImageServiceImpl(CoreConfig config, BlobStore store, Transport transport) {
        this(config);
        core.store = store;
        core.transports.add(transport, Map.of(Transport.KIND, Transport.REGISTRY_KIND, Transport.SYNTAX, Transport.REFERENCES));
    }

    /** Test seam: where the trust policy is read ({@code <home>/etc/policy.json}), as {@code stowage.home} says in a framework. */
    void home(java.nio.file.Path home) {
        core.home = home.toString();
    }

    /** The scheduled prune's work: removes the images unused for longer than {@code until}; returns how many. */
    int pruneUnused(java.time.Duration until, String text) {
        return core.budget.pruneUnused(core.store(), until, text);
    }

    /** Pulls still running fail as cancelled. */
    @org.osgi.service.component.annotations.Deactivate
    void deactivate() {
        core.layers.shutdownNow();
        if (pruning != null) {
            pruning.shutdownNow();
        }
    }

    @Modified
    void modified(CoreConfig changed) {
        core.config = changed;
        log.info("configuration changed: store.target={}, concurrency={}, transport.wait={} s", changed.store_target(),
                changed.concurrency(), changed.transport_wait());
        describeBudget(changed);
        schedulePrune(changed);
    }

    /** The store the configuration's target selects; a better-ranked one replaces it while running. */
    @Reference(name = "store", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStore(BlobStore s, Map<String, Object> properties) {
        BlobStore before;
        synchronized (this) {
            before = core.store;
            core.store = s;
        }
        if (before != null) {
            log.info("image store swapped: {} replaces {}", s, before);
        } else {
            log.debug("image store bound: {}", s);
        }
    }

    void unbindStore(BlobStore s) {
        synchronized (this) {
            if (core.store != s) {
                return; // already replaced by the one bound before this unbind
            }
            core.store = null;
        }
        if (stopping()) {
            log.debug("image store unbound: {}", s);
        } else {
            log.warn("image store unbound: {}; image operations fail until another is bound", s);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTransport(Transport transport, Map<String, Object> properties) {
        core.transports.add(transport, properties);
        log.debug("transport bound: {}", kinds(properties));
    }

    void removeTransport(Transport transport, Map<String, Object> properties) {
        core.transports.remove(transport);
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

    /** The signature schemes the trust policy's sigstoreSigned requirements are checked with (the core's own two, and any a bundle adds). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addVerifier(io.stowage.api.trust.SignatureVerifier verifier) {
        core.verifiers.add(verifier);
    }

    void removeVerifier(io.stowage.api.trust.SignatureVerifier verifier) {
        core.verifiers.remove(verifier);
    }

    /** Test seam: image sets whose pins count, as the framework's are looked up. */
    void addImageSets(io.stowage.api.ImageSets sets) {
        core.sets.add(sets);
    }

    /** What else keeps bytes for the images (the snapshots): it counts toward the disk budget. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSpace(io.stowage.api.SpaceUsage space) {
        core.spaces.add(space);
    }

    void removeSpace(io.stowage.api.SpaceUsage space) {
        core.spaces.remove(space);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addUsage(ImageUsage usage) {
        core.usages.add(usage);
    }

    void removeUsage(ImageUsage usage) {
        core.usages.remove(usage);
    }

    // local images

    @Override
    public List<Image> list() {
        return local.list();
    }

    @Override
    public Image inspect(String nameOrId) {
        return local.inspect(nameOrId);
    }

    @Override
    public ImageReference tag(String source, String target) {
        return local.tag(source, target);
    }

    @Override
    public Removal remove(String nameOrId, boolean force) {
        return local.remove(nameOrId, force, true);
    }

    @Override
    public Removal remove(String nameOrId, boolean force, boolean prune) {
        return local.remove(nameOrId, force, prune);
    }

    @Override
    public PruneResult prune(boolean all, java.time.Duration until) {
        return local.prune(all, until);
    }

    @Override
    public List<Long> layerSizes(String nameOrId) {
        return local.layerSizes(nameOrId);
    }

    @Override
    public List<io.stowage.api.store.BlobInfo> partialDownloads() {
        return local.partialDownloads();
    }

    @Override
    public StoreReport verify(boolean repair) {
        return local.verify(repair);
    }

    // transfers

    @Override
    public PullResult pull(String reference, Platform platform, TransferListener listener) {
        return transfers.pull(reference, platform, listener);
    }

    @Override
    public List<PullResult> load(String file, TransferListener listener) {
        return transfers.load(file, listener);
    }

    @Override
    public void save(List<String> images, String file) {
        transfers.save(images, file);
    }

    @Override
    public PushResult push(String reference, TransferListener listener) {
        return transfers.push(reference, listener);
    }

    @Override
    public PushResult push(String image, String destination, TransferListener listener) {
        return transfers.push(image, destination, listener);
    }

    @Override
    public String sign(String reference, java.nio.file.Path keyFile, byte[] passphrase, Format format) {
        return transfers.sign(reference, keyFile, passphrase, format);
    }

    @Override
    public void checkKey(java.nio.file.Path keyFile, byte[] passphrase) {
        SigningKeys.read(keyFile, passphrase);
    }

    @Override
    public RemoteImage inspectRemote(String reference, Platform platform) {
        return transfers.inspectRemote(reference, platform);
    }

    @Override
    public List<String> tags(String repository) {
        return transfers.tags(repository, skipped -> { });
    }

    @Override
    public List<String> tags(String repository, java.util.function.Consumer<String> skipped) {
        return transfers.tags(repository, skipped);
    }

    @Override
    public List<io.stowage.api.Referrer> referrers(String reference, String artifactType) {
        return transfers.referrers(reference, artifactType);
    }

    @Override
    public Digest receive(String reference, String mediaType, byte[] manifest) {
        return transfers.receive(reference, mediaType, manifest);
    }

    @Override
    public io.stowage.api.store.LeaseManager.Lease lease() {
        return core.leasesOf(core.awaitStore()).lease();
    }

    // artifacts

    @Override
    public io.stowage.api.Artifact pull(String reference) {
        return transfers.pull(reference);
    }

    @Override
    public List<io.stowage.api.Artifact> artifacts() {
        return transfers.artifacts();
    }

    @Override
    public List<Digest> remove(String reference) {
        return transfers.remove(reference);
    }

    @Override
    public List<java.nio.file.Path> export(String reference, java.nio.file.Path directory) {
        return transfers.export(reference, directory);
    }
}
