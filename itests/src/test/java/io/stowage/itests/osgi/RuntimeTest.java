package io.stowage.itests.osgi;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.stowage.api.Descriptor;
import io.stowage.api.ImageService;
import io.stowage.api.store.BlobStore;
import io.stowage.api.transport.Transport;
import io.stowage.itests.Fixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * What every OSGi test has: a framework per test class booted with the runtime's bundles
 * ({@link Runtime}), the image service, and the end-to-end fixture's registry, whose references
 * reach the framework as system properties (the registry runs on the driver's side).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public abstract class RuntimeTest {
    @Inject
    protected BundleContext context;

    @Inject
    protected ImageService images;

    @Inject
    protected ConfigurationAdmin cm;

    @Configuration
    public Option[] config() {
        Fixture f = Fixture.get();
        return new Option[] {Runtime.options(leaveOut()), systemProperty("stowage.it.registry").value(f.host())};
    }

    /** Bundles of the runtime this class's framework leaves out, by file name. */
    protected Predicate<String> leaveOut() {
        return name -> false;
    }

    /** An action that may fail until the framework has settled. */
    protected interface Attempt<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code attempt} until it succeeds, for up to 10 s: for what follows a change the
     * framework applies on another thread (a rebinding, a bundle's restart).
     */
    protected static <T> T eventually(Attempt<T> attempt) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                return attempt.run();
            } catch (Exception | AssertionError e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    /** Selects a store in Configuration Admin, as an operator editing etc/io.stowage.core.cfg would. */
    protected void select(String kind) throws Exception {
        org.osgi.service.cm.Configuration c = cm.getConfiguration("io.stowage.core", null);
        Dictionary<String, Object> props = c.getProperties();
        props.put("store.target", "(stowage.store=" + kind + ")");
        c.update(props);
        awaitServing(kind);
    }

    /**
     * Waits until the image service has swapped to the store of this kind: the core bundle uses
     * that store's service and no other store's. (A greedy rebind binds the new service before it
     * releases the old; SCR's DTOs show the new target a moment before the bind.)
     */
    protected void awaitServing(String kind) throws Exception {
        Bundle core = bundle("stowage-core");
        eventually(() -> {
            for (ServiceReference<BlobStore> ref : context.getServiceReferences(BlobStore.class, null)) {
                boolean wanted = kind.equals(ref.getProperty(BlobStore.PROPERTY));
                Bundle[] users = ref.getUsingBundles();
                boolean used = users != null && Arrays.asList(users).contains(core);
                if (wanted != used) {
                    throw new AssertionError("core " + (used ? "still uses " : "does not use yet ")
                            + ref.getProperty(BlobStore.PROPERTY));
                }
            }
            return null;
        });
    }

    protected BlobStore store(String kind) throws Exception {
        ServiceReference<BlobStore> ref = context.getServiceReferences(BlobStore.class, "(stowage.store=" + kind + ")")
                .iterator().next();
        return context.getService(ref);
    }

    /** Whether a store has an entry with this name. */
    protected static boolean named(BlobStore store, String name) {
        return store.refs().stream().anyMatch(d -> name.equals(d.annotation(Descriptor.REF_NAME)));
    }

    protected Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    /** The runtime's own registry transport: what test transports delegate to. */
    protected Transport registryTransport() throws Exception {
        return context.getService(context.getServiceReferences(Transport.class,
                "(component.name=io.stowage.transport.registry.internal.RegistryTransport)").iterator().next());
    }

    /** {@code <registry>/app:latest}. */
    protected static String app() {
        return registry() + "/app:latest";
    }

    /** {@code <registry>/other:latest}. */
    protected static String other() {
        return registry() + "/other:latest";
    }

    /** The fixture's open registry, {@code 127.0.0.1:<port>}. */
    protected static String registry() {
        return System.getProperty("stowage.it.registry");
    }

    /** Drops the runtime's jar whose file name starts with {@code name} into deploy/, whole. */
    protected Path deploy(String name) throws Exception {
        Path jar;
        try (Stream<Path> jars = Files.walk(Runtime.dist().resolve("bundle"))) {
            jar = jars.filter(j -> j.getFileName().toString().startsWith(name)).findFirst().orElseThrow();
        }
        return deploy(jar);
    }

    /** Drops {@code jar} into deploy/, whole. */
    protected Path deploy(Path jar) throws Exception {
        // copied beside deploy/, then moved in whole: FileInstall never sees half a jar
        Path home = Paths.get(context.getProperty("stowage.home"));
        Path partial = home.resolve(jar.getFileName() + ".part");
        Files.copy(jar, partial);
        return Files.move(partial, home.resolve("deploy").resolve(jar.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Waits until FileInstall has uninstalled the bundle. Not its services' absence: Felix takes a
     * service out of the registry before it tells listeners, so SCR may not have unbound it yet;
     * an uninstall is over only when the bundle's stop, and every unbind, is.
     */
    protected void awaitUninstalled(String symbolicName) throws Exception {
        eventually(() -> {
            assertTrue(symbolicName + " still installed",
                    java.util.Arrays.stream(context.getBundles()).noneMatch(b -> b.getSymbolicName().equals(symbolicName)));
            return null;
        });
    }
}
