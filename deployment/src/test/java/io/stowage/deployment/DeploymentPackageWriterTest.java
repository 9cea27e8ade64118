package io.stowage.deployment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentPackageWriterTest {
    @TempDir
    Path dir;

    @Test
    void manifestFirstThenEachBundleWithItsIdentity() throws IOException {
        Path a = bundle("a.jar", "io.example.a;singleton:=true", "1.2.3");
        Path b = bundle("b.jar", "io.example.b", "0.1.0.SNAPSHOT");
        Path dp = dir.resolve("x.dp");
        DeploymentPackageWriter.write(dp, "io.example", "2.0.0", "Example", List.of(a, b));

        try (JarInputStream in = new JarInputStream(Files.newInputStream(dp))) {
            Manifest m = in.getManifest(); // JarInputStream finds it only as the first entries
            assertEquals("io.example", m.getMainAttributes().getValue("DeploymentPackage-SymbolicName"));
            assertEquals("2.0.0", m.getMainAttributes().getValue("DeploymentPackage-Version"));
            assertEquals("io.example.a", m.getAttributes("bundles/a.jar").getValue("Bundle-SymbolicName"));
            assertEquals("1.2.3", m.getAttributes("bundles/a.jar").getValue("Bundle-Version"));
            assertEquals("io.example.b", m.getAttributes("bundles/b.jar").getValue("Bundle-SymbolicName"));
            List<String> names = new ArrayList<>();
            for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                names.add(e.getName());
                if (e.getName().equals("bundles/a.jar")) {
                    assertArrayEquals(Files.readAllBytes(a), in.readAllBytes());
                }
            }
            assertEquals(List.of("bundles/a.jar", "bundles/b.jar"), names);
        }
        assertFalse(Files.exists(dir.resolve("x.dp.part")));
    }

    @Test
    void aJarThatIsNoBundleIsNamedAndNothingIsWritten() throws IOException {
        Path plain = dir.resolve("plain.jar");
        try (OutputStream out = Files.newOutputStream(plain); JarOutputStream jar = new JarOutputStream(out, new Manifest())) {
            jar.putNextEntry(new JarEntry("x"));
        }
        Path dp = dir.resolve("x.dp");
        IOException e = assertThrows(IOException.class, () -> DeploymentPackageWriter.write(dp, "n", "1", "n", List.of(plain)));
        assertTrue(e.getMessage().contains("plain.jar"), e.getMessage());
        assertFalse(Files.exists(dp));
        assertFalse(Files.exists(dir.resolve("x.dp.part")));
    }

    @Test
    void mavenVersionsBecomeOsgiVersions() {
        assertEquals("0.1.0.202612021000", DeploymentPackageWriter.osgiVersion("0.1.0-SNAPSHOT", "202612021000"));
        assertEquals("1.2.3", DeploymentPackageWriter.osgiVersion("1.2.3", "202612021000"));
        assertEquals("1.2.3.rc1", DeploymentPackageWriter.osgiVersion("1.2.3-rc1", "202612021000"));
    }

    private Path bundle(String file, String bsn, String version) throws IOException {
        Manifest m = new Manifest();
        Attributes main = m.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-SymbolicName", bsn);
        main.putValue("Bundle-Version", version);
        Path jar = dir.resolve(file);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.putNextEntry(new JarEntry("x.txt"));
            j.write(file.getBytes());
        }
        return jar;
    }

}
