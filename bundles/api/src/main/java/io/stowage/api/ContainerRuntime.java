package io.stowage.api;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An OCI runtime that runs bundles ({@code config.json} beside a root filesystem), such as runc or
 * crun. A bundle of its own implements it, so another can replace it while the framework runs.
 * The process outlives the framework: its exit status is kept and read after a restart.
 *
 * @since 0.5
 */
@ConsumerType
public interface ContainerRuntime {

    /**
     * Runs the bundle in {@code bundle} as container {@code id}, its standard output and error
     * appended to {@code log}, its standard input empty; returns once the process runs, or has
     * already exited. When the process exits, a file system mounted at the bundle's {@code rootfs}
     * is unmounted before its exit status is known (as containerd's shim unmounts a task's root).
     *
     * @throws StowageException UNAVAILABLE when the runtime cannot be run; INVALID when it refuses
     *         the bundle (the runtime's own message)
     */
    void start(String id, Path bundle, Path log);

    /** The container's state: {@link RuntimeState#UNKNOWN} for one never started here. */
    RuntimeState state(String id);

    /** Sends {@code signal} ({@code TERM}, {@code KILL}, a number) to the container's process, when it runs. */
    void kill(String id, String signal);

    /** Forgets a container that is not running (what the runtime keeps of it, its exit status). */
    void delete(String id);
}
