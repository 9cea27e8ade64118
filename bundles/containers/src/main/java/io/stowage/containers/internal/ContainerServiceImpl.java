package io.stowage.containers.internal;

import io.stowage.api.Container;
import io.stowage.api.ContainerEvents;
import io.stowage.api.ContainerRuntime;
import io.stowage.api.ContainerService;
import io.stowage.api.CreateOptions;
import io.stowage.api.Image;
import io.stowage.api.ImageService;
import io.stowage.api.RuntimeState;
import io.stowage.api.SnapshotService;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.TerminalText;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Containers, as {@code docker create|start|stop|kill|logs|rm} make and run them: records in
 * {@code <stowage.data>/containers.json}, and for each a directory {@code containers/<id>/} with
 * its OCI bundle (root filesystem from the snapshot service, {@code config.json}) and {@code log}.
 * The process runs through the container runtime, a service of another bundle that may come and
 * go. Each container holds its image; {@link ContainerUsage} tells the image service so.
 */
@Component(service = ContainerService.class, configurationPid = ContainersConfig.PID)
@org.osgi.service.metatype.annotations.Designate(ocd = ContainersConfig.class)
public final class ContainerServiceImpl implements ContainerService {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final java.util.regex.Pattern STOP_SIGNAL = java.util.regex.Pattern.compile("(SIG)?[A-Z][A-Z0-9+-]{0,11}|[0-9]{1,2}");
    private final ImageService images;
    private final ContainerRecords records;
    private final io.stowage.oci.Log log = new io.stowage.oci.Log(ContainerServiceImpl.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile SnapshotService snapshots;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ContainerRuntime runtime;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile io.stowage.oci.EventSink events;

    @Activate
    public ContainerServiceImpl(@Reference ImageService images, BundleContext context, ContainersConfig config) {
        this(images, ContainerRecords.in(context, config));
    }

    ContainerServiceImpl(ImageService images, ContainerRecords records) {
        this.images = images;
        this.records = records;
    }

    @Override
    public Container create(String name, String image) {
        return create(name, image, CreateOptions.NONE);
    }

    @Override
    public Container create(String name, String image, CreateOptions options) {
        Image img = images.inspect(image);
        if (name != null && !name.isEmpty() && !Names.VALID.matcher(name).matches()) {
            throw new StowageException(Reason.INVALID, "Invalid container name (" + name
                    + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        Container holder = name == null || name.isEmpty() ? null : byName(records.read(), name);
        if (holder != null) {
            throw nameInUse(name, holder); // before the root filesystem is made; checked again below
        }
        List<String> command = options.args(img.config().config());
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        SnapshotService s = snapshots;
        Path dir = records.directory(id);
        if (s != null) {
            s.prepare(img.id().toString(), dir, options);
        } else if (!options.equals(CreateOptions.NONE)) {
            throw new StowageException(Reason.UNAVAILABLE, "container options need root filesystems, and no snapshot service (stowage-snapshots)"
                    + " is running");
        }
        Container[] created = new Container[1];
        try {
            records.update(all -> {
                String chosen = name;
                if (chosen == null || chosen.isEmpty()) {
                    do {
                        chosen = Names.generate();
                    } while (byName(all, chosen) != null);
                } else if (byName(all, chosen) != null) {
                    throw nameInUse(chosen, byName(all, chosen));
                }
                created[0] = new Container(id, chosen, image, img.id(), Instant.now(), command);
                List<Container> next = new ArrayList<>(all);
                next.add(created[0]);
                return next;
            });
        } catch (RuntimeException e) {
            if (s != null) {
                s.release(dir);
            }
            throw e;
        }
        log.info("container {} ({}) created from {} ({})", created[0].name(), id.substring(0, 12), image, img.id());
        post(ContainerEvents.CREATED, created[0], Map.of());
        return created[0];
    }

    @Override
    public List<Container> list() {
        return records.read();
    }

    @Override
    public Container remove(String nameOrId) {
        return remove(nameOrId, false);
    }

    @Override
    public Container remove(String nameOrId, boolean force) {
        Container c = find(nameOrId);
        ContainerRuntime r = runtime;
        if (r != null && r.state(c.id()).status() == RuntimeState.Status.RUNNING) {
            if (!force) {
                throw new StowageException(Reason.CONFLICT, "cannot remove container \"" + c.name() + "\": container is running:"
                        + " stop the container before removing or force remove");
            }
            r.kill(c.id(), "KILL");
            awaitExit(r, c, KILL_WAIT);
        }
        if (r != null) {
            r.delete(c.id());
        }
        Path dir = records.directory(c.id());
        SnapshotService s = snapshots;
        if (Files.isDirectory(dir)) {
            if (s == null) {
                throw new StowageException(Reason.UNAVAILABLE, "container " + c.name() + " has a root filesystem, and no snapshot service"
                        + " (stowage-snapshots) is running to release it");
            }
            s.release(dir);
        }
        records.update(all -> {
            List<Container> next = new ArrayList<>(all);
            next.removeIf(x -> x.id().equals(c.id()));
            return next;
        });
        log.info("container {} ({}) removed", c.name(), c.id().substring(0, 12));
        post(ContainerEvents.REMOVED, c, Map.of());
        return c;
    }

    @Override
    public Container start(String nameOrId) {
        Container c = find(nameOrId);
        ContainerRuntime r = runtime();
        if (r.state(c.id()).status() == RuntimeState.Status.RUNNING) {
            return c; // as docker start: nothing to do
        }
        Path dir = records.directory(c.id());
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new StowageException(Reason.CONFLICT, "container " + c.name() + " has no root filesystem (it was created without the"
                    + " snapshot service); create it again");
        }
        SnapshotService s = snapshots;
        if (s == null) {
            throw new StowageException(Reason.UNAVAILABLE, "no snapshot service (stowage-snapshots) is running to mount container "
                    + c.name() + "'s root filesystem");
        }
        s.mount(dir);
        try {
            r.start(c.id(), dir, dir.resolve("log"));
        } catch (StowageException e) {
            s.unmount(dir);
            throw e;
        }
        log.info("container {} ({}) started", c.name(), c.id().substring(0, 12));
        post(ContainerEvents.STARTED, c, Map.of());
        return c;
    }

    @Override
    public Container stop(String nameOrId, Duration timeout) {
        Container c = find(nameOrId);
        ContainerRuntime r = runtime();
        if (r.state(c.id()).status() == RuntimeState.Status.RUNNING) {
            signal(r, c, stopSignal(c));
            if (!awaitExit(r, c, timeout)) {
                log.info("container {} ({}) did not stop within {} s: killed", c.name(), c.id().substring(0, 12), timeout.toSeconds());
                signal(r, c, "KILL");
                awaitExit(r, c, KILL_WAIT);
            }
            log.info("container {} ({}) stopped", c.name(), c.id().substring(0, 12));
            post(ContainerEvents.STOPPED, c, Map.of(ContainerEvents.EXIT_CODE, r.state(c.id()).exitCode()));
        }
        unmount(c);
        return c;
    }

    @Override
    public Container kill(String nameOrId, String signal) {
        Container c = find(nameOrId);
        ContainerRuntime r = runtime();
        if (r.state(c.id()).status() != RuntimeState.Status.RUNNING) {
            throw new StowageException(Reason.CONFLICT, "cannot kill container: " + c.name() + ": container " + c.id()
                    + " is not running");
        }
        r.kill(c.id(), signal);
        log.info("container {} ({}) sent {}", c.name(), c.id().substring(0, 12), signal);
        post(ContainerEvents.KILLED, c, Map.of(ContainerEvents.SIGNAL, signal));
        return c;
    }

    @Override
    public RuntimeState state(String nameOrId) {
        Container c = find(nameOrId);
        ContainerRuntime r = runtime;
        return r == null ? RuntimeState.UNKNOWN : r.state(c.id());
    }

    @Override
    public void logs(String nameOrId, boolean follow, OutputStream out) {
        Container c = find(nameOrId);
        new LogFollower(records.directory(c.id()).resolve("log"),
                () -> follow && runtime != null && runtime.state(c.id()).status() == RuntimeState.Status.RUNNING).copyTo(out);
    }

    private void post(String topic, Container c, Map<String, Object> more) {
        io.stowage.oci.EventSink sink = events;
        if (sink != null) {
            Map<String, Object> properties = new java.util.HashMap<>(more);
            properties.put(ContainerEvents.ID, c.id());
            properties.put(ContainerEvents.NAME, c.name());
            properties.put(ContainerEvents.IMAGE_ID, c.imageId().toString());
            sink.post(topic, properties);
        }
    }

    /** The image's stop signal when it names one the runtime takes, else {@code TERM}. */
    private String stopSignal(Container c) {
        try {
            String signal = images.inspect(c.imageId().toString()).config().config().stopSignal();
            if (signal != null && STOP_SIGNAL.matcher(signal).matches()) {
                return signal;
            }
            if (signal != null && !signal.isBlank()) {
                log.warn("container {}: the image's stop signal \"{}\" is none; TERM instead", c.name(), TerminalText.escape(signal));
            }
        } catch (StowageException e) {
            log.warn("container {}: its image cannot be read ({}); stopping it with TERM", c.name(), e.getMessage());
        }
        return "TERM";
    }

    /** A signal the runtime refuses because the process has just exited is no error of the caller's. */
    private static void signal(ContainerRuntime r, Container c, String signal) {
        try {
            r.kill(c.id(), signal);
        } catch (StowageException e) {
            if (r.state(c.id()).status() == RuntimeState.Status.RUNNING) {
                throw e;
            }
        }
    }

    /** Waits until the container's process has exited; false when it still runs after {@code timeout}. */
    private static boolean awaitExit(ContainerRuntime r, Container c, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (r.state(c.id()).status() == RuntimeState.Status.RUNNING) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StowageException(Reason.IO, "interrupted while container " + c.name() + " stops", e);
            }
        }
        return true;
    }

    private void unmount(Container c) {
        SnapshotService s = snapshots;
        Path dir = records.directory(c.id());
        if (s != null && Files.isDirectory(dir)) {
            s.unmount(dir);
        }
    }

    private ContainerRuntime runtime() {
        ContainerRuntime r = runtime;
        if (r == null) {
            throw new StowageException(Reason.UNAVAILABLE, "no container runtime (stowage-runc) is running");
        }
        return r;
    }

    /** A container by name, full ID or unique ID prefix. */
    private Container find(String nameOrId) {
        List<Container> all = records.read();
        Container found = byName(all, nameOrId);
        if (found == null && !nameOrId.isEmpty()) {
            List<Container> matches = all.stream().filter(c -> c.id().startsWith(nameOrId)).toList();
            if (matches.size() > 1) {
                throw new StowageException(Reason.CONFLICT, "multiple containers found with provided prefix: " + nameOrId);
            }
            found = matches.isEmpty() ? null : matches.get(0);
        }
        if (found == null) {
            throw new StowageException(Reason.NOT_FOUND, "No such container: " + nameOrId);
        }
        return found;
    }

    private static StowageException nameInUse(String name, Container holder) {
        return new StowageException(Reason.CONFLICT, "Conflict. The container name \"/" + name + "\" is already in use by container \""
                + holder.id() + "\". You have to remove (or rename) that container to be able to reuse that name.");
    }

    private static Container byName(List<Container> all, String name) {
        String plain = name.startsWith("/") ? name.substring(1) : name;
        return all.stream().filter(c -> c.name().equals(plain)).findFirst().orElse(null);
    }
}
