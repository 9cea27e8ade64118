package io.stowage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.PullResult;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.store.BlobInfo;
import io.stowage.api.transport.ForwardingImageSource;
import io.stowage.api.transport.ImageArchive;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.Location;
import io.stowage.api.transport.RawManifest;
import io.stowage.api.transport.Transport;
import io.stowage.store.memory.internal.MemoryBlobStore;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Pulls and loads from a location of another transport: the image is named by the names its
 * source gives (none: unnamed), a load reports each name, and a failed one leaves the store as it was.
 */
class LocationPullTest {
    private final TestImages images = new TestImages();
    private final MemoryBlobStore store = new MemoryBlobStore();
    private final ImageServiceImpl service = new ImageServiceImpl(TestImages.config(3), store, images);

    /** A location transport over the test images: {@code kind:<tag>[=<name>,<name>]}; {@code docker-archive:both.tar} holds v1 and v2. */
    private final class Locations implements Transport {
        @Override
        public ImageSource open(Location location) {
            String[] parts = location.text().split("=", 2);
            return source(parts[0], parts.length == 1 ? List.of() : Arrays.asList(parts[1].split(",")));
        }

        @Override
        public ImageArchive openArchive(Location location) {
            if (location.text().equals("both.tar")) {
                return new ImageArchive() {
                    @Override
                    public List<ImageSource> images() {
                        return List.of(source("v1", List.of("a:1", "b:1")), source("v2", List.of()));
                    }

                    @Override
                    public void close() {
                    }
                };
            }
            return Transport.super.openArchive(location);
        }

        private ImageSource source(String tag, List<String> names) {
            return new ForwardingImageSource(images.open(ImageReference.parse("x/app:" + tag))) {
                @Override
                public List<String> names() {
                    return names;
                }

                @Override
                public Optional<Digest> rootDigest() {
                    return Optional.of(Digest.of(images.manifests.get(tag)));
                }
            };
        }
    }

    LocationPullTest() {
        for (String kind : List.of("oci", "docker-archive")) {
            service.addTransport(new Locations(), Map.of(Transport.KIND, kind));
        }
    }

    private List<BlobInfo> blobs() {
        List<BlobInfo> all = new ArrayList<>();
        store.walk(all::add);
        return all;
    }

    @Test
    void anImageWithoutANameIsStoredUnnamedUntilItArrivesWithOne() {
        images.image("v1", 2, 1);
        PullResult unnamed = service.pull("oci:v1", null, null);
        assertNull(unnamed.reference());
        assertEquals(List.of(), unnamed.image().repoTags());
        assertEquals(1, service.list().size());
        Digest config = unnamed.image().id();

        PullResult named = service.pull("oci:v1=example.com/app:1", null, null);
        assertEquals("example.com/app:1", named.reference().toString());
        assertTrue(named.downloaded());
        assertEquals(1, service.list().size()); // the unnamed entry went when the image got a name
        assertEquals(config, service.inspect("example.com/app:1").id());
        assertEquals(4, blobs().size());
    }

    @Test
    void aLoadReportsEveryNameAndUnnamedImagesByThemselves() {
        images.image("v1", 2, 1);
        images.image("v2", 1, 2);
        List<PullResult> loaded = service.load("both.tar", null);
        assertEquals(List.of("docker.io/library/a:1", "docker.io/library/b:1", "null"),
                loaded.stream().map(r -> String.valueOf(r.reference())).toList());
        assertEquals(loaded.get(0).image().id(), loaded.get(1).image().id());
        assertEquals(2, service.list().stream().map(i -> i.id()).distinct().count());

        // loaded again after one of its names went: the name comes back
        service.remove("b:1", false, false);
        service.load("both.tar", null);
        assertEquals(List.of("docker.io/library/a:1", "docker.io/library/b:1"),
                service.inspect("a:1").repoTags().stream().map(Object::toString).sorted().toList());
    }

    /** Each event's topic and reference, as an appliance subscribing to io/stowage/image/* sees them. */
    private List<String> capture() {
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        service.events = (topic, p) -> seen.add(topic.substring(topic.lastIndexOf('/') + 1) + " " + p.get("reference")
                + (p.containsKey("file") ? " " + p.get("file") : "") + (p.containsKey("reason") ? " " + p.get("reason") : ""));
        return seen;
    }

    @Test
    void aLoadPostsLoadedPerNameAFailedPullPullFailedAndUntaggedNamesAreWhole() {
        images.image("v1", 2, 1);
        images.image("v2", 1, 2);
        List<String> seen = capture();
        service.load("both.tar", null);
        assertEquals(List.of("LOADED docker.io/library/a:1 both.tar", "LOADED docker.io/library/b:1 both.tar",
                "LOADED docker-archive:both.tar both.tar"), seen);
        seen.clear();
        service.remove("b:1", false);
        assertEquals(List.of("UNTAGGED docker.io/library/b:1"), seen);
        seen.clear();
        assertThrows(StowageException.class, () -> service.pull("registry.test/app:missing", null, null));
        images.image("v3", 1, 3);
        images.blobs.remove(images.layers("v3").get(0).digest());
        assertThrows(StowageException.class, () -> service.pull("oci:v3", null, null));
        assertEquals(List.of("PULL_FAILED registry.test/app:missing NOT_FOUND", "PULL_FAILED oci:v3 NOT_FOUND"), seen);
    }

    @Test
    void aFailedPullFromALocationLeavesTheStoreAsItWas() {
        images.image("v1", 3, 1);
        images.blobs.remove(images.layers("v1").get(2).digest());
        StowageException e = assertThrows(StowageException.class, () -> service.pull("oci:v1=app:1", null, null));
        assertEquals(Reason.NOT_FOUND, e.reason());
        assertTrue(e.getMessage().startsWith("pull oci:v1=app:1: "), e.getMessage());
        assertEquals(List.of(), blobs());
        assertEquals(List.of(), store.refs());
    }

    @Test
    void aKindWithoutATransportIsNamed() {
        StowageException e = assertThrows(StowageException.class, () -> service.pull("oci-archive:/x.tar", null, null));
        assertEquals("pull oci-archive:/x.tar: no transport for oci-archive (deploy the bundle that provides it)", e.getMessage());
    }
}
