package io.stowage.transport.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.oci.OciJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Registry credentials from a file in Docker's {@code config.json} shape:
 * {@code {"auths": {"host:port": {"auth": base64("user:password")}}}} or with
 * {@code username}/{@code password} fields. Read on each lookup, so edits apply at once.
 */
final class Credentials {
    /** A user name and password; never printed. */
    record Login(String username, String password) {
        String basicHeader() {
            return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Login[" + username + "]";
        }
    }

    private final Path file;

    Credentials(Path file) {
        this.file = file;
    }

    /** The login for a registry host, or null. */
    Login lookup(String host) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "credentials file " + file + ": " + e.getMessage(), e);
        }
        JsonNode entry = OciJson.tree(bytes, "credentials file " + file).path("auths").path(host);
        if (entry.isMissingNode()) {
            return null;
        }
        if (entry.hasNonNull("auth")) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(entry.get("auth").asText()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new StowageException(Reason.INVALID, "credentials file " + file + ": auth for " + host + " is not base64");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new StowageException(Reason.INVALID, "credentials file " + file + ": auth for " + host + " is not user:password");
            }
            return new Login(decoded.substring(0, colon), decoded.substring(colon + 1));
        }
        if (entry.hasNonNull("username")) {
            return new Login(entry.get("username").asText(), entry.path("password").asText(""));
        }
        return null;
    }
}
