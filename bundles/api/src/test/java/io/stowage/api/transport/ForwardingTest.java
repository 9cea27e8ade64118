package io.stowage.api.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The forwarding bases forward every method of their interface, defaults included: a method added
 * to the interface without being forwarded fails here, not silently in a wrapper.
 */
class ForwardingTest {

    private static void forwardsAll(Class<?> role, Class<?> base) throws Exception {
        assertTrue(role.isAssignableFrom(base));
        List<String> missing = Arrays.stream(role.getMethods()).filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> {
                    try {
                        return base.getDeclaredMethod(m.getName(), m.getParameterTypes()).getDeclaringClass() != base;
                    } catch (NoSuchMethodException e) {
                        return true;
                    }
                }).map(Method::toString).collect(Collectors.toList());
        assertEquals(List.of(), missing, base.getSimpleName() + " must forward");
    }

    @Test
    void everyTransportMethodIsForwarded() throws Exception {
        forwardsAll(Transport.class, ForwardingTransport.class);
    }

    @Test
    void everySourceMethodIsForwarded() throws Exception {
        forwardsAll(ImageSource.class, ForwardingImageSource.class);
    }

    @Test
    void everyDestinationMethodIsForwarded() throws Exception {
        forwardsAll(ImageDestination.class, ForwardingImageDestination.class);
    }
}
