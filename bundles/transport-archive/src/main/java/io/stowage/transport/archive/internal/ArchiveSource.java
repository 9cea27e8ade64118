package io.stowage.transport.archive.internal;

import io.stowage.api.transport.ImageArchive;
import io.stowage.api.transport.ImageSource;

/**
 * What this bundle's readers are: a source of the image a location's ref chooses, and, opened
 * without one, the archive of every image there. A transport's {@code open} and
 * {@code openArchive} give the same object.
 */
interface ArchiveSource extends ImageSource, ImageArchive {
    @Override
    void close();
}
