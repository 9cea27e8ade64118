/**
 * The content store SPI, in roles after containerd's content store: read, ingest, manage, and
 * the references that name root manifests (an OCI Image Layout's {@code index.json}).
 */
@Export
@Version("0.4.0")
package io.stowage.api.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
