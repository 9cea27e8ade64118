package io.stowage.api.transport;

import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The resolving role: opens what a {@link Location} names as a source of images, and, where the
 * transport can write, as a destination or a multi-image archive.
 *
 * <p>A transport is an OSGi service whose properties say what it serves, so the core holds no
 * list of kinds and a bundle deployed while the framework runs adds one:
 * <ul>
 * <li>{@value #KIND}: the kind or kinds (a {@code String} or {@code String[]}); the word before the
 * first colon of a location ({@code oci} in {@code oci:/srv/layout:app});
 * <li>{@value #SYNTAX}: {@value #LOCATIONS} (the default), the transport reads what follows
 * {@code kind:} ({@link Location#text()}, {@link Location#path()} and {@link Location#ref()} parse
 * the usual {@code <path>[:<ref>]}); or {@value #REFERENCES}, the transport serves plain image
 * references ({@code alpine:3.19}, {@link Location#reference()}), as the registry transport does
 * under kind {@value #REGISTRY_KIND};
 * <li>{@value #REGISTRY} (optional, reference transports only): the registries
 * ({@code host[:port]}) it serves, and no others; one that names none serves every registry.
 * Among those that fit, the highest {@code service.ranking} wins.
 * </ul>
 *
 * <p>A transport that wraps another extends {@link ForwardingTransport}, and its sources
 * {@link ForwardingImageSource}, so that every capability it does not change is kept.
 *
 * @since 1.0
 */
@ConsumerType
public interface Transport {
    /** Service property: the kind or kinds of location this transport opens. */
    String KIND = "stowage.transport";
    /** Service property: {@value #LOCATIONS} or {@value #REFERENCES}. */
    String SYNTAX = "stowage.transport.syntax";
    /** {@value #SYNTAX}: the transport reads {@code kind:<location>}. */
    String LOCATIONS = "location";
    /** {@value #SYNTAX}: the transport serves plain image references. */
    String REFERENCES = "reference";
    /** Service property of a reference transport: the registries it serves, and no others. */
    String REGISTRY = "stowage.registry";
    /** The kind a plain image reference is reported under (skopeo's name for registries). */
    String REGISTRY_KIND = "docker";

    /** Opens {@code location} for reading; the caller closes the source. */
    ImageSource open(Location location);

    /**
     * Opens {@code location} for writing; the caller commits and closes it. A transport that
     * cannot write does not override this.
     */
    default ImageDestination openDestination(Location location) {
        throw new StowageException(Reason.UNSUPPORTED, "the " + location.kind() + " transport cannot write to " + location);
    }

    /**
     * Opens {@code location} as an archive of several images ({@code image:load}); a transport
     * whose locations hold one image does not override this.
     */
    default ImageArchive openArchive(Location location) {
        return ImageArchive.of(open(location));
    }
}
