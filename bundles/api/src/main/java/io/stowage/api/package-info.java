/**
 * Stowage's value types (digests, descriptors, references, image configurations) and its
 * services: {@link io.stowage.api.ImageService}, {@link io.stowage.api.ImageUsage} and
 * {@link io.stowage.api.ContainerService}.
 */
@Export
@Version("0.1.0")
package io.stowage.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
