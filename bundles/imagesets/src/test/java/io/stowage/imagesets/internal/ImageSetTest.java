package io.stowage.imagesets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Digest;
import io.stowage.api.Image;
import io.stowage.api.ImageReference;
import io.stowage.api.ImageService;
import io.stowage.api.ImageSetEntry;
import io.stowage.api.ImageSetEntry.State;
import io.stowage.api.ImageSetEvents;
import io.stowage.api.PullResult;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An image set against an image service that answers as told: missing images pulled, a moved
 * tag followed (UPDATED), a failure tried again after the backoff, a pinned image in the store
 * found without a pull, a reference that is none left out, and a one-shot command that only
 * reports what the store holds. Every transition posted once.
 */
class ImageSetTest {
    /** What the registry's tags name now; a tag mapped to null fails as an unreachable registry does. */
    private final Map<String, Digest> registry = new HashMap<>();
    /** What the store holds, by name or digest reference. */
    private final Map<String, Digest> store = new HashMap<>();
    private final List<String> pulls = new ArrayList<>();
    private final List<String> events = new ArrayList<>();

    private final ImageService images = (ImageService) java.lang.reflect.Proxy.newProxyInstance(ImageService.class.getClassLoader(),
            new Class<?>[] {ImageService.class}, (proxy, method, args) -> switch (method.getName()) {
                case "pull" -> pull((String) args[0]);
                case "inspect" -> inspect((String) args[0]);
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private PullResult pull(String reference) {
        pulls.add(reference);
        ImageReference ref = ImageReference.parse(reference);
        Digest d = ref.digest() != null ? ref.digest() : registry.get(reference);
        if (d == null) {
            throw new StowageException(Reason.UNAVAILABLE, "registry " + ref.registry() + " unavailable: Connection refused");
        }
        store.put(reference, d);
        return new PullResult(ref, d, true, null);
    }

    private Image inspect(String reference) {
        Digest d = store.get(reference);
        if (d == null) {
            throw new StowageException(Reason.NOT_FOUND, "No such image: " + reference);
        }
        ImageReference ref = ImageReference.parse(reference);
        return new Image(digest("id"), d, List.of(), List.of(ref.withDigest(d)), 1, null, null, null);
    }

    private static Digest digest(String text) {
        return Digest.of(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ImageSetConfig config(String images) {
        return new ImageSetConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ImageSetConfig.class;
            }

            @Override
            public String images() {
                return images;
            }

            @Override
            public String platform() {
                return "";
            }

            @Override
            public long interval() {
                return 60;
            }

            @Override
            public String name() {
                return "";
            }
        };
    }

    private ImageSet set(String images, boolean reconciles) {
        ImageSet set = new ImageSet(this.images, "edge", config(images), reconciles);
        set.setEvents((topic, p) -> events.add(topic.substring(topic.lastIndexOf('/') + 1) + " " + p.get(ImageSetEvents.REFERENCE)
                + (p.containsKey(ImageSetEvents.PREVIOUS) ? " from " + p.get(ImageSetEvents.PREVIOUS) : "")));
        return set;
    }

    @Test
    void aMissingImageIsPulledAndAMovedTagFollowed() {
        registry.put("host.test/app:1", digest("one"));
        ImageSet set = set("host.test/app:1", true);
        Slot app = set.slots().get(0);
        assertEquals(State.WAITING, set.entries().get(0).state());

        set.look(app);
        ImageSetEntry present = set.entries().get(0);
        assertEquals(State.PRESENT, present.state());
        assertEquals(digest("one"), present.digest());
        assertTrue(Duration.between(Instant.now(), present.nextTry()).toSeconds() >= 50, "the next look within the interval, jittered");

        set.look(app); // unchanged: no event
        registry.put("host.test/app:1", digest("two"));
        set.look(app);
        assertEquals(digest("two"), set.entries().get(0).digest());
        assertEquals(List.of("PULLING host.test/app:1", "PRESENT host.test/app:1", "UPDATED host.test/app:1 from " + digest("one")), events);
        assertEquals(List.of(digest("two")), List.copyOf(set.pinned()));
    }

    @Test
    void aFailureIsTriedAgainAfterTheBackoffAndSaysWhy() {
        ImageSet set = set("host.test/app:1", true);
        Slot app = set.slots().get(0);
        set.look(app);
        ImageSetEntry failed = set.entries().get(0);
        assertEquals(State.FAILED, failed.state());
        assertEquals("registry host.test unavailable: Connection refused", failed.detail());
        long wait = Duration.between(Instant.now(), failed.nextTry()).toMillis();
        assertTrue(wait > 500 && wait <= ImageSet.RETRY_BASE_MILLIS, "first retry within 2 s: " + wait);
        set.look(app);
        long second = Duration.between(Instant.now(), set.entries().get(0).nextTry()).toMillis();
        assertTrue(second > 1500 && second <= 2 * ImageSet.RETRY_BASE_MILLIS, "then within 4 s: " + second);

        registry.put("host.test/app:1", digest("one"));
        set.look(app);
        assertEquals(State.PRESENT, set.entries().get(0).state());
        assertEquals(0, app.failures);
        assertEquals(List.of("PULLING host.test/app:1", "FAILED host.test/app:1", "PULLING host.test/app:1", "FAILED host.test/app:1",
                "PULLING host.test/app:1", "PRESENT host.test/app:1"), events);
    }

    @Test
    void aPinnedImageInTheStoreNeedsNoPullAndANonReferenceIsLeftOut() {
        Digest pinned = digest("pinned");
        String ref = "host.test/app@" + pinned;
        store.put(ref, pinned);
        ImageSet set = set(ref + ", not a reference!, " + ref, true);
        assertEquals(2, set.slots().size(), "listed twice, kept once");
        set.slots().forEach(set::look);
        assertEquals(List.of(), pulls, "offline: the store has it");
        List<ImageSetEntry> entries = set.entries();
        assertEquals(State.PRESENT, entries.get(0).state());
        assertEquals(pinned, entries.get(0).digest());
        assertEquals(State.FAILED, entries.get(1).state());
        assertEquals("not a reference!", entries.get(1).reference());
        assertNull(entries.get(1).nextTry(), "never tried");
        assertTrue(set.pinned().contains(pinned));
    }

    @Test
    void aOneShotCommandReportsWhatTheStoreHoldsAndPullsNothing() {
        store.put("host.test/app:1", digest("one"));
        ImageSet set = set("host.test/app:1,host.test/other:2", false);
        List<ImageSetEntry> entries = set.entries();
        assertEquals(State.PRESENT, entries.get(0).state());
        assertEquals(digest("one"), entries.get(0).digest());
        assertEquals(State.WAITING, entries.get(1).state());
        assertNotNull(entries.get(1).detail());
        assertEquals(List.of(), pulls);
        // what it pins there: what the store holds of its images, so a one-shot eviction keeps them
        assertEquals(java.util.Set.of(digest("one")), java.util.Set.copyOf(set.pinned()));
    }

    @Test
    void aRunningSetPinsWhatTheStoreHoldsOfAnImageBeforeItsFirstLook() {
        store.put("host.test/app:1", digest("one"));
        ImageSet set = set("host.test/app:1", true);
        assertEquals(List.of(digest("one")), set.pinned(), "not looked at yet: the stored image is pinned");
        assertEquals(List.of(), pulls);
    }

    @Test
    void theSetIsNamedByItsFile() {
        assertEquals("edge", ImageSet.name(config("a"), Map.of("felix.fileinstall.filename", "file:/opt/stowage/etc/io.stowage.imageset-edge.cfg",
                "service.pid", "io.stowage.imageset~edge")));
        assertEquals("pumps", ImageSet.name(config("a"), Map.of("service.pid", "io.stowage.imageset~pumps")));
    }
}
