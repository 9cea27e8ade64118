package io.stowage.commands.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stowage.api.Digest;
import io.stowage.api.Image;
import io.stowage.api.ImageReference;
import io.stowage.api.ImageService;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code docker image ls}: one row per repository and tag, newest image first; filters
 * ({@code dangling}, {@code reference}, {@code before}, {@code since}), a
 * {@code repository[:tag]} argument, and Docker's {@code -q}, {@code --digests},
 * {@code --no-trunc} and {@code --format json} outputs.
 */
final class ImageListing {
    private static final DateTimeFormatter CREATED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** One row: an image under one repository and tag (both {@code <none>} for a dangling image). */
    record Row(Image image, String repository, String tag, String digest) {
    }

    private final ImageService images;
    private final Instant now = Instant.now();

    ImageListing(ImageService images) {
        this.images = images;
    }

    /** The rows to show, newest image first, after the filter and the argument. */
    List<Row> rows(String filter, String argument) {
        return rows(filter.isEmpty() ? List.of() : List.of(filter), argument);
    }

    /**
     * The rows to show after {@code filters} ({@code --filter} given once each): as Docker
     * combines them, values of one key are alternatives, different keys must all hold.
     */
    List<Row> rows(List<String> filters, String argument) {
        Map<String, List<String>> byKey = new java.util.LinkedHashMap<>();
        for (String f : filters) {
            int eq = f.indexOf('=');
            byKey.computeIfAbsent(eq < 0 ? f : f.substring(0, eq), k -> new ArrayList<>()).add(f);
        }
        Predicate<Image> keepImage = i -> true;
        Predicate<Row> keepRow = rowFilter("", argument);
        for (List<String> alternatives : byKey.values()) {
            Predicate<Image> anyImage = i -> false;
            Predicate<Row> anyRow = r -> false;
            for (String f : alternatives) {
                anyImage = anyImage.or(imageFilter(f));
                anyRow = anyRow.or(rowFilter(f, ""));
            }
            keepImage = keepImage.and(anyImage);
            keepRow = keepRow.and(anyRow);
        }
        return rows(keepImage, keepRow);
    }

    private List<Row> rows(Predicate<Image> keepImage, Predicate<Row> keepRow) {
        // each image's time parsed once, not once per comparison
        Map<Image, Instant> times = new IdentityHashMap<>();
        List<Image> all = new ArrayList<>(images.list());
        all.forEach(i -> times.put(i, i.createdOrTagged()));
        all.sort(Comparator.comparing(times::get, Comparator.nullsLast(Comparator.reverseOrder())));
        List<Row> rows = new ArrayList<>();
        for (Image image : all) {
            if (!keepImage.test(image)) {
                continue;
            }
            for (Row row : rows(image)) {
                if (keepRow.test(row)) {
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static List<Row> rows(Image image) {
        List<Row> rows = new ArrayList<>();
        for (ImageReference t : image.repoTags()) {
            rows.add(new Row(image, t.familiarName(), t.tag(), digestFor(image, t.familiarName())));
        }
        if (rows.isEmpty()) {
            Set<String> repos = new LinkedHashSet<>();
            image.repoDigests().forEach(d -> repos.add(d.familiarName()));
            repos.forEach(r -> rows.add(new Row(image, r, "<none>", digestFor(image, r))));
        }
        if (rows.isEmpty()) {
            rows.add(new Row(image, "<none>", "<none>", "<none>"));
        }
        return rows;
    }

    private static String digestFor(Image image, String familiarRepository) {
        return image.repoDigests().stream().filter(d -> d.familiarName().equals(familiarRepository))
                .map(d -> d.digest().toString()).findFirst().orElse("<none>");
    }

    private Predicate<Image> imageFilter(String filter) {
        if (filter.isEmpty() || filter.startsWith("reference=")) {
            return i -> true;
        }
        int eq = filter.indexOf('=');
        String key = eq < 0 ? filter : filter.substring(0, eq);
        String value = eq < 0 ? "" : filter.substring(eq + 1);
        switch (key) {
            case "dangling":
                if (!value.equals("true") && !value.equals("false")) {
                    throw new StowageException(Reason.INVALID, "invalid filter 'dangling=" + value + "'");
                }
                boolean dangling = value.equals("true");
                return i -> i.repoTags().isEmpty() == dangling;
            case "before":
            case "since":
                Instant pivot = images.inspect(value).createdOrTagged();
                return key.equals("before") ? i -> i.createdOrTagged().isBefore(pivot) : i -> i.createdOrTagged().isAfter(pivot);
            default:
                throw new StowageException(Reason.INVALID, "invalid filter '" + key + "'");
        }
    }

    private static Predicate<Row> rowFilter(String filter, String argument) {
        Predicate<Row> keep = r -> true;
        if (filter.startsWith("reference=")) {
            PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + filter.substring("reference=".length()));
            keep = r -> !r.tag().equals("<none>") && (glob.matches(Paths.get(r.repository()))
                    || glob.matches(Paths.get(r.repository() + ":" + r.tag())));
        }
        if (!argument.isEmpty()) {
            int colon = argument.lastIndexOf(':');
            boolean hasTag = colon > argument.lastIndexOf('/');
            String repository = hasTag ? argument.substring(0, colon) : argument;
            String tag = hasTag ? argument.substring(colon + 1) : null;
            String familiar = ImageReference.parse(repository).familiarName();
            keep = keep.and(r -> r.repository().equals(familiar) && (tag == null || r.tag().equals(tag)));
        }
        return keep;
    }

    String table(List<Row> rows, boolean digests, boolean noTrunc) {
        Table table = digests ? new Table("REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE")
                : new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
        for (Row r : rows) {
            String id = noTrunc ? r.image().id().toString() : r.image().id().shortHex();
            if (digests) {
                table.row(r.repository(), r.tag(), r.digest(), id, createdSince(r.image()), size(r.image()));
            } else {
                table.row(r.repository(), r.tag(), id, createdSince(r.image()), size(r.image()));
            }
        }
        return table.toString();
    }

    /** The SIZE column: the uncompressed size, or {@code <damaged>}. */
    private static String size(Image image) {
        return image.damaged() ? "<damaged>" : Human.size(image.size());
    }

    /**
     * One line per damaged image among the rows, for standard error: which image, what is
     * missing, and what to do.
     */
    static List<String> damage(List<Row> rows) {
        java.util.Map<Digest, String> lines = new java.util.LinkedHashMap<>();
        for (Row r : rows) {
            Image i = r.image();
            if (i.damaged()) {
                String name = i.repoTags().isEmpty() ? i.id().shortHex() : i.repoTags().get(0).familiar();
                lines.putIfAbsent(i.id(), "WARNING: image " + name + " is damaged: " + i.damage()
                        + "; pull it again, or remove it (image:rm)");
            }
        }
        return new ArrayList<>(lines.values());
    }

    /** {@code -q}: each image's ID once, in the rows' order. */
    static String quiet(List<Row> rows, boolean noTrunc) {
        Set<String> ids = new LinkedHashSet<>();
        rows.forEach(r -> ids.add(noTrunc ? r.image().id().toString() : r.image().id().shortHex()));
        StringBuilder b = new StringBuilder();
        ids.forEach(id -> b.append(id).append('\n'));
        return b.toString();
    }

    /** {@code --format json}: one object per row, with Docker's keys. */
    String json(List<Row> rows, boolean noTrunc) {
        StringBuilder b = new StringBuilder();
        for (Row r : rows) {
            b.append(InspectJson.compact(fields(r, noTrunc))).append('\n');
        }
        return b.toString();
    }

    /** The header each field of a row has in a {@code table} format, as Docker names it. */
    private static final Map<String, String> HEADERS = Map.ofEntries(Map.entry("Containers", "CONTAINERS"),
            Map.entry("CreatedAt", "CREATED AT"), Map.entry("CreatedSince", "CREATED"), Map.entry("Digest", "DIGEST"),
            Map.entry("ID", "IMAGE ID"), Map.entry("Repository", "REPOSITORY"), Map.entry("SharedSize", "SHARED SIZE"),
            Map.entry("Size", "SIZE"), Map.entry("Tag", "TAG"), Map.entry("UniqueSize", "UNIQUE SIZE"),
            Map.entry("VirtualSize", "VIRTUAL SIZE"), Map.entry("Damaged", "DAMAGED"));

    /**
     * {@code --format '<Go template>'}: the template once per row; with Docker's {@code table}
     * prefix, a header row (the fields' names in capitals) and the cells (split at tabs) aligned.
     * {@code \t} and {@code \n} typed in the format are a tab and a newline, as in Docker.
     */
    String formatted(List<Row> rows, String format, boolean noTrunc, boolean digests) {
        boolean table = format.startsWith("table");
        String body = (table ? format.substring("table".length()) : format).trim().replace("\\t", "\t").replace("\\n", "\n");
        if (table && body.isEmpty()) {
            return table(rows, digests, noTrunc);
        }
        GoTemplate template = GoTemplate.parse(body);
        if (!table) {
            StringBuilder b = new StringBuilder();
            rows.forEach(r -> b.append(template.render(fields(r, noTrunc))).append('\n'));
            return b.toString();
        }
        ObjectNode names = InspectJson.object();
        HEADERS.forEach(names::put);
        Table t = new Table(template.render(names).split("\t", -1));
        rows.forEach(r -> t.row(template.render(fields(r, noTrunc)).split("\t", -1)));
        return t.toString();
    }

    /** A row's fields, with Docker's keys: what {@code json} prints and a template reads. */
    private ObjectNode fields(Row r, boolean noTrunc) {
        ObjectNode o = InspectJson.object();
        o.put("Containers", "N/A");
        Instant c = r.image().config().createdAt();
        o.put("CreatedAt", c == null ? "" : CREATED_AT.format(c));
        o.put("CreatedSince", createdSince(r.image()));
        o.put("Digest", r.digest());
        o.put("ID", noTrunc ? r.image().id().toString() : r.image().id().shortHex());
        o.put("Repository", r.repository());
        o.put("SharedSize", "N/A");
        o.put("Size", Human.size(r.image().size()));
        o.put("Tag", r.tag());
        o.put("UniqueSize", "N/A");
        o.put("VirtualSize", Human.size(r.image().size()));
        if (r.image().damaged()) {
            o.put("Damaged", true);
        }
        return o;
    }

    private String createdSince(Image image) {
        return Human.since(image.config().createdAt(), now);
    }
}
