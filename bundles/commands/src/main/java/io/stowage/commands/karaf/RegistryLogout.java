package io.stowage.commands.karaf;

import io.stowage.commands.internal.RegistryCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code registry:logout} in Karaf. */
@Service
@Command(scope = "registry", name = "logout", description = "Log out from a registry (Docker Hub when no host is given)")
public final class RegistryLogout extends StowageAction {
    @Reference
    RegistryCommands commands;

    @Argument(multiValued = true, description = "registry host")
    List<String> args;

    @Override
    public Object execute() throws Exception {
        commands.logout(given(args));
        return null;
    }
}
