package io.stowage.server.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.StowageException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The store's names as a registry shows them. A stored name is a whole reference
 * ({@code docker.io/library/alpine:3.20}, {@code 127.0.0.1:5000/app:1.0}); a client asks for a
 * repository path ({@code library/alpine}, {@code app}), with containerd's {@code ns} parameter
 * saying which registry it means when Stowage is its mirror. A path is looked up as that
 * registry's repository when {@code ns} is given; else as the registry its first component names
 * when that is a stored registry ({@code docker.io/library/alpine}); else as Docker Hub's; else as
 * the one stored registry that has a repository of that path.
 */
final class Names {
    /** The distribution spec's repository name grammar. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");
    private static final String HUB = "docker.io";

    /** Stored repositories ({@code registry/path}), each with its tags and their root descriptors. */
    private final Map<String, Map<String, Descriptor>> repositories = new TreeMap<>();

    Names(List<Descriptor> refs) {
        for (Descriptor d : refs) {
            String name = d.annotation(Descriptor.REF_NAME);
            if (name == null) {
                continue;
            }
            ImageReference ref;
            try {
                ref = ImageReference.parse(name);
            } catch (StowageException notAReference) {
                continue; // a damaged entry: the store's verify reports it
            }
            Map<String, Descriptor> tags = repositories.computeIfAbsent(ref.registry() + "/" + ref.repository(), r -> new TreeMap<>());
            if (ref.digest() == null && ref.tag() != null) {
                tags.put(ref.tag(), d);
            }
        }
    }

    static boolean isName(String path) {
        return path.length() <= 255 && NAME.matcher(path).matches();
    }

    /** The stored repository a client's {@code path} (with {@code ns}, or null) means, if any. */
    Optional<String> repository(String path, String ns) {
        if (ns != null) {
            String registry = ns.equals("index.docker.io") || ns.equals("registry-1.docker.io") ? HUB : ns;
            String hub = registry.equals(HUB) && !path.contains("/") ? "library/" + path : path;
            return present(registry + "/" + hub);
        }
        int slash = path.indexOf('/');
        if (slash > 0 && path.substring(0, slash).contains(".") && present(path).isPresent()) {
            return Optional.of(path);
        }
        Optional<String> hub = present(HUB + "/" + (path.contains("/") ? path : "library/" + path));
        if (hub.isPresent()) {
            return hub;
        }
        List<String> matches = repositories.keySet().stream().filter(r -> r.endsWith("/" + path)
                && r.indexOf('/') == r.length() - path.length() - 1).toList();
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    private Optional<String> present(String repository) {
        return repositories.containsKey(repository) ? Optional.of(repository) : Optional.empty();
    }

    /** The repository's tags, sorted. */
    TreeSet<String> tags(String repository) {
        return new TreeSet<>(repositories.getOrDefault(repository, Map.of()).keySet());
    }

    /** The root descriptor the repository's tag names, if any. */
    Optional<Descriptor> tagged(String repository, String tag) {
        return Optional.ofNullable(repositories.getOrDefault(repository, Map.of()).get(tag));
    }

    /** Whether the repository names {@code digest} as a root (a tag's, or a pull by digest's). */
    boolean names(String repository, Digest digest) {
        return repositories.getOrDefault(repository, Map.of()).values().stream().anyMatch(d -> d.digest().equals(digest));
    }

    /**
     * Every stored repository as a client would ask for it: Docker Hub's by their path, others by
     * {@code registry/path} when the registry is a valid name component (no port), else by path.
     */
    TreeSet<String> catalog() {
        TreeSet<String> names = new TreeSet<>();
        for (String r : repositories.keySet()) {
            int slash = r.indexOf('/');
            String registry = r.substring(0, slash);
            String path = r.substring(slash + 1);
            names.add(registry.equals(HUB) ? path : isName(r) ? r : path);
        }
        return names;
    }
}
