package io.stowage.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** Every Stowage bundle resolves and is active, every component is satisfied, every command is there. */
public class WiringIT extends RuntimeTest {
    @Inject
    private ServiceComponentRuntime scr;

    /** The run's framework is the one booted: Felix's or Equinox's system bundle (the it.osgi profile's two runs). */
    @Test
    public void theFrameworkIsTheRunsOwn() {
        String expected = System.getProperty("stowage.it.framework");
        assertNotNull("no stowage.it.framework: run through the it.osgi profile", expected);
        assertEquals(expected, context.getBundle(0).getSymbolicName());
    }

    @Test
    public void everyShippedBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        java.util.Set<String> stowage = new java.util.TreeSet<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (b.getSymbolicName().startsWith("stowage-")) {
                stowage.add(b.getSymbolicName());
            }
            if (!fragment && !Runtime.SHELL.equals(b.getSymbolicName()) && b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " state " + b.getState());
            }
        }
        assertEquals(List.of(), notActive);
        assertEquals(new java.util.TreeSet<>(List.of("stowage-api", "stowage-commands", "stowage-containers", "stowage-core",
                "stowage-imagesets", "stowage-oci", "stowage-oneshot", "stowage-runc", "stowage-server", "stowage-snapshots", "stowage-store-fs", "stowage-store-memory", "stowage-transport-archive",
                "stowage-transport-registry")), stowage);
    }

    /**
     * Every shipped bundle resolves, the shell's too (it is installed, not started): what a
     * bundle needs and no bundle of this framework provides is named.
     */
    @Test
    public void everyShippedBundleResolves() {
        FrameworkWiring framework = context.getBundle(0).adapt(FrameworkWiring.class);
        List<Bundle> all = List.of(context.getBundles());
        framework.resolveBundles(all);
        List<String> unresolved = new ArrayList<>();
        for (Bundle b : all) {
            if (b.getState() != Bundle.INSTALLED) {
                continue;
            }
            for (Requirement r : b.adapt(BundleRevision.class).getRequirements(null)) {
                boolean optional = Namespace.RESOLUTION_OPTIONAL.equals(r.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE));
                if (!optional && framework.findProviders(r).isEmpty()) {
                    unresolved.add(b.getSymbolicName() + " needs " + r.getNamespace() + " " + r.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE));
                }
            }
            unresolved.add(b.getSymbolicName() + " is not resolved");
        }
        assertEquals(List.of(), unresolved);
    }

    @Test
    public void everyStowageComponentIsSatisfied() {
        List<String> unsatisfied = new ArrayList<>();
        int count = 0;
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            // the one-shot runner needs bin/stowage's arguments; a registry host needs a host file, an image set its file
            if (!d.bundle.symbolicName.startsWith("stowage-") || d.name.endsWith("OneShotRunner") || d.name.endsWith("RegistryHost")
                    || d.name.endsWith(".ImageSet")) {
                continue;
            }
            count++;
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state != ComponentConfigurationDTO.SATISFIED && c.state != ComponentConfigurationDTO.ACTIVE) {
                    unsatisfied.add(d.name + " state " + c.state);
                }
            }
            assertTrue(d.name + " has no configuration", !scr.getComponentConfigurationDTOs(d).isEmpty());
        }
        assertEquals(List.of(), unsatisfied);
        // 15, and the shell's exit and completions (and what enables them), stowage:health, the two health checks,
        // what publishes the commands to Gogo, the artifact commands, the registry server (configured, disabled),
        // the unpack service and image:unpack, the snapshot service, its pruning on removals and its size, the runc runtime,
        // the two signature verifiers (cosign's signature tag, Sigstore bundles), the image sets, imageset:ls and the deploy/ loader,
        // the attach server (idle outside bin/stowage start), the defaults for a host without etc/ (idle here)
        assertEquals(36, count);
    }

    /** With etc/ (FileInstall's directory) the components wait for its files: no configuration is made of defaults. */
    @Test
    public void noConfigurationIsMadeOfDefaultsWhereEtcIs() throws Exception {
        assertNotNull(context.getProperty("felix.fileinstall.dir"));
        assertEquals(null, cm.listConfigurations("(stowage.defaults=*)"));
        assertNotNull(cm.listConfigurations("(service.pid=io.stowage.core)"));
    }

    @Test
    public void everyCommandIsRegistered() throws Exception {
        for (String command : List.of("image:pull", "image:ls", "image:inspect", "image:rm", "image:tag",
                "container:create", "container:start", "container:stop", "container:kill", "container:logs", "container:ls", "container:rm",
                "store:verify")) {
            String[] sf = command.split(":");
            assertNotNull(command, context.getServiceReferences((String) null,
                    "(&(osgi.command.scope=" + sf[0] + ")(osgi.command.function=" + sf[1] + "))"));
        }
        assertEquals(0, images.list().size());
    }
}
