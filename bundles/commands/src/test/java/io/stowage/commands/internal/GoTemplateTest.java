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
    void docsExamplesRangeIndexJoinAndFunctions() {
        assertEquals("sh,-c,", GoTemplate.render("{{range .Config.Cmd}}{{.}},{{end}}", data));
        assertEquals("a=1;b=2;", GoTemplate.render("{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}", data));
        assertEquals("0:sh 1:-c ", GoTemplate.render("{{range $i, $c := .Config.Cmd}}{{$i}}:{{$c}} {{end}}", data));
        assertEquals("2", GoTemplate.render("{{index .Config.Labels \"b\"}}", data));
        assertEquals("-c", GoTemplate.render("{{index .Config.Cmd 1}}", data));
        assertEquals("sh -c", GoTemplate.render("{{join .Config.Cmd \" \"}}", data));
        assertEquals("LAYERS", GoTemplate.render("{{.RootFS.Type | upper}}", data));
        assertEquals("LAYERS", GoTemplate.render("{{upper .RootFS.Type}}", data));
        assertEquals("[\"sh\",\"-c\"]", GoTemplate.render("{{json .Config.Cmd}}", data));
        assertEquals("2 sh", GoTemplate.render("{{len .Config.Cmd}} {{(index .Config.Cmd 0)}}", data));
        assertEquals("layers", GoTemplate.render("{{(index (split \"a/layers\" \"/\") 1)}}", data));
        assertEquals("labels", GoTemplate.render("{{if .Config.Labels}}labels{{else}}none{{end}}", data));
        assertEquals("none", GoTemplate.render("{{if .Config.User}}user{{else}}none{{end}}", data));
        assertEquals("sha256:ab sha256:ab ", GoTemplate.render("{{range .Config.Cmd}}{{$.Id}} {{end}}", data));
    }

    @Test
    void whatGoWouldRefuseIsRefusedWithTheActionNamed() {
        assertEquals("template: unclosed action: {{.Id", message("{{.Id"));
        assertEquals("template: {{range .Config.Cmd}} has no {{end}}", message("{{range .Config.Cmd}}x"));
        assertEquals("template: unexpected {{end}}", message("x{{end}}"));
        assertEquals("template: function \"exec\" not defined (json, index, join, split, upper, lower, title, len and println are)",
                message("{{exec .Id}}"));
        assertEquals("template: undefined variable \"$x\"", message("{{$x}}"));
        assertEquals("template: range can't iterate over 12", message("{{range .Size}}{{end}}"));
        assertEquals("template: blocks nested deeper than 16", message("{{if .Id}}".repeat(20) + "{{end}}".repeat(20)));
    }

    @Test
    void whatAnActionPrintsIsEscapedTheTemplateTextIsNot() throws Exception {
        JsonNode hostile = new ObjectMapper().readTree("{\"Name\":\"x\\u001b[2Jy\"}");
        assertEquals("\t<x\\x1b[2Jy>\n", GoTemplate.render("\t<{{.Name}}>\n", hostile));
    }

    private String message(String template) {
        return assertThrows(StowageException.class, () -> GoTemplate.render(template, data)).getMessage();
    }
}
