package io.stowage.commands.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stowage.api.StowageException;
import org.junit.jupiter.api.Test;

class GoTemplateTest {
    private final JsonNode data;

    GoTemplateTest() throws Exception {
        data = new ObjectMapper().readTree("{\"Id\":\"sha256:ab\",\"Config\":{\"Cmd\":[\"sh\",\"-c\"],\"Labels\":{\"b\":\"2\",\"a\":\"1\"},"
                + "\"User\":null},\"Size\":12,\"RootFS\":{\"Type\":\"layers\"}}");
    }

    @Test
    void fieldPathsPrintAsGoPrintsValues() {
        assertEquals("id=sha256:ab", GoTemplate.render("id={{.Id}}", data));
        assertEquals("[sh -c]", GoTemplate.render("{{.Config.Cmd}}", data));
        assertEquals("map[a:1 b:2]", GoTemplate.render("{{ .Config.Labels }}", data));
        assertEquals("12 <nil> <no value>", GoTemplate.render("{{.Size}} {{.Config.User}} {{.Missing.Field}}", data));
        assertEquals("{\"Type\":\"layers\"}", GoTemplate.render("{{json .RootFS}}", data));
    }

    @Test
    void otherActionsAreRefused() {
        assertThrows(StowageException.class, () -> GoTemplate.render("{{range .Config.Cmd}}x{{end}}", data));
        assertThrows(StowageException.class, () -> GoTemplate.render("{{.Id", data));
    }
}
