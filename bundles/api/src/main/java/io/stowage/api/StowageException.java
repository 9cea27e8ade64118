package io.stowage.api;

/**
 * The one exception Stowage reports. Its message says what failed, on which reference, digest or
 * file, and why, in one line: {@code pull docker.io/library/alpine:latest: blob sha256:ab12…:
 * digest mismatch}: control characters in a message (from a hostile registry, reference or
 * document) are escaped as {@link TerminalText} says. The reason lets callers react without parsing the
 * message.
 */
public class StowageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why an operation failed; {@code NO_SPACE}: the store's disk is full (since 0.2). */
    public enum Reason {
        NOT_FOUND, INVALID, DIGEST_MISMATCH, UNAUTHORIZED, UNAVAILABLE, CONFLICT, UNSUPPORTED, IO, NO_SPACE
    }

    private final Reason reason;

    public StowageException(Reason reason, String message) {
        super(escaped(message));
        this.reason = reason;
    }

    public StowageException(Reason reason, String message, Throwable cause) {
        super(escaped(message), cause);
        this.reason = reason;
    }

    /** {@code text} as one printable line ({@link TerminalText#escape}). */
    static String escaped(String text) {
        return TerminalText.escape(text);
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
