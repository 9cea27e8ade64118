package io.stowage.commands.internal;

import io.stowage.api.Digest;
import io.stowage.api.Image;
import io.stowage.api.ImageReference;
import io.stowage.api.ImageService;
import io.stowage.api.LayerStatus;
import io.stowage.api.Platform;
import io.stowage.api.PullResult;
import io.stowage.api.PushResult;
import io.stowage.api.Removal;
import io.stowage.api.StowageException;
import io.stowage.api.TransferListener;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code image:pull|ls|inspect|rm|tag}: Docker's image commands, with Docker's output. */
@Component(service = ImageCommands.class, property = {
    "osgi.command.scope=image",
    "osgi.command.function=pull",
    "osgi.command.function=ls",
    "osgi.command.function=inspect",
    "osgi.command.function=rm",
    "osgi.command.function=tag",
    "osgi.command.function=push"})
public final class ImageCommands {
    private final ImageService images;

    @Activate
    public ImageCommands(@Reference ImageService images) {
        this.images = images;
    }

    @Descriptor("Download an image from a registry")
    public void pull(
            @Descriptor("os/arch[/variant] to choose from a multi-platform image")
            @Parameter(names = "--platform", absentValue = "") String platform,
            @Descriptor("image reference, e.g. alpine:latest or host:5000/repo@sha256:…") String... args) {
        String reference = Arguments.exactly("image:pull", 1, args)[0];
        PrintStream out = System.out;
        TransferListener listener = new TransferListener() {
            @Override
            public void pulling(ImageReference ref) {
                line(out, ref.tagOrDigest() + ": Pulling from " + ref.repository());
            }

            @Override
            public void layer(io.stowage.api.Descriptor layer, LayerStatus status) {
                line(out, layer.digest().shortHex() + ": " + status.text());
            }
        };
        PullResult r = images.pull(reference, platform.isEmpty() ? null : Platform.parse(platform), listener);
        line(out, "Digest: " + r.digest());
        line(out, "Status: " + (r.downloaded() ? "Downloaded newer image for " : "Image is up to date for ")
                + r.reference().familiar());
        line(out, r.reference().toString());
    }

    @Descriptor("Upload an image to the registry its name names")
    public void push(@Descriptor("image name with its registry, e.g. host:5000/app:1.0") String... args) {
        String reference = Arguments.exactly("image:push", 1, args)[0];
        PrintStream out = System.out;
        PushResult r = images.push(reference, new TransferListener() {
            @Override
            public void pushing(ImageReference ref) {
                line(out, "The push refers to repository [" + ref.familiarName() + "]");
            }

            @Override
            public void pushed(io.stowage.api.Descriptor layer, String outcome) {
                line(out, layer.digest().shortHex() + ": " + outcome);
            }
        });
        line(out, r.reference().tag() + ": digest: " + r.digest() + " size: " + r.size());
    }

    @Descriptor("List images")
    public void ls(String... args) {
        Arguments.exactly("image:ls", 0, args);
        Table table = new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
        Instant now = Instant.now();
        for (Image image : images.list()) {
            String created = image.config().createdAt() == null ? "N/A"
                    : Human.duration(Duration.between(image.config().createdAt(), now)) + " ago";
            String id = image.id().shortHex();
            String size = Human.size(image.size());
            for (String[] repoTag : repoTags(image)) {
                table.row(repoTag[0], repoTag[1], id, created, size);
            }
        }
        System.out.print(table);
    }

    /** Rows of (repository, tag): one per tag; {@code <none>} where an image has no tag. */
    private static List<String[]> repoTags(Image image) {
        List<String[]> rows = new ArrayList<>();
        for (ImageReference t : image.repoTags()) {
            rows.add(new String[] {t.familiarName(), t.tag()});
        }
        if (rows.isEmpty()) {
            Set<String> repos = new LinkedHashSet<>();
            image.repoDigests().forEach(d -> repos.add(d.familiarName()));
            repos.forEach(r -> rows.add(new String[] {r, "<none>"}));
        }
        if (rows.isEmpty()) {
            rows.add(new String[] {"<none>", "<none>"});
        }
        return rows;
    }

    @Descriptor("Display detailed information on one or more images")
    public void inspect(@Descriptor("image references or IDs") String... args) {
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
        if (!found.isEmpty() || failure == null) {
            System.out.println(InspectJson.render(found));
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Descriptor("Remove one or more images")
    public void rm(
            @Descriptor("untag even when the image is in use or in several repositories")
            @Parameter(names = {"-f", "--force"}, presentValue = "true", absentValue = "false") boolean force,
            @Descriptor("image references or IDs") String... args) {
        String[] names = Arguments.atLeastOne("image:rm", args);
        PrintStream out = System.out;
        Outcomes.each(names, name -> {
            Removal r = images.remove(name, force);
            r.untagged().forEach(u -> line(out, "Untagged: " + u));
            for (Digest d : r.deleted()) {
                line(out, "Deleted: " + d);
            }
        }, System.err);
    }

    @Descriptor("Create a tag TARGET that refers to SOURCE")
    public void tag(@Descriptor("SOURCE_IMAGE TARGET_IMAGE") String... args) {
        String[] st = Arguments.exactly("image:tag", 2, args);
        images.tag(st[0], st[1]);
    }

    static void line(PrintStream out, String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }
}
