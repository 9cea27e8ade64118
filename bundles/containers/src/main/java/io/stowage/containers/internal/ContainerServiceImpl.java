package io.stowage.containers.internal;

import io.stowage.api.Container;
import io.stowage.api.ContainerService;
import io.stowage.api.Image;
import io.stowage.api.ImageService;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Created containers, as {@code docker create} makes them: records in
 * {@code <stowage.data>/containers.json}. Each holds its image; {@link ContainerUsage} tells the
 * image service so.
 */
@Component(service = ContainerService.class, configurationPid = ContainersConfig.PID)
@org.osgi.service.metatype.annotations.Designate(ocd = ContainersConfig.class)
public final class ContainerServiceImpl implements ContainerService {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final ImageService images;
    private final ContainerRecords records;

    private final io.stowage.oci.Log log = new io.stowage.oci.Log(ContainerServiceImpl.class);


    @Activate
    public ContainerServiceImpl(@Reference ImageService images, BundleContext context, ContainersConfig config) {
        this(images, ContainerRecords.in(context, config));
    }

    ContainerServiceImpl(ImageService images, ContainerRecords records) {
        this.images = images;
        this.records = records;
    }

    @Override
    public Container create(String name, String image) {
        Image img = images.inspect(image);
        List<String> command = new ArrayList<>();
        if (img.config().config().entrypoint() != null) {
            command.addAll(img.config().config().entrypoint());
        }
        if (img.config().config().cmd() != null) {
            command.addAll(img.config().config().cmd());
        }
        if (name != null && !name.isEmpty() && !Names.VALID.matcher(name).matches()) {
            throw new StowageException(Reason.INVALID, "Invalid container name (" + name
                    + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        Container[] created = new Container[1];
        records.update(all -> {
            String chosen = name;
            if (chosen == null || chosen.isEmpty()) {
                do {
                    chosen = Names.generate();
                } while (byName(all, chosen) != null);
            } else if (byName(all, chosen) != null) {
                throw new StowageException(Reason.CONFLICT, "Conflict. The container name \"/" + chosen
                        + "\" is already in use by container \"" + byName(all, chosen).id()
                        + "\". You have to remove (or rename) that container to be able to reuse that name.");
            }
            created[0] = new Container(HexFormat.of().formatHex(id), chosen, image, img.id(), Instant.now(), command);
            List<Container> next = new ArrayList<>(all);
            next.add(created[0]);
            return next;
        });
        log.info("container {} ({}) created from {} ({})", created[0].name(), created[0].id().substring(0, 12), image,
                img.id());
        return created[0];
    }

    @Override
    public List<Container> list() {
        return records.read();
    }

    @Override
    public Container remove(String nameOrId) {
        Container[] removed = new Container[1];
        records.update(all -> {
            Container found = byName(all, nameOrId);
            if (found == null && !nameOrId.isEmpty()) {
                List<Container> matches = all.stream().filter(c -> c.id().startsWith(nameOrId)).toList();
                if (matches.size() > 1) {
                    throw new StowageException(Reason.CONFLICT, "multiple containers found with provided prefix: " + nameOrId);
                }
                found = matches.isEmpty() ? null : matches.get(0);
            }
            if (found == null) {
                throw new StowageException(Reason.NOT_FOUND, "No such container: " + nameOrId);
            }
            removed[0] = found;
            List<Container> next = new ArrayList<>(all);
            next.remove(found);
            return next;
        });
        log.info("container {} ({}) removed", removed[0].name(), removed[0].id().substring(0, 12));
        return removed[0];
    }

    private static Container byName(List<Container> all, String name) {
        String plain = name.startsWith("/") ? name.substring(1) : name;
        return all.stream().filter(c -> c.name().equals(plain)).findFirst().orElse(null);
    }
}
