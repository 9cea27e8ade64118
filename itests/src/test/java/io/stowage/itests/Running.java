package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A running instance: {@code bin/stowage} with commands typed into its standard input (a pipe),
 * its output and its log read as they grow. Closing it stops the framework.
 */
final class Running implements AutoCloseable {
    private final Stowage stowage;
    private final Process process;
    private final OutputStream typed;

    Running(Stowage stowage) throws IOException {
        this(stowage, java.util.List.of(stowage.home.resolve("bin/stowage").toString()));
    }

    /** Started by {@code command}, which ends by running {@code bin/stowage} (a mount namespace's set-up, say). */
    Running(Stowage stowage, java.util.List<String> command) throws IOException {
        this.stowage = stowage;
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(stowage.home.resolve("shell.out").toFile()).redirectErrorStream(true);
        pb.environment().put("STOWAGE_DATA", stowage.data.toString());
        this.process = pb.start();
        this.typed = process.getOutputStream();
    }

    /** Types {@code command} and waits until the output after it holds {@code expected} (60 s at most); returns that output. */
    String type(String command, String expected) throws Exception {
        int from = output().length();
        typed.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        typed.flush();
        return await(() -> output().substring(Math.min(from, output().length())), expected, "the output of " + command);
    }

    /** Waits until the log holds {@code expected} (60 s at most); returns the log. */
    String awaitLog(String expected) throws Exception {
        Path log = stowage.home.resolve("log/stowage.log");
        return await(() -> Files.exists(log) ? Files.readString(log) : "", expected, "the log");
    }

    private interface Text {
        String get() throws IOException;
    }

    private String await(Text text, String expected, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            String now = text.get();
            if (now.contains(expected)) {
                return now;
            }
            assertTrue(System.nanoTime() < deadline && process.isAlive(), what + " holds \"" + expected + "\": " + now);
            Thread.sleep(100);
        }
    }

    String output() throws IOException {
        Path out = stowage.home.resolve("shell.out");
        return Files.exists(out) ? Files.readString(out) : "";
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            try {
                typed.write("stop 0\n".getBytes(StandardCharsets.UTF_8));
                typed.close();
            } catch (IOException gone) {
                // it ended
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
