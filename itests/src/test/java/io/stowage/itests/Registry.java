package io.stowage.itests;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real CNCF distribution registry (Debian's docker-registry) on 127.0.0.1 at a free port,
 * storing under a temporary directory; with htpasswd basic auth when given a login.
 */
final class Registry implements AutoCloseable {
    final Path root;
    final int port;
    private final Tls tls;
    private final Process process;

    Registry(Path root, String user, String password) throws Exception {
        this(root, user, password, null);
    }

    /** With {@code tokens}, a registry that accepts only that issuer's bearer tokens. */
    Registry(Path root, String user, String password, TokenServer tokens) throws Exception {
        this(root, user, password, tokens, null);
    }

    /** TLS material: the server's certificate and key, and the CA of clients it requires (null: none). */
    record Tls(Path certificate, Path key, Path clientCa) {
    }

    /** With {@code tls}, a registry that speaks HTTPS only (and wants client certificates when given a client CA). */
    Registry(Path root, String user, String password, TokenServer tokens, Tls tls) throws Exception {
        this(root, user, password, tokens, tls, "");
    }

    /** A pull-through cache (docker-registry's proxy mode) in front of the registry at {@code remoteUrl}. */
    static Registry pullThrough(Path root, String remoteUrl) throws Exception {
        return new Registry(root, null, null, null, null, "proxy:\n  remoteurl: " + remoteUrl + "\n");
    }

    private Registry(Path root, String user, String password, TokenServer tokens, Tls tls, String extra) throws Exception {
        this.tls = tls;
        this.root = root;
        Files.createDirectories(root);
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        StringBuilder config = new StringBuilder("version: 0.1\nlog: {level: error}\n")
                .append("storage:\n  filesystem: {rootdirectory: ").append(root.resolve("data")).append("}\n")
                .append("  delete: {enabled: true}\n")
                .append("http:\n  addr: 127.0.0.1:").append(port).append("\n");
        if (tls != null) {
            config.append("  tls:\n    certificate: ").append(tls.certificate()).append("\n    key: ").append(tls.key()).append("\n");
            if (tls.clientCa() != null) {
                config.append("    clientcas: [").append(tls.clientCa()).append("]\n");
            }
        }
        if (user != null) {
            Path htpasswd = root.resolve("htpasswd");
            Processes.check(root, Map.of(), List.of("htpasswd", "-Bbc", htpasswd.toString(), user, password));
            config.append("auth:\n  htpasswd: {realm: stowage-tests, path: ").append(htpasswd).append("}\n");
        }
        if (tokens != null) {
            config.append("auth:\n  token: {realm: \"").append(tokens.realm()).append("\", service: ")
                    .append(TokenServer.SERVICE).append(", issuer: ").append(TokenServer.ISSUER)
                    .append(", rootcertbundle: ").append(tokens.certificate).append("}\n");
        }
        config.append(extra);
        Path file = root.resolve("config.yml");
        Files.writeString(file, config);
        process = new ProcessBuilder("docker-registry", "serve", file.toString())
                .redirectErrorStream(true).redirectOutput(root.resolve("registry.log").toFile()).start();
        awaitReady();
    }

    String host() {
        return "127.0.0.1:" + port;
    }

    /** Where the registry keeps a blob's bytes (distribution's filesystem driver layout). */
    Path blobData(String digest) {
        String hex = digest.substring("sha256:".length());
        return root.resolve("data/docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex).resolve("data");
    }

    private void awaitReady() throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("docker-registry exited: " + Files.readString(root.resolve("registry.log")));
            }
            if (tls != null) { // no client here trusts it: listening is ready enough
                try (java.net.Socket probe = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                    return;
                } catch (IOException notYet) {
                    Thread.sleep(50);
                    continue;
                }
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://" + host() + "/v2/").toURL().openConnection();
                c.setConnectTimeout(500);
                int status = c.getResponseCode();
                c.disconnect();
                if (status == 200 || status == 401) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("docker-registry did not answer on " + host());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
