package io.stowage.commands.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stowage.api.ContainerConfig;
import io.stowage.api.Descriptor;
import io.stowage.api.ImageConfig;
import io.stowage.api.RemoteImage;

/** {@code skopeo inspect docker://…}'s JSON for an image read from its registry: skopeo's fields, in its order. */
final class RemoteJson {
    private RemoteJson() {
    }

    static String render(RemoteImage image) {
        ImageConfig config = image.config();
        ContainerConfig run = config.config();
        ObjectNode o = InspectJson.object();
        o.put("Name", image.reference().name());
        o.put("Digest", image.digest().toString());
        ArrayNode tags = o.putArray("RepoTags");
        image.tags().forEach(tags::add);
        o.put("Created", config.created());
        o.put("DockerVersion", "");
        if (run.labels() == null) {
            o.putNull("Labels");
        } else {
            ObjectNode labels = o.putObject("Labels");
            run.labels().forEach(labels::put);
        }
        o.put("Architecture", config.architecture());
        if (config.variant() != null && !config.variant().isEmpty()) {
            o.put("Variant", config.variant());
        }
        o.put("Os", config.os());
        ArrayNode layers = o.putArray("Layers");
        ArrayNode data = o.putArray("LayersData");
        for (Descriptor l : image.manifest().layers()) {
            layers.add(l.digest().toString());
            ObjectNode d = data.addObject();
            d.put("MIMEType", l.mediaType());
            d.put("Digest", l.digest().toString());
            d.put("Size", l.size());
            d.putNull("Annotations");
        }
        if (run.env() == null) {
            o.putNull("Env");
        } else {
            ArrayNode env = o.putArray("Env");
            run.env().forEach(env::add);
        }
        return InspectJson.pretty(o);
    }
}
