package io.stowage.transport.registry.internal;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * One request to a registry, before authorization: method, URL, and the headers the registry
 * endpoints use. A request with a body that can be sent again (bytes) is retried and follows
 * redirects as one without; one whose body is a stream that can be read once is sent once.
 */
record Request(String method, String url, String accept, String range, String contentType, String contentRange,
        Body body) {

    /** What a request sends: {@code length} bytes from {@code open}, which can be asked again when {@code replayable}. */
    record Body(long length, Supplier<InputStream> open, boolean replayable) {
        static Body of(byte[] bytes) {
            return new Body(bytes.length, () -> new ByteArrayInputStream(bytes), true);
        }

        static Body once(InputStream in, long length) {
            return new Body(length, () -> in, false);
        }
    }

    static Request get(String url, String accept) {
        return new Request("GET", url, accept, null, null, null, null);
    }

    static Request of(String method, String url) {
        return new Request(method, url, null, null, null, null, null);
    }

    Request withRange(String value) {
        return new Request(method, url, accept, value, contentType, contentRange, body);
    }

    Request withBody(String type, Body b) {
        return new Request(method, url, accept, range, type, contentRange, b);
    }

    Request withContentRange(String value) {
        return new Request(method, url, accept, range, contentType, value, body);
    }

    Request to(String target) {
        return new Request(method, target, accept, range, contentType, contentRange, body);
    }

    /** Whether it may be sent again: it has no body, or one that can be read again. */
    boolean repeatable() {
        return body == null || body.replayable();
    }

    long sent() {
        return body == null ? 0 : body.length();
    }
}
