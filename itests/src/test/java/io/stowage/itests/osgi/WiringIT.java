package io.stowage.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.stowage.api.ImageService;
import java.util.ArrayList;
import java.util.List;
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
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** Every Stowage bundle resolves and is active, every component is satisfied, every command is there. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WiringIT {
    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private ImageService images;

    @Configuration
    public Option[] config() {
        return new Option[] {Runtime.options()};
    }

    @Test
    public void everyShippedBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        int stowage = 0;
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (b.getSymbolicName().startsWith("stowage-")) {
                stowage++;
            }
            if (!fragment && !Runtime.SHELL.equals(b.getSymbolicName()) && b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " state " + b.getState());
            }
        }
        assertEquals(List.of(), notActive);
        assertEquals(8, stowage);
    }

    @Test
    public void everyStowageComponentIsSatisfied() {
        List<String> unsatisfied = new ArrayList<>();
        int count = 0;
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (!d.bundle.symbolicName.startsWith("stowage-") || d.name.endsWith("OneShotRunner")) {
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
        assertEquals(8, count);
    }

    @Test
    public void everyCommandIsRegistered() throws Exception {
        for (String command : List.of("image:pull", "image:ls", "image:inspect", "image:rm", "image:tag",
                "container:create", "container:ls", "container:rm")) {
            String[] sf = command.split(":");
            assertNotNull(command, context.getServiceReferences((String) null,
                    "(&(osgi.command.scope=" + sf[0] + ")(osgi.command.function=" + sf[1] + "))"));
        }
        assertEquals(0, images.list().size());
    }
}
