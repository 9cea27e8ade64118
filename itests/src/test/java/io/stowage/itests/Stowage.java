package io.stowage.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The runtime under test, as a user runs it: {@code bin/stowage <command>} in its own copy of the
 * distribution (so a test may edit its {@code etc/}), with its own {@code STOWAGE_DATA}.
 */
final class Stowage {
    final Path home;
    final Path data;

    Stowage() {
        try {
            Path dist = Paths.get(System.getProperty("stowage.dist", "../runtime/target/stowage")).toAbsolutePath();
            if (!Files.isExecutable(dist.resolve("bin/stowage"))) {
                throw new AssertionError("no runtime at " + dist + ": build it first (mvn verify)");
            }
            Path root = Files.createTempDirectory("stowage-it-");
            home = root.resolve("stowage");
            data = root.resolve("data");
            Files.createDirectories(home.resolve("bin"));
            Files.createDirectories(home.resolve("etc"));
            Files.createDirectories(home.resolve("deploy"));
            Files.copy(dist.resolve("bin/stowage"), home.resolve("bin/stowage"));
            Files.createSymbolicLink(home.resolve("lib"), dist.resolve("lib"));
            Files.createSymbolicLink(home.resolve("bundle"), dist.resolve("bundle"));
            try (Stream<Path> etc = Files.list(dist.resolve("etc"))) {
                for (Path f : etc.toList()) {
                    Files.copy(f, home.resolve("etc").resolve(f.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs {@code bin/stowage args…}. */
    Processes.Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/stowage").toString());
        command.addAll(List.of(args));
        return Processes.run(home, Map.of("STOWAGE_DATA", data.toString()), command);
    }

    /** Runs {@code bin/stowage args…} with {@code input} on its standard input and {@code env} added. */
    Processes.Result run(String input, Map<String, String> env, String... args) {
        try {
            Path in = Files.createTempFile("stowage-in", ".txt");
            try {
                Files.writeString(in, input);
                List<String> command = new ArrayList<>();
                command.add(home.resolve("bin/stowage").toString());
                command.addAll(List.of(args));
                Map<String, String> all = new java.util.HashMap<>(env);
                all.put("STOWAGE_DATA", data.toString());
                return Processes.run(home, all, command, in);
            } finally {
                Files.deleteIfExists(in);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The interactive shell on a pseudo-terminal (util-linux {@code script}), {@code typed} as
     * what the keyboard sends, typed ahead of the shell's start; its output is what the terminal
     * showed. End it with {@code stop 0}, which stops the framework: a Ctrl-D typed ahead may be
     * taken as end-of-file by the terminal before the shell reads it, and lost.
     */
    Processes.Result shell(String typed) {
        try {
            Path in = Files.createTempFile("stowage-typed", ".txt");
            try {
                Files.writeString(in, typed);
                return Processes.run(home, Map.of("STOWAGE_DATA", data.toString()),
                        List.of("script", "-qfec", home.resolve("bin/stowage").toString(), "/dev/null"), in);
            } finally {
                Files.deleteIfExists(in);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs a command that must succeed. */
    Processes.Result ok(String... args) {
        Processes.Result r = run(args);
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", args) + " failed: " + r);
        }
        return r;
    }

    /**
     * Every file under the data directory, relative, sorted: the store's state on disk. Not
     * {@code health/}, the record of the last pulls (a failed pull writes its failure there,
     * and leaves the store as it was).
     */
    List<String> files() {
        if (!Files.exists(data)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(data)) {
            return walk.filter(Files::isRegularFile).map(p -> data.relativize(p).toString())
                    .filter(p -> !p.startsWith("health/")).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A file in the data directory, as text. */
    String read(String relative) {
        try {
            return Files.readString(data.resolve(relative));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
