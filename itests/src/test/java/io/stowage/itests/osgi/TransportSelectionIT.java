package io.stowage.itests.osgi;

import static org.junit.Assert.assertEquals;

import io.stowage.api.ImageReference;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.Location;
import io.stowage.api.transport.Transport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import org.junit.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * How the core picks a transport: one registered for a registry serves that registry only;
 * otherwise the generic one with the highest service.ranking. The transports registered here
 * are real ones: they delegate to the registry transport and record what they open.
 */
public class TransportSelectionIT extends RuntimeTest {
    /** A transport that opens through the generic registry transport and records each reference. */
    private final class Recording implements Transport {
        final List<String> opened = Collections.synchronizedList(new ArrayList<>());
        private final Transport delegate;

        Recording() throws Exception {
            delegate = registryTransport();
        }

        @Override
        public ImageSource open(Location location) {
            opened.add(location.reference().toString());
            return delegate.open(location);
        }
    }

    private ServiceRegistration<Transport> register(Transport t, Object registry, Integer ranking) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Transport.KIND, Transport.REGISTRY_KIND);
        props.put(Transport.SYNTAX, Transport.REFERENCES);
        props.put("recording", "true");
        if (registry != null) {
            props.put("stowage.registry", registry);
        }
        if (ranking != null) {
            props.put(Constants.SERVICE_RANKING, ranking);
        }
        return context.registerService(Transport.class, t, props);
    }

    @Test
    public void aTransportForOneRegistryServesThatRegistryOnly() throws Exception {
        String host = registry();
        String port = host.substring(host.indexOf(':') + 1);
        Recording dedicated = new Recording();
        ServiceRegistration<Transport> reg = register(dedicated, new String[] {host}, null);
        try {
            images.pull(host + "/app:latest", null, null);
            assertEquals(List.of(host + "/app:latest"), dedicated.opened);
            // the same registry under another name is another registry: the generic transport serves it
            images.pull("localhost:" + port + "/other:latest", null, null);
            assertEquals(1, dedicated.opened.size());
        } finally {
            reg.unregister();
        }
    }

    @Test
    public void theHighestRankedGenericTransportServes() throws Exception {
        String host = registry();
        Recording ranked = new Recording();
        ServiceRegistration<Transport> reg = register(ranked, null, 100);
        try {
            images.pull(host + "/other:latest", null, null);
            assertEquals(List.of(host + "/other:latest"), ranked.opened);
        } finally {
            reg.unregister();
        }
        images.pull(host + "/other:latest", null, null);
        assertEquals(1, ranked.opened.size());
    }
}
