package io.stowage.snapshots.internal;

import io.stowage.api.Digest;
import io.stowage.api.store.BlobStore;
import io.stowage.oci.FileLocks;
import io.stowage.oci.Log;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The snapshot directories, {@code <data>/snapshots/<chain ID hex>/fs}: each holds what one layer
 * changed over the layers below it, in overlayfs's form (a whiteout is a 0/0 character device, an
 * emptied directory is opaque), so that the stack of an image's snapshots mounted as an overlay is
 * its root filesystem. A layer is applied, as containerd's overlay snapshotter does, onto the
 * overlay of the snapshots below it with a new upper directory, so the kernel writes the whiteouts;
 * that happens in {@code tmp-<random>/} and the directory is renamed into place when the layer
 * checked against its diff_id: a snapshot is complete or absent. Making and deleting snapshots hold
 * {@code snapshots/.lock}, across the processes sharing the data directory.
 */
final class Snapshots {
    private static final String TMP = "tmp-";
    private final Log log = new Log(Snapshots.class);
    private final Path root;
    private final BlobStore store;
    /** Each snapshot's bytes once counted: a snapshot never changes after it is made. */
    private final java.util.Map<String, Long> sizes = new java.util.concurrent.ConcurrentHashMap<>();

    Snapshots(Path root, BlobStore store) {
        this.root = root;
        this.store = store;
    }

    Path root() {
        return root;
    }

    /** The file-system directory of the snapshot of {@code chainId}. */
    Path fs(Digest chainId) {
        return root.resolve(chainId.hex()).resolve("fs");
    }

    /** {@code chainId}'s directory relative to {@link #root}: how an overlay's options name it. */
    static String relative(Digest chainId) {
        return chainId.hex() + "/fs";
    }

    /** Makes the snapshots of {@code image}'s layers that are missing; returns how many it made. */
    int ensure(ImageLayers image) throws IOException {
        Files.createDirectories(root);
        return FileLocks.withLock(root.resolve(".lock"), () -> {
            int made = 0;
            for (int i = 0; i < image.chainIds().size(); i++) {
                if (!Files.isDirectory(fs(image.chainIds().get(i)))) {
                    make(image, i);
                    made++;
                }
            }
            return made;
        });
    }

    private void make(ImageLayers image, int i) throws IOException {
        long start = System.nanoTime();
        Path tmp = root.resolve(TMP + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
        Path upper = Files.createDirectories(tmp.resolve("fs"));
        boolean done = false;
        try {
            String layer = image.layers().get(i).digest().toString();
            if (i == 0) {
                image.apply(store, 0, new LayerApplier(upper, layer, true));
            } else {
                Path merged = Files.createDirectory(tmp.resolve("merged"));
                Files.createDirectory(tmp.resolve("work"));
                List<String> lowers = new ArrayList<>();
                for (int j = i - 1; j >= 0; j--) {
                    lowers.add(relative(image.chainIds().get(j)));
                }
                Mounts.overlay(root, lowers, upper, tmp.resolve("work"), merged);
                try {
                    image.apply(store, i, new LayerApplier(merged, layer, true));
                } finally {
                    Mounts.unmount(merged);
                }
                LayerApplier.remove(merged);
                LayerApplier.remove(tmp.resolve("work"));
            }
            Files.move(tmp, root.resolve(image.chainIds().get(i).hex()), StandardCopyOption.ATOMIC_MOVE);
            done = true;
            log.info("snapshot {} made of layer {} in {} s", image.chainIds().get(i), layer,
                    String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1e9));
        } finally {
            if (!done) {
                discard(tmp);
            }
        }
    }

    /** Deletes every snapshot whose chain ID is not in {@code live}, and what an interrupted making left; returns how many snapshots went. */
    int prune(Set<Digest> live) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        return FileLocks.withLock(root.resolve(".lock"), () -> {
            int deleted = 0;
            try (DirectoryStream<Path> all = Files.newDirectoryStream(root)) {
                for (Path p : all) {
                    String name = p.getFileName().toString();
                    if (name.startsWith(TMP)) {
                        discard(p);
                    } else if (name.matches("[0-9a-f]{64}") && !live.contains(Digest.parse(Digest.SHA256 + ":" + name))) {
                        LayerApplier.remove(p);
                        deleted++;
                        log.info("snapshot sha256:{} deleted: no stored image has its layers", name);
                    }
                }
            }
            return deleted;
        });
    }

    /**
     * The bytes the snapshots take: the lengths of their regular files (a hard link counted at each
     * of its names), and of what an interrupted making left.
     */
    long diskUsage() throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        long total = 0;
        try (DirectoryStream<Path> all = Files.newDirectoryStream(root)) {
            for (Path p : all) {
                String name = p.getFileName().toString();
                if (name.matches("[0-9a-f]{64}")) {
                    Long known = sizes.get(name);
                    if (known == null) {
                        known = bytes(p);
                        sizes.put(name, known);
                    }
                    total += known;
                } else if (name.startsWith(TMP)) {
                    total += bytes(p);
                }
            }
        }
        sizes.keySet().removeIf(name -> !Files.isDirectory(root.resolve(name)));
        return total;
    }

    /** The lengths of the regular files under {@code dir}, links not followed; what vanishes meanwhile counts nothing. */
    private static long bytes(Path dir) throws IOException {
        long[] total = new long[1];
        Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    total[0] += attrs.size();
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    /** Deletes a making's directory, first unmounting its overlay (a crash may have left it mounted). */
    private void discard(Path tmp) {
        try {
            Mounts.unmount(tmp.resolve("merged"));
            LayerApplier.remove(tmp);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", tmp, e.toString());
        }
    }
}
