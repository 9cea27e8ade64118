package io.stowage.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A containerd daemon (Debian's) of a test's own: its root, state and socket in a temporary
 * directory, so it shares nothing with a containerd the machine may run; {@code ctr} talks to it.
 * Needs root, as containerd does.
 */
final class Containerd implements AutoCloseable {
    final Path dir;
    /** The socket's own directory in /tmp: a socket's path is limited to 107 bytes, the scratch directory may be deep. */
    private final Path run;
    private final Process daemon;

    Containerd() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("stowage-containerd-");
        run = Files.createTempDirectory(Path.of("/tmp"), "stowage-ctd-");
        Path config = Files.writeString(dir.resolve("config.toml"), "version = 2\nroot = \"" + dir.resolve("root")
                + "\"\nstate = \"" + dir.resolve("state") + "\"\n[grpc]\n  address = \"" + socket() + "\"\n");
        daemon = new ProcessBuilder("containerd", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("containerd.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(socket())) {
            if (!daemon.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("containerd did not start: " + Files.readString(dir.resolve("containerd.log")));
            }
            Thread.sleep(100);
        }
    }

    private Path socket() {
        return run.resolve("containerd.sock");
    }

    /** Runs {@code ctr args…} against this daemon. */
    Processes.Result ctr(String... args) {
        List<String> command = new ArrayList<>(List.of("ctr", "--address", socket().toString()));
        command.addAll(List.of(args));
        return Processes.run(dir, Map.of(), command);
    }

    /** A {@code hosts.toml} directory in which {@code registry}'s images come from {@code mirror} (plain HTTP), else from {@code server}. */
    Path hostsDir(String registry, String server, String mirror) throws IOException {
        Path hosts = dir.resolve("certs.d");
        Files.createDirectories(hosts.resolve(registry));
        Files.writeString(hosts.resolve(registry).resolve("hosts.toml"), "server = \"" + server + "\"\n\n[host.\"http://" + mirror
                + "\"]\n  capabilities = [\"pull\", \"resolve\"]\n");
        return hosts;
    }

    @Override
    public void close() throws InterruptedException {
        daemon.destroy();
        if (!daemon.waitFor(20, TimeUnit.SECONDS)) {
            daemon.destroyForcibly();
        }
        try (var files = Files.list(run)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(run);
        } catch (IOException e) {
            // a socket left in /tmp is harmless
        }
    }
}
