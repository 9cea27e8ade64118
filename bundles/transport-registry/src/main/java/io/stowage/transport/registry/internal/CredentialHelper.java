package io.stowage.transport.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.oci.OciJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Docker's credential helper protocol: {@code docker-credential-<name> get} reads the server URL
 * on its standard input and answers {@code {"ServerURL":…,"Username":…,"Secret":…}}; "not found"
 * answers are no login. The helper is found on the PATH, as Docker finds it.
 */
final class CredentialHelper {
    private static final long TIMEOUT_SECONDS = 30;

    private CredentialHelper() {
    }

    /** The helper's login for {@code serverUrl}, or null when it has none. */
    static Credentials.Login get(String name, String serverUrl) {
        String program = "docker-credential-" + name;
        String what = "credential helper " + program;
        try {
            Process p = new ProcessBuilder(program, "get").redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out = p.getInputStream().readNBytes(1 << 16);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new StowageException(Reason.UNAUTHORIZED, what + ": no answer within " + TIMEOUT_SECONDS + " s");
            }
            String text = new String(out, StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0) {
                if (text.toLowerCase(java.util.Locale.ROOT).contains("not found")) {
                    return null;
                }
                throw new StowageException(Reason.UNAUTHORIZED, what + ": " + firstLine(text));
            }
            JsonNode answer = OciJson.tree(out, what);
            String user = answer.path("Username").asText("");
            String secret = answer.path("Secret").asText("");
            return secret.isEmpty() ? null : new Credentials.Login(user, secret);
        } catch (IOException e) {
            throw new StowageException(Reason.UNAUTHORIZED, what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StowageException(Reason.UNAUTHORIZED, what + ": interrupted", e);
        }
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
