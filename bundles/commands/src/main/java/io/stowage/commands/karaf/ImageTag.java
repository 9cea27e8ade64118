package io.stowage.commands.karaf;

import io.stowage.commands.internal.ImageCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code image:tag} in Karaf. */
@Service
@Command(scope = "image", name = "tag", description = "Create a tag TARGET that refers to SOURCE")
public final class ImageTag extends StowageAction {
    @Reference
    ImageCommands commands;

    @Argument(multiValued = true, description = "SOURCE_IMAGE TARGET_IMAGE")
    @Completion(StoredImages.class)
    List<String> args;

    @Override
    public Object execute() throws Exception {
        commands.tag(given(args));
        return null;
    }
}
