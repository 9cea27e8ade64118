package io.stowage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Digest;
import io.stowage.api.Image;
import io.stowage.api.ImageEvents;
import io.stowage.api.ImageSetEntry;
import io.stowage.api.ImageSets;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.Usage;
import io.stowage.api.store.BlobInfo;
import io.stowage.store.memory.internal.MemoryBlobStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The disk budget: a pull beyond it refused before a byte is fetched, with the numbers and
 * nothing removed; eviction of the least recently used image that no container holds and no set
 * pins; last use recorded at most once a minute; images unused too long pruned.
 */
class BudgetTest {
    private final TestImages images = new TestImages();
    /** A memory store whose file system has {@link #free} bytes free, and whose record of uses says {@link #lastUsed} of some images. */
    private long free = Long.MAX_VALUE;
    /** When set, the file system's size: what is free is it less what the store holds. */
    private long disk;
    private final Map<Digest, Instant> lastUsed = new java.util.HashMap<>();
    private final ForwardingStore store = new ForwardingStore(new MemoryBlobStore()) {
        @Override
        public OptionalLong usableSpace() {
            if (disk > 0) {
                return OptionalLong.of(disk - stored());
            }
            return free == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(free);
        }

        @Override
        public Map<Digest, Instant> lastUses() {
            Map<Digest, Instant> uses = new java.util.HashMap<>(super.lastUses());
            uses.putAll(lastUsed);
            return uses;
        }
    };
    private final List<String> events = new ArrayList<>();

    private ImageServiceImpl service(Map<String, String> settings) {
        ImageServiceImpl s = new ImageServiceImpl(TestImages.config(3, settings), store, images);
        s.events = (topic, properties) -> events.add(topic + " " + properties.get(ImageEvents.IMAGE_ID) + " "
                + properties.get(ImageEvents.MESSAGE));
        return s;
    }

    private long stored() {
        long[] total = new long[1];
        store.walk((BlobInfo b) -> total[0] += b.size());
        return total[0];
    }

    /** Three images of two 5 kB layers each, pulled in the order a, b, c; each one last used as {@code minutesAgo} say. */
    private List<Image> threeImages(ImageServiceImpl service, int... minutesAgo) {
        List<Image> pulled = new ArrayList<>();
        for (String tag : List.of("a", "b", "c")) {
            images.image(tag, List.of(random(5000, tag.charAt(0)), random(5000, tag.charAt(0) + 100)));
            pulled.add(service.pull("registry.test/app:" + tag, null, null).image());
        }
        for (int i = 0; i < 3; i++) {
            lastUsed.put(pulled.get(i).id(), Instant.now().minusSeconds(60L * minutesAgo[i]));
        }
        return pulled;
    }

    @Test
    void aPullBeyondTheStoreSizeIsRefusedBeforeAnyBlobIsFetchedWithTheNumbers() {
        ImageServiceImpl service = service(Map.of());
        threeImages(service, 3, 2, 1);
        long before = stored();
        List<io.stowage.api.store.BlobInfo> blobs = new ArrayList<>();
        store.walk(blobs::add);
        ImageServiceImpl budgeted = service(Map.of("budget.max.size", String.valueOf(before + 1000)));
        images.image("d", 2, 'd');
        images.fetches.clear();
        StowageException e = assertThrows(StowageException.class, () -> budgeted.pull("registry.test/app:d", null, null));
        assertEquals(Reason.NO_SPACE, e.reason());
        assertTrue(e.getMessage().matches("pull registry\\.test/app:d: not enough room: it needs [0-9.]+kB and the store holds"
                + " [0-9.]+kB of its [0-9.]+kB budget \\(budget\\.max\\.size\\)"), e.getMessage());
        assertEquals(List.of(), images.fetches, "no blob fetched");
        List<io.stowage.api.store.BlobInfo> after = new ArrayList<>();
        store.walk(after::add);
        assertEquals(new HashSet<>(blobs), new HashSet<>(after), "the store as it was");
        assertEquals(3, budgeted.list().size());
    }

    @Test
    void evictionRemovesTheLeastRecentlyUsedImageNoContainerHoldsAndNoSetPins() {
        ImageServiceImpl service = service(Map.of());
        List<Image> pulled = threeImages(service, 30, 20, 10); // a used longest ago, then b, then c
        long before = stored();
        ImageServiceImpl budgeted = service(Map.of("budget.max.size", String.valueOf(before + 1000), "evict", "lru"));
        budgeted.addUsage(() -> List.of(new Usage(pulled.get(0).id(), "container web")));
        budgeted.addImageSets(pinning(pulled.get(1).manifest()));
        images.image("d", List.of(random(3000, 'd')));
        assertTrue(budgeted.pull("registry.test/app:d", null, null).downloaded());
        List<String> tags = budgeted.list().stream().flatMap(i -> i.repoTags().stream()).map(Object::toString).sorted().toList();
        assertEquals(List.of("registry.test/app:a", "registry.test/app:b", "registry.test/app:d"), tags,
                "c went: a, used longest ago, is held by a container, and b, used next, is pinned by a set");
        assertTrue(events.stream().anyMatch(e -> e.startsWith(ImageEvents.EVICTED + " " + pulled.get(2).id() + " evicted image "
                + pulled.get(2).id() + " (registry.test/app:c), last used ")), events.toString());
        assertTrue(stored() <= before + 1000, stored() + " within " + (before + 1000));
    }

    @Test
    void whenEvictingEverythingEvictableWouldNotSufficeNothingIsRemoved() {
        ImageServiceImpl service = service(Map.of());
        List<Image> pulled = threeImages(service, 3, 2, 1);
        long before = stored();
        ImageServiceImpl budgeted = service(Map.of("budget.max.size", String.valueOf(before), "evict", "lru"));
        budgeted.addUsage(() -> List.of(new Usage(pulled.get(0).id(), "container web"), new Usage(pulled.get(1).id(), "container db")));
        images.image("big", List.of(random(40_000, 1), random(60_000, 2)));
        StowageException e = assertThrows(StowageException.class, () -> budgeted.pull("registry.test/app:big", null, null));
        assertEquals(Reason.NO_SPACE, e.reason());
        assertTrue(e.getMessage().contains("; removing the 1 image(s) that no container holds and no image set pins would free only "),
                e.getMessage());
        assertEquals(3, budgeted.list().size(), "nothing evicted");
        assertEquals(before, stored());
        assertEquals(List.of(), events.stream().filter(ev -> ev.startsWith(ImageEvents.EVICTED)).toList());
    }

    @Test
    void minimumFreeSpaceIsCheckedToo() {
        ImageServiceImpl service = service(Map.of("budget.min.free", "1MB"));
        free = 1_000_000 + 500;
        images.image("a", 2, 'a');
        StowageException e = assertThrows(StowageException.class, () -> service.pull("registry.test/app:a", null, null));
        assertTrue(e.getMessage().matches("pull registry\\.test/app:a: not enough room: it needs [0-9.]+kB and its file system has"
                + " 1MB free, of which 1MB must stay free \\(budget\\.min\\.free\\)"), e.getMessage());
        free = 2_000_000;
        assertTrue(service.pull("registry.test/app:a", null, null).downloaded());
    }

    @Test
    void anEvictionForFreeSpaceNamesThatLimitThoughTheStoreHasASizeBudgetToo() {
        ImageServiceImpl service = service(Map.of());
        List<Image> pulled = threeImages(service, 30, 20, 10);
        disk = stored() + 1_000_000 + 1000; // 1 MB and 1 kB free
        ImageServiceImpl budgeted = service(Map.of("budget.max.size", "1GB", "budget.min.free", "1MB", "evict", "lru"));
        images.image("d", List.of(random(3000, 'd')));
        assertTrue(budgeted.pull("registry.test/app:d", null, null).downloaded());
        assertTrue(events.stream().anyMatch(e -> e.startsWith(ImageEvents.EVICTED + " " + pulled.get(0).id())
                && e.contains("to make room for registry.test/app:d (budget.min.free)")), events.toString());
    }

    @Test
    void aBudgetThatIsNoSizeFailsNamingTheSetting() {
        ImageServiceImpl service = service(Map.of("budget.max.size", "lots"));
        images.image("a", 1, 'a');
        StowageException e = assertThrows(StowageException.class, () -> service.pull("registry.test/app:a", null, null));
        assertEquals("pull registry.test/app:a: budget.max.size in io.stowage.core: \"lots\" is not a size (write it as 500MB, 2GB,"
                + " 1GiB or a number of bytes)", e.getMessage());
        ImageServiceImpl other = service(Map.of("evict", "oldest"));
        assertEquals("pull registry.test/app:a: evict in io.stowage.core: \"oldest\" is neither lru nor none",
                assertThrows(StowageException.class, () -> other.pull("registry.test/app:a", null, null)).getMessage());
    }

    @Test
    void lastUseIsRecordedAtMostOnceAMinutePerImage() {
        ImageServiceImpl service = service(Map.of());
        images.image("a", 1, 'a');
        Digest id = service.pull("registry.test/app:a", null, null).image().id();
        int[] writes = new int[1];
        ForwardingStore counting = new ForwardingStore(new MemoryBlobStore()) {
            @Override
            public void recordUses(Map<Digest, Instant> uses, Set<Digest> live) {
                writes[0]++;
                super.recordUses(uses, live);
            }
        };
        store.refs().forEach(e -> counting.updateRefs(refs -> {
            List<io.stowage.api.Descriptor> next = new ArrayList<>(refs);
            next.add(e);
            return next;
        }));
        Instant[] now = {Instant.parse("2026-12-01T10:00:00Z")};
        Core core = new Core(TestImages.config(3), () -> null, () -> null);
        LastUse uses = new LastUse(core, () -> now[0]);
        uses.used(counting, id);
        uses.used(counting, id);
        now[0] = now[0].plusSeconds(59);
        uses.used(counting, id);
        assertEquals(1, writes[0], "once within the minute");
        assertEquals(Instant.parse("2026-12-01T10:00:00Z"), counting.lastUses().get(id));
        now[0] = now[0].plusSeconds(2);
        uses.used(counting, id);
        assertEquals(2, writes[0]);
        // another process's record within the minute spares this one's write
        LastUse other = new LastUse(core, () -> now[0]);
        other.used(counting, id);
        assertEquals(2, writes[0]);
        // an image no longer stored is forgotten at the next write
        counting.recordUses(Map.of(), Set.of());
        assertEquals(Map.of(), counting.lastUses());
    }

    @Test
    void pruneRemovesImagesUnusedForLongerThanPruneUntilButNeverPinnedOnes() {
        ImageServiceImpl service = service(Map.of());
        List<Image> pulled = threeImages(service, 300, 200, 1);
        service.addImageSets(pinning(pulled.get(0).manifest()));
        assertEquals(1, service.pruneUnused(java.time.Duration.ofHours(2), "2h"));
        List<String> tags = service.list().stream().flatMap(i -> i.repoTags().stream()).map(Object::toString).sorted().toList();
        assertEquals(List.of("registry.test/app:a", "registry.test/app:c"), tags);
        assertTrue(events.stream().anyMatch(e -> e.startsWith(ImageEvents.EVICTED + " " + pulled.get(1).id())
                && e.contains("unused for longer than prune.until (2h)")), events.toString());
        // image:prune -a leaves a pinned image alone too
        service.prune(true, null);
        assertEquals(List.of("registry.test/app:a"), service.list().stream().flatMap(i -> i.repoTags().stream()).map(Object::toString)
                .toList());
    }

    private static ImageSets pinning(Digest digest) {
        return new ImageSets() {
            @Override
            public List<ImageSetEntry> entries() {
                return List.of();
            }

            @Override
            public Set<Digest> pinned() {
                return Set.of(digest);
            }
        };
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }
}
