package io.stowage.commands.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stowage.api.ContainerConfig;
import io.stowage.api.Digest;
import io.stowage.api.History;
import io.stowage.api.Image;
import io.stowage.api.ImageConfig;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Text an image's author chose, printed by every command output form: nothing acts on the terminal. */
class HostileTextTest {
    private static final String CLEAR_AND_RETITLE = "\u001b[2J\u001b]0;owned\u0007\rRUN ok\u009b31m\u202e";
    private final Digest id = Digest.of(new byte[] {9});
    private final Image image = new Image(id, id, List.of(), List.of(), 10, Instant.now(),
            new ImageConfig("2020-01-01T00:00:00Z", CLEAR_AND_RETITLE, "amd64", "linux", null,
                    new ContainerConfig(null, null, List.of("A=" + CLEAR_AND_RETITLE), null, List.of(CLEAR_AND_RETITLE), null, null, null, null),
                    List.of(), List.of(new History("2020-01-01T00:00:00Z", CLEAR_AND_RETITLE, CLEAR_AND_RETITLE, true))));

    private static void assertInert(String printed) {
        assertFalse(printed.codePoints().anyMatch(c -> c != '\n' && io.stowage.api.TerminalText.acts(c)), printed);
    }

    @Test
    void historyEscapesCreatedByAndComment() {
        for (boolean noTrunc : new boolean[] {false, true}) {
            String table = HistoryTable.render(image, List.of(), noTrunc, false);
            assertInert(table);
            assertEquals(2, table.lines().count(), table);
        }
        assertTrue(HistoryTable.render(image, List.of(), true, false).contains("\\x1b[2J\\x1b]0;owned\\x07\\x0dRUN ok\\x9b31m\\u202e"));
    }

    @Test
    void templatesEscapeWhatTheyPrintAndJsonStaysJson() throws Exception {
        String text = GoTemplate.render("{{.Author}}|{{.Config.Cmd}}|{{json .Config.Env}}", InspectJson.image(image));
        assertInert(text);
        String json = text.substring(text.lastIndexOf('|') + 1);
        assertEquals(List.of("A=" + CLEAR_AND_RETITLE), List.of(new ObjectMapper().readValue(json, String[].class)));
    }

    @Test
    void inspectJsonIsInertAndReadsBackTheSame() throws Exception {
        String json = InspectJson.render(List.of(image));
        assertInert(json);
        assertEquals(CLEAR_AND_RETITLE, new ObjectMapper().readTree(json).path(0).path("Author").asText());
    }
}
