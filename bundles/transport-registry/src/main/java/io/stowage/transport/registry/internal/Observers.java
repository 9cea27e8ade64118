package io.stowage.transport.registry.internal;

import io.stowage.api.transport.Exchange;
import io.stowage.api.transport.RequestObserver;
import io.stowage.oci.Log;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@link RequestObserver}s bound now, told of each request. What they are told carries no
 * credentials: no user information in the URL, and no query on a URL that is not the registry's
 * own (a storage redirect's signature). What an observer throws is logged and dropped.
 */
final class Observers {
    static final Observers NONE = new Observers(List::of);

    private final Supplier<List<RequestObserver>> bound;
    private final Log log = new Log(Observers.class);

    Observers(Supplier<List<RequestObserver>> bound) {
        this.bound = bound;
    }

    /** Tells every observer of one answered (or, with status 0, failed) request begun at {@code startNanos}. */
    void report(String method, String url, boolean own, int status, long sent, long received, long startNanos) {
        List<RequestObserver> observers = bound.get();
        if (observers.isEmpty()) {
            return;
        }
        Exchange exchange = new Exchange(method, shown(url, own), status, sent, received,
                Duration.ofNanos(System.nanoTime() - startNanos));
        for (RequestObserver o : observers) {
            try {
                o.exchanged(exchange);
            } catch (RuntimeException e) {
                log.warn("request observer {} failed: {}", o, e.toString());
            }
        }
    }

    /** {@code url} without user information, and without its query unless it is the registry's own. */
    static URI shown(String url, boolean own) {
        try {
            URI u = new URI(url);
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), own ? u.getQuery() : null, null);
        } catch (URISyntaxException e) {
            return URI.create("invalid:url");
        }
    }
}
