package io.stowage.itests.osgi;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ops4j.pax.exam.Option;

/**
 * A framework as an Eclipse Kura gateway has it before Stowage comes: SCR, Configuration Admin,
 * Event Admin, Jackson (the runtime's own jars of them), a Log Service (Equinox has one built in;
 * Pax Exam's own bundles bring Pax Logging's API, a second one, as they do in every test), a
 * MetaType service and Deployment Admin; no FileInstall and no {@code etc/}. Only the data
 * directory is set, as a gateway sets {@code stowage.data} among its framework properties.
 */
final class KuraHost {
    /** The runtime's bundles the host has, by the start of their file names. */
    static final List<String> PREINSTALLED = List.of("org.apache.felix.scr-", "org.osgi.service.component-", "org.osgi.util.promise-",
            "org.osgi.util.function-", "org.apache.felix.configadmin-", "org.apache.felix.eventadmin-", "jackson-");

    private KuraHost() {
    }

    static Option options() throws IOException {
        Path home = Files.createTempDirectory("stowage-kura-");
        List<Option> options = new ArrayList<>();
        options.add(frameworkProperty("stowage.data").value(home.resolve("data").toString()));
        options.add(frameworkProperty("ds.loglevel").value("error"));
        options.add(frameworkProperty("org.apache.felix.eventadmin.LogLevel").value("1"));
        try (Stream<Path> jars = Files.list(Runtime.dist().resolve("bundle"))) {
            for (Path jar : jars.filter(j -> PREINSTALLED.stream().anyMatch(p -> j.getFileName().toString().startsWith(p))).sorted().toList()) {
                options.add(bundle(jar.toUri().toString()).start(true));
            }
        }
        options.add(mavenBundle("org.apache.felix", "org.apache.felix.metatype", "1.2.4"));
        options.add(mavenBundle("org.apache.felix", "org.apache.felix.dependencymanager", "3.2.0"));
        options.add(mavenBundle("org.apache.felix", "org.apache.felix.deploymentadmin", "0.9.6"));
        options.add(junitBundles());
        options.add(cleanCaches(true));
        options.add(systemTimeout(60_000));
        return composite(options.toArray(new Option[0]));
    }
}
