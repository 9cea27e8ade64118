package io.stowage.transport.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.oci.AtomicFiles;
import io.stowage.oci.FileLocks;
import io.stowage.oci.OciJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;

/**
 * Registry logins, looked up in Stowage's own credentials file first (what
 * {@code registry:login} stores), then in a Docker {@code config.json}: its {@code credHelpers}
 * for the host, else its {@code credsStore}, else its {@code auths}. Both files have Docker's
 * shape, {@code {"auths": {"host:port": {"auth": base64("user:password")}}}}, and are read on
 * each lookup, so edits apply at once. Docker Hub's key is {@code https://index.docker.io/v1/}.
 */
final class Credentials {
    static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

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

    private final Path own;
    private final Path docker;

    /** {@code docker}: a Docker config.json, or null. */
    Credentials(Path own, Path docker) {
        this.own = own;
        this.docker = docker;
    }

    /** The login for a registry host, or null. */
    Login lookup(String host) {
        Login mine = fromAuths(read(own), own, host);
        if (mine != null || docker == null) {
            return mine;
        }
        JsonNode config = read(docker);
        if (config == null) {
            return null;
        }
        String helper = null;
        for (String key : keys(host)) {
            helper = config.path("credHelpers").path(key).asText(null);
            if (helper != null) {
                break;
            }
        }
        if (helper == null) {
            helper = config.path("credsStore").asText(null);
        }
        if (helper != null && !helper.isBlank()) {
            return CredentialHelper.get(helper, host.equals("docker.io") ? DOCKER_HUB_KEY : host);
        }
        return fromAuths(config, docker, host);
    }

    /** Stores a login in Stowage's file (mode 0600), replacing the host's earlier one. */
    void store(String host, Login login) {
        update(auths -> auths.putObject(key(host)).put("auth", Base64.getEncoder()
                .encodeToString((login.username() + ":" + login.password()).getBytes(StandardCharsets.UTF_8))));
    }

    /** Removes the host's login from Stowage's file; false when there was none. */
    boolean remove(String host) {
        boolean[] removed = new boolean[1];
        update(auths -> {
            for (String k : keys(host)) {
                removed[0] |= auths.remove(k) != null;
            }
        });
        return removed[0];
    }

    private interface Change {
        void apply(ObjectNode auths);
    }

    private void update(Change change) {
        try {
            Files.createDirectories(own.toAbsolutePath().getParent());
            FileLocks.withLock(own.resolveSibling(own.getFileName() + ".lock"), () -> {
                JsonNode current = read(own);
                ObjectNode root = current == null ? OciJson.object() : (ObjectNode) current;
                JsonNode auths = root.path("auths");
                change.apply(auths.isObject() ? (ObjectNode) auths : root.putObject("auths"));
                // only its owner may read it (0600)
                AtomicFiles.write(own, OciJson.prettyBytes(root),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                return null;
            });
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "credentials file " + own + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return OciJson.tree(Files.readAllBytes(file), "credentials file " + file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "credentials file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Login fromAuths(JsonNode config, Path file, String host) {
        if (config == null) {
            return null;
        }
        for (String key : keys(host)) {
            JsonNode entry = config.path("auths").path(key);
            if (entry.hasNonNull("auth") && !entry.get("auth").asText().isEmpty()) {
                return decode(entry.get("auth").asText(), file, host);
            }
            if (entry.hasNonNull("username")) {
                return new Login(entry.get("username").asText(), entry.path("password").asText(""));
            }
        }
        return null;
    }

    private static Login decode(String auth, Path file, String host) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new StowageException(Reason.INVALID, "credentials file " + file + ": auth for " + host + " is not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new StowageException(Reason.INVALID, "credentials file " + file + ": auth for " + host + " is not user:password");
        }
        return new Login(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /** Where Docker files a host: Docker Hub under its v1 URL, others by name, with or without a scheme. */
    private static List<String> keys(String host) {
        if (host.equals("docker.io")) {
            return List.of(DOCKER_HUB_KEY, "docker.io", "index.docker.io", "registry-1.docker.io");
        }
        return List.of(host, "https://" + host, "http://" + host);
    }

    private static String key(String host) {
        return host.equals("docker.io") ? DOCKER_HUB_KEY : host;
    }
}
