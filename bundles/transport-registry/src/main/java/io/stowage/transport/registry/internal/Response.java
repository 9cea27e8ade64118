package io.stowage.transport.registry.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One answer from a registry, or from a host it redirected to: the URL that answered, the
 * status, the headers, and the body as a stream the caller closes (a HEAD's is empty), whose
 * reads fail after the read timeout passes without progress.
 */
final class Response implements AutoCloseable {
    /** The most of an error answer's body read. */
    static final int MAX_ERROR_BODY = 64 * 1024;

    private final String url;
    private final int status;
    /** By name, in any case. */
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final InputStream body;

    /** {@code headers} as an HTTP client gives them (a null name, {@code HttpURLConnection}'s status line, is left out). */
    Response(String url, int status, Map<String, List<String>> headers, InputStream body) {
        this.url = url;
        this.status = status;
        headers.forEach((name, values) -> {
            if (name != null && !values.isEmpty()) {
                this.headers.put(name, values);
            }
        });
        this.body = body;
    }

    String url() {
        return url;
    }

    int status() {
        return status;
    }

    /** The header's first value, or null. */
    String header(String name) {
        List<String> values = headers.get(name);
        return values == null ? null : values.get(0);
    }

    /** {@code Content-Length}, or -1. */
    long length() {
        try {
            String length = header("Content-Length");
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The media type of {@code Content-Type} without its parameters, or null. */
    String mediaType() {
        String type = header("Content-Type");
        if (type != null && type.indexOf(';') >= 0) {
            type = type.substring(0, type.indexOf(';'));
        }
        return type == null ? null : type.trim();
    }

    InputStream body() {
        return body;
    }

    /** The first {@link #MAX_ERROR_BODY} bytes of the body, or null when it cannot be read; closes it. */
    byte[] errorBody() {
        try (InputStream in = body) {
            return in.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // the connection is gone already
        }
    }
}
