package io.stowage.imagesets.internal;

import io.stowage.api.Digest;
import io.stowage.api.ImageSetEntry;
import io.stowage.api.ImageSets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** Every image set configured now, as one service: a set removed is gone from it at once, and so are its pins. */
@Component(service = ImageSets.class)
public final class ImageSetsImpl implements ImageSets {
    private final List<ImageSet> sets = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSet(ImageSet set) {
        sets.add(set);
    }

    void removeSet(ImageSet set) {
        sets.remove(set);
    }

    @Override
    public List<ImageSetEntry> entries() {
        List<ImageSetEntry> all = new ArrayList<>();
        sets.stream().sorted(Comparator.comparing(ImageSet::name)).forEach(s -> all.addAll(s.entries()));
        return all;
    }

    @Override
    public Set<Digest> pinned() {
        Set<Digest> all = new LinkedHashSet<>();
        sets.forEach(s -> all.addAll(s.pinned()));
        return all;
    }
}
