package io.stowage.oci;

/**
 * How an image's signatures are marked where they are kept beside it without a name: in the
 * store's {@code index.json} and in an archive's OCI layout. cosign's {@code kind} annotation
 * ({@code cosign save}'s layouts) says an entry holds the manifest of its signature tag, and
 * Stowage's {@link #OF} says which image's (a store or an archive holds several).
 */
public final class SignatureEntries {
    /** The digest a kept signature signs: the image's root document. */
    public static final String OF = "io.stowage.signature.of";
    /** cosign's annotation of the entries {@code cosign save} writes. */
    public static final String KIND = "kind";
    /** {@link #KIND} of the manifest of cosign's signature tag. */
    public static final String COSIGN_SIGS = "dev.cosignproject.cosign/sigs";
    /** {@link #KIND} of the manifest of cosign's attestations. */
    public static final String COSIGN_ATTS = "dev.cosignproject.cosign/atts";

    private SignatureEntries() {
    }
}
