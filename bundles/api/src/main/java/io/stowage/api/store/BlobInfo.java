package io.stowage.api.store;

import io.stowage.api.Digest;

/** A committed blob: its digest and size in bytes. */
public record BlobInfo(Digest digest, long size) {
}
