package io.stowage.api;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Unpacks stored images into directories by the OCI layer rules, as {@code umoci unpack} does.
 *
 * @since 0.5
 */
@ProviderType
public interface UnpackService {

    /**
     * Writes the root filesystem of {@code image} (a name or an ID) to {@code directory/rootfs},
     * applying its layers in order: whiteouts and opaque directories, hard and symbolic links,
     * modes, times, owners and device nodes when running as root. Each layer's content is checked
     * against its diff_id as it is unpacked. Beside it, {@code config.json}: an OCI runtime
     * configuration for the image's process, so the directory is a bundle a runtime such as runc
     * starts. {@code directory} must not exist, or be empty.
     *
     * @return the root filesystem written
     * @throws StowageException NOT_FOUND for an unknown image; INVALID naming the layer and the
     *         entry when an entry would write outside the root filesystem, or a layer is not what
     *         the config says; then nothing is left in {@code directory}
     */
    Path unpack(String image, Path directory);
}
