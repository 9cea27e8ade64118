package io.stowage.api;

/**
 * The one exception Stowage reports. Its message says what failed, on which reference, digest or
 * file, and why, in one line: {@code pull docker.io/library/alpine:latest: blob sha256:ab12…:
 * digest mismatch}: control characters in a message (from a hostile registry, reference or
 * document) are escaped as {@code \xNN}. The reason lets callers react without parsing the
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

    /** {@code text} with control characters as {@code \xNN}: one printable line. */
    static String escaped(String text) {
        if (text == null || text.codePoints().noneMatch(StowageException::isControl)) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (isControl(c)) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    private static boolean isControl(int c) {
        return c < 0x20 || c == 0x7f;
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
