package io.stowage.commands.internal;

import io.stowage.api.Digest;
import io.stowage.api.Image;
import io.stowage.api.ImageReference;
import io.stowage.api.ImageService;
import io.stowage.api.Platform;
import io.stowage.api.PullResult;
import io.stowage.api.PushResult;
import io.stowage.api.Removal;
import io.stowage.api.StowageException;
import io.stowage.api.TransferListener;
import io.stowage.api.trust.ImageSigner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code image:pull|ls|inspect|rm|tag}: Docker's image commands, with Docker's output. */
@Component(service = ImageCommands.class, property = {
    "stowage.command.scope=image",
    "stowage.command.function=pull",
    "stowage.command.function=ls",
    "stowage.command.function=inspect",
    "stowage.command.function=rm",
    "stowage.command.function=tag",
    "stowage.command.function=push",
    "stowage.command.function=sign",
    "stowage.command.function=history",
    "stowage.command.function=prune",
    "stowage.command.function=load",
    "stowage.command.function=save"})
public final class ImageCommands {
    private final ImageService images;
    private final ImageSigner signer;

    @Activate
    public ImageCommands(@Reference ImageService images, @Reference ImageSigner signer) {
        this.images = images;
        this.signer = signer;
    }

    @Descriptor("Download an image from a registry, or read one from oci:, oci-archive: or docker-archive:")
    public void pull(CommandSession session,
            @Descriptor("os/arch[/variant] to choose from a multi-platform image")
            @Parameter(names = "--platform", absentValue = "") String platform,
            @Descriptor("print only the image's reference")
            @Parameter(names = {"-q", "--quiet"}, presentValue = "true", absentValue = "false") boolean quiet,
            @Descriptor("download every tag of the repository")
            @Parameter(names = {"-a", "--all-tags"}, presentValue = "true", absentValue = "false") boolean allTags,
            @Descriptor("image reference, e.g. alpine:latest or host:5000/repo@sha256:…, or a location, "
                    + "e.g. oci:/srv/layout:1.0, docker-archive:/media/usb/app.tar") String... args) {
        if (Help.shown(ImageCommands.class, "image:pull", args)) {
            return;
        }
        try {
            String reference = Arguments.exactly("image:pull", 1, args)[0];
            Platform chosen = platform.isEmpty() ? null : Platform.parse(platform);
            PrintStream out = System.out;
            if (!allTags) {
                PullResult r = pullOne(reference, chosen, quiet, out);
                if (r.reference() == null) { // a location's image without a name
                    if (!quiet) {
                        line(out, "Loaded image ID: " + r.image().id());
                    }
                    line(out, r.image().id().toString());
                    return;
                }
                if (!quiet) {
                    line(out, "Status: " + (r.downloaded() ? "Downloaded newer image for " : "Image is up to date for ")
                            + r.reference().familiar());
                }
                line(out, r.reference().toString());
                return;
            }
            String text = reference.startsWith("docker://") ? reference.substring(9) : reference;
            ImageReference repository = ImageReference.parse(text);
            if (repository.digest() != null || text.substring(text.lastIndexOf('/') + 1).contains(":")) {
                throw new StowageException(StowageException.Reason.INVALID, "tag can't be used with --all-tags/-a");
            }
            boolean downloaded = false;
            for (String tag : images.tags(repository.name(), skipped -> System.err.println("WARNING: " + skipped))) {
                try {
                    downloaded |= pullOne(repository.withTag(tag).toString(), chosen, quiet, out).downloaded();
                } catch (StowageException e) {
                    if (e.reason() != StowageException.Reason.UNSUPPORTED && e.reason() != StowageException.Reason.NOT_FOUND) {
                        throw e;
                    }
                    // a tag that holds no image for the platform (an artifact, a signature, another
                    // platform's, gone since the listing) is skipped, not the end of the others
                    System.err.println("WARNING: skipped " + tag + ": " + io.stowage.api.TerminalText.escape(e.getMessage()));
                }
            }
            if (!quiet) {
                line(out, "Status: " + (downloaded ? "Downloaded newer image for " : "Image is up to date for ")
                        + repository.familiarName());
            }
            line(out, repository.name());
        } catch (StowageException e) {
            if (Thread.currentThread().isInterrupted() || e.getMessage().endsWith(": cancelled")) {
                // Ctrl-C: the shell has moved on (it prints Gogo's InterruptedException), so the
                // pull says itself that it stopped, and that what it received is kept
                // the job's own streams are closed by then: the session's console is the terminal
                session.getConsole().println("Error: " + io.stowage.api.TerminalText.escape(e.getMessage())
                        + " (what was received is kept for the next pull)");
            }
            throw new CommandException(e);
        }
    }

    /** One pull with Docker's lines up to its {@code Digest:} line ({@code -q}: none). */
    private PullResult pullOne(String reference, Platform platform, boolean quiet, PrintStream out) {
        PullResult r = images.pull(reference, platform, quiet ? TransferListener.NONE
                : new PullDisplay(out, PullDisplay.onTerminal()));
        if (!quiet) {
            line(out, "Digest: " + r.digest());
            if (r.image() != null && r.image().signature() != null) {
                line(out, "Signature: verified with " + r.image().signature());
            }
        }
        return r;
    }

    @Descriptor("Upload an image to the registry its name names, or write it to an OCI layout")
    public void push(
            @Descriptor("sign what is pushed with this private key (cosign's ENCRYPTED SIGSTORE PRIVATE KEY, or PKCS #8)")
            @Parameter(names = "--sign-by-sigstore-private-key", absentValue = "") String signKey,
            @Descriptor("the file that holds the key's passphrase (default: none)")
            @Parameter(names = "--sign-passphrase-file", absentValue = "") String passphraseFile,
            @Descriptor("tag: cosign's sha256-<hex>.sig (the default); bundle: a Sigstore bundle among the image's referrers")
            @Parameter(names = "--sign-format", absentValue = "tag") String signFormat,
            @Descriptor("image name with its registry, e.g. host:5000/app:1.0; or an image and a layout, "
            + "e.g. app:1.0 oci:/srv/layout[:ref]") String... args) {
        if (Help.shown(ImageCommands.class, "image:push", args)) {
            return;
        }
        try {
            Arguments.atMost("image:push", 2, args);
            ImageSigner.Format format = format(signFormat);
            if (!signKey.isEmpty() && args.length == 2) {
                throw new StowageException(StowageException.Reason.UNSUPPORTED, "signing is for registries; a layout's image is signed"
                        + " with image:sign once it is published");
            }
            if (!signKey.isEmpty()) { // a key that cannot sign stops the push before it begins
                signer.checkKey(Arguments.file(signKey), passphrase(passphraseFile));
            }
            String reference = Arguments.exactly("image:push", args.length == 2 ? 2 : 1, args)[0];
            PrintStream out = System.out;
            TransferListener listener = new TransferListener() {
                @Override
                public void pushing(ImageReference ref) {
                    line(out, "The push refers to repository [" + ref.familiarName() + "]");
                }

                @Override
                public void pushed(io.stowage.api.Descriptor layer, String outcome) {
                    line(out, layer.digest().shortHex() + ": " + outcome);
                }
            };
            PushResult r = args.length == 2 ? images.push(reference, args[1], listener) : images.push(reference, listener);
            line(out, (r.reference() != null && r.reference().tag() != null ? r.reference().tag() + ": " : "")
                    + "digest: " + r.digest() + " size: " + r.size());
            if (!signKey.isEmpty()) {
                ImageReference pushed = r.reference();
                String signed = signer.sign(new ImageReference(pushed.registry(), pushed.repository(), pushed.tag(), r.digest()).toString(),
                        Arguments.file(signKey), passphrase(passphraseFile), format);
                line(out, "Signature: " + signed);
            }
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    @Descriptor("Sign an image in its registry with a private key, as cosign signs: its signature tag, or a Sigstore bundle")
    public void sign(
            @Descriptor("the private key (cosign's ENCRYPTED SIGSTORE PRIVATE KEY, or PKCS #8)")
            @Parameter(names = {"-k", "--key"}, absentValue = "") String key,
            @Descriptor("the file that holds the key's passphrase (default: none)")
            @Parameter(names = "--passphrase-file", absentValue = "") String passphraseFile,
            @Descriptor("tag: cosign's sha256-<hex>.sig (the default); bundle: a Sigstore bundle among the image's referrers")
            @Parameter(names = "--format", absentValue = "tag") String format,
            @Descriptor("the image in its registry, e.g. host:5000/app:1.0 or host:5000/app@sha256:…, or in an OCI layout,"
                    + " oci:/media/usb/layout:app (a bundle, beside it)") String... args) {
        if (Help.shown(ImageCommands.class, "image:sign", args)) {
            return;
        }
        try {
            String reference = Arguments.exactly("image:sign", 1, args)[0];
            if (key.isEmpty()) {
                throw new StowageException(StowageException.Reason.INVALID, "image:sign needs --key <private key file>");
            }
            ImageSigner.Format f = format(format);
            line(System.out, signer.sign(reference, Arguments.file(key), passphrase(passphraseFile), f));
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    private static ImageSigner.Format format(String text) {
        return switch (text) {
            case "tag" -> ImageSigner.Format.SIGNATURE_TAG;
            case "bundle" -> ImageSigner.Format.BUNDLE;
            default -> throw new StowageException(StowageException.Reason.INVALID, "invalid signature format \""
                    + io.stowage.api.TerminalText.escape(text) + "\" (tag or bundle)");
        };
    }

    /** The passphrase a file holds, without the line end that ends it (as skopeo reads it); none without a file. */
    private static byte[] passphrase(String file) {
        if (file.isEmpty()) {
            return new byte[0];
        }
        try {
            String text = Files.readString(Arguments.file(file), java.nio.charset.StandardCharsets.UTF_8);
            text = text.endsWith("\r\n") ? text.substring(0, text.length() - 2) : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
            return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StowageException(StowageException.Reason.INVALID, "passphrase file " + file + " cannot be read: "
                    + io.stowage.oci.FileKinds.reason(e), e);
        }
    }

    @Descriptor("Load images from a tar archive (docker save's format, or an OCI layout's tar; gzip too), "
            + "or from standard input")
    public void load(
            @Descriptor("the archive to read (default: standard input)")
            @Parameter(names = {"-i", "--input"}, absentValue = "") String input,
            @Descriptor("print only the loaded names or IDs")
            @Parameter(names = {"-q", "--quiet"}, presentValue = "true", absentValue = "false") boolean quiet,
            String... args) throws IOException {
        if (Help.shown(ImageCommands.class, "image:load", args)) {
            return;
        }
        try {
            Arguments.exactly("image:load", 0, args);
            if (!input.isEmpty()) {
                load(Arguments.file(input), quiet);
                return;
            }
            if (PullDisplay.onTerminal(0)) {
                throw new StowageException(StowageException.Reason.INVALID, "requested load from stdin, but stdin is empty");
            }
            // an archive is read by position, so standard input is kept in a temporary file first
            Path spool = Files.createTempFile("stowage-load-", ".tar");
            try {
                // the command's own input: in the shell, the pipe it is given (cat app.tar | image:load)
                Files.copy(System.in, spool, StandardCopyOption.REPLACE_EXISTING);
                load(spool, quiet);
            } finally {
                Files.deleteIfExists(spool);
            }
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    private void load(Path archive, boolean quiet) {
        PrintStream out = System.out;
        boolean terminal = !quiet && PullDisplay.onTerminal();
        List<PullResult> loaded = images.load(archive.toString(), terminal ? new PullDisplay(out, true) : TransferListener.NONE);
        for (PullResult r : loaded) {
            if (r.reference() == null) {
                line(out, quiet ? r.image().id().toString() : "Loaded image ID: " + r.image().id());
            } else {
                line(out, quiet ? r.reference().familiar() : "Loaded image: " + r.reference().familiar());
            }
        }
    }

    @Descriptor("Save one or more images to a tar archive (docker save's format with an OCI layout inside), "
            + "or to standard output")
    public void save(
            @Descriptor("the file to write (default: standard output, unless it is a terminal)")
            @Parameter(names = {"-o", "--output"}, absentValue = "") String output,
            @Descriptor("images, by name or ID") String... args) throws IOException {
        if (Help.shown(ImageCommands.class, "image:save", args)) {
            return;
        }
        try {
            List<String> chosen = List.of(Arguments.atLeastOne("image:save", args));
            if (!output.isEmpty()) {
                images.save(chosen, Arguments.file(output).toString());
                return;
            }
            if (PullDisplay.onTerminal()) {
                throw new StowageException(StowageException.Reason.INVALID,
                        "cowardly refusing to save to a terminal. Use the -o flag or redirect");
            }
            Path dir = Files.createTempDirectory("stowage-save-");
            Path archive = dir.resolve("images.tar");
            try {
                images.save(chosen, archive.toString());
                PrintStream out = System.out; // the command's own output: in the shell, a pipe or file it is given
                Files.copy(archive, out);
                out.flush();
            } finally {
                Files.deleteIfExists(archive);
                Files.deleteIfExists(dir);
            }
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    @Descriptor("List images")
    public void ls(
            @Descriptor("show all images (Stowage keeps no intermediate images: the same as without)")
            @Parameter(names = {"-a", "--all"}, presentValue = "true", absentValue = "false") boolean all,
            @Descriptor("only image IDs") @Parameter(names = {"-q", "--quiet"}, presentValue = "true", absentValue = "false") boolean quiet,
            @Descriptor("show digests") @Parameter(names = "--digests", presentValue = "true", absentValue = "false") boolean digests,
            @Descriptor("do not truncate IDs") @Parameter(names = "--no-trunc", presentValue = "true", absentValue = "false") boolean noTrunc,
            @Descriptor("dangling=true|false, reference=<pattern>, before=<image> or since=<image>; may be repeated")
            @Parameter(names = {"-f", "--filter"}, absentValue = "") String filter,
            @Descriptor("json (one JSON object per image and tag), table, or a Go template, e.g. 'table {{.Repository}}\\t{{.Tag}}'")
            @Parameter(names = "--format", absentValue = "") String format,
            @Descriptor("[repository[:tag]]") String... args) {
        if (Help.shown(ImageCommands.class, "image:ls", args)) {
            return;
        }
        try {
            List<String> filters = new java.util.ArrayList<>();
            if (!filter.isEmpty()) {
                filters.add(filter);
            }
            String[] given = Arguments.atMost("image:ls", 1, Arguments.repeated(args, filters, "-f", "--filter"));
            ImageListing listing = new ImageListing(images);
            List<ImageListing.Row> rows = listing.rows(filters, given.length == 0 ? "" : given[0]);
            ImageListing.damage(rows).forEach(line -> System.err.println(io.stowage.api.TerminalText.escape(line)));
            if (quiet) {
                System.out.print(ImageListing.quiet(rows, noTrunc));
            } else if (format.equals("json")) {
                System.out.print(listing.json(rows, noTrunc));
            } else if (!format.isEmpty()) {
                System.out.print(listing.formatted(rows, format, noTrunc, digests));
            } else {
                System.out.print(listing.table(rows, digests, noTrunc));
            }
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    @Descriptor("Remove unused images")
    public void prune(CommandSession session,
            @Descriptor("remove all images no container uses, not only dangling ones")
            @Parameter(names = {"-a", "--all"}, presentValue = "true", absentValue = "false") boolean all,
            @Descriptor("do not prompt for confirmation")
            @Parameter(names = {"-f", "--force"}, presentValue = "true", absentValue = "false") boolean force,
            @Descriptor("until=<duration>, e.g. until=24h: only images created before then")
            @Parameter(names = "--filter", absentValue = "") String filter,
            String... args) throws java.io.IOException {
        if (Help.shown(ImageCommands.class, "image:prune", args)) {
            return;
        }
        try {
            Arguments.exactly("image:prune", 0, args);
            java.time.Duration until = null;
            if (!filter.isEmpty()) {
                if (!filter.startsWith("until=")) {
                    throw new StowageException(StowageException.Reason.INVALID, "invalid filter '" + filter.replaceFirst("=.*", "") + "'");
                }
                until = io.stowage.oci.Durations.parse(filter.substring("until=".length()));
            }
            PrintStream out = System.out;
            if (!force) {
                out.print(all ? "WARNING! This will remove all images without at least one container associated to them.\n"
                        : "WARNING! This will remove all dangling images.\n");
                out.print("Are you sure you want to continue? [y/N] ");
                out.flush();
                String answer = new java.io.BufferedReader(new java.io.InputStreamReader(session.getKeyboard(),
                        java.nio.charset.StandardCharsets.UTF_8)).readLine();
                if (answer == null || !answer.trim().equalsIgnoreCase("y")) {
                    out.println();
                    return;
                }
            }
            io.stowage.api.PruneResult r = images.prune(all, until);
            if (!r.untagged().isEmpty() || !r.deleted().isEmpty()) {
                line(out, "Deleted Images:");
                r.untagged().forEach(u -> line(out, "untagged: " + u));
                r.deleted().forEach(d -> line(out, "deleted: " + d));
                line(out, "");
            }
            line(out, "Total reclaimed space: " + Human.size(r.reclaimed()));
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    @Descriptor("Show the history of an image")
    public void history(
            @Descriptor("do not truncate output") @Parameter(names = "--no-trunc", presentValue = "true", absentValue = "false") boolean noTrunc,
            @Descriptor("only image IDs") @Parameter(names = {"-q", "--quiet"}, presentValue = "true", absentValue = "false") boolean quiet,
            @Descriptor("image reference or ID") String... args) {
        if (Help.shown(ImageCommands.class, "image:history", args)) {
            return;
        }
        try {
            String name = Arguments.exactly("image:history", 1, args)[0];
            Image image = images.inspect(name);
            System.out.print(HistoryTable.render(image, quiet ? List.of() : images.layerSizes(name), noTrunc, quiet));
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    @Descriptor("Display detailed information on one or more images")
    public void inspect(
            @Descriptor("Go template, e.g. {{.Id}}, {{.Config.Cmd}}, {{json .RootFS}}")
            @Parameter(names = {"-f", "--format"}, absentValue = "") String format,
            @Descriptor("image references or IDs") String... args) {
        if (Help.shown(ImageCommands.class, "image:inspect", args)) {
            return;
        }
        try {
            String[] names = Arguments.atLeastOne("image:inspect", args);
            List<Image> found = new ArrayList<>();
            StowageException failure = null;
            for (String name : names) {
                try {
                    found.add(images.inspect(name));
                } catch (StowageException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (!format.isEmpty()) {
                for (Image image : found) {
                    System.out.println(GoTemplate.render(format, InspectJson.image(image)));
                }
            } else if (!found.isEmpty() || failure == null) {
                System.out.println(InspectJson.render(found));
            }
            if (failure != null) {
                throw failure;
            }
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    @Descriptor("Remove one or more images")
    public void rm(
            @Descriptor("untag even when the image is in use or in several repositories")
            @Parameter(names = {"-f", "--force"}, presentValue = "true", absentValue = "false") boolean force,
            @Descriptor("keep the image's blobs (a later image:prune deletes them)")
            @Parameter(names = "--no-prune", presentValue = "true", absentValue = "false") boolean noPrune,
            @Descriptor("image references or IDs") String... args) {
        if (Help.shown(ImageCommands.class, "image:rm", args)) {
            return;
        }
        try {
            String[] names = Arguments.atLeastOne("image:rm", args);
            PrintStream out = System.out;
            Outcomes.each(names, name -> {
                Removal r = images.remove(name, force, !noPrune);
                r.untagged().forEach(u -> line(out, "Untagged: " + u));
                for (Digest d : r.deleted()) {
                    line(out, "Deleted: " + d);
                }
            }, System.err);
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    @Descriptor("Create a tag TARGET that refers to SOURCE")
    public void tag(@Descriptor("SOURCE_IMAGE TARGET_IMAGE") String... args) {
        if (Help.shown(ImageCommands.class, "image:tag", args)) {
            return;
        }
        try {
            String[] st = Arguments.exactly("image:tag", 2, args);
            images.tag(st[0], st[1]);
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    /** One line, escaped ({@link io.stowage.api.TerminalText}): names and IDs may come from an archive or a registry. */
    static void line(PrintStream out, String text) {
        synchronized (out) {
            out.println(io.stowage.api.TerminalText.escape(text));
            out.flush();
        }
    }
}
