package io.stowage.commands.karaf;

import io.stowage.commands.internal.ImageCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code image:push} in Karaf. */
@Service
@Command(scope = "image", name = "push", description = "Upload an image to the registry its name names, or write it to an OCI layout")
public final class ImagePush extends StowageAction {
    @Reference
    ImageCommands commands;

    @Option(name = "--sign-by-sigstore-private-key", description = "sign what is pushed with this private key (cosign's ENCRYPTED SIGSTORE"
            + " PRIVATE KEY, or PKCS #8)")
    String signKey;

    @Option(name = "--sign-passphrase-file", description = "the file that holds the key's passphrase (default: none)")
    String passphraseFile;

    @Option(name = "--sign-format", description = "tag: cosign's sha256-<hex>.sig (the default); bundle: a Sigstore bundle among the image's referrers")
    String signFormat;

    @Argument(multiValued = true, description = "image name with its registry, e.g. host:5000/app:1.0; or an image and a layout, "
            + "e.g. app:1.0 oci:/srv/layout[:ref]")
    @Completion(StoredImages.class)
    List<String> args;

    @Override
    public Object execute() throws Exception {
        commands.push(or(signKey), or(passphraseFile), signFormat == null ? "tag" : signFormat, given(args));
        return null;
    }
}
