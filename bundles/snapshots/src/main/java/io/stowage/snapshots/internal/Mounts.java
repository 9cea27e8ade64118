package io.stowage.snapshots.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Overlay mounts, through the system's {@code mount} and {@code umount} (Java has no mount call).
 * The lower directories are given relative to {@code base}, the directory {@code mount} runs in,
 * so that many layers fit in the kernel's one page of mount options.
 */
final class Mounts {
    private Mounts() {
    }

    /** Whether this process may mount overlays: root, and overlay in {@code /proc/filesystems}. */
    static boolean overlayAvailable() {
        if (!LayerApplier.runningAsRoot()) {
            return false;
        }
        try {
            return Files.readAllLines(Path.of("/proc/filesystems")).stream().anyMatch(l -> l.endsWith("\toverlay"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Mounts at {@code target} the overlay of {@code lowers} (paths relative to {@code base},
     * uppermost first) under {@code upper}, with {@code work} as overlayfs's work directory.
     */
    static void overlay(Path base, List<String> lowers, Path upper, Path work, Path target) throws IOException {
        String options = "lowerdir=" + String.join(":", lowers) + ",upperdir=" + upper + ",workdir=" + work;
        for (String part : List.of(upper.toString(), work.toString())) {
            if (part.contains(",") || part.contains(":")) {
                throw new IOException("cannot mount an overlay with " + part + ": its path has a comma or a colon");
            }
        }
        if (options.length() >= 4000) {
            throw new IOException("cannot mount an overlay of " + lowers.size() + " layers: the options pass the kernel's page");
        }
        run(base, List.of("mount", "-t", "overlay", "overlay", "-o", options, target.toString()));
    }

    /** Unmounts {@code target} when something is mounted there. */
    static void unmount(Path target) throws IOException {
        if (mounted(target)) {
            run(target.getParent(), List.of("umount", target.toString()));
        }
    }

    /** Whether {@code target} is a mount point of this process's mount namespace. */
    static boolean mounted(Path target) throws IOException {
        String wanted = target.toAbsolutePath().normalize().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
            String[] fields = line.split(" ");
            if (fields.length > 4 && unescape(fields[4]).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** mountinfo's octal escapes ({@code \040} for a space) undone. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void run(Path dir, List<String> command) throws IOException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " " + command.get(command.size() - 1) + ": no answer in 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(command.get(0) + " " + command.get(command.size() - 1) + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("cancelled");
        }
    }
}
