package io.stowage.core.internal;

import io.stowage.api.Digest;
import io.stowage.api.ImageEvents;
import io.stowage.api.ImageReference;
import io.stowage.api.ImageUsage;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.Usage;
import io.stowage.api.store.BlobStore;
import io.stowage.api.store.LeaseManager;
import io.stowage.api.transport.Location;
import io.stowage.api.transport.Transport;
import io.stowage.oci.EventSink;
import io.stowage.oci.KeyedLocks;
import io.stowage.oci.Log;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What both halves of the image service share: the catalog, the leases, the layer executor, the
 * transports and usages bound, the store and configuration of the moment, the events, and the
 * one place that maps a failure to its message ({@link #within}).
 */
final class Core {
    private static final String DOCKER_PREFIX = "docker://";
    private static final java.util.concurrent.atomic.AtomicInteger THREADS = new java.util.concurrent.atomic.AtomicInteger();

    final ImageCatalog catalog = new ImageCatalog();
    final Transports transports = new Transports();
    final List<ImageUsage> usages = new CopyOnWriteArrayList<>();
    final List<io.stowage.api.trust.SignatureVerifier> verifiers = new CopyOnWriteArrayList<>();
    /** Image sets given directly (tests); in a framework they are looked up when needed ({@link #setsLookup}). */
    final List<io.stowage.api.ImageSets> sets = new CopyOnWriteArrayList<>();
    /**
     * The digests the framework's image sets pin, looked up when a budget or prune needs them: not a
     * DS reference, since the sets need the image service (a reference would wait on itself).
     */
    volatile java.util.function.Supplier<java.util.Set<Digest>> setsLookup = java.util.Set::of;
    /** What else keeps bytes for the images (the snapshots): counted toward the disk budget. */
    final List<io.stowage.api.SpaceUsage> spaces = new CopyOnWriteArrayList<>();
    final LastUse lastUse = new LastUse(this, java.time.Instant::now);
    /** Set by the image service once both halves exist. */
    Budget budget;
    final KeyedLocks<Digest> downloads = new KeyedLocks<>();
    /** The threads every pull fetches its layers on, each pull at most {@code concurrency} at once. */
    final java.util.concurrent.ExecutorService layers = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stowage-pull-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    final Log log = new Log(ImageServiceImpl.class);
    private final Leases leases = new Leases();
    private final java.util.function.Supplier<EventSink> events;
    private final java.util.function.Supplier<PullHealth> health;
    volatile CoreConfig config;
    volatile BlobStore store;

    Core(CoreConfig config, java.util.function.Supplier<EventSink> events, java.util.function.Supplier<PullHealth> health) {
        this.config = config;
        this.events = events;
        this.health = health;
    }

    CoreConfig config() {
        return config;
    }

    /** Where {@code policy.file} is read relative to, and the default's {@code etc/}: the framework property {@code stowage.home}. */
    volatile String home;
    private TrustPolicy policy;
    private java.nio.file.Path policyFile;

    /** The trust policy of the configured file (a changed {@code policy.file} takes effect at the next pull); null without a home (tests). */
    synchronized TrustPolicy policy() {
        if (home == null) {
            return null;
        }
        String configured = config.policy_file();
        java.nio.file.Path file = configured == null || configured.isBlank() ? java.nio.file.Paths.get(home, "etc", "policy.json")
                : java.nio.file.Paths.get(home).resolve(configured.trim());
        if (!file.equals(policyFile)) {
            policy = new TrustPolicy(file);
            policyFile = file;
        }
        return policy;
    }

    EventSink events() {
        return events.get();
    }

    PullHealth health() {
        return health.get();
    }

    BlobStore store() {
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
    BlobStore awaitStore() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(Math.max(0, config().transport_wait()));
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

    static ImageReference reference(String text) {
        return ImageReference.parse(text.startsWith(DOCKER_PREFIX) ? text.substring(DOCKER_PREFIX.length()) : text);
    }

    Transport transport(ImageReference ref) {
        return transport(Location.of(ref));
    }

    /**
     * The transport for {@code location}, waiting up to {@code transport.wait} seconds for one to
     * be bound (an appliance that pulls as it activates may come before it).
     */
    Transport transport(Location location) {
        String kind = location.kind();
        int wait = Math.max(0, config().transport_wait());
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

    /** What every usage (containers) holds now. */
    List<Usage> held() {
        List<Usage> held = new ArrayList<>();
        for (ImageUsage u : usages) {
            held.addAll(u.usages());
        }
        return held;
    }

    /** The digests the image sets pin; a set that fails to say pins nothing (logged). */
    java.util.Set<Digest> pinned() {
        java.util.Set<Digest> pinned = new java.util.HashSet<>();
        try {
            for (io.stowage.api.ImageSets s : sets) {
                pinned.addAll(s.pinned());
            }
            pinned.addAll(setsLookup.get());
        } catch (RuntimeException e) {
            log.warn("image sets: pinned digests unknown: {}", e.getMessage());
        }
        return pinned;
    }

    /** The store's own leases when it shares itself with other processes, else this service's. */
    LeaseManager leasesOf(BlobStore s) {
        LeaseManager own = s.leases();
        return own != null ? own : leases;
    }

    /** A name as Docker's lines print it ({@code app:1}, {@code app@sha256:…}), in the events' whole form. */
    static String normalised(String familiar) {
        try {
            return ImageReference.parse(familiar).toString();
        } catch (StowageException notAReference) {
            return familiar;
        }
    }

    void post(String topic, String reference, Digest digest, Digest imageId) {
        post(topic, reference, digest, imageId, null);
    }

    /** Posts an event when Event Admin is there; properties that are null are left out. */
    void post(String topic, String reference, Digest digest, Digest imageId, String file) {
        EventSink sink = events();
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

    interface Operation<T> {
        T run();
    }

    /** Runs an operation; every failure comes out as one StowageException prefixed by {@code context}. */
    static <T> T within(String context, Operation<T> op) {
        try {
            return op.run();
        } catch (StowageException e) {
            throw e.within(context);
        } catch (UncheckedIOException e) {
            throw ImagePuller.ioFailure(context, e);
        }
    }
}
