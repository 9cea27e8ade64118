/**
 * Stowage's value types (digests, descriptors, references, image configurations) and its
 * services: {@link io.stowage.api.ImageService}, {@link io.stowage.api.ImageUsage},
 * {@link io.stowage.api.ContainerService} and {@link io.stowage.api.RegistryService}.
 */
@Export
@Version("0.8.0")
package io.stowage.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
