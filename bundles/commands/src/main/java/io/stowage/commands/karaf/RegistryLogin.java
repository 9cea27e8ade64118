package io.stowage.commands.karaf;

import io.stowage.commands.internal.RegistryCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code registry:login} in Karaf. */
@Service
@Command(scope = "registry", name = "login", description = "Log in to a registry (Docker Hub when no host is given)")
public final class RegistryLogin extends StowageAction {
    @Reference
    RegistryCommands commands;

    @Option(name = "-u", aliases = "--username", description = "user name")
    String username;

    @Option(name = "-p", aliases = "--password", description = "password (prefer --password-stdin)")
    String password;

    @Option(name = "--password-stdin", description = "read the password from standard input")
    boolean passwordStdin;

    @Argument(multiValued = true, description = "registry host, e.g. registry.lan:5000")
    List<String> args;

    @Override
    public Object execute() throws Exception {
        commands.login(or(username), or(password), passwordStdin, given(args));
        return null;
    }
}
