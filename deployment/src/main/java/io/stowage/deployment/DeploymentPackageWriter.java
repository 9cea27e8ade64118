package io.stowage.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Writes an OSGi Deployment Package (OSGi Compendium, Deployment Admin): a jar whose manifest
 * names the package and its version and has a section for each bundle it holds, naming the
 * bundle's symbolic name and version as the bundle's own manifest does; the manifest comes first,
 * then the bundles, under {@code bundles/}. Deployment Admin installs such a package, updates an
 * installed package of the same symbolic name to this version in place, and uninstalls exactly
 * its bundles.
 */
public final class DeploymentPackageWriter {
    static final String SYMBOLIC_NAME = "DeploymentPackage-SymbolicName";
    static final String VERSION = "DeploymentPackage-Version";
    static final String NAME = "DeploymentPackage-Name";
    static final String BUNDLE_SYMBOLIC_NAME = "Bundle-SymbolicName";
    static final String BUNDLE_VERSION = "Bundle-Version";
    static final String DIRECTORY = "bundles/";

    private DeploymentPackageWriter() {
    }

    /**
     * {@code <out.dp> <symbolic name> <Maven version> <snapshot qualifier> <name> <directory of
     * bundles>}: every jar in the directory, by file name.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 6) {
            throw new IllegalArgumentException("usage: <out.dp> <symbolic name> <version> <snapshot qualifier> <name> <directory of bundles>");
        }
        List<Path> bundles;
        try (Stream<Path> files = Files.list(Path.of(args[5]))) {
            bundles = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        write(Path.of(args[0]), args[1], osgiVersion(args[2], args[3]), args[4], bundles);
    }

    /**
     * The OSGi version of a Maven one: {@code 0.1.0-SNAPSHOT} is {@code 0.1.0.<snapshot>}, so
     * each snapshot build is newer than the one before (Deployment Admin updates only what
     * changed version); {@code 1.2.3-rc1} is {@code 1.2.3.rc1}.
     */
    public static String osgiVersion(String maven, String snapshot) {
        String v = maven.endsWith("-SNAPSHOT") ? maven.substring(0, maven.length() - "SNAPSHOT".length()) + snapshot : maven;
        return v.replaceFirst("^(\\d+\\.\\d+\\.\\d+)-", "$1.");
    }

    /** Writes the package to {@code out}, whole or not at all (through a file beside it). */
    public static void write(Path out, String symbolicName, String version, String name, List<Path> bundles) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(SYMBOLIC_NAME, symbolicName);
        main.putValue(VERSION, version);
        main.putValue(NAME, name);
        for (Path bundle : bundles) {
            manifest.getEntries().put(DIRECTORY + bundle.getFileName(), identity(bundle));
        }
        Path partial = out.resolveSibling(out.getFileName() + ".part");
        try (OutputStream file = Files.newOutputStream(partial); JarOutputStream jar = new JarOutputStream(file, manifest)) {
            for (Path bundle : bundles) {
                jar.putNextEntry(new JarEntry(DIRECTORY + bundle.getFileName()));
                try (InputStream in = Files.newInputStream(bundle)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The bundle's symbolic name (without its directives) and version, from its manifest. */
    static Attributes identity(Path bundle) throws IOException {
        try (JarFile jar = new JarFile(bundle.toFile())) {
            Manifest m = jar.getManifest();
            String bsn = m == null ? null : m.getMainAttributes().getValue(BUNDLE_SYMBOLIC_NAME);
            if (bsn == null) {
                throw new IOException("not an OSGi bundle (no Bundle-SymbolicName): " + bundle);
            }
            String version = m.getMainAttributes().getValue(BUNDLE_VERSION);
            Attributes a = new Attributes();
            a.putValue(BUNDLE_SYMBOLIC_NAME, bsn.split(";", 2)[0].trim());
            a.putValue(BUNDLE_VERSION, version == null ? "0.0.0" : version.trim());
            return a;
        }
    }
}
