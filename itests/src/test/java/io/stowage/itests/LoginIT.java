package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Logins against the real registry behind htpasswd: {@code registry:login} checks before it
 * stores (mode 0600) and never prints the password; {@code registry:logout} forgets. A Docker
 * config.json is read too: its auths, and its credHelpers and credsStore through a credential
 * helper script that speaks Docker's exec protocol.
 */
class LoginIT {
    private static final String HELPER = """
            #!/bin/sh
            read server
            if [ "$server" = "%s" ]; then
              printf '{"ServerURL":"%%s","Username":"%s","Secret":"%s"}' "$server"
            else
              echo "credentials not found in native keychain"; exit 1
            fi
            """;

    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    private String host() {
        return f.authRegistry.host();
    }

    private String privateRef() {
        return host() + "/private/app:latest";
    }

    @Test
    void loginIsCheckedStoredPrivatelyAndForgottenByLogout() throws Exception {
        Processes.Result wrong = stowage.run("wrong\n", Map.of(), "registry:login", "-u", Fixture.USER, "--password-stdin", host());
        assertEquals(1, wrong.exit(), wrong.toString());
        assertEquals("Error: login to " + host() + ": unauthorized: incorrect username or password\n", wrong.err());
        Path file = stowage.home.resolve("etc/credentials.json");
        assertFalse(Files.exists(file), "nothing stored after a refused login");

        Processes.Result ok = stowage.run(Fixture.PASSWORD + "\n", Map.of(), "registry:login", "-u", Fixture.USER,
                "--password-stdin", host());
        assertEquals(0, ok.exit(), ok.toString());
        assertEquals("Login Succeeded\n", ok.out());
        assertFalse(ok.out().contains(Fixture.PASSWORD) || ok.err().contains(Fixture.PASSWORD));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.readString(file).contains(Base64.getEncoder().encodeToString((Fixture.USER + ":" + Fixture.PASSWORD).getBytes())));
        assertTrue(stowage.ok("image:pull", privateRef()).out().contains("Downloaded newer image for " + privateRef()));

        assertEquals("Removing login credentials for " + host() + "\n", stowage.ok("registry:logout", host()).out());
        assertEquals("Not logged in to " + host() + "\n", stowage.ok("registry:logout", host()).out());
        stowage.ok("image:rm", privateRef());
        Processes.Result refused = stowage.run("image:pull", privateRef());
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("unauthorized"), refused.toString());
    }

    /** The README's own example: the password through a pipe, one-shot and inside the shell. */
    @Test
    void aPasswordPipedToPasswordStdinIsRead() throws Exception {
        String bin = stowage.home.resolve("bin/stowage").toString();
        Map<String, String> env = Map.of("STOWAGE_DATA", stowage.data.toString());
        Processes.Result oneShot = Processes.run(stowage.home, env, List.of("sh", "-c",
                "printf '%s\\n' '" + Fixture.PASSWORD + "' | " + bin + " registry:login -u " + Fixture.USER + " --password-stdin " + host()));
        assertEquals(0, oneShot.exit(), oneShot.toString());
        assertEquals("Login Succeeded\n", oneShot.out());
        assertEquals("Removing login credentials for " + host() + "\n", stowage.ok("registry:logout", host()).out());

        Path commands = Files.writeString(stowage.data.resolveSibling("login-commands.txt"),
                "echo " + Fixture.PASSWORD + " | registry:login -u " + Fixture.USER + " --password-stdin " + host() + "\n");
        Processes.Result shell = Processes.run(stowage.home, env, List.of("sh", "-c", bin + " < " + commands));
        assertEquals(0, shell.exit(), shell.toString());
        assertTrue(shell.out().contains("Login Succeeded"), shell.toString());
        assertTrue(Files.readString(stowage.home.resolve("etc/credentials.json")).contains(
                Base64.getEncoder().encodeToString((Fixture.USER + ":" + Fixture.PASSWORD).getBytes())));
    }

    @Test
    void aPasswordOnTheCommandLineWorksWithDockersWarning() {
        Processes.Result ok = stowage.run("registry:login", "-u", Fixture.USER, "-p", Fixture.PASSWORD, host());
        assertEquals(0, ok.exit(), ok.toString());
        assertEquals("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n", ok.err());
        assertEquals("Login Succeeded\n", ok.out());
    }

    @Test
    void dockerConfigAuthsAndCredentialHelpersAreUsed() throws Exception {
        Path bin = Files.createDirectories(stowage.home.resolve("helpers"));
        Path helper = bin.resolve("docker-credential-stowagetest");
        Files.writeString(helper, String.format(HELPER, host(), Fixture.USER, Fixture.PASSWORD));
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> path = Map.of("PATH", bin + ":" + System.getenv("PATH"));
        Path config = stowage.home.resolve("docker-config.json");
        Path registryCfg = stowage.home.resolve("etc/io.stowage.registry.cfg");
        String cfg = Files.readString(registryCfg);
        assertTrue(cfg.contains("\ndocker.config=\n"), cfg);
        Files.writeString(registryCfg, cfg.replace("\ndocker.config=\n", "\ndocker.config=" + config + "\n"));

        for (String shape : new String[] {
            "{\"credHelpers\": {\"" + host() + "\": \"stowagetest\"}}",
            "{\"credsStore\": \"stowagetest\"}",
            "{\"auths\": {\"" + host() + "\": {\"auth\": \""
                    + Base64.getEncoder().encodeToString((Fixture.USER + ":" + Fixture.PASSWORD).getBytes()) + "\"}}}"}) {
            Files.writeString(config, shape);
            Processes.Result pull = stowage.run("", path, "image:pull", privateRef());
            assertEquals(0, pull.exit(), shape + ": " + pull);
            stowage.ok("image:rm", privateRef());
        }
        Files.writeString(config, "{\"credHelpers\": {\"" + host() + "\": \"missing\"}}");
        Processes.Result noHelper = stowage.run("", path, "image:pull", privateRef());
        assertEquals(1, noHelper.exit());
        assertTrue(noHelper.err().contains("credential helper docker-credential-missing: "), noHelper.toString());
    }

    /** Blob storage on another host (a redirect): the registry's Authorization header does not go there. */
    @Test
    void theAuthorizationHeaderStaysWithTheRegistryOnARedirect() throws Exception {
        try (FaultProxy proxy = new FaultProxy(host())) {
            proxy.redirectBlobs = true;
            String basic = "Basic " + Base64.getEncoder().encodeToString((Fixture.USER + ":" + Fixture.PASSWORD).getBytes());
            proxy.storageLogin = basic;
            Files.writeString(stowage.home.resolve("etc/credentials.json"), "{\"auths\": {\"" + proxy.host() + "\": {\"auth\": \""
                    + basic.substring(6) + "\"}}}");
            String ref = proxy.host() + "/private/app:latest";
            assertTrue(stowage.ok("image:pull", ref).out().contains("Downloaded newer image for " + ref));
            assertFalse(proxy.storageRequests.isEmpty());
            assertTrue(proxy.storageRequests.stream().allMatch(r -> r.endsWith(" without Authorization")), proxy.storageRequests.toString());
        }
    }
}
