package io.stowage.commands.internal;

import io.stowage.api.StowageException;
import io.stowage.api.Digest;
import io.stowage.api.Image;
import io.stowage.api.ImageService;
import io.stowage.api.ImageUsage;
import io.stowage.api.Usage;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code image:df}: what {@code docker system df} says of images: how many, how many containers
 * use, their size counting each layer once, and what is reclaimable; {@code -v} lists each image
 * with its shared and unique size and containers. Sizes are uncompressed, as Docker's are; a
 * layer is the same layer where its diff_id is.
 */
@Component(service = DiskUsageCommands.class, property = {"stowage.command.scope=image", "stowage.command.function=df"})
public final class DiskUsageCommands {
    private final ImageService images;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private final List<ImageUsage> usages = new CopyOnWriteArrayList<>();

    @Activate
    public DiskUsageCommands(@Reference ImageService images) {
        this.images = images;
    }

    @Descriptor("Show disk usage of images")
    public void df(
            @Descriptor("each image: size, shared size, unique size, containers")
            @Parameter(names = {"-v", "--verbose"}, presentValue = "true", absentValue = "false") boolean verbose,
            String... args) {
        if (Help.shown(DiskUsageCommands.class, "image:df", args)) {
            return;
        }
        try {
            Arguments.exactly("image:df", 0, args);
            List<Image> all = images.list();
            Map<Digest, Integer> containers = new HashMap<>();
            for (ImageUsage u : usages) {
                for (Usage use : u.usages()) {
                    containers.merge(use.image(), 1, Integer::sum);
                }
            }
            Map<Digest, Long> layerSize = new HashMap<>();
            Map<Digest, Integer> layerUsers = new HashMap<>();
            for (Image image : all) {
                if (image.damaged()) {
                    continue; // its layers are unknown; image:ls says so
                }
                List<Long> s = images.layerSizes(image.id().toString());
                List<Digest> diffIds = image.config().diffIds();
                for (int i = 0; i < diffIds.size() && i < s.size(); i++) {
                    layerSize.put(diffIds.get(i), s.get(i));
                }
                diffIds.stream().distinct().forEach(d -> layerUsers.merge(d, 1, Integer::sum));
            }
            long total = layerSize.values().stream().mapToLong(Long::longValue).sum();
            Map<Digest, Boolean> layerActive = new HashMap<>();
            for (Image image : all) {
                if (containers.containsKey(image.id())) {
                    image.config().diffIds().forEach(d -> layerActive.put(d, true));
                }
            }
            long reclaimable = layerSize.entrySet().stream().filter(e -> !layerActive.containsKey(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
            long active = all.stream().filter(i -> containers.containsKey(i.id())).count();
            Table summary = new Table("TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE");
            summary.row("Images", Integer.toString(all.size()), Long.toString(active), Human.size(total),
                    Human.size(reclaimable) + " (" + (total == 0 ? 0 : Math.round(100.0 * reclaimable / total)) + "%)");
            List<io.stowage.api.store.BlobInfo> partial = images.partialDownloads();
            long kept = partial.stream().mapToLong(io.stowage.api.store.BlobInfo::size).sum();
            // kept to resume a pull; image:prune drops them
            summary.row("Partial downloads", Integer.toString(partial.size()), "0", Human.size(kept),
                    Human.size(kept) + " (" + (kept == 0 ? 0 : 100) + "%)");
            if (!verbose) {
                System.out.print(summary);
                return;
            }
            System.out.println("Images space usage:");
            System.out.println();
            Table table = new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE", "SHARED SIZE", "UNIQUE SIZE", "CONTAINERS");
            Instant now = Instant.now();
            for (Image image : all) {
                long shared = 0;
                long unique = 0;
                for (Digest d : image.config().diffIds().stream().distinct().toList()) {
                    long size = layerSize.getOrDefault(d, 0L);
                    if (layerUsers.getOrDefault(d, 0) > 1) {
                        shared += size;
                    } else {
                        unique += size;
                    }
                }
                String created = Human.since(image.config().createdAt(), now);
                String repository = image.repoTags().isEmpty() ? "<none>" : image.repoTags().get(0).familiarName();
                String tag = image.repoTags().isEmpty() ? "<none>" : image.repoTags().get(0).tag();
                table.row(repository, tag, image.id().shortHex(), created, Human.size(image.size()), Human.size(shared),
                        Human.size(unique), Integer.toString(containers.getOrDefault(image.id(), 0)));
            }
            System.out.print(table);
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }
}
