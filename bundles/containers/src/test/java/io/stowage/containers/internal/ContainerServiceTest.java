package io.stowage.containers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Container;
import io.stowage.api.ContainerConfig;
import io.stowage.api.Digest;
import io.stowage.api.Image;
import io.stowage.api.ImageConfig;
import io.stowage.api.ImageReference;
import io.stowage.api.ImageService;
import io.stowage.api.Platform;
import io.stowage.api.PullResult;
import io.stowage.api.PushResult;
import io.stowage.api.Removal;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.TransferListener;
import io.stowage.api.Usage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerServiceTest {
    private static final Digest ID = Digest.of(new byte[] {1});

    @TempDir
    Path dir;

    /** One image, "app", with an entrypoint and a cmd. */
    private final ImageService images = new ImageService() {
        @Override
        public Image inspect(String nameOrId) {
            if (!nameOrId.equals("app")) {
                throw new StowageException(Reason.NOT_FOUND, "No such image: " + nameOrId);
            }
            ContainerConfig run = new ContainerConfig(null, null, null, List.of("/bin/sh", "-c"), List.of("echo hi"), null,
                    null, null, null);
            return new Image(ID, ID, List.of(ImageReference.parse("app")), List.of(), 1, Instant.now(),
                    new ImageConfig(null, null, "amd64", "linux", null, run, List.of()));
        }

        @Override
        public PullResult pull(String reference, Platform platform, TransferListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Image> list() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ImageReference tag(String source, String target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Removal remove(String nameOrId, boolean force) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Removal remove(String nameOrId, boolean force, boolean prune) {
            throw new UnsupportedOperationException();
        }

        @Override
        public io.stowage.api.StoreReport verify(boolean repair) {
            throw new UnsupportedOperationException();
        }

        @Override
        public io.stowage.api.PushResult push(String reference, TransferListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public io.stowage.api.RemoteImage inspectRemote(String reference, Platform platform) {
            throw new UnsupportedOperationException();
        }

        @Override
        public io.stowage.api.PruneResult prune(boolean all, java.time.Duration until) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Long> layerSizes(String nameOrId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> tags(String repository) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<PullResult> load(String file, TransferListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void save(List<String> images, String file) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PushResult push(String image, String destination, TransferListener listener) {
            throw new UnsupportedOperationException();
        }
    };

    private ContainerRecords records() {
        return new ContainerRecords(dir.resolve("containers.json"));
    }

    @Test
    void createdContainersPersistAndHoldTheirImage() {
        ContainerServiceImpl service = new ContainerServiceImpl(images, records());
        Container c = service.create("web", "app");
        assertTrue(c.id().matches("[a-f0-9]{64}"), c.id());
        assertEquals(List.of("/bin/sh", "-c", "echo hi"), c.command());
        assertEquals(List.of(c), new ContainerServiceImpl(images, records()).list());
        List<Usage> usages = List.copyOf(new ContainerUsage(records()).usages());
        assertEquals(List.of(new Usage(ID, "stopped container " + c.id().substring(0, 12))), usages);
    }

    @Test
    void namesAreUniqueValidOrGenerated() {
        ContainerServiceImpl service = new ContainerServiceImpl(images, records());
        service.create("web", "app");
        StowageException taken = assertThrows(StowageException.class, () -> service.create("web", "app"));
        assertEquals(Reason.CONFLICT, taken.reason());
        assertTrue(taken.getMessage().contains("\"/web\" is already in use"), taken.getMessage());
        assertEquals(Reason.INVALID, assertThrows(StowageException.class, () -> service.create("-bad name", "app")).reason());
        assertTrue(service.create(null, "app").name().matches("[a-z]+_[a-z]+"));
        assertEquals(Reason.NOT_FOUND, assertThrows(StowageException.class, () -> service.create("x", "nope")).reason());
    }

    @Test
    void twoServicesOnOneFileLoseNoRecord() throws Exception {
        ContainerServiceImpl a = new ContainerServiceImpl(images, records());
        ContainerServiceImpl b = new ContainerServiceImpl(images, records());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Container>> done = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ContainerServiceImpl service = i % 2 == 0 ? a : b;
                String name = "c" + i;
                done.add(pool.submit(() -> service.create(name, "app")));
            }
            for (var f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(40, new ContainerServiceImpl(images, records()).list().size());
    }

    @Test
    void removeByNameOrUniqueIdPrefix() {
        ContainerServiceImpl service = new ContainerServiceImpl(images, records());
        assertEquals(Reason.INVALID, assertThrows(StowageException.class, () -> service.create("a", "app")).reason());
        Container a = service.create("aa", "app");
        Container b = service.create("bb", "app");
        assertEquals(a, service.remove("/aa"));
        assertEquals(b, service.remove(b.id().substring(0, 6)));
        assertEquals(List.of(), service.list());
        assertEquals(List.of(), List.copyOf(new ContainerUsage(records()).usages()));
        assertEquals("No such container: aa", assertThrows(StowageException.class, () -> service.remove("aa")).getMessage());
    }

    /** A runtime whose process runs until a signal it obeys: TERM when {@code obeysTerm}, KILL always. */
    private static final class FakeRuntime implements io.stowage.api.ContainerRuntime {
        final List<String> signals = new java.util.ArrayList<>();
        final List<String> deleted = new java.util.ArrayList<>();
        final java.util.Map<String, io.stowage.api.RuntimeState> states = new java.util.concurrent.ConcurrentHashMap<>();
        boolean obeysTerm;

        @Override
        public void start(String id, Path bundle, Path log) {
            states.put(id, new io.stowage.api.RuntimeState(io.stowage.api.RuntimeState.Status.RUNNING, 0, Instant.now(), null));
        }

        @Override
        public io.stowage.api.RuntimeState state(String id) {
            return states.getOrDefault(id, io.stowage.api.RuntimeState.UNKNOWN);
        }

        @Override
        public void kill(String id, String signal) {
            signals.add(signal);
            if (signal.equals("KILL") || (signal.equals("TERM") && obeysTerm)) {
                states.put(id, new io.stowage.api.RuntimeState(io.stowage.api.RuntimeState.Status.EXITED, signal.equals("KILL") ? 137 : 143,
                        state(id).startedAt(), Instant.now()));
            }
        }

        @Override
        public void delete(String id) {
            deleted.add(id);
        }
    }

    /** Roots as directories with a config.json, released by deleting them. */
    private static final class FakeSnapshots implements io.stowage.api.SnapshotService {
        final List<Path> released = new java.util.ArrayList<>();

        @Override
        public Path prepare(String image, Path directory, io.stowage.api.CreateOptions options) {
            try {
                java.nio.file.Files.createDirectories(directory.resolve("rootfs"));
                java.nio.file.Files.writeString(directory.resolve("config.json"), "{}");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return directory.resolve("rootfs");
        }

        @Override
        public Path mount(Path directory) {
            return directory.resolve("rootfs");
        }

        @Override
        public void unmount(Path directory) {
            // nothing mounted
        }

        @Override
        public void release(Path directory) {
            released.add(directory);
        }

        @Override
        public int prune() {
            return 0;
        }
    }

    @Test
    void runningContainersStopWithTermThenKillAndAreRemovedOnlyByForce() {
        ContainerServiceImpl service = new ContainerServiceImpl(images, records());
        assertEquals("no container runtime (stowage-runc) is running", assertThrows(StowageException.class, () -> {
            service.snapshots = new FakeSnapshots();
            service.start(service.create("early", "app").id());
        }).getMessage());
        FakeRuntime runtime = new FakeRuntime();
        FakeSnapshots snapshots = new FakeSnapshots();
        service.runtime = runtime;
        service.snapshots = snapshots;
        Container c = service.create("web", "app");
        assertEquals(Reason.CONFLICT, assertThrows(StowageException.class, () -> service.kill("web", "TERM")).reason(), "not running");
        service.start("web");
        assertTrue(new ContainerUsage(records()).usages().stream().anyMatch(u -> u.holder().startsWith("stopped")),
                "a usage without the runtime cannot tell");
        ContainerUsage usage = new ContainerUsage(records());
        usage.runtime = runtime;
        assertTrue(usage.usages().stream().anyMatch(u -> u.holder().equals("running container " + c.id().substring(0, 12))));

        service.stop("web", java.time.Duration.ZERO);
        assertEquals(List.of("TERM", "KILL"), runtime.signals, "TERM ignored, KILL after the timeout");
        assertEquals(137, service.state("web").exitCode());

        runtime.signals.clear();
        runtime.obeysTerm = true;
        service.start("web");
        service.stop("web", java.time.Duration.ofSeconds(5));
        assertEquals(List.of("TERM"), runtime.signals);

        service.start("web");
        StowageException running = assertThrows(StowageException.class, () -> service.remove("web", false));
        assertEquals(Reason.CONFLICT, running.reason());
        assertEquals(1, service.list().stream().filter(x -> x.name().equals("web")).count(), "still there");
        service.remove("web", true);
        assertEquals("KILL", runtime.signals.get(runtime.signals.size() - 1));
        assertEquals(List.of(c.id()), runtime.deleted);
        assertEquals(List.of(records().directory(c.id())), snapshots.released);
        assertTrue(service.list().stream().noneMatch(x -> x.name().equals("web")));
    }
}
