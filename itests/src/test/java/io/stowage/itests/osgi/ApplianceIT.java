package io.stowage.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.stowage.itests.osgi.appliance.Appliance;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.Test;
import org.osgi.framework.Bundle;

/**
 * An appliance bundle that pulls its image as it starts (see {@link Appliance}) gets it whatever
 * the order in which it, the core, the registry transport and the store start: each of the 24
 * orders is played in this framework, the bundles stopped and started again one by one, and the
 * pull waits for what is not there yet ({@code transport.wait}) instead of failing.
 */
public class ApplianceIT extends RuntimeTest {
    private static final List<String> STOWAGE = List.of("stowage-core", "stowage-transport-registry", "stowage-store-fs");

    @Test
    public void anApplianceThatPullsAsItStartsGetsItsImageInEveryStartOrder() throws Exception {
        System.setProperty(Appliance.IMAGE, app());
        Bundle appliance = context.installBundle("appliance", applianceJar());
        List<String> failures = new ArrayList<>();
        List<List<String>> orders = permutations(new ArrayList<>(List.of("appliance", STOWAGE.get(0), STOWAGE.get(1), STOWAGE.get(2))));
        assertEquals(24, orders.size());
        for (List<String> order : orders) {
            for (String name : List.of("appliance", STOWAGE.get(0), STOWAGE.get(1), STOWAGE.get(2))) {
                (name.equals("appliance") ? appliance : bundle(name)).stop();
            }
            System.clearProperty(Appliance.RESULT);
            for (String name : order) {
                (name.equals("appliance") ? appliance : bundle(name)).start();
            }
            String result = eventually(() -> {
                String r = System.getProperty(Appliance.RESULT);
                if (r == null) {
                    throw new AssertionError("no result yet");
                }
                return r;
            });
            if (!result.startsWith("pulled sha256:")) {
                failures.add(order + ": " + result);
            }
        }
        assertTrue("orders whose pull failed: " + failures, failures.isEmpty());
        appliance.uninstall();
    }

    /** A bundle of {@link Appliance} alone, its activator. */
    private static InputStream applianceJar() throws Exception {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "io.stowage.itests.appliance");
        a.putValue("Bundle-Activator", Appliance.class.getName());
        a.putValue("Import-Package", "io.stowage.api,org.osgi.framework,org.osgi.util.tracker");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, m)) {
            for (String suffix : List.of("", "$1")) {
                String entry = Appliance.class.getName().replace('.', '/') + suffix + ".class";
                jar.putNextEntry(new JarEntry(entry));
                try (InputStream in = Appliance.class.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(jar);
                }
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    private static List<List<String>> permutations(List<String> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<String>> all = new ArrayList<>();
        for (String first : items) {
            List<String> rest = new ArrayList<>(items);
            rest.remove(first);
            for (List<String> tail : permutations(rest)) {
                List<String> order = new ArrayList<>();
                order.add(first);
                order.addAll(tail);
                all.add(order);
            }
        }
        return all;
    }
}
