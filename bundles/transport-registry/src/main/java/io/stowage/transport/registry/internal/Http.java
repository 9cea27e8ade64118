package io.stowage.transport.registry.internal;

import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.Map;

/**
 * The registry transport's one HTTP layer, for pulls and pushes alike: each exchange (sent by
 * an {@link Engine}) reported to the observers; redirects followed by hand, an
 * {@code Authorization} header only to the same origin; connection errors, timeouts, 5xx and
 * 429 answers tried again as {@link Retry} allows, for a request whose body can be sent again;
 * connect, read and deadline bounds for every request.
 */
final class Http {
    static final String USER_AGENT = "stowage/0.1";
    private static final int MAX_REDIRECTS = 5;

    private final Endpoint endpoint;
    private final Retry retry;
    private final Engine urlConnection;
    private final Engine patch;
    private volatile Observers observers = Observers.NONE;

    Http(Endpoint endpoint, int connectTimeout, int readTimeout, Retry retry) {
        this.endpoint = endpoint;
        this.retry = retry;
        Link link = new Link(endpoint, connectTimeout, readTimeout, retry);
        this.urlConnection = new UrlConnectionEngine(link);
        this.patch = new PatchEngine(link);
    }

    void observedBy(Observers o) {
        this.observers = o;
    }

    /**
     * Sends {@code req} with {@code auth}, following redirects, trying again at most {@code tries}
     * times in all (once for a body that cannot be sent again). Returns the last answer, whatever
     * its status, except a 5xx or 429 after the last try: that is a StowageException naming
     * {@code what}, how often it was tried, and the registry's rate-limit headers; so is a failure
     * to reach the host.
     */
    Response send(Request req, String auth, String what, int tries) {
        int allowed = req.repeatable() ? tries : 1;
        for (int tried = 1;; tried++) {
            Response r = null;
            try {
                r = exchange(req, auth);
                int redirects = 0;
                while (req.repeatable() && isRedirect(r.status()) && redirects++ < MAX_REDIRECTS) {
                    String location = r.header("Location");
                    r.close();
                    if (location == null) {
                        throw new StowageException(Reason.INVALID, what + ": redirect without Location");
                    }
                    String next = resolve(r.url(), location, what);
                    r = exchange(req.to(next), sameOrigin(req.url(), next) ? auth : null);
                }
                if (r.status() != 429 && r.status() < 500) {
                    return r;
                }
                java.time.Duration after = Retry.retryAfter(r.header("Retry-After"));
                if (tried < allowed && retry.pause(tried, after, what + ": HTTP " + r.status())) {
                    r.close();
                    continue;
                }
                StowageException e = RegistryErrors.of(r, what);
                String limits = RegistryErrors.rateLimit(r);
                throw new StowageException(e.reason(), e.getMessage() + retry.exhausted(tried, limits));
            } catch (IOException e) {
                if (r != null) {
                    r.close();
                }
                if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
                    throw unavailable(what, e);
                }
                boolean again;
                try {
                    again = tried < allowed && isTransient(e) && retry.pause(tried, null, what + ": " + e);
                } catch (InterruptedIOException cancelled) {
                    throw unavailable(what, cancelled);
                }
                if (!again) {
                    StowageException u = unavailable(what, e);
                    String why = retry.expired() ? " (tried " + tried + (tried == 1 ? " time)" : " times)") : retry.exhausted(tried, "");
                    throw new StowageException(u.reason(), u.getMessage() + why, e);
                }
            }
        }
    }

    /** One request, answered by its engine, and reported to the observers (status 0: it failed). */
    private Response exchange(Request req, String auth) throws IOException {
        long start = System.nanoTime();
        URI uri = uri(req.url());
        if (retry.cancelled()) { // cut connections before they are made: HttpURLConnection makes one after a disconnect
            throw new InterruptedIOException("cancelled");
        }
        if (retry.expired()) {
            throw new SocketTimeoutException(retry.deadlineText());
        }
        try {
            Response r = (req.method().equals("PATCH") ? patch : urlConnection).exchange(req, auth, uri);
            observers.report(req.method(), req.url(), isOwn(req.url()), r.status(), req.sent(), r.length(), start);
            return r;
        } catch (IOException | RuntimeException e) {
            observers.report(req.method(), req.url(), isOwn(req.url()), 0, req.sent(), -1, start);
            if (e instanceof IllegalArgumentException) { // a header value a registry's answer made, with a line break in it
                throw new StowageException(Reason.INVALID, "registry " + endpoint.registry() + ": " + e.getMessage());
            }
            throw e;
        }
    }

    /** The request's headers: the user agent, and those of {@code req} and {@code auth} that are set. */
    static Map<String, String> headers(Request req, String auth) {
        Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put("User-Agent", USER_AGENT);
        put(h, "Accept", req.accept());
        put(h, "Authorization", auth);
        put(h, "Range", req.range());
        put(h, "Content-Type", req.contentType());
        put(h, "Content-Range", req.contentRange());
        return h;
    }

    private static void put(Map<String, String> h, String name, String value) {
        if (value != null) {
            h.put(name, value);
        }
    }

    private URI uri(String url) {
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (u.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
                throw new URISyntaxException(url, "not an HTTP URL");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new StowageException(Reason.INVALID, "registry " + endpoint.registry() + ": bad URL " + url);
        }
    }

    /**
     * Whether a failure to reach the registry may pass if tried again: a refused or cut
     * connection or a timeout may; a host name that does not resolve, or a certificate that is
     * not trusted, stays so.
     */
    static boolean isTransient(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException
                    || t instanceof javax.net.ssl.SSLHandshakeException || t instanceof javax.net.ssl.SSLPeerUnverifiedException) {
                return false;
            }
        }
        return true;
    }

    /** A failure to reach the registry; after the deadline cut the connection, the deadline is the cause. */
    StowageException unavailable(String what, IOException e) {
        if (retry.cancelled()) { // an interrupt cut the connection: a cancellation, as core tells them by their cause
            return new StowageException(Reason.IO, (what == null ? "" : what + ": ") + "cancelled",
                    e instanceof InterruptedIOException ? e : new InterruptedIOException("cancelled"));
        }
        String cause = retry.expired() ? retry.deadlineText()
                : e instanceof UnknownHostException ? "no such host " + e.getMessage()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String subject = "registry " + endpoint.registry();
        return new StowageException(Reason.UNAVAILABLE, (what == null || what.equals(subject) ? "" : what + ": ")
                + subject + " unavailable: " + cause, e);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String resolve(String base, String location, String what) {
        try {
            return new URI(base).resolve(location).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new StowageException(Reason.INVALID, what + ": bad redirect " + location);
        }
    }

    /** Whether {@code url} is on the registry's origin: its scheme, host and port. */
    boolean isOwn(String url) {
        return sameOrigin(endpoint.base() + "/", url);
    }

    /** Same scheme, host and port (default ports made explicit). */
    static boolean sameOrigin(String a, String b) {
        return origin(a).equals(origin(b));
    }

    static String origin(String url) {
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            int port = u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
            String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
            return scheme + "://" + host + ":" + port;
        } catch (URISyntaxException e) {
            return "invalid:" + url;
        }
    }
}
