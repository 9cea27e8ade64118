package io.stowage.api;

import java.time.Instant;

/**
 * What a {@link ContainerRuntime} knows of a container's process.
 *
 * @param status created (never started), running, or exited
 * @param exitCode the exit status once exited: 128 plus the signal for one killed by a signal;
 *        255 when the runtime lost the process (the machine restarted under it)
 * @param startedAt when it was started; null before
 * @param finishedAt when it exited; null before
 * @since 0.5
 */
public record RuntimeState(Status status, int exitCode, Instant startedAt, Instant finishedAt) {
    /** A container's process states, as Docker names them. */
    public enum Status { CREATED, RUNNING, EXITED }

    /** A container the runtime has not run. */
    public static final RuntimeState UNKNOWN = new RuntimeState(Status.CREATED, 0, null, null);
}
