package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Image sets in a running instance, against the real registry: a set in {@code etc/} brings its
 * images in after start, follows a moved tag within its interval, keeps a pinned digest when the
 * tag moves, and tries an image whose registry is down again until it comes up; each state shows
 * in {@code imageset:ls} (typed into the running shell, and as a one-shot command that reports
 * what the store holds) and in the log. Removing the set leaves its images.
 */
class ImageSetIT {
    private final Fixture f = Fixture.get();

    private void copy(String from, String to) {
        f.skopeoBytes("copy", "-q", "--src-tls-verify=false", "--dest-tls-verify=false", "docker://" + f.ref(from), "docker://" + to);
    }

    /** A row of imageset:ls: the set, the image, its state and digest, then its detail. */
    private static Pattern row(String image, String state, String digest) {
        return Pattern.compile("(?m)^edge\\s+" + Pattern.quote(image) + "\\s+" + state + "\\s+" + Pattern.quote(digest) + "(\\s.*)?$");
    }

    @Test
    void aSetKeepsItsImagesPresentFollowsItsTagAndWaitsForItsRegistry() throws Exception {
        String app = f.host() + "/sets/app:1";
        copy("app:latest", app);
        copy("app:latest", f.host() + "/sets/pin:1");
        copy("app:latest", f.host() + "/sets/late:1");
        String first = Fixture.sha256(f.rawManifest("app:latest"));
        String second = Fixture.sha256(f.rawManifest("other:latest"));
        String pinned = f.host() + "/sets/pin@" + first;
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String late = "127.0.0.1:" + port + "/sets/late:1"; // nothing listens there yet

        Stowage s = new Stowage();
        Path registry = s.home.resolve("etc/io.stowage.registry.cfg");
        Files.writeString(registry, Files.readString(registry).replace("\nretries=5\n", "\nretries=1\n"));
        Path set = s.home.resolve("etc/io.stowage.imageset-edge.cfg");
        Files.writeString(set, "images=" + app + ", " + pinned + ", " + late + "\ninterval=3\n");
        try (Running r = new Running(s)) {
            r.awaitLog("image set edge: " + app + " present at " + first);
            r.awaitLog("image set edge: " + pinned + " present at " + first);
            r.awaitLog("image set edge: " + late + " failed (try 1): registry 127.0.0.1:" + port + " unavailable");
            String ls = r.type("imageset:ls", late);
            assertTrue(row(app, "present", first).matcher(ls).find(), ls);
            assertTrue(row(pinned, "present", first).matcher(ls).find(), ls);
            assertTrue(Pattern.compile("(?m)^edge\\s+" + Pattern.quote(late) + "\\s+failed\\s+registry 127\\.0\\.0\\.1:" + port
                    + " unavailable: .*; next try (now|in .+)$").matcher(ls).find(), ls);

            Processes.Result oneShot = s.ok("imageset:ls");
            assertTrue(row(app, "present", first).matcher(oneShot.out()).find(), oneShot.out());
            assertTrue(Pattern.compile("(?m)^edge\\s+" + Pattern.quote(late) + "\\s+waiting\\s").matcher(oneShot.out()).find(), oneShot.out());

            // the tag moves, and the pinned image's tag too: the set follows the first, and keeps the second
            long moved = System.nanoTime();
            copy("other:latest", app);
            copy("other:latest", f.host() + "/sets/pin:1");
            r.awaitLog("image set edge: " + app + " moved from " + first + " to " + second);
            long seconds = (System.nanoTime() - moved) / 1_000_000_000;
            assertTrue(seconds <= 10, "followed within the 3 s interval (and a pull): " + seconds + " s");

            // the registry comes up where the set looks
            try (FaultProxy up = new FaultProxy(f.host(), port)) {
                r.awaitLog("image set edge: " + late + " present at " + first);
            }
            ls = r.type("imageset:ls", late + " ");
            assertTrue(row(app, "present", second).matcher(ls).find(), ls);
            assertTrue(row(pinned, "present", first).matcher(ls).find(), "the pinned digest stays: " + ls);

            Files.delete(set);
            r.awaitLog("image set edge removed: its images stay until pruned or evicted");
            List<String> images = s.ok("image:ls", "--digests").lines();
            assertTrue(images.stream().anyMatch(l -> l.contains("sets/app") && l.contains(second)), images.toString());
            assertTrue(images.stream().anyMatch(l -> l.contains("sets/late") && l.contains(first)), images.toString());
            assertEquals("", s.ok("imageset:ls").out().lines().skip(1).reduce("", String::concat), "no set any more");
        }
    }

    /**
     * An image the set is pulling shows as pulling, with the bytes received so far, while its
     * layer stalls halfway (a proxy holds it 8 s, then cuts it: the pull resumes and ends).
     */
    @Test
    void aPullingImageShowsWhatItHasReceived() throws Exception {
        try (FaultProxy proxy = new FaultProxy(f.host())) {
            String bulk = proxy.host() + "/bulk:latest";
            String layer = Fixture.json(f.rawManifest("bulk:latest")).path("layers").get(0).path("digest").asText();
            proxy.fail(layer, FaultProxy.Fault.stall(1_000_000, 8000));
            Stowage s = new Stowage();
            Files.writeString(s.home.resolve("etc/io.stowage.imageset-slow.cfg"), "images=" + bulk + "\n");
            try (Running r = new Running(s)) {
                Pattern pulling = Pattern.compile("(?m)^slow\\s+" + Pattern.quote(bulk) + "\\s+pulling\\s+([0-9.]+)MB received$");
                String ls = "";
                java.util.regex.Matcher m = pulling.matcher(ls);
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
                while (!m.find()) {
                    assertTrue(System.nanoTime() < deadline, "imageset:ls shows it pulling: " + ls);
                    Thread.sleep(300);
                    ls = r.type("imageset:ls", "SET");
                    ls = ls.substring(ls.lastIndexOf("SET"));
                    m = pulling.matcher(ls);
                }
                double mb = Double.parseDouble(m.group(1));
                assertTrue(mb >= 1 && mb < 8.4, "what arrived of the 8.39 MB, the first layer held after 1 MB: " + ls);
                r.awaitLog("image set slow: " + bulk + " present at sha256:");
            }
        }
    }

    /**
     * Image archives dropped into {@code deploy/} of the running instance: one moved in is loaded
     * and listed; replaced by another image's archive, loaded again; a broken one is logged once
     * and left alone.
     */
    @Test
    void anArchiveDroppedIntoDeployIsLoadedByTheRunningInstance() throws Exception {
        Stowage s = new Stowage();
        Path staging = Files.createDirectories(s.home.resolve("staging"));
        Path deploy = s.home.resolve("deploy");
        String image = "deployed.example/app:1";
        f.skopeoBytes("copy", "-q", "--src-tls-verify=false", "docker://" + f.ref("app:latest"), "docker-archive:" + staging.resolve("app.tar") + ":" + image);
        try (Running r = new Running(s)) {
            r.type("image:ls", "REPOSITORY");
            Files.move(staging.resolve("app.tar"), deploy.resolve("app.tar"));
            r.awaitLog("deploy: app.tar loaded: " + image);
            String first = s.ok("image:inspect", "--format", "{{.Id}}", image).out().strip();

            f.skopeoBytes("copy", "-q", "--src-tls-verify=false", "docker://" + f.ref("other:latest"), "docker-archive:" + staging.resolve("app.tar") + ":" + image);
            Files.move(staging.resolve("app.tar"), deploy.resolve("app.tar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            r.awaitLog("deploy: app.tar loaded again: ");
            String second = s.ok("image:inspect", "--format", "{{.Id}}", image).out().strip();
            assertTrue(!first.equals(second), first + " then " + second);

            Files.writeString(staging.resolve("broken.tar"), "not an archive");
            Files.move(staging.resolve("broken.tar"), deploy.resolve("broken.tar"));
            r.awaitLog("deploy: broken.tar not loaded: ");
            Thread.sleep(3000); // three more polls of deploy/
            String log = r.awaitLog("deploy: broken.tar not loaded: ");
            assertEquals(1, log.split(Pattern.quote("deploy: broken.tar not loaded: "), -1).length - 1, log);
        }
        assertTrue(s.ok("image:ls").out().contains("deployed.example/app"), "listed");
    }
}
