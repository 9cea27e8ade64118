package io.stowage.imagesets.internal;

import io.stowage.api.Digest;
import io.stowage.api.Image;
import io.stowage.api.ImageService;
import io.stowage.api.ImageSetEntry;
import io.stowage.api.ImageSetEntry.State;
import io.stowage.api.ImageSetEvents;
import io.stowage.api.Platform;
import io.stowage.api.PullResult;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.TerminalText;
import io.stowage.api.TransferListener;
import io.stowage.oci.EventSink;
import io.stowage.oci.Log;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One image set (a factory configuration of {@value #PID}), kept present on a thread of its own:
 * each image looked at when due, pulled when missing or when its tag may have moved (a re-pull
 * of an unchanged tag is a {@code HEAD}), a pinned one found in the store without the network;
 * a failure tried again after a backoff (2 s doubling, up to the interval, with jitter), every
 * transition logged and posted. A one-shot {@code bin/stowage} command never reconciles: the
 * running instance does; such a command only reports what the store holds.
 */
@Component(service = ImageSet.class, configurationPid = ImageSet.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = ImageSetConfig.class, factory = true)
public final class ImageSet {
    static final String PID = "io.stowage.imageset";
    static final long RETRY_BASE_MILLIS = 2000;

    private final Log log = new Log(ImageSet.class);
    private final ImageService images;
    private final String name;
    private final Platform platform;
    private final long intervalMillis;
    private final List<Slot> slots = new ArrayList<>();
    private final boolean reconciles;
    private ScheduledExecutorService thread;
    private volatile EventSink events;

    @Activate
    public ImageSet(BundleContext context, @Reference ImageService images, ImageSetConfig config, Map<String, Object> properties) {
        this(images, name(config, properties), config, !"command".equals(context.getProperty("stowage.mode")));
        if (reconciles) {
            start();
        }
    }

    ImageSet(ImageService images, String name, ImageSetConfig config, boolean reconciles) {
        this.images = images;
        this.name = name;
        this.intervalMillis = Math.max(1, config.interval()) * 1000;
        this.reconciles = reconciles;
        Platform p = null;
        if (!config.platform().isBlank()) {
            try {
                p = Platform.parse(config.platform().trim());
            } catch (StowageException e) {
                log.error("image set {}: platform {} in {}: {}; the host's is pulled", name, config.platform(), PID, e.getMessage());
            }
        }
        this.platform = p;
        java.util.Set<String> listed = new java.util.HashSet<>();
        for (String text : config.images().split(",")) {
            if (!text.isBlank()) {
                Slot s = new Slot(text.trim());
                if (!listed.add(s.reference == null ? s.text : s.reference.toString())) {
                    continue; // listed twice: one image
                }
                slots.add(s);
                if (s.invalid != null) {
                    log.error("image set {}: {} is left out: {}", name, s.text, s.invalid);
                }
            }
        }
    }

    /** Begins to keep the images present, on the set's own thread. */
    private void start() {
        log.info("image set {}: {} images, looked at every {} s", name, slots.size(), intervalMillis / 1000);
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stowage-imageset-" + TerminalText.escape(name));
            t.setDaemon(true);
            return t;
        });
        thread.execute(this::reconcile);
    }

    /** The images, in the set's order (tests drive {@link #look} with them). */
    List<Slot> slots() {
        return slots;
    }

    /** The set's name: its {@code name}, else the {@code <name>} of its file or of its factory configuration's PID. */
    static String name(ImageSetConfig config, Map<String, Object> properties) {
        if (!config.name().isBlank()) {
            return config.name().trim();
        }
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String f = file.toString();
            String base = f.substring(f.lastIndexOf('/') + 1).replaceFirst("\\.cfg$|\\.config$", "");
            if (base.startsWith(PID + "-")) {
                return base.substring(PID.length() + 1);
            }
        }
        String pid = String.valueOf(properties.get("service.pid"));
        int tilde = pid.indexOf('~');
        return tilde >= 0 ? pid.substring(tilde + 1) : pid;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setEvents(EventSink sink) {
        this.events = sink;
    }

    void unsetEvents(EventSink sink) {
        if (this.events == sink) {
            this.events = null;
        }
    }

    /** DS's deactivation reasons (ComponentConstants): the set's file removed, or its configuration changed. */
    private static final int CONFIGURATION_MODIFIED = 3;
    private static final int CONFIGURATION_DELETED = 4;

    @Deactivate
    void deactivate(int reason) {
        if (thread != null) {
            thread.shutdownNow(); // a pull under way is cancelled as Ctrl-C cancels one
            if (reason == CONFIGURATION_DELETED) {
                log.info("image set {} removed: its images stay until pruned or evicted", name);
            } else if (reason == CONFIGURATION_MODIFIED) {
                log.info("image set {} changed: it starts again", name);
            } else {
                log.debug("image set {} stopped", name); // the framework or the bundle stops: the set comes back with it
            }
        }
    }

    String name() {
        return name;
    }

    /** Each image and where it stands; in a one-shot command, what the store holds of it. */
    List<ImageSetEntry> entries() {
        List<ImageSetEntry> all = new ArrayList<>();
        for (Slot s : slots) {
            if (!reconciles && s.invalid == null) {
                Digest present = presentDigest(s);
                all.add(new ImageSetEntry(name, s.reference.toString(), present != null ? State.PRESENT : State.WAITING, present,
                        present != null ? "" : "kept present by the running instance", null));
            } else {
                all.add(s.entry(name));
            }
        }
        return all;
    }

    /**
     * The digests the set holds on to: those present and those pinned. For an image not looked at
     * yet (a one-shot command never looks; a running instance just started), what the store holds
     * of it, so a prune or an eviction then leaves the set's images alone too.
     */
    List<Digest> pinned() {
        List<Digest> digests = new ArrayList<>();
        for (Slot s : slots) {
            Digest present = s.digest != null || s.invalid != null ? s.digest : presentDigest(s);
            if (present != null) {
                digests.add(present);
            }
            if (s.pinned() != null) {
                digests.add(s.pinned());
            }
        }
        return digests;
    }

    /** Looks at each image that is due, then sleeps until the next one is. */
    private void reconcile() {
        long now = System.currentTimeMillis();
        for (Slot s : slots) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            if (s.due <= now) {
                look(s);
            }
        }
        long next = slots.stream().mapToLong(s -> s.due).min().orElse(Long.MAX_VALUE);
        if (next != Long.MAX_VALUE) {
            try {
                thread.schedule(this::reconcile, Math.max(0, next - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException removed) {
                // the set was removed meanwhile
            }
        }
    }

    /** One look at one image: found pinned, or pulled; the outcome recorded, logged and posted when it changed. */
    void look(Slot s) {
        if (s.invalid != null) {
            return; // no image to look at: said once, at the start
        }
        State before = s.state;
        Digest was = s.digest;
        Digest pinned = s.pinned();
        if (pinned != null && presentDigest(s) != null) { // offline: a pinned image in the store needs no registry
            settle(s, before, was, pinned);
            return;
        }
        s.state = State.PULLING;
        s.detail = "";
        if (before != State.PRESENT) { // a look at a present image's tag is no transition unless the tag moved
            post(ImageSetEvents.PULLING, s, null);
        }
        Map<Digest, Long> received = new java.util.concurrent.ConcurrentHashMap<>();
        try {
            PullResult r = images.pull(s.reference.toString(), platform, new TransferListener() {
                @Override
                public void progress(io.stowage.api.Descriptor layer, long bytes) {
                    received.put(layer.digest(), bytes); // each layer's bytes so far
                    s.detail = io.stowage.oci.Sizes.format(received.values().stream().mapToLong(Long::longValue).sum()) + " received";
                }
            });
            settle(s, before, was, r.digest());
        } catch (StowageException e) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            fail(s, before, e);
        } catch (RuntimeException e) { // an image service that broke: the set goes on, and says so
            fail(s, before, new StowageException(Reason.IO, String.valueOf(e.getMessage())));
        }
    }

    private void settle(Slot s, State before, Digest was, Digest now) {
        s.state = State.PRESENT;
        s.digest = now;
        s.detail = "";
        s.failures = 0;
        s.due = System.currentTimeMillis() + jittered(intervalMillis);
        if (was != null && !was.equals(now)) {
            log.info("image set {}: {} moved from {} to {}", name, s.reference, was, now);
            post(ImageSetEvents.UPDATED, s, Map.of(ImageSetEvents.PREVIOUS, was.toString()));
        } else if (before != State.PRESENT) {
            log.info("image set {}: {} present at {}", name, s.reference, now);
            post(ImageSetEvents.PRESENT, s, null);
        }
    }

    private void fail(Slot s, State before, StowageException e) {
        s.failures++;
        long wait = Math.min(intervalMillis, RETRY_BASE_MILLIS << Math.min(s.failures - 1, 20));
        wait = wait / 2 + ThreadLocalRandom.current().nextLong(wait / 2 + 1);
        s.due = System.currentTimeMillis() + wait;
        s.state = State.FAILED;
        String why = String.valueOf(e.getMessage());
        String subject = "pull " + s.reference + ": "; // the image's row names it already
        s.detail = TerminalText.escape(why.startsWith(subject) ? why.substring(subject.length()) : why);
        log.warn("image set {}: {} failed (try {}): {}; next try in {} s", name, s.reference, s.failures, s.detail,
                Math.max(1, wait / 1000));
        post(ImageSetEvents.FAILED, s, Map.of(ImageSetEvents.MESSAGE, s.detail, ImageSetEvents.NEXT_TRY,
                Instant.ofEpochMilli(s.due).toString()));
    }

    /** The root digest the store holds for a pinned image, or the image its name names; null when none. */
    private Digest presentDigest(Slot s) {
        try {
            Image i = images.inspect(s.reference.toString());
            if (s.pinned() != null) {
                return s.pinned();
            }
            for (io.stowage.api.ImageReference repoDigest : i.repoDigests()) { // the root digest the registry named
                if (repoDigest.registry().equals(s.reference.registry()) && repoDigest.repository().equals(s.reference.repository())) {
                    return repoDigest.digest();
                }
            }
            return i.manifest();
        } catch (StowageException absent) {
            return null;
        }
    }

    private void post(String topic, Slot s, Map<String, String> more) {
        EventSink sink = events;
        if (sink == null) {
            return;
        }
        Map<String, Object> p = new HashMap<>();
        p.put(ImageSetEvents.SET, name);
        p.put(ImageSetEvents.REFERENCE, s.reference.toString());
        if (s.digest != null) {
            p.put(ImageSetEvents.DIGEST, s.digest.toString());
        }
        if (more != null) {
            p.putAll(more);
        }
        try {
            sink.post(topic, p);
        } catch (RuntimeException e) {
            log.warn("image set {}: event {} not posted: {}", name, topic, e.getMessage());
        }
    }

    private static long jittered(long millis) {
        long tenth = millis / 10;
        return millis - tenth + ThreadLocalRandom.current().nextLong(2 * tenth + 1);
    }

}
