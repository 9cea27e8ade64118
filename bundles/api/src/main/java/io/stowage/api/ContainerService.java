package io.stowage.api;

import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Creates, runs, lists and removes containers, as {@code docker create|start|stop|kill|logs|ps|rm}
 * do. A container holds its image from its creation to its removal, running or not.
 */
@ProviderType
public interface ContainerService {

    /**
     * Creates a container holding a stored image.
     *
     * @param name a name, or {@code null} for a generated one
     * @throws StowageException NOT_FOUND for an unknown image, CONFLICT for a name in use
     */
    Container create(String name, String image);

    /**
     * Creates a container holding a stored image, with its root filesystem prepared (the image's
     * snapshots under a writable layer of its own) and its OCI runtime configuration written from
     * the image's configuration and {@code options}.
     *
     * @throws StowageException NOT_FOUND for an unknown image, CONFLICT for a name in use, INVALID
     *         for an option that cannot be used (naming it); then nothing is kept
     * @since 0.5
     */
    Container create(String name, String image, CreateOptions options);

    List<Container> list();

    /** Removes a container by name, full ID or unique ID prefix; a running one is refused. */
    Container remove(String nameOrId);

    /**
     * Removes a container; with {@code force}, a running one is killed first.
     *
     * @throws StowageException CONFLICT for a running container without {@code force}
     * @since 0.5
     */
    Container remove(String nameOrId, boolean force);

    /**
     * Starts a created or exited container's process through the container runtime.
     *
     * @throws StowageException UNAVAILABLE without a container runtime; CONFLICT for a container
     *         without a root filesystem (created before there were snapshots)
     * @since 0.5
     */
    Container start(String nameOrId);

    /**
     * Stops a running container: its stop signal (the image's, else {@code TERM}), then
     * {@code KILL} when it still runs after {@code timeout}. Nothing for one that does not run.
     *
     * @since 0.5
     */
    Container stop(String nameOrId, Duration timeout);

    /**
     * Sends {@code signal} to a running container's process.
     *
     * @throws StowageException CONFLICT for a container that is not running
     * @since 0.5
     */
    Container kill(String nameOrId, String signal);

    /** The state of a container's process. @since 0.5 */
    RuntimeState state(String nameOrId);

    /**
     * Writes what the container's process printed (standard output and error, in order) to
     * {@code out}; with {@code follow}, goes on writing until the process exits.
     *
     * @since 0.5
     */
    void logs(String nameOrId, boolean follow, OutputStream out);
}
