package io.stowage.itests.osgi;

import io.stowage.deployment.DeploymentPackageWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A newer release of the reactor's deployment package, made on the test's side of the framework
 * with the reactor's own writer: version {@value #VERSION}; {@value #BUMPED} at that version too
 * (its manifest rewritten, so its bytes differ); {@value #LEFT_OUT} no longer in it.
 */
final class NewerPackage {
    static final String PROPERTY = "stowage.it.dp.newer";
    static final String VERSION = "99.0.0";
    static final String BUMPED = "stowage-store-memory";
    static final String LEFT_OUT = "stowage-transport-archive";

    private NewerPackage() {
    }

    /** Writes it beside the test's temporary files; its path. */
    static Path write(Path dp) throws IOException {
        Path dir = Files.createTempDirectory("stowage-dp-");
        List<Path> bundles = new ArrayList<>();
        try (JarInputStream in = new JarInputStream(Files.newInputStream(dp))) {
            Manifest manifest = in.getManifest();
            for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                Attributes identity = manifest.getAttributes(e.getName());
                String name = identity.getValue("Bundle-SymbolicName");
                if (name.equals(LEFT_OUT)) {
                    continue;
                }
                Path bundle = dir.resolve(Path.of(e.getName()).getFileName());
                if (name.equals(BUMPED)) {
                    rewriteVersion(in, bundle);
                } else {
                    Files.copy(in, bundle);
                }
                bundles.add(bundle);
            }
        }
        Path newer = dir.resolve("stowage-" + VERSION + ".dp");
        DeploymentPackageWriter.write(newer, "io.stowage", VERSION, "Stowage", bundles);
        return newer;
    }

    /** Copies the bundle {@code in} to {@code out} with its Bundle-Version set to {@value #VERSION}. */
    private static void rewriteVersion(InputStream in, Path out) throws IOException {
        JarInputStream bundle = new JarInputStream(in);
        Manifest m = bundle.getManifest();
        m.getMainAttributes().putValue("Bundle-Version", VERSION);
        try (OutputStream file = Files.newOutputStream(out); JarOutputStream jar = new JarOutputStream(file, m)) {
            for (JarEntry e; (e = bundle.getNextJarEntry()) != null; ) {
                jar.putNextEntry(new JarEntry(e.getName()));
                bundle.transferTo(jar);
                jar.closeEntry();
            }
        }
    }
}
