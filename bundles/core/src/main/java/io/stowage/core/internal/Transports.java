package io.stowage.core.internal;

import io.stowage.api.transport.Transport;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.osgi.framework.Constants;

/**
 * The transports bound to the image service, and the rule that picks one for a reference:
 * among those of the reference's kind ({@value Transport#PROPERTY}), a transport whose
 * {@value #REGISTRY} names the reference's registry wins; otherwise one that names no registry
 * serves. Ties go to the highest {@code service.ranking}, then the lowest {@code service.id}.
 */
final class Transports {
    /** Service property: the registries (host[:port]) a transport serves, and no others. */
    static final String REGISTRY = "stowage.registry";

    private record Bound(Transport transport, String kind, Set<String> registries, int ranking, long id) {
    }

    private final List<Bound> bound = new CopyOnWriteArrayList<>();

    void add(Transport transport, Map<String, Object> properties) {
        Object kind = properties.get(Transport.PROPERTY);
        if (kind == null) {
            return;
        }
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        Object id = properties.get(Constants.SERVICE_ID);
        bound.add(new Bound(transport, kind.toString(), strings(properties.get(REGISTRY)),
                ranking instanceof Integer r ? r : 0, id instanceof Long l ? l : Long.MAX_VALUE));
        synchronized (this) {
            notifyAll();
        }
    }

    /** {@link #choose}, waiting up to {@code wait} for such a transport to be added. */
    Optional<Transport> await(String kind, String registry, java.time.Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (this) {
            while (true) {
                Optional<Transport> t = choose(kind, registry);
                long left = deadline - System.nanoTime();
                if (t.isPresent() || left <= 0) {
                    return t;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    void remove(Transport transport) {
        bound.removeIf(b -> b.transport == transport);
    }

    /** The kinds of the transports bound now. */
    Set<String> kinds() {
        return bound.stream().map(Bound::kind).collect(Collectors.toUnmodifiableSet());
    }

    Optional<Transport> choose(String kind, String registry) {
        Comparator<Bound> preference = Comparator.comparingInt((Bound b) -> -b.ranking).thenComparingLong(b -> b.id);
        List<Bound> ofKind = bound.stream().filter(b -> b.kind.equals(kind)).toList();
        Optional<Bound> dedicated = ofKind.stream().filter(b -> b.registries.contains(registry)).min(preference);
        return dedicated.or(() -> ofKind.stream().filter(b -> b.registries.isEmpty()).min(preference)).map(Bound::transport);
    }

    private static Set<String> strings(Object value) {
        if (value == null) {
            return Set.of();
        }
        if (value instanceof String[] array) {
            return Arrays.stream(array).map(String::trim).collect(Collectors.toUnmodifiableSet());
        }
        if (value instanceof java.util.Collection<?> c) {
            return c.stream().map(Object::toString).map(String::trim).collect(Collectors.toUnmodifiableSet());
        }
        return Arrays.stream(value.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
