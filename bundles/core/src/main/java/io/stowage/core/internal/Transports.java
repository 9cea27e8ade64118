package io.stowage.core.internal;

import io.stowage.api.ImageReference;
import io.stowage.api.transport.Location;
import io.stowage.api.transport.Transport;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.osgi.framework.Constants;

/**
 * The transports bound to the image service, read from their service properties alone (the core
 * holds no list of kinds), and the rules that pick one.
 * <ul>
 * <li>A plain reference goes to a transport of syntax {@value Transport#REFERENCES}: one whose
 * {@value Transport#REGISTRY} names the reference's registry wins, otherwise one that names no
 * registry serves.
 * <li>{@code kind:<text>} is a location when a transport of that kind and syntax
 * {@value Transport#LOCATIONS} is bound, or, when none is, when an absolute path follows the colon,
 * which no reference has there (so a pull of {@code oci:/srv/layout} waits for the {@code oci}
 * transport and says it is missing, where {@code x:-tag} is an invalid reference).
 * {@code docker.io/library/oci:latest} must be written whole, as with skopeo.
 * </ul>
 * Ties go to the highest {@code service.ranking}, then the lowest {@code service.id}.
 */
final class Transports {
    /** What may be a kind: as skopeo's transport names are. */
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]*");

    private record Bound(Transport transport, Set<String> kinds, boolean references, Set<String> registries, int ranking,
            long id) {
        boolean serves(String kind, boolean reference) {
            return references == reference && (reference || kinds.contains(kind));
        }
    }

    private final List<Bound> bound = new CopyOnWriteArrayList<>();

    void add(Transport transport, Map<String, Object> properties) {
        Set<String> kinds = strings(properties.get(Transport.KIND));
        if (kinds.isEmpty()) {
            return;
        }
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        Object id = properties.get(Constants.SERVICE_ID);
        boolean references = Transport.REFERENCES.equals(properties.get(Transport.SYNTAX));
        bound.add(new Bound(transport, kinds, references, strings(properties.get(Transport.REGISTRY)),
                ranking instanceof Integer r ? r : 0, id instanceof Long l ? l : Long.MAX_VALUE));
        synchronized (this) {
            notifyAll();
        }
    }

    void remove(Transport transport) {
        bound.removeIf(b -> b.transport == transport);
    }

    /** The location {@code text} names, by the rule above; null for a reference. */
    Location locate(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String kind = text.substring(0, colon);
        boolean bound = this.bound.stream().anyMatch(b -> b.serves(kind, false));
        String rest = text.substring(colon + 1);
        if (bound || (rest.startsWith("/") && KIND.matcher(kind).matches() && !kind.equals(Transport.REGISTRY_KIND))) {
            return new Location(kind, rest);
        }
        return null;
    }

    /** {@link #choose}, waiting up to {@code wait} for such a transport to be added. */
    Optional<Transport> await(Location location, java.time.Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (this) {
            while (true) {
                Optional<Transport> t = choose(location);
                long left = deadline - System.nanoTime();
                if (t.isPresent() || left <= 0) {
                    return t;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    /**
     * The transport for {@code location}: a reference's ({@link Location#of(ImageReference)}) among
     * the reference transports, by its registry; another among the location transports of its kind.
     */
    Optional<Transport> choose(Location location) {
        boolean reference = location.kind().equals(Transport.REGISTRY_KIND);
        String registry = reference ? location.reference().registry() : "";
        Comparator<Bound> preference = Comparator.comparingInt((Bound b) -> -b.ranking).thenComparingLong(b -> b.id);
        List<Bound> fit = bound.stream().filter(b -> b.serves(location.kind(), reference)).toList();
        Optional<Bound> dedicated = fit.stream().filter(b -> b.registries.contains(registry)).min(preference);
        return dedicated.or(() -> fit.stream().filter(b -> b.registries.isEmpty()).min(preference)).map(Bound::transport);
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
