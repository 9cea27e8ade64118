package io.stowage.commands.karaf;

import io.stowage.commands.internal.ImageCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code image:sign} in Karaf. */
@Service
@Command(scope = "image", name = "sign", description = "Sign an image in its registry with a private key, as cosign signs: its signature tag,"
        + " or a Sigstore bundle")
public final class ImageSign extends StowageAction {
    @Reference
    ImageCommands commands;

    @Option(name = "-k", aliases = "--key", description = "the private key (cosign's ENCRYPTED SIGSTORE PRIVATE KEY, or PKCS #8)")
    String key;

    @Option(name = "--passphrase-file", description = "the file that holds the key's passphrase (default: none)")
    String passphraseFile;

    @Option(name = "--format", description = "tag: cosign's sha256-<hex>.sig (the default); bundle: a Sigstore bundle among the image's referrers")
    String format;

    @Argument(multiValued = true, description = "the image in its registry, e.g. host:5000/app:1.0 or host:5000/app@sha256:…, or in an OCI"
            + " layout, oci:/media/usb/layout:app (a bundle, beside it)")
    List<String> args;

    @Override
    public Object execute() throws Exception {
        commands.sign(or(key), or(passphraseFile), format == null ? "tag" : format, given(args));
        return null;
    }
}
