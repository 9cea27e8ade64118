package io.stowage.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion, capturing what it prints. */
final class Processes {
    record Result(int exit, String out, String err) {
        /** The output's lines. */
        List<String> lines() {
            return out.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Processes() {
    }

    static Result run(Path dir, Map<String, String> env, List<String> command) {
        return run(dir, env, command, Path.of("/dev/null"));
    }

    /** Runs a command with {@code input} as its standard input. */
    static Result run(Path dir, Map<String, String> env, List<String> command, Path input) {
        try {
            Path out = Files.createTempFile("stowage-out", ".txt");
            Path err = Files.createTempFile("stowage-err", ".txt");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(input.toFile()))
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(5, TimeUnit.MINUTES)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    throw new AssertionError("timed out: " + command + "\n--- the last of its stdout\n" + tail(out) + "\n--- the last of its stderr\n" + tail(err));
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The last 4 000 characters of {@code file}: what a command that hung printed before it did. */
    private static String tail(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        return text.substring(Math.max(0, text.length() - 4000));
    }

    /** Runs a command that must succeed. */
    static Result check(Path dir, Map<String, String> env, List<String> command) {
        Result r = run(dir, env, command);
        if (r.exit() != 0) {
            throw new AssertionError(command + " failed: " + r);
        }
        return r;
    }
}
