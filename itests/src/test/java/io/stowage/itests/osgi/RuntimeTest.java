package io.stowage.itests.osgi;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.stowage.api.ImageService;
import io.stowage.itests.Fixture;
import java.util.function.Predicate;
import javax.inject.Inject;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

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
}
