package io.stowage.commands.karaf;

import io.stowage.commands.internal.ImageSetCommands;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code imageset:ls} in Karaf. */
@Service
@Command(scope = "imageset", name = "ls", description = "List the image sets (etc/io.stowage.imageset-<name>.cfg) and the state of each of their images")
public final class ImagesetLs extends StowageAction {
    @Reference
    ImageSetCommands commands;

    @Override
    public Object execute() throws Exception {
        commands.ls();
        return null;
    }
}
