package io.stowage.server.internal;

import io.stowage.api.ImageReference;
import io.stowage.api.ImageService;
import io.stowage.api.StowageException;
import io.stowage.oci.Log;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Pull-through: a manifest the store lacks, asked for under a configured upstream registry, is
 * pulled by the image service (its mirrors, credentials, resume and retries) and then served.
 * Requests for the same reference while it is pulled wait for that one pull. Which upstream a
 * request means: containerd's {@code ns} parameter; else the path's first component when it is
 * a registry's name ({@code ghcr.io/org/app}); else the first upstream configured. An upstream not configured, a pull that fails, or an image the
 * upstream lacks: the client gets a 404 and falls back, as mirrors are expected to answer.
 */
final class PullThrough {
    private static final String HUB = "docker.io";

    private final Log log = new Log(PullThrough.class);
    private final Supplier<ImageService> images;
    private final List<String> upstreams;
    private final Map<String, CompletableFuture<Boolean>> pulling = new ConcurrentHashMap<>();

    PullThrough(Supplier<ImageService> images, List<String> upstreams) {
        this.images = images;
        this.upstreams = upstreams.stream().map(PullThrough::registry).toList();
    }

    /** {@code upstreams} as configured: comma-separated registry names; empty entries dropped. */
    static List<String> parse(String configured) {
        return java.util.Arrays.stream(configured.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toList();
    }

    private static String registry(String name) {
        return name.equals("index.docker.io") || name.equals("registry-1.docker.io") ? HUB : name;
    }

    /** The whole reference to pull for a client's manifest request; null when no configured upstream serves it. */
    String reference(String name, String ns, String reference) {
        String registry;
        String path = name;
        int slash = name.indexOf('/');
        if (ns != null) {
            registry = registry(ns);
        } else if (slash > 0 && name.substring(0, slash).contains(".") && upstreams.contains(registry(name.substring(0, slash)))) {
            registry = registry(name.substring(0, slash));
            path = name.substring(slash + 1);
        } else if (!upstreams.isEmpty()) {
            registry = upstreams.get(0);
        } else {
            return null;
        }
        if (!upstreams.contains(registry)) {
            return null;
        }
        try {
            ImageReference ref = ImageReference.parse(registry + "/" + path + (ImageReference.isTag(reference) ? ":" : "@") + reference);
            return ref.registry().equals(registry) ? ref.toString() : null;
        } catch (StowageException notAReference) {
            return null;
        }
    }

    /** Pulls {@code reference} once, however many requests ask at once; whether it is now stored. */
    boolean fetch(String reference) {
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = pulling.putIfAbsent(reference, mine);
        if (running != null) {
            try {
                return running.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                return false;
            }
        }
        boolean ok = false;
        try {
            images.get().pull(reference, null, null);
            log.info("pulled through {}", reference);
            ok = true;
        } catch (StowageException e) {
            log.warn("pull-through of {} failed: {}", reference, e.getMessage());
        } finally {
            pulling.remove(reference, mine);
            mine.complete(ok);
        }
        return ok;
    }
}
