package io.stowage.core.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.Image;
import io.stowage.api.ImageEvents;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.store.BlobStore;
import io.stowage.oci.Sizes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The disk budget of {@code io.stowage.core}: the most the store may hold ({@code budget.max.size}:
 * its blobs, partial downloads and the snapshots of unpacked layers) and the space that must stay
 * free on its file system ({@code budget.min.free}). A pull or load reserves what its manifest says
 * it will write before it fetches a byte; beyond the budget it is refused with the numbers, or, with
 * {@code evict=lru}, the least recently used images that no container holds and no image set pins
 * are removed first — only when removing them frees enough, so a refusal removes nothing. Images
 * unused for longer than {@code prune.until} are removed by {@link #pruneUnused}.
 */
final class Budget {
    private final Core core;
    private final LocalImages local;
    /** The bytes pulls under way have reserved and not yet released. */
    private final Map<Object, Long> reserved = new HashMap<>();

    Budget(Core core, LocalImages local) {
        this.core = core;
        this.local = local;
    }

    /** The configured limits; a value that is no size fails the operation naming the setting. */
    record Limits(long maxSize, long minFree, boolean evict) {
        static final long NONE = -1;

        boolean none() {
            return maxSize == NONE && minFree == NONE;
        }

        static Limits of(CoreConfig c) {
            String evict = c.evict() == null ? "none" : c.evict().trim();
            if (!evict.equals("lru") && !evict.equals("none")) {
                throw new StowageException(Reason.INVALID, "evict in io.stowage.core: \"" + io.stowage.api.TerminalText.escape(evict)
                        + "\" is neither lru nor none");
            }
            return new Limits(size(c.budget_max_size(), "budget.max.size in io.stowage.core"),
                    size(c.budget_min_free(), "budget.min.free in io.stowage.core"), evict.equals("lru"));
        }

        /** As the log says it: {@code store at most 25MB, at least 45MB free, eviction lru}. */
        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            if (maxSize != NONE) {
                parts.add("store at most " + Sizes.format(maxSize));
            }
            if (minFree != NONE) {
                parts.add("at least " + Sizes.format(minFree) + " free");
            }
            parts.add("eviction " + (evict ? "lru" : "none"));
            return String.join(", ", parts);
        }

        private static long size(String text, String what) {
            return text == null || text.isBlank() ? NONE : Sizes.parse(text, what);
        }
    }

    /** What a pull holds of the budget until it ends. */
    interface Reservation extends AutoCloseable {
        Reservation NONE = () -> { };

        @Override
        void close();
    }

    /**
     * Reserves {@code needed} bytes for the pull or load of {@code what}, evicting when configured
     * and needed; {@code uses} are the blobs it will need (leased by it already: no eviction takes them).
     *
     * @throws StowageException NO_SPACE with the numbers when it does not fit, nothing removed
     */
    Reservation reserve(BlobStore s, String what, long needed, Set<Digest> uses) {
        Limits limits = Limits.of(core.config());
        if (limits.none()) {
            return Reservation.NONE;
        }
        synchronized (this) {
            long shortBy = shortBy(s, limits, needed);
            if (shortBy > 0) {
                if (!limits.evict()) {
                    throw refusal(s, limits, needed, "");
                }
                List<Candidate> plan = plan(s, shortBy, uses);
                long freed = plan.stream().mapToLong(Candidate::frees).sum();
                if (freed < shortBy) {
                    throw refusal(s, limits, needed, "; removing the " + plan.size() + " image(s) that no container holds and no"
                            + " image set pins would free only " + Sizes.format(freed));
                }
                String limit = sizeShort(limits, used(s), needed) ? "budget.max.size" : "budget.min.free";
                for (Candidate c : plan) {
                    evict(s, c, "to make room for " + what + " (" + limit + ")", what);
                }
                if (shortBy(s, limits, needed) > 0) {
                    throw refusal(s, limits, needed, "; evicted " + plan.size() + " image(s), still short");
                }
            }
            Object key = new Object();
            reserved.put(key, needed);
            return () -> {
                synchronized (Budget.this) {
                    reserved.remove(key);
                }
            };
        }
    }

    /** How many bytes the store lacks for {@code needed} more; 0 or less when they fit. */
    private long shortBy(BlobStore s, Limits limits, long needed) {
        long pending = pending();
        long shortBy = 0;
        if (limits.maxSize() != Limits.NONE) {
            shortBy = Math.max(shortBy, used(s) + pending + needed - limits.maxSize());
        }
        OptionalLong free = s.usableSpace();
        if (limits.minFree() != Limits.NONE && free.isPresent()) {
            shortBy = Math.max(shortBy, limits.minFree() - (free.getAsLong() - pending - needed));
        }
        return shortBy;
    }

    private long pending() {
        return reserved.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether, with the store at {@code used}, it is its size ({@code budget.max.size}) that {@code needed} more would pass; else it is the free space. */
    private boolean sizeShort(Limits limits, long used, long needed) {
        return limits.maxSize() != Limits.NONE && used + pending() + needed > limits.maxSize();
    }

    /** One line with the numbers of the limit that does not hold. */
    private StowageException refusal(BlobStore s, Limits limits, long needed, String more) {
        long pending = pending();
        String of = pending > 0 ? " (" + Sizes.format(pending) + " of it reserved by pulls under way)" : "";
        String line;
        long used = used(s);
        if (sizeShort(limits, used, needed)) {
            line = "not enough room: it needs " + Sizes.format(needed) + " and the store holds " + Sizes.format(used + pending) + of
                    + " of its " + Sizes.format(limits.maxSize()) + " budget (budget.max.size)";
        } else {
            long free = s.usableSpace().orElse(0);
            line = "not enough room: it needs " + Sizes.format(needed) + " and its file system has " + Sizes.format(free) + " free"
                    + of + ", of which " + Sizes.format(limits.minFree()) + " must stay free (budget.min.free)";
        }
        return new StowageException(Reason.NO_SPACE, line + more);
    }

    /** The bytes the budget counts: the store's blobs and partial downloads, and the snapshots. */
    long used(BlobStore s) {
        long[] total = {ImageRemover.used(s)};
        for (io.stowage.api.SpaceUsage space : core.spaces) {
            try {
                total[0] += space.bytes();
            } catch (RuntimeException e) {
                core.log.warn("disk budget: the size of {} is unknown: {}", space, e.getMessage());
            }
        }
        return total[0];
    }

    /** An image eviction may remove: the last time it was used, its names, and what removing it frees by the plan. */
    record Candidate(Digest id, Instant lastUse, List<String> names, long frees) {
    }

    /**
     * The least recently used images that no container holds and no set pins, oldest first, as
     * many as free {@code shortBy} bytes (all of them when they cannot), each with what its
     * removal frees after those before it: the blobs no remaining entry needs and no pull uses.
     */
    List<Candidate> plan(BlobStore s, long shortBy, Set<Digest> uses) {
        List<Candidate> order = candidates(s, null);
        List<Descriptor> refs = s.refs();
        Set<Digest> removed = new HashSet<>();
        Set<Digest> counted = new HashSet<>();
        List<Candidate> plan = new ArrayList<>();
        long freed = 0;
        for (Candidate c : order) {
            if (freed >= shortBy) {
                break;
            }
            removed.add(c.id());
            List<Descriptor> remaining = refs.stream().filter(e -> Annotations.isArtifact(e) || !removed.contains(core.catalog.imageId(s, e)))
                    .toList();
            Set<Digest> needed = core.catalog.blobsOf(s, remaining);
            long frees = 0;
            for (Descriptor e : refs) {
                if (Annotations.isArtifact(e) || !c.id().equals(core.catalog.imageId(s, e))) {
                    continue;
                }
                for (Digest d : core.catalog.parts(s, e).digests()) {
                    if (!needed.contains(d) && !uses.contains(d) && counted.add(d)) {
                        frees += s.info(d).map(io.stowage.api.store.BlobInfo::size).orElse(0L);
                    }
                }
            }
            freed += frees;
            plan.add(new Candidate(c.id(), c.lastUse(), c.names(), frees));
        }
        return plan;
    }

    /**
     * The images no container holds and no image set pins, least recently used first (last use
     * recorded, else the last time a name was set: a store from before the record, or a read-only
     * one), only those unused since {@code before} when given.
     */
    List<Candidate> candidates(BlobStore s, Instant before) {
        Set<Digest> held = new HashSet<>();
        core.held().forEach(u -> held.add(u.image()));
        held.addAll(pinnedImages(s));
        Map<Digest, Instant> uses = s.lastUses();
        List<Candidate> all = new ArrayList<>();
        for (Image i : core.catalog.list(s)) {
            if (held.contains(i.id())) {
                continue;
            }
            Instant recorded = uses.get(i.id());
            Instant last = recorded != null ? recorded : i.lastTagTime(); // every pull and tag records a use: the record is the later
            if (last == null) {
                last = Instant.EPOCH;
            }
            if (before == null || last.isBefore(before)) {
                List<String> names = new ArrayList<>();
                i.repoTags().forEach(t -> names.add(t.familiar()));
                all.add(new Candidate(i.id(), last, names, 0));
            }
        }
        all.sort(Comparator.comparing(Candidate::lastUse).thenComparing(c -> c.id().toString()));
        return all;
    }

    /** The images whose entries answer to a digest an image set holds on to. */
    Set<Digest> pinnedImages(BlobStore s) {
        Set<Digest> pinned = core.pinned();
        Set<Digest> ids = new HashSet<>();
        if (pinned.isEmpty()) {
            return ids;
        }
        Set<String> digests = new HashSet<>();
        pinned.forEach(d -> digests.add(d.toString()));
        for (Descriptor e : ImageCatalog.images(s)) {
            if (Signatures.answersTo(e).stream().anyMatch(digests::contains)) {
                ids.add(core.catalog.imageId(s, e));
            }
        }
        return ids;
    }

    /**
     * Removes the images unused for longer than {@code until} that no container holds and no
     * set pins; returns how many went. The running instance calls it every {@code prune.interval}.
     */
    int pruneUnused(BlobStore s, Duration until, String untilText) {
        int removed = 0;
        synchronized (this) {
            for (Candidate c : candidates(s, Instant.now().minus(until))) {
                if (evict(s, c, "unused for longer than prune.until (" + untilText + ")", null)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    /** Removes one image by ID, its every name, logged and posted as {@link ImageEvents#EVICTED}; a failure is logged and skipped. */
    private boolean evict(BlobStore s, Candidate c, String why, String forWhat) {
        long before = used(s);
        try {
            local.remove(c.id().toString(), true, true);
        } catch (StowageException e) {
            core.log.warn("evicting image {} failed: {}", c.id(), e.getMessage());
            return false;
        }
        long freed = Math.max(0, before - used(s));
        String names = c.names().isEmpty() ? "" : " (" + String.join(", ", c.names()) + ")";
        String message = "evicted image " + c.id() + names + ", last used " + c.lastUse() + ", " + why + ": " + Sizes.format(freed)
                + " freed";
        core.log.info("{}", message);
        io.stowage.oci.EventSink sink = core.events();
        if (sink != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put(ImageEvents.IMAGE_ID, c.id().toString());
            p.put(ImageEvents.DIGEST, c.id().toString());
            p.put(ImageEvents.MESSAGE, io.stowage.api.TerminalText.escape(message));
            p.put(ImageEvents.SIZE, freed);
            if (forWhat != null) {
                p.put(ImageEvents.REFERENCE, forWhat);
            }
            sink.post(ImageEvents.EVICTED, p);
        }
        return true;
    }
}
