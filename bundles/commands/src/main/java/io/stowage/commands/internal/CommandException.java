package io.stowage.commands.internal;

import io.stowage.api.StowageException;

/**
 * A command's failure as the shells show it: {@code Error: <message>}, no stack trace. Its
 * simple name is what Apache Karaf's shell takes for a user's mistake (logged at DEBUG, not as
 * an ERROR with a stack trace in karaf.log). The {@link StowageException} is its cause; what
 * the services themselves log about a failure they do in their own lines.
 */
final class CommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandException(StowageException cause) {
        super(cause.getMessage(), cause);
    }

    /** What Gogo prints of a failed command. */
    @Override
    public String toString() {
        return "Error: " + getMessage();
    }
}
