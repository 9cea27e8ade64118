package io.stowage.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.stowage.itests.Fixture;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Set;
import java.util.TreeSet;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.deploymentadmin.BundleInfo;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentPackage;

/**
 * The reactor's deployment package in a host as an Eclipse Kura gateway is ({@link KuraHost}:
 * Equinox with SCR, Configuration Admin, Event Admin, its Log Service, Jackson and a real
 * Deployment Admin, and no {@code etc/}): installed, it starts on its default configuration and
 * pulls; Configuration Admin reconfigures it as Kura would; a newer package ({@link
 * NewerPackage}) updates it in place, keeping the pulled image; uninstalled, it leaves the host's
 * bundles exactly as they were.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeploymentPackageIT {
    @Inject
    private BundleContext context;

    @Inject
    private DeploymentAdmin deployment;

    @Inject
    private ConfigurationAdmin cm;

    @Configuration
    public Option[] config() throws Exception {
        Fixture f = Fixture.get();
        Path dp = Path.of(System.getProperty("stowage.dp"));
        Path newer = NewerPackage.write(dp);
        return new Option[] {KuraHost.options(), systemProperty("stowage.it.registry").value(f.host()),
                systemProperty(NewerPackage.PROPERTY).value(newer.toString())};
    }

    @Test
    public void installsPullsUpdatesInPlaceAndUninstallsExactlyItsBundles() throws Exception {
        Set<String> host = bundles();
        String app = System.getProperty("stowage.it.registry") + "/app:latest";
        String other = System.getProperty("stowage.it.registry") + "/other:latest";

        // Stowage's classes are used only through InstalledImages, once installed (Pax Exam reads this class before)
        DeploymentPackage installed = install(Path.of(System.getProperty("stowage.dp")));
        assertEquals("io.stowage", installed.getName());
        for (BundleInfo info : installed.getBundleInfos()) {
            Bundle b = installed.getBundle(info.getSymbolicName());
            assertEquals(info.getSymbolicName() + " is not active", Bundle.ACTIVE, b.getState());
        }
        // no etc/: the components run on the defaults Stowage put in Configuration Admin
        assertNotNull(cm.listConfigurations("(&(service.pid=io.stowage.core)(stowage.defaults=true))"));
        assertNotNull(cm.listConfigurations("(&(service.pid=io.stowage.registry)(stowage.defaults=true))"));
        InstalledImages images = new InstalledImages(context);
        assertTrue(images.pull(app));
        assertEquals(1, images.count());

        // configured through Configuration Admin, as Kura configures a component: the memory store, then fs again
        configure("store.target", "(stowage.store=memory)");
        RuntimeTest.eventually(() -> {
            assertEquals(0, images.count());
            return null;
        });
        configure("store.target", "(stowage.store=fs)");
        RuntimeTest.eventually(() -> {
            assertEquals(1, images.count());
            return null;
        });

        long memoryId = installed.getBundle(NewerPackage.BUMPED).getBundleId();
        long coreId = installed.getBundle("stowage-core").getBundleId();
        assertNotNull(installed.getBundle(NewerPackage.LEFT_OUT));

        DeploymentPackage updated = install(Path.of(System.getProperty(NewerPackage.PROPERTY)));
        assertEquals(1, deployment.listDeploymentPackages().length);
        assertEquals(NewerPackage.VERSION, updated.getVersion().toString());
        Bundle memory = updated.getBundle(NewerPackage.BUMPED);
        assertEquals("updated in place: the same bundle", memoryId, memory.getBundleId());
        assertEquals(new Version(NewerPackage.VERSION), memory.getVersion());
        assertEquals(coreId, updated.getBundle("stowage-core").getBundleId());
        assertTrue(NewerPackage.LEFT_OUT + " is still installed",
                bundles().stream().noneMatch(b -> b.startsWith(NewerPackage.LEFT_OUT + "@")));
        assertEquals("the image pulled before the update is still there", 1, images.count());
        assertTrue(images.pull(other));
        assertEquals(2, images.count());

        images.close();
        updated.uninstall();
        assertEquals(0, deployment.listDeploymentPackages().length);
        assertEquals(host, bundles());
        assertNull(context.getServiceReference("io.stowage.api.ImageService"));
    }

    private DeploymentPackage install(Path dp) throws Exception {
        try (InputStream in = Files.newInputStream(dp)) {
            return deployment.installDeploymentPackage(in);
        }
    }

    /** The framework's bundles, as {@code symbolic-name@id}. */
    private Set<String> bundles() {
        Set<String> all = new TreeSet<>();
        for (Bundle b : context.getBundles()) {
            all.add(b.getSymbolicName() + "@" + b.getBundleId());
        }
        return all;
    }

    private void configure(String key, String value) throws Exception {
        org.osgi.service.cm.Configuration c = cm.getConfiguration("io.stowage.core", "?");
        Dictionary<String, Object> props = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
        assertNotEquals(value, props.get(key));
        props.put(key, value);
        c.update(props);
    }
}
