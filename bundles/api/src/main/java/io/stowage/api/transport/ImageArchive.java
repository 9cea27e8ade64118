package io.stowage.api.transport;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The multi-image role: every image one location holds (each entry of a {@code docker save}
 * archive or an OCI layout), each a source of one image, with the names it carries
 * ({@link ImageSource#names()}). Closing the archive closes them.
 *
 * @since 1.0
 */
@ConsumerType
public interface ImageArchive extends AutoCloseable {

    /** The images, in the archive's order; at least one. */
    List<ImageSource> images();

    @Override
    void close();

    /** An archive of the one image {@code source} gives; closing it closes the source. */
    static ImageArchive of(ImageSource source) {
        return new ImageArchive() {
            @Override
            public List<ImageSource> images() {
                return List.of(source);
            }

            @Override
            public void close() {
                source.close();
            }
        };
    }
}
