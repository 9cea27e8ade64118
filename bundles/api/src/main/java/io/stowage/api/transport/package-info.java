/**
 * The transport SPI: a transport resolves a reference to its root manifest and fetches blobs.
 * Walking, verification, platform choice and storing live once, in the core.
 */
@Export
@Version("0.4.0")
package io.stowage.api.transport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
