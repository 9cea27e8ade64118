/**
 * The transport SPI, by role. A {@link io.stowage.api.transport.Transport} (a service whose
 * properties name its kinds and syntax) opens a {@link io.stowage.api.transport.Location}: as an
 * {@link io.stowage.api.transport.ImageSource} to read (the root document, manifests by digest,
 * blobs from an offset), an {@link io.stowage.api.transport.ImageDestination} to write, or an
 * {@link io.stowage.api.transport.ImageArchive} of several images. Walking, verification, platform
 * choice and storing live once, in the core: a transport only moves bytes. The {@code Forwarding}
 * classes are the bases of wrappers; a {@link io.stowage.api.transport.RequestObserver} sees every
 * registry request. The README's "Writing a transport" walks through a complete one.
 *
 * <p>1.0 (from 0.4): {@code Transport.open} and {@code openDestination} take a {@code Location}
 * (one method each, in place of one per reference and per location), {@code PROPERTY} is
 * {@code KIND}, the syntax is a service property; {@code ImageSource.blob(Descriptor, long)} is the
 * method to implement and {@code images()} moved to {@code ImageArchive}. 1.1: cosign's signature
 * manifests beside an image at a location ({@code ImageSource.cosignSignatures},
 * {@code ImageDestination.putCosignSignatures}).
 */
@Export
@Version("1.1.0")
package io.stowage.api.transport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
