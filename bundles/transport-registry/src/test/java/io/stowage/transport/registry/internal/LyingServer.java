package io.stowage.transport.registry.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server that answers as a test scripts it: a handler per path prefix (the
 * longest that matches), 404 otherwise. It records every request as
 * {@code METHOD /path?query with|without Authorization}, to show where credentials went.
 */
final class LyingServer implements AutoCloseable {
    interface Handler {
        void handle(HttpExchange ex) throws IOException;
    }

    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lying-server");
        t.setDaemon(true);
        return t;
    });

    LyingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    /** {@code 127.0.0.1:<port>}. */
    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    String url(String path) {
        return "http://" + host() + path;
    }

    LyingServer on(String pathPrefix, Handler handler) {
        handlers.put(pathPrefix, handler);
        return this;
    }

    /** Requests that carried an Authorization header. */
    List<String> withAuthorization() {
        synchronized (requests) {
            return requests.stream().filter(r -> r.endsWith(" with Authorization")).toList();
        }
    }

    private void dispatch(HttpExchange ex) throws IOException {
        String target = ex.getRequestURI().getRawPath()
                + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        requests.add(ex.getRequestMethod() + " " + target + (auth == null ? " without" : " with") + " Authorization");
        if (auth != null) {
            authorizations.add(auth);
        }
        ex.setAttribute("body", ex.getRequestBody().readAllBytes()); // for a handler that keeps it
        String best = null;
        for (String prefix : handlers.keySet()) {
            if (target.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        try {
            if (best == null) {
                send(ex, 404, Map.of(), new byte[0]);
            } else {
                handlers.get(best).handle(ex);
            }
        } finally {
            ex.close();
        }
    }

    /** Answers {@code status} with headers and a body (none for an empty one). */
    static void send(HttpExchange ex, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static Handler status(int status, Map<String, String> headers) {
        return ex -> send(ex, status, headers, new byte[0]);
    }

    static Handler body(String contentType, byte[] body) {
        return ex -> send(ex, 200, Map.of("Content-Type", contentType), body);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
