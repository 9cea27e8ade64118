package io.stowage.transport.registry.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Requests through {@code java.net.http}, for the one method {@code HttpURLConnection} cannot
 * send: {@code PATCH}, a chunk of an upload. One client per TLS setting and connect timeout,
 * shared by every operation; the host's TLS settings on the registry's own authority only. The
 * exchange is watched by the {@link Retry} (cancelled at the deadline or on an interrupt); the
 * body it sends is a {@link WatchedStream}, since this client has no write timeout; failures are
 * reported as {@code HttpURLConnection} reports them.
 */
final class PatchEngine implements Engine {
    /** Clients without TLS settings of their own, by connect timeout; those with, by their TLS and connect timeout. */
    private static final Map<Integer, HttpClient> PLAIN = new ConcurrentHashMap<>();
    private static final Map<Tls, Map<Integer, HttpClient>> WITH_TLS = Collections.synchronizedMap(new WeakHashMap<>());

    private final Link link;
    private final Retry retry;
    private final int readTimeout;

    PatchEngine(Link link) {
        this.link = link;
        this.retry = link.retry();
        this.readTimeout = link.readTimeout();
    }

    @Override
    public Response exchange(Request req, String auth, URI uri) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        Http.headers(req, auth).forEach(b::header);
        WatchedStream upload = null;
        if (req.body() == null) {
            b.method(req.method(), BodyPublishers.noBody()).timeout(retry.within(Duration.ofMillis(Math.max(1, readTimeout))));
        } else {
            WatchedStream body = WatchedStream.upload(req.body().open().get(), readTimeout);
            upload = body;
            b.method(req.method(), BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> body), req.body().length()))
                    .timeout(retry.within(Duration.ofDays(1)));
        }
        CompletableFuture<HttpResponse<InputStream>> f = client(uri).sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        retry.watch(f);
        if (upload != null) {
            upload.onCut(() -> f.cancel(true));
            retry.watch(upload);
        }
        HttpResponse<InputStream> answer;
        try {
            answer = f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("cancelled");
        } catch (ExecutionException | CancellationException e) {
            throw failure(e instanceof ExecutionException ? e.getCause() : e, uri, upload);
        } finally {
            if (upload != null) {
                upload.done();
            }
        }
        WatchedStream body = WatchedStream.download(answer.body(), readTimeout);
        retry.watch(body);
        return new Response(req.url(), answer.statusCode(), answer.headers().map(), body);
    }

    /**
     * Why an exchange failed, as {@code HttpURLConnection} says it: a cut upload is a time-out, a
     * name that does not resolve an {@link UnknownHostException}, a refused connection (which this
     * client reports without a message) "Connection refused", a wait for the answer past the read
     * timeout "Read timed out".
     */
    private IOException failure(Throwable cause, URI uri, WatchedStream upload) {
        if (cause instanceof CancellationException) {
            if (upload != null && upload.timedOut()) {
                return new SocketTimeoutException("Write timed out after " + readTimeout + " ms");
            }
            return retry.cancelled() ? new InterruptedIOException("cancelled") : new SocketTimeoutException("cut at the deadline");
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return new UnknownHostException(uri.getHost());
            }
            if (t instanceof javax.net.ssl.SSLException ssl) {
                return ssl;
            }
        }
        if (cause instanceof HttpTimeoutException && !(cause instanceof java.net.http.HttpConnectTimeoutException)) {
            return new SocketTimeoutException("Read timed out");
        }
        if (cause instanceof ConnectException && (cause.getMessage() == null || cause.getMessage().isEmpty())) {
            ConnectException refused = new ConnectException("Connection refused");
            refused.initCause(cause);
            return refused;
        }
        return cause instanceof IOException io ? io : new IOException(cause);
    }

    /** The client for {@code uri}: with the host's TLS settings on the registry's own authority, else the JDK's. */
    private HttpClient client(URI uri) {
        Tls tls = link.tlsFor(uri);
        Map<Integer, HttpClient> byTimeout = tls == null ? PLAIN : WITH_TLS.computeIfAbsent(tls, t -> new ConcurrentHashMap<>());
        return byTimeout.computeIfAbsent(link.connectTimeout(), t -> build(tls, t));
    }

    private static HttpClient build(Tls tls, int connectTimeout) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofMillis(Math.max(1, connectTimeout)));
        ProxySelector proxies = ProxySelector.getDefault(); // as HttpURLConnection: http(s).proxyHost when set
        if (proxies != null) {
            b.proxy(proxies);
        }
        if (tls != null) {
            b.sslContext(tls.context());
        }
        return b.build();
    }
}
