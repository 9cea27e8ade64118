package io.stowage.server.internal;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.InputStream;

/**
 * A response that first reads what is left of the request's body, at most {@link #MAX} bytes.
 * A refusal sent while a client is still sending (a chunk at the wrong offset, a 401 on an
 * upload) is otherwise often lost: the server closes the connection with the client's bytes
 * unread, the kernel answers them with a reset, and the reset discards the answer the client had
 * not yet read. A body longer than {@code MAX} is left unread (Jetty then closes the connection),
 * and so is one the client waits to send ({@code Expect: 100-continue}): it never comes.
 */
final class BodyFirst extends HttpServletResponseWrapper {
    static final int MAX = 16 << 20;
    private final HttpServletRequest req;
    private boolean drained;

    BodyFirst(HttpServletRequest req, HttpServletResponse resp) {
        super(resp);
        this.req = req;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (!drained) {
            drained = true;
            drain();
        }
        return super.getOutputStream();
    }

    private void drain() {
        long length = req.getContentLengthLong();
        boolean body = length > 0 || (length < 0 && req.getHeader("Transfer-Encoding") != null); // HTTP/1.1: none without either
        if (!body || length > MAX || "100-continue".equalsIgnoreCase(req.getHeader("Expect"))) {
            return;
        }
        byte[] buf = new byte[8192];
        long left = MAX;
        try {
            InputStream in = req.getInputStream();
            for (int n; left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) >= 0;) {
                left -= n;
            }
        } catch (IOException | IllegalStateException gone) {
            // the client went, or the body was read as text: there is nothing left to wait for
        }
    }
}
