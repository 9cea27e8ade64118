package io.stowage.api;

import java.util.Locale;

/** An OCI platform: os, architecture and optional variant ({@code linux/arm64/v8}). */
public record Platform(String os, String architecture, String variant) {

    public Platform {
        os = os == null ? "" : os;
        architecture = architecture == null ? "" : architecture;
        variant = variant == null ? "" : variant;
    }

    /** Parses {@code os/arch[/variant]}. */
    public static Platform parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new StowageException(StowageException.Reason.INVALID,
                    "invalid platform " + Digest.printable(text) + ": expected os/arch[/variant]");
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
    }

    /** The platform of the running JVM, in Go's names (amd64, arm64, …). */
    public static Platform host() {
        String os = System.getProperty("os.name", "linux").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT);
        String goArch = switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            case "arm" -> "arm";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> arch;
        };
        String goOs = os.startsWith("windows") ? "windows" : os.startsWith("mac") ? "darwin" : os;
        return new Platform(goOs, goArch, goArch.equals("arm64") ? "v8" : "");
    }

    /**
     * Whether an index entry for {@code candidate} serves this platform: same os and
     * architecture, and the same variant when both name one (arm64's variant defaults to v8).
     */
    public boolean matches(Platform candidate) {
        if (!os.equals(candidate.os) || !architecture.equals(candidate.architecture)) {
            return false;
        }
        String mine = normalisedVariant();
        String theirs = candidate.normalisedVariant();
        return mine.isEmpty() || theirs.isEmpty() || mine.equals(theirs);
    }

    private String normalisedVariant() {
        return architecture.equals("arm64") && variant.isEmpty() ? "v8" : variant;
    }

    @Override
    public String toString() {
        return variant.isEmpty() ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
    }
}
