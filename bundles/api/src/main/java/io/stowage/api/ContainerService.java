package io.stowage.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** Creates, lists and removes created containers. */
@ProviderType
public interface ContainerService {

    /**
     * Creates a container holding a stored image.
     *
     * @param name a name, or {@code null} for a generated one
     * @throws StowageException NOT_FOUND for an unknown image, CONFLICT for a name in use
     */
    Container create(String name, String image);

    List<Container> list();

    /** Removes a container by name, full ID or unique ID prefix. */
    Container remove(String nameOrId);
}
