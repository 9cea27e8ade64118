package io.stowage.api;

/**
 * The one exception Stowage reports. Its message says what failed, on which reference, digest or
 * file, and why, in one line: {@code pull docker.io/library/alpine:latest: blob sha256:ab12…:
 * digest mismatch}. The reason lets callers react without parsing the message.
 */
public class StowageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why an operation failed. */
    public enum Reason {
        NOT_FOUND, INVALID, DIGEST_MISMATCH, UNAUTHORIZED, UNAVAILABLE, CONFLICT, UNSUPPORTED, IO
    }

    private final Reason reason;

    public StowageException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public StowageException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** {@code Error: <message>}: what a shell that prints exceptions shows the user. */
    @Override
    public String toString() {
        return "Error: " + getMessage();
    }

    /** The same failure, its message prefixed by the operation and subject it happened in. */
    public StowageException within(String context) {
        StowageException e = new StowageException(reason, context + ": " + getMessage(), this);
        return e;
    }
}
