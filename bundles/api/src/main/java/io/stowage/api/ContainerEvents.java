package io.stowage.api;

/**
 * The OSGi Event Admin topics the container service posts to, when Event Admin is present, and
 * their properties. Subscribe to {@code io/stowage/container/*} for all of them.
 *
 * @since 0.5
 */
public final class ContainerEvents {
    /** A container was created (its bundle prepared). */
    public static final String CREATED = "io/stowage/container/CREATED";
    /** A container's process was started. */
    public static final String STARTED = "io/stowage/container/STARTED";
    /** A container was stopped ({@code container:stop}); {@link #EXIT_CODE} is its process's status. */
    public static final String STOPPED = "io/stowage/container/STOPPED";
    /** A signal was sent to a container's process; {@link #SIGNAL} names it. */
    public static final String KILLED = "io/stowage/container/KILLED";
    /** A container was removed, with its writable layer and log. */
    public static final String REMOVED = "io/stowage/container/REMOVED";

    /** The container's ID, 64 hex digits. */
    public static final String ID = "container.id";
    /** The container's name. */
    public static final String NAME = "container.name";
    /** The ID (config digest) of the container's image, as a string. */
    public static final String IMAGE_ID = ImageEvents.IMAGE_ID;
    /** The signal sent ({@link #KILLED}). */
    public static final String SIGNAL = "signal";
    /** The process's exit status ({@link #STOPPED}), an Integer. */
    public static final String EXIT_CODE = "exit.code";

    private ContainerEvents() {
    }
}
