package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --format} as Docker's documentation writes it, against what skopeo reads from the
 * registry: {@code image:inspect -f} with {@code range}, {@code index}, {@code join} and
 * {@code json}; {@code image:ls --format} with a template and with {@code table}; and
 * {@code --filter} given more than once.
 */
class FormatIT {
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    @Test
    void inspectTemplatesReadWhatSkopeoReads() {
        String app = f.ref("app:latest");
        stowage.ok("image:pull", "-q", app);
        JsonNode config = Fixture.json(f.rawConfig("app:latest")).path("config");
        StringBuilder env = new StringBuilder();
        config.path("Env").forEach(e -> env.append(e.asText()).append(';'));
        assertEquals(env + "\n", stowage.ok("image:inspect", "-f", "{{range .Config.Env}}{{.}};{{end}}", app).out());
        assertEquals(config.path("Labels").path("org.example.role").asText() + "\n",
                stowage.ok("image:inspect", "-f", "{{index .Config.Labels \"org.example.role\"}}", app).out());
        List<String> cmd = new ArrayList<>();
        config.path("Cmd").forEach(c -> cmd.add(c.asText()));
        assertEquals(String.join(" ", cmd) + "\n", stowage.ok("image:inspect", "-f", "{{join .Config.Cmd \" \"}}", app).out());
        assertEquals(config.path("Cmd").toString() + "\n", stowage.ok("image:inspect", "-f", "{{json .Config.Cmd}}", app).out());
        assertEquals(config.path("WorkingDir").asText().toUpperCase() + "\n",
                stowage.ok("image:inspect", "-f", "{{.Config.WorkingDir | upper}}", app).out());
        Processes.Result bad = stowage.run("image:inspect", "-f", "{{range .Config.Env}}", app);
        assertEquals(1, bad.exit());
        assertEquals("Error: template: {{range .Config.Env}} has no {{end}}\n", bad.err());
    }

    @Test
    void lsTakesTemplatesTablesAndRepeatedFilters() {
        String app = f.ref("app:latest");
        String other = f.ref("other:latest");
        stowage.ok("image:pull", "-q", app);
        stowage.ok("image:pull", "-q", other);
        String appId = Fixture.sha256(f.rawConfig("app:latest")).substring(7, 19);

        List<String> table = stowage.ok("image:ls", "--format", "table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}").lines();
        assertEquals(3, table.size(), table.toString());
        assertTrue(table.get(0).matches("REPOSITORY {3,}TAG {7}IMAGE ID"), table.get(0));
        assertTrue(table.stream().anyMatch(l -> l.matches(java.util.regex.Pattern.quote(f.ref("app")) + " +latest {4}" + appId)),
                table.toString());

        List<String> plain = stowage.ok("image:ls", "--format", "{{.Repository}}:{{.Tag}}", "-f", "reference=*/app",
                "-f", "reference=*/other").lines();
        assertEquals(List.of(app, other).stream().sorted().toList(), plain.stream().sorted().toList());
        assertEquals(List.of(app), stowage.ok("image:ls", "--format", "{{.Repository}}:{{.Tag}}", "--filter", "reference=*/app",
                "--filter", "dangling=false").lines());
        assertEquals(List.of(), stowage.ok("image:ls", "--format", "{{.Repository}}", "-f", "reference=*/app",
                "-f", "dangling=true").lines());
    }
}
