package io.stowage.transport.tests;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real CNCF distribution registry (Debian's {@code docker-registry}) on 127.0.0.1 at a free
 * port, storing under a temporary directory, without authentication; stopped by {@link #close}.
 */
public final class LocalRegistry implements AutoCloseable {
    private final Process process;
    private final int port;

    public LocalRegistry() throws IOException, InterruptedException {
        Path root = Files.createTempDirectory("stowage-registry-");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = Files.writeString(root.resolve("config.yml"), "version: 0.1\nlog: {level: error}\nstorage:\n"
                + "  filesystem: {rootdirectory: " + root.resolve("data") + "}\nhttp:\n  addr: 127.0.0.1:" + port + "\n");
        try {
            process = new ProcessBuilder("docker-registry", "serve", config.toString())
                    .redirectOutput(root.resolve("registry.log").toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("docker-registry is not installed (Debian's docker-registry package): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("docker-registry did not start on port " + port + ": see " + root.resolve("registry.log"));
            }
            Thread.sleep(50);
        }
    }

    private boolean answers() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://" + host() + "/v2/").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            try {
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException notYet) {
            return false;
        }
    }

    /** {@code 127.0.0.1:<port>}. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
