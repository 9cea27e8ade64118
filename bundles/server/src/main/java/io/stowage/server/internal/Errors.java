package io.stowage.server.internal;

import io.stowage.oci.OciJson;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;

/** The distribution spec's error answer: {@code {"errors":[{"code":…,"message":…}]}}. */
final class Errors {
    private Errors() {
    }

    static void send(HttpServletResponse resp, int status, String code, String message) throws IOException {
        var body = OciJson.object();
        body.putArray("errors").addObject().put("code", code).put("message", message);
        byte[] bytes = OciJson.bytes(body);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setContentLength(bytes.length);
        try (OutputStream out = resp.getOutputStream()) {
            out.write(bytes);
        }
    }

    /** The digest {@code text} is; null, with DIGEST_INVALID sent, when it is none (or absent). */
    static io.stowage.api.Digest digest(String text, HttpServletResponse resp) throws IOException {
        try {
            if (text != null) {
                return io.stowage.api.Digest.parse(text);
            }
        } catch (io.stowage.api.StowageException e) {
            // answered below
        }
        send(resp, 400, "DIGEST_INVALID", "invalid digest");
        return null;
    }
}
