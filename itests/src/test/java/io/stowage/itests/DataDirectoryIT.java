package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A data directory Stowage cannot use: one line saying why, exit 1, nothing written. And nothing
 * is left outside it: a command's framework cache and FileInstall's working directories go with
 * the JVM.
 */
class DataDirectoryIT {
    private final Stowage stowage = new Stowage();

    @Test
    void aDataDirectoryThatIsAFileIsNamed() throws Exception {
        Files.writeString(stowage.data, "not a directory");
        Processes.Result r = stowage.run("image:ls");
        assertEquals(1, r.exit(), r.toString());
        assertEquals("Error: data directory " + stowage.data + " is not a directory\n", r.err());
        assertEquals("not a directory", Files.readString(stowage.data));
    }

    /** Root ignores file modes, so the directory is made read-only by a read-only bind mount in a namespace of its own. */
    @Test
    void aReadOnlyDataDirectoryIsNamed() throws Exception {
        Files.createDirectories(stowage.data);
        Path out = stowage.data.getParent().resolve("ro.err");
        String script = "mount --bind \"$1\" \"$1\" && mount -o remount,bind,ro \"$1\" || exit 90\n"
                + "STOWAGE_DATA=\"$1\" \"$2\" image:ls 2>\"$3\" </dev/null; echo $? >\"$3.exit\"\n";
        Processes.Result run = Processes.run(stowage.data.getParent(), Map.of(), List.of("unshare", "--user", "--map-root-user",
                "--mount", "sh", "-c", script, "sh", stowage.data.toString(), stowage.home.resolve("bin/stowage").toString(),
                out.toString()));
        assertEquals(0, run.exit(), "the scenario ran: " + run);
        assertEquals("1", Files.readString(Path.of(out + ".exit")).trim());
        assertEquals("Error: data directory " + stowage.data + ": read-only file system (STOWAGE_DATA names it)\n",
                Files.readString(out));
        try (var s = Files.list(stowage.data)) {
            assertEquals(List.of(), s.toList());
        }
    }

    @Test
    void aCommandAndTheShellLeaveNothingInTheTemporaryDirectory() throws Exception {
        Path tmp = Files.createDirectories(stowage.data.resolveSibling("java-tmp"));
        Map<String, String> env = Map.of("JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
        assertEquals(0, stowage.run("", env, "image:ls").exit());
        assertEquals(0, stowage.run("image:ls\nexit\n", env).exit());
        try (var s = Files.list(tmp)) {
            assertEquals(List.of(), s.toList());
        }
    }
}
