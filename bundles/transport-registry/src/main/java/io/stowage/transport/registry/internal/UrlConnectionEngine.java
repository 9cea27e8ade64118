package io.stowage.transport.registry.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.Map;

/**
 * Requests through {@code HttpURLConnection}: no redirect followed by it, connect and read
 * timeouts, the host's TLS settings on the registry's own authority only. A body that can be
 * sent again is buffered (so a 401 keeps its challenge); a stream read once is sent with a fixed
 * length, timed by a {@link WatchedStream}, since a blocked write has no timeout of its own.
 * Every connection is watched by the {@link Retry}, and closing the answer's body disconnects it.
 */
final class UrlConnectionEngine implements Engine {
    private final Link link;
    private final Retry retry;
    private final int readTimeout;

    UrlConnectionEngine(Link link) {
        this.link = link;
        this.retry = link.retry();
        this.readTimeout = link.readTimeout();
    }

    @Override
    public Response exchange(Request req, String auth, URI uri) throws IOException {
        HttpURLConnection conn = (HttpURLConnection) uri.toURL().openConnection();
        retry.watch(conn);
        conn.setRequestMethod(req.method());
        conn.setInstanceFollowRedirects(false);
        conn.setConnectTimeout(link.connectTimeout());
        conn.setReadTimeout(readTimeout);
        Http.headers(req, auth).forEach(conn::setRequestProperty);
        Tls tls = link.tlsFor(uri);
        if (tls != null && conn instanceof javax.net.ssl.HttpsURLConnection https) {
            https.setSSLSocketFactory(tls.factory());
            if (tls.verifier() != null) {
                https.setHostnameVerifier(tls.verifier());
            }
        }
        try {
            send(conn, req);
            int status = conn.getResponseCode();
            InputStream body = status >= 400 ? conn.getErrorStream() : conn.getInputStream();
            return new Response(req.url(), status, conn.getHeaderFields(), disconnecting(body, conn, retry));
        } catch (HttpRetryException e) { // a 401 to a streamed body: its headers are gone, its status is the answer
            conn.disconnect();
            return new Response(req.url(), e.responseCode(), Map.of(), InputStream.nullInputStream());
        } catch (IOException | RuntimeException e) {
            conn.disconnect();
            throw e;
        }
    }

    private void send(HttpURLConnection conn, Request req) throws IOException {
        boolean post = req.method().equals("POST") || req.method().equals("PUT");
        if (req.body() == null && !post) {
            return;
        }
        conn.setDoOutput(true);
        if (req.body() == null) {
            conn.getOutputStream().close(); // Content-Length: 0
            return;
        }
        if (req.body().replayable()) {
            try (OutputStream out = conn.getOutputStream(); InputStream in = req.body().open().get()) {
                in.transferTo(out);
            }
            return;
        }
        conn.setFixedLengthStreamingMode(req.body().length());
        WatchedStream upload = WatchedStream.upload(req.body().open().get(), readTimeout);
        upload.onCut(conn::disconnect);
        retry.watch(upload);
        try (OutputStream out = conn.getOutputStream(); InputStream in = upload) {
            in.transferTo(out);
        } catch (IOException e) {
            throw upload.timedOut() ? new SocketTimeoutException("Write timed out after " + readTimeout + " ms") : e;
        } finally {
            upload.done();
        }
    }

    /**
     * The answer's body: closing it disconnects, and each read first checks the operation's
     * deadline and cancellation. A cut alone does not end a short body that trickles: for a body
     * under 512 KiB, {@code disconnect()} hands the socket to the JDK's keep-alive cleaner
     * instead of closing it, and the read goes on. So the reader stops itself, within one read.
     */
    private static InputStream disconnecting(InputStream body, HttpURLConnection conn, Retry retry) {
        return new FilterInputStream(body == null ? InputStream.nullInputStream() : body) {
            @Override
            public int read() throws IOException {
                retry.check();
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                retry.check();
                return super.read(b, off, len);
            }

            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    conn.disconnect();
                }
            }
        };
    }
}
