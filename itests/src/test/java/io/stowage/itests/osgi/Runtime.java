package io.stowage.itests.osgi;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ops4j.pax.exam.Option;

/**
 * The Pax Exam configuration every OSGi test shares: a framework (Felix or Equinox, whichever the
 * run has on its class path) with exactly the bundles the runtime ships (from {@code
 * runtime/target/stowage/bundle}, by file URL), its {@code etc/} read by FileInstall as the
 * runtime reads it, and a fresh data directory. The shell bundle is installed but not started, as
 * in a one-shot run: nothing reads the test's standard input ({@link CommandsIT} starts it).
 */
final class Runtime {
    static final String SHELL = "org.apache.felix.gogo.jline";

    private Runtime() {
    }

    static Path dist() {
        return Paths.get(System.getProperty("stowage.dist", "../runtime/target/stowage")).toAbsolutePath().normalize();
    }

    static Option options() {
        return options(name -> false);
    }

    /** The runtime's options, leaving out the bundles whose file name {@code leaveOut} accepts. */
    static Option options(java.util.function.Predicate<String> leaveOut) {
        try {
            Path home = Files.createTempDirectory("stowage-osgi-");
            Path etc = Files.createDirectories(home.resolve("etc"));
            Files.createDirectories(home.resolve("deploy"));
            try (Stream<Path> files = Files.list(dist().resolve("etc"))) {
                for (Path f : files.toList()) {
                    Files.copy(f, etc.resolve(f.getFileName()));
                }
            }
            // tests that take a transport away wait 5 s for it, not the shipped 30
            Path core = etc.resolve("io.stowage.core.cfg");
            String cfg = Files.readString(core);
            if (!cfg.contains("\ntransport.wait=30\n")) {
                throw new AssertionError("the runtime's io.stowage.core.cfg has no transport.wait=30: " + cfg);
            }
            Files.writeString(core, cfg.replace("\ntransport.wait=30\n", "\ntransport.wait=5\n"));
            List<Option> options = new ArrayList<>();
            options.add(frameworkProperty("stowage.home").value(home.toString()));
            // as the launcher: the shell, when a test starts it, reads etc/gosh_profile (the runtime's) from here
            options.add(frameworkProperty("gosh.home").value(home.toString()));
            options.add(frameworkProperty("stowage.data").value(home.resolve("data").toString()));
            // as the launcher: the deploy/ watcher's working directory (etc/org.apache.felix.fileinstall-deploy.cfg)
            options.add(frameworkProperty("stowage.cache").value(home.resolve("cache").toString()));
            options.add(frameworkProperty("felix.fileinstall.dir").value(etc.toString()));
            options.add(frameworkProperty("felix.fileinstall.filter").value(".*\\.cfg"));
            options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
            options.add(frameworkProperty("felix.fileinstall.poll").value("200"));
            options.add(frameworkProperty("felix.fileinstall.enableConfigSave").value("false"));
            options.add(frameworkProperty("felix.fileinstall.log.level").value("1"));
            options.add(frameworkProperty("ds.loglevel").value("error"));
            options.add(frameworkProperty("org.apache.felix.eventadmin.LogLevel").value("1"));
            // as the launcher: Felix HTTP's default server stays off (it would listen on every address, port 8080)
            options.add(frameworkProperty("org.apache.felix.http.enable").value("false"));
            options.add(frameworkProperty("org.apache.felix.https.enable").value("false"));
            try (Stream<Path> jars = Files.walk(dist().resolve("bundle"))) { // bundle/serve/ too
                for (Path jar : jars.filter(j -> j.toString().endsWith(".jar"))
                        .filter(j -> !leaveOut.test(j.getFileName().toString())).sorted().toList()) {
                    boolean shell = jar.getFileName().toString().startsWith(SHELL);
                    options.add(bundle(jar.toUri().toString()).start(!shell));
                }
            }
            options.add(junitBundles());
            options.add(cleanCaches(true));
            options.add(systemTimeout(60_000));
            return composite(options.toArray(new Option[0]));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
