package io.stowage.oneshot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandsTest {
    private final Commands commands = new Commands(Map.of("image:ls", "List images", "image:pull", "Pull an image",
            "container:ls", "List containers", "felix:lb", "", "store:verify", "Re-hash every blob"));

    @Test
    void aNameResolvesScopedOrWhenOneScopeHasIt() {
        assertEquals("image:ls", commands.resolve("image:ls"));
        assertEquals("image:pull", commands.resolve("pull"));
        assertEquals("felix:lb", commands.resolve("lb"));
    }

    @Test
    void aNameSeveralScopesShareIsRefusedWithTheirNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> commands.resolve("ls"));
        assertEquals("command \"ls\" is in several scopes: container:ls, image:ls; give one of them", e.getMessage());
    }

    @Test
    void aTypoGetsASuggestionAndNonsenseNone() {
        assertEquals("unknown command \"imag:ls\"; did you mean image:ls? (bin/stowage --help lists the commands)",
                assertThrows(IllegalArgumentException.class, () -> commands.resolve("imag:ls")).getMessage());
        assertEquals("unknown command \"pul\"; did you mean image:pull? (bin/stowage --help lists the commands)",
                assertThrows(IllegalArgumentException.class, () -> commands.resolve("pul")).getMessage());
        assertEquals("unknown command \"frobnicate\" (bin/stowage --help lists the commands)",
                assertThrows(IllegalArgumentException.class, () -> commands.resolve("frobnicate")).getMessage());
    }

    @Test
    void helpListsStowagesCommandsByScopeWithTheirDescriptions() {
        assertEquals("""
                Usage: bin/stowage <command> [args…]   (bin/stowage <command> --help for its options)

                image commands:
                  image:ls     List images
                  image:pull   Pull an image

                container commands:
                  container:ls   List containers

                store commands:
                  store:verify   Re-hash every blob
                """, commands.help());
    }
}
