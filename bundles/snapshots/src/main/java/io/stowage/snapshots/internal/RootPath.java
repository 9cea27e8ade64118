package io.stowage.snapshots.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Paths inside a root directory that no name, and no symbolic link already in the root, can lead
 * out of. A name from a layer is cleaned ({@code a/./b/../c} is {@code a/c}); one that climbs above
 * the root is refused. Symbolic links met on the way are followed as the container would see them,
 * an absolute target from the root, and one whose {@code ..} would climb above the root is refused
 * rather than followed; so is a chain of more than {@value #MAX_LINKS} links.
 */
final class RootPath {
    static final int MAX_LINKS = 40;

    private final Path root;

    RootPath(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** A refusal: the message says what the name or link tried. */
    static final class Escape extends Exception {
        private static final long serialVersionUID = 1L;

        Escape(String message) {
            super(message);
        }
    }

    /**
     * The components of a layer's name, cleaned; empty for the root itself.
     *
     * @throws Escape for an absolute name or one climbing above the root
     */
    static List<String> clean(String name) throws Escape {
        if (name.startsWith("/")) {
            throw new Escape("is an absolute path");
        }
        List<String> parts = new ArrayList<>();
        for (String c : name.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (parts.isEmpty()) {
                    throw new Escape("climbs out of the root with ..");
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(c);
            }
        }
        return parts;
    }

    /**
     * Where {@code parts} lead inside the root: every component but the last followed through the
     * symbolic links it meets (inside the root); the last followed too when {@code followLast}.
     * Components that do not exist yet are taken as they are.
     *
     * @throws Escape when a link would lead out, or a component on the way is not a directory
     */
    Path resolve(List<String> parts, boolean followLast) throws Escape, IOException {
        Deque<String> todo = new ArrayDeque<>(parts);
        List<String> at = new ArrayList<>(); // the resolved components so far, under root
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.removeFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (at.isEmpty()) {
                    throw new Escape("follows a symbolic link out of the root");
                }
                at.remove(at.size() - 1);
                continue;
            }
            Path here = join(at).resolve(c);
            boolean last = todo.isEmpty();
            if (Files.isSymbolicLink(here) && (!last || followLast)) {
                if (++links > MAX_LINKS) {
                    throw new Escape("meets more than " + MAX_LINKS + " symbolic links");
                }
                String target = Files.readSymbolicLink(here).toString();
                if (target.startsWith("/")) {
                    at.clear(); // the container's root
                }
                String[] more = target.split("/");
                for (int i = more.length - 1; i >= 0; i--) {
                    todo.addFirst(more[i]);
                }
                continue;
            }
            if (!last && Files.exists(here, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(here, LinkOption.NOFOLLOW_LINKS)) {
                throw new Escape("has " + String.join("/", at) + (at.isEmpty() ? "" : "/") + c + " on its way, which is not a directory");
            }
            at.add(c);
        }
        return join(at);
    }

    private Path join(List<String> parts) {
        Path p = root;
        for (String c : parts) {
            p = p.resolve(c);
        }
        return p;
    }
}
