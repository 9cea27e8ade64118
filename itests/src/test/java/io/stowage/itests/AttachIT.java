package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/stowage start | stop | status} and commands attached to the running instance: the
 * same output, errors and exit status as a one-shot command, files named relative to the
 * client's directory, standard input passed through, Ctrl-C cancelling a pull in the instance,
 * two clients at once, and a one-shot framework again once the instance has stopped.
 */
class AttachIT {
    private final Fixture f = Fixture.get();

    @Test
    void attachedCommandsAnswerAsOneShotCommandsDo() throws Exception {
        Stowage s = new Stowage();
        String app = f.ref("app:latest");
        s.ok("image:pull", "-q", app);
        Processes.Result oneShotInspect = s.ok("image:inspect", app);
        Processes.Result oneShotMissing = s.run("image:inspect", "nosuch:1");
        try {
            Processes.Result started = s.run("start");
            assertEquals(0, started.exit(), started.toString());
            Matcher m = Pattern.compile("Stowage started \\(pid (\\d+), data " + Pattern.quote(s.data.toString()) + "\\)\n")
                    .matcher(started.out());
            assertTrue(m.matches(), started.out());
            long pid = Long.parseLong(m.group(1));
            assertEquals("Stowage is running (pid " + pid + ", data " + s.data + ")\n", s.ok("status").out());
            assertEquals("Stowage is already running (pid " + pid + ", data " + s.data + ")\n", s.ok("start").out());
            Path run = s.data.resolve("run");
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(run)), "only its owner enters run/");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(run.resolve("stowage.sock"))));

            // output, errors and exit status as the one-shot command's; the instance ran them
            assertEquals(oneShotInspect.out(), s.ok("image:inspect", app).out());
            Processes.Result missing = s.run("image:inspect", "nosuch:1");
            assertEquals(oneShotMissing.exit(), missing.exit(), missing.toString());
            assertEquals(1, missing.exit());
            assertEquals(oneShotMissing.err(), missing.err());
            assertEquals("", missing.out());
            assertTrue(Files.readString(s.home.resolve("log/stowage.log")).contains("bin/stowage attached: image:inspect"),
                    "the instance ran it");
            Processes.Result unknown = s.run("image:pul", app);
            assertEquals(1, unknown.exit());
            assertTrue(unknown.err().startsWith("Error: unknown command \"image:pul\"; did you mean image:pull?"), unknown.err());
            assertTrue(s.ok("--help").out().contains("image:pull"));

            // a file named relative to the client's own directory, not the instance's
            Path here = Files.createTempDirectory("stowage-attach-cwd");
            Map<String, String> env = Map.of("STOWAGE_DATA", s.data.toString());
            Processes.check(here, env, List.of(s.home.resolve("bin/stowage").toString(), "image:save", "-o", "app.tar", app));
            assertTrue(Files.size(here.resolve("app.tar")) > 1000, "saved where the client stands");

            // standard input passed through: the archive loaded back from it
            s.ok("image:rm", app);
            Processes.Result loaded = Processes.run(here, env, List.of(s.home.resolve("bin/stowage").toString(), "image:load"),
                    here.resolve("app.tar"));
            assertEquals("Loaded image: " + app + "\n", loaded.out(), loaded.toString());
            assertTrue(oneShotInspect.out().contains(s.ok("image:inspect", "--format", "\"Id\": \"{{.Id}}\"", app).out().strip()),
                    "the same image back");

            // the shell attaches too: commands a line at a time from its input (no terminal: no prompt)
            Processes.Result shell = s.run("image:inspect --format '{{.Id}}' " + app + "\nimage:inspect nosuch:1\nimage:ls -q\n", Map.of());
            String id = s.ok("image:inspect", "--format", "{{.Id}}", app).out();
            assertEquals(0, shell.exit(), shell.toString());
            assertEquals(id + id.substring("sha256:".length(), "sha256:".length() + 12) + "\n", shell.out());
            assertEquals(oneShotMissing.err(), shell.err());

            Processes.Result stopped = s.run("stop");
            assertEquals("Stowage stopped (pid " + pid + ", data " + s.data + ")\n", stopped.out(), stopped.toString());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "its process has ended");
            assertFalse(Files.exists(run.resolve("stowage.sock")), "its socket is gone");
            Processes.Result status = s.run("status");
            assertEquals(3, status.exit(), status.toString());
            assertEquals("Stowage is not running (data " + s.data + ")\n", status.out());
            // no instance: the command runs in a framework of its own again
            assertEquals(oneShotMissing.err(), s.run("image:inspect", "nosuch:1").err());
        } finally {
            s.run("stop");
        }
    }

    /**
     * A pull stalls in the instance (a proxy holds its layer); meanwhile a second client's command
     * runs and ends; then Ctrl-C on the first client cancels the pull in the instance, which says
     * so, keeps running, and pulls the image whole afterwards.
     */
    @Test
    void ctrlCCancelsAnAttachedPullWhileAnotherClientRuns() throws Exception {
        try (FaultProxy proxy = new FaultProxy(f.host())) {
            String bulk = proxy.host() + "/bulk:latest";
            String layer = Fixture.json(f.rawManifest("bulk:latest")).path("layers").get(0).path("digest").asText();
            proxy.fail(layer, FaultProxy.Fault.stall(1_000_000, 15_000));
            Stowage s = new Stowage();
            try {
                s.ok("start");
                Path out = Files.createTempFile("stowage-attach", ".out");
                List<String> command = new ArrayList<>(List.of(s.home.resolve("bin/stowage").toString(), "image:pull", bulk));
                ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectErrorStream(true);
                pb.environment().put("STOWAGE_DATA", s.data.toString());
                Process pull = pb.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (proxy.sent(layer) < 1_000_000) {
                    assertTrue(System.nanoTime() < deadline && pull.isAlive(), "the layer is held: " + Files.readString(out) + (pull.isAlive() ? "" : "exit " + pull.exitValue()));
                    Thread.sleep(100);
                }

                // a second client meanwhile
                Processes.Result ls = s.ok("image:ls", "--format", "{{.Repository}}");
                assertTrue(pull.isAlive(), "the pull still runs while image:ls answers: " + ls);
                assertEquals("", ls.out(), "nothing pulled yet");

                Processes.check(s.home, Map.of(), List.of("kill", "-INT", Long.toString(pull.pid())));
                assertTrue(pull.waitFor(60, TimeUnit.SECONDS), "the client ends once the instance has cancelled");
                String said = Files.readString(out);
                assertEquals(130, pull.exitValue(), said);
                assertTrue(said.contains("Error: pull " + bulk + ": cancelled (what was received is kept for the next pull)"), said);
                String log = Files.readString(s.home.resolve("log/stowage.log"));
                assertTrue(log.contains("pull " + bulk + " failed after"), log);

                assertEquals(0, s.run("status").exit(), "the instance runs on");
                Processes.Result again = s.ok("image:pull", bulk);
                assertTrue(again.out().contains("Status: Downloaded newer image for " + bulk), again.toString());
                assertEquals(bulk + "\n", s.ok("image:ls", "--format", "{{.Repository}}:{{.Tag}}").out());
            } finally {
                s.run("stop");
            }
        }
    }

    /**
     * Lying clients of the socket: garbage, a frame that claims 2 GB, a hello with a million
     * arguments, standard input nobody asked for, silence. Each is cut off, the instance logs
     * it, and the next honest client is answered.
     */
    @Test
    void lyingClientsAreCutOffAndTheInstanceAnswersTheNext() throws Exception {
        Stowage s = new Stowage();
        try {
            s.ok("start");
            java.net.UnixDomainSocketAddress socket = java.net.UnixDomainSocketAddress.of(s.data.resolve("run/stowage.sock"));
            // a frame type that does not open a conversation
            assertEquals(-1, exchange(socket, new byte[] {'x', 0, 0, 0, 0}), "closed without an answer");
            // a frame that claims 2 GB
            assertEquals(-1, exchange(socket, new byte[] {'H', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}));
            // a hello with a million arguments
            java.io.ByteArrayOutputStream hello = new java.io.ByteArrayOutputStream();
            java.io.DataOutputStream d = new java.io.DataOutputStream(hello);
            d.writeInt(1);
            d.writeUTF("/");
            d.writeInt(0);
            d.writeInt(0);
            d.writeInt(1_000_000);
            assertEquals(-1, exchange(socket, frame('H', hello.toByteArray())));
            // another protocol version
            hello.reset();
            d.writeInt(99);
            assertEquals(-1, exchange(socket, frame('H', hello.toByteArray())));
            // a command's input sent unasked, a lot of it: the command (which reads none) is cancelled, its client cut off
            hello.reset();
            d.writeInt(1);
            d.writeUTF("/");
            d.writeInt(0);
            d.writeInt(0);
            d.writeInt(2);
            d.writeUTF("image:ls");
            d.writeUTF("-q");
            java.io.ByteArrayOutputStream flood = new java.io.ByteArrayOutputStream();
            flood.write(frame('H', hello.toByteArray()));
            for (int i = 0; i < 64; i++) {
                flood.write(frame('i', new byte[60_000]));
            }
            exchange(socket, flood.toByteArray());
            // silence: cut off after 10 s
            try (java.nio.channels.SocketChannel quiet = java.nio.channels.SocketChannel.open(socket)) {
                long start = System.nanoTime();
                int read = quiet.read(java.nio.ByteBuffer.allocate(16));
                assertEquals(-1, read);
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "not kept open");
            }
            String log = Files.readString(s.home.resolve("log/stowage.log"));
            assertTrue(log.contains("a client's connection ended: attach protocol: a frame of 2147483647 bytes, at most 1048576"), log);
            assertTrue(log.contains("a client's connection ended: attach protocol: 1000000 arguments, at most 4096"), log);
            assertTrue(log.contains("attach protocol version 99, this instance speaks 1"), log);
            assertTrue(log.contains("a client's connection ended: attach protocol: standard input that was not asked for"), log);
            assertTrue(log.contains("a client's connection ended: attach protocol: a first frame 'x'"), log);
            assertEquals(0, s.ok("status").exit());
            assertEquals("", s.ok("image:ls", "-q").out(), "the next client is answered");
        } finally {
            s.run("stop");
        }
    }

    /** The distribution's systemd unit, pointed at this build, passes {@code systemd-analyze verify} without a word. */
    @Test
    void theDistributionsSystemdUnitVerifies() throws Exception {
        Path dist = Path.of(System.getProperty("stowage.dist", "../runtime/target/stowage")).toAbsolutePath().normalize();
        String unit = Files.readString(dist.resolve("systemd/stowage.service"));
        assertTrue(unit.contains("ExecStart=/opt/stowage/bin/stowage start --foreground\n"), unit);
        assertTrue(unit.contains("ExecStop=/opt/stowage/bin/stowage stop\n"), unit);
        Path here = Files.createTempDirectory("stowage-unit");
        Files.writeString(here.resolve("stowage.service"), unit.replace("/opt/stowage", dist.toString()));
        Processes.Result verified = Processes.run(here, Map.of(), List.of("systemd-analyze", "verify", "stowage.service"));
        assertEquals(0, verified.exit(), verified.toString());
        assertEquals("", verified.err(), "no complaint");
    }

    private static byte[] frame(char type, byte[] payload) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(5 + payload.length);
        b.put((byte) type).putInt(payload.length).put(payload);
        return b.array();
    }

    /** Sends {@code bytes} and reads until the instance closes: the number of bytes it answered, -1 for none. */
    private static int exchange(java.net.UnixDomainSocketAddress socket, byte[] bytes) throws Exception {
        try (java.nio.channels.SocketChannel c = java.nio.channels.SocketChannel.open(socket)) {
            try {
                c.write(java.nio.ByteBuffer.wrap(bytes));
            } catch (java.io.IOException closedMeanwhile) {
                // it stopped reading: cut off
            }
            java.nio.ByteBuffer answer = java.nio.ByteBuffer.allocate(1 << 16);
            int total = -1;
            try {
                for (int n; (n = c.read(answer)) >= 0; answer.clear()) {
                    total = Math.max(0, total) + n;
                }
            } catch (java.io.IOException reset) {
                // cut off
            }
            return total;
        }
    }
}
