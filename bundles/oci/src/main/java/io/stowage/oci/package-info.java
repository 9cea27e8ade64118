/**
 * The OCI image formats' JSON, read and written in one place: descriptors, manifests, indexes,
 * image configurations, and an image layout's {@code index.json}. Everything read is
 * validated; what is not valid is a {@link io.stowage.api.StowageException} (INVALID or
 * UNSUPPORTED) whose message says which field is wrong. Also the file primitives every bundle
 * shares: atomic writes, and locks across processes ({@link io.stowage.oci.FileLocks},
 * {@link io.stowage.oci.ByteLocks}).
 */
@Export
@Version("0.7.0")
package io.stowage.oci;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
