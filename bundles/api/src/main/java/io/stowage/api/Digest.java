package io.stowage.api;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest, {@code algorithm:hex}. Only {@code sha256} with 64 lower-case hex digits is
 * accepted, so a digest can safely name a file.
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {
    public static final String SHA256 = "sha256";
    private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");

    public Digest {
        if (!SHA256.equals(algorithm)) {
            throw new StowageException(StowageException.Reason.UNSUPPORTED,
                    "digest algorithm " + printable(algorithm) + " is not supported");
        }
        if (hex == null || !HEX64.matcher(hex).matches()) {
            throw new StowageException(StowageException.Reason.INVALID,
                    "invalid digest " + printable(algorithm + ":" + hex));
        }
    }

    /** Parses {@code sha256:<64 hex>}; anything else is {@link StowageException.Reason#INVALID}. */
    public static Digest parse(String text) {
        if (text == null) {
            throw new StowageException(StowageException.Reason.INVALID, "missing digest");
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new StowageException(StowageException.Reason.INVALID, "invalid digest " + printable(text));
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    public static Digest of(byte[] bytes) {
        return new Digest(SHA256, HexFormat.of().formatHex(sha256().digest(bytes)));
    }

    public static Digest of(MessageDigest finished) {
        return new Digest(SHA256, HexFormat.of().formatHex(finished.digest()));
    }

    /** A new SHA-256 hasher; every JDK has one. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first 12 hex digits, as Docker shows an image ID. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public int compareTo(Digest o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String cut = s.length() > 100 ? s.substring(0, 100) + "…" : s;
        return "\"" + StowageException.escaped(cut) + "\"";
    }
}
