package io.stowage.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.osgi.framework.Bundle;

/** Event Admin is optional: a framework without it runs Stowage as well. */
public class WithoutEventAdminIT extends RuntimeTest {
    @Override
    protected java.util.function.Predicate<String> leaveOut() {
        return name -> name.startsWith("org.apache.felix.eventadmin");
    }

    @Test
    public void pullWorksWithNoEventAdminInstalled() {
        for (Bundle b : context.getBundles()) {
            assertTrue("Event Admin must be absent", !b.getSymbolicName().contains("eventadmin"));
            if (b.getSymbolicName().equals("stowage-core")) {
                assertEquals(Bundle.ACTIVE, b.getState());
            }
        }
        String app = app();
        assertTrue(images.pull(app, null, null).downloaded());
        assertEquals(1, images.list().size());
    }
}
