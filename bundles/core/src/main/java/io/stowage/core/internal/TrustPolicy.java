package io.stowage.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.TerminalText;
import io.stowage.oci.Log;
import io.stowage.oci.OciJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What may be pulled or loaded: a {@code containers-policy.json} (the format podman, CRI-O and
 * skopeo enforce), read from {@code policy.file}, else {@code <stowage.home>/etc/policy.json},
 * and read again when it changes. Of the format: {@code default}, and {@code transports} with
 * {@code docker} scopes (a reference with its tag or digest, a repository, its namespaces, a
 * host, {@code *.domain}), {@code oci}, {@code oci-archive} and {@code docker-archive} scopes (a
 * path, then each directory above it) and the transport's {@code ""}; the most specific scope
 * wins, and every requirement of its list must be met. Requirements: {@code insecureAcceptAnything},
 * {@code reject}, Stowage's own {@code allowedDigests} ({@code "digests": [...]}: only these root
 * digests, Kura's enforcement digest), and {@code sigstoreSigned} with {@code keyPath} (relative
 * to the policy's directory) or {@code keyData} and a {@code signedIdentity}
 * ({@code matchRepoDigestOrExact} by default, {@code matchRepository}, {@code exactReference},
 * {@code exactRepository}, {@code remapIdentity}): a signature by the key that one of the
 * {@link io.stowage.api.trust.SignatureVerifier}s finds and verifies, in the registry or beside the image in its location; a pull with no signatures to look at is refused (fail closed). A file that is not such a policy refuses every pull, naming
 * the file and the fault; no file at all: everything is accepted, as before there were policies,
 * said once in the log.
 */
final class TrustPolicy {
    /**
     * What a requirement is checked against: the pull, its root digest, and its signatures when it
     * has any (a registry's); {@code verified} collects what verified each signature required.
     */
    record Pulled(String transport, String what, Digest digest, Signatures signatures, List<String> verified) {
    }

    /** What checking an image's signatures under a requirement found: the scheme that verified one, else why none did. */
    record Verdict(String scheme, String refusal) {
        static Verdict verifiedBy(String scheme) {
            return new Verdict(scheme, null);
        }

        static Verdict refused(String why) {
            return new Verdict(null, why);
        }
    }

    /** The signatures of a pulled image, checked under {@code requirement}. */
    interface Signatures {
        Verdict check(SigstoreSigned requirement, Digest root);
    }

    /** One requirement of a scope's list. */
    sealed interface Requirement {
        /** Why {@code pulled} fails this requirement of policy {@code file}; null when it passes. */
        String refusal(Pulled pulled, Path file);
    }

    record Accept() implements Requirement {
        @Override
        public String refusal(Pulled pulled, Path file) {
            return null;
        }
    }

    record Reject() implements Requirement {
        @Override
        public String refusal(Pulled pulled, Path file) {
            return "rejected by policy " + file;
        }
    }

    record AllowedDigests(Set<Digest> digests) implements Requirement {
        @Override
        public String refusal(Pulled pulled, Path file) {
            return digests.contains(pulled.digest()) ? null : pulled.digest() + " is not among the digests policy " + file + " allows";
        }
    }

    /**
     * A cosign signature by {@code key} ({@code keyName} says which in messages), whose identity
     * {@code identity} accepts: its {@code type}, and for {@code exactReference} and
     * {@code exactRepository} the reference or repository it names.
     */
    record SigstoreSigned(java.security.PublicKey key, String keyName, String identity, String identityValue) implements Requirement {
        @Override
        public String refusal(Pulled pulled, Path file) {
            if (pulled.signatures() == null) {
                return "policy " + file + " requires a sigstore signature (" + keyName + "), and this pull has no signatures to look at";
            }
            Verdict v = pulled.signatures().check(this, pulled.digest());
            if (v.refusal() != null) {
                return "not signed as policy " + file + " requires (" + keyName + "): " + v.refusal();
            }
            pulled.verified().add(keyName + " (" + TerminalText.escape(v.scheme()) + ")");
            return null;
        }

        /** Null when the signed {@code docker-reference} is acceptable for a pull of {@code pulled}; else why not. */
        String identityRefusal(ImageReference pulled, String signed) {
            ImageReference s;
            try {
                s = ImageReference.parse(signed);
            } catch (StowageException e) {
                return "the signed identity \"" + TerminalText.escape(signed) + "\" is no reference";
            }
            String last = signed.substring(signed.lastIndexOf('/') + 1);
            boolean explicit = last.contains(":") || last.contains("@");
            boolean sameRepository = s.registry().equals(pulled.registry()) && s.repository().equals(pulled.repository());
            ImageReference expected = pulled;
            if ("remapIdentity".equals(identity)) {
                expected = remapped(pulled);
                sameRepository = s.registry().equals(expected.registry()) && s.repository().equals(expected.repository());
            }
            boolean ok = switch (identity) {
                case "matchRepository" -> sameRepository;
                case "exactReference" -> explicit && s.equals(ImageReference.parse(identityValue));
                case "exactRepository" -> sameRepository(s, ImageReference.parse(identityValue + ":latest"));
                // matchRepoDigestOrExact, and remapIdentity after its remapping
                default -> expected.digest() != null ? sameRepository : explicit && s.equals(expected);
            };
            return ok ? null : "the signed identity \"" + TerminalText.escape(signed) + "\" does not match (" + identity + ")";
        }

        /**
         * remapIdentity: a pulled reference within {@code prefix} (the whole reference, its
         * repository or a namespace of it, or its host) as though it were within
         * {@code signedPrefix}, as containers/image rewrites a mirror's name; others unchanged.
         */
        ImageReference remapped(ImageReference pulled) {
            String[] prefixes = identityValue.split("\n", 2);
            String name = pulled.registry() + "/" + pulled.repository();
            String full = pulled.toString();
            for (String candidate : new String[] {full, name}) {
                if (candidate.equals(prefixes[0]) || candidate.startsWith(prefixes[0] + "/")
                        || candidate.startsWith(prefixes[0] + ":") || candidate.startsWith(prefixes[0] + "@")) {
                    try {
                        return ImageReference.parse(prefixes[1] + full.substring(prefixes[0].length()));
                    } catch (StowageException e) {
                        return pulled; // a remapping into no reference matches nothing else either
                    }
                }
            }
            return pulled;
        }

        private static boolean sameRepository(ImageReference a, ImageReference b) {
            return a.registry().equals(b.registry()) && a.repository().equals(b.repository());
        }
    }

    private record Parsed(List<Requirement> fallback, Map<String, Map<String, List<Requirement>>> transports) {
    }

    private static final Set<String> TRANSPORTS = Set.of("docker", "oci", "oci-archive", "docker-archive");
    private final Log log = new Log(TrustPolicy.class);
    private final Path file;
    private Object readAt;
    private Parsed parsed;
    private StowageException fault;
    private boolean saidAbsent;

    TrustPolicy(Path file) {
        this.file = file;
    }

    /**
     * Refuses the pull of {@code what} whose root document has {@code digest}, unless the policy's
     * requirements for it are all met. {@code transport}: {@code docker} for a registry reference,
     * else the location's kind ({@code what} is then {@code kind:text}): {@code oci},
     * {@code oci-archive}, {@code docker-archive} (which {@code image:load} reads any archive as),
     * or another transport's, which the file names no scopes of (its default applies).
     */
    String admit(String transport, String what, Digest digest, Signatures signatures) {
        List<Requirement> requirements = requirements(transport, what);
        Pulled pulled = new Pulled(transport, what, digest, signatures, new ArrayList<>());
        for (Requirement r : requirements) {
            String refusal = r.refusal(pulled, file);
            if (refusal != null) {
                throw new StowageException(Reason.INVALID, refusal); // the pull's message names the image
            }
        }
        return pulled.verified().isEmpty() ? null : String.join("; ", pulled.verified());
    }

    /** The requirements of the most specific scope for {@code what}; none when there is no policy file. */
    synchronized List<Requirement> requirements(String transport, String what) {
        Parsed p = current();
        if (p == null) {
            return List.of();
        }
        Map<String, List<Requirement>> scopes = p.transports().getOrDefault(transport, Map.of());
        for (String scope : scopes.isEmpty() ? List.<String>of() : scopes(transport, what)) {
            List<Requirement> found = scopes.get(scope);
            if (found != null) {
                return found;
            }
        }
        return scopes.getOrDefault("", p.fallback());
    }

    /** The policy as the file says now: null when there is none; the fault, thrown, while it is broken. */
    private Parsed current() {
        Object stamp;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            stamp = List.of(a.lastModifiedTime(), a.size(), a.fileKey() == null ? "" : a.fileKey());
        } catch (NoSuchFileException absent) {
            if (!saidAbsent) {
                log.info("no trust policy ({} is absent): every image may be pulled", file);
                saidAbsent = true;
            }
            parsed = null;
            fault = null;
            readAt = null;
            return null;
        } catch (IOException e) {
            throw new StowageException(Reason.INVALID, "policy " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (!stamp.equals(readAt)) {
            readAt = stamp;
            saidAbsent = false;
            try {
                parsed = parse(Files.readAllBytes(file));
                fault = null;
                log.info("trust policy {} read", file);
            } catch (IOException | StowageException e) {
                parsed = null;
                fault = new StowageException(Reason.INVALID, "policy " + file + ": " + e.getMessage()
                        + "; every pull is refused until it is mended");
                log.warn("{}", fault.getMessage());
            }
        }
        if (fault != null) {
            throw fault;
        }
        return parsed;
    }

    private Parsed parse(byte[] bytes) {
        Path base = file.toAbsolutePath().getParent();
        JsonNode root = OciJson.tree(bytes, "policy");
        only(root, "policy", "default", "transports");
        if (!root.path("default").isArray() || root.path("default").isEmpty()) {
            throw invalid("\"default\" must be a list of requirements, and not an empty one");
        }
        Map<String, Map<String, List<Requirement>>> transports = new LinkedHashMap<>();
        JsonNode t = root.path("transports");
        if (!t.isMissingNode() && !t.isObject()) {
            throw invalid("\"transports\" must be an object");
        }
        for (var e : iterable(t.fields())) {
            if (!TRANSPORTS.contains(e.getKey())) {
                throw invalid("transport \"" + e.getKey() + "\" is not one Stowage pulls from (" + String.join(", ", TRANSPORTS) + ")");
            }
            if (!e.getValue().isObject()) {
                throw invalid("transport \"" + e.getKey() + "\" must map scopes to requirements");
            }
            Map<String, List<Requirement>> scopes = new LinkedHashMap<>();
            for (var s : iterable(e.getValue().fields())) {
                scopes.put(s.getKey(), requirements(s.getValue(), e.getKey() + " scope \"" + s.getKey() + "\"", base));
            }
            transports.put(e.getKey(), scopes);
        }
        return new Parsed(requirements(root.get("default"), "default", base), transports);
    }

    private static List<Requirement> requirements(JsonNode list, String where, Path base) {
        if (!list.isArray() || list.isEmpty()) {
            throw invalid(where + ": a list of requirements, and not an empty one");
        }
        List<Requirement> out = new ArrayList<>();
        for (JsonNode r : list) {
            String type = r.path("type").asText("");
            switch (type) {
                case "insecureAcceptAnything" -> {
                    only(r, where, "type");
                    out.add(new Accept());
                }
                case "reject" -> {
                    only(r, where, "type");
                    out.add(new Reject());
                }
                case "allowedDigests" -> {
                    only(r, where, "type", "digests");
                    if (!r.path("digests").isArray() || r.path("digests").isEmpty()) {
                        throw invalid(where + ": allowedDigests needs \"digests\", a list of sha256:… digests");
                    }
                    Set<Digest> digests = new HashSet<>();
                    for (JsonNode d : r.path("digests")) {
                        try {
                            digests.add(Digest.parse(d.asText()));
                        } catch (StowageException e) {
                            throw invalid(where + ": \"" + TerminalText.escape(d.asText()) + "\" is not a digest");
                        }
                    }
                    out.add(new AllowedDigests(Set.copyOf(digests)));
                }
                case "sigstoreSigned" -> out.add(sigstoreSigned(r, where, base));
                default -> throw invalid(where + ": requirement type \"" + TerminalText.escape(type) + "\" is not one Stowage knows"
                        + " (insecureAcceptAnything, reject, sigstoreSigned, allowedDigests)");
            }
        }
        return List.copyOf(out);
    }

    private static SigstoreSigned sigstoreSigned(JsonNode r, String where, Path base) {
        only(r, where, "type", "keyPath", "keyData", "signedIdentity");
        if (r.has("keyPath") == r.has("keyData")) {
            throw invalid(where + ": sigstoreSigned needs exactly one of keyPath and keyData");
        }
        String pem;
        String name;
        if (r.has("keyPath")) {
            Path key = base.resolve(r.path("keyPath").asText());
            name = "key " + key;
            try {
                pem = Files.readString(key, java.nio.charset.StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw invalid(where + ": key " + key + " cannot be read: " + e.getMessage());
            }
        } else {
            name = "the key in keyData";
            try {
                pem = new String(java.util.Base64.getDecoder().decode(r.path("keyData").asText()), java.nio.charset.StandardCharsets.US_ASCII);
            } catch (IllegalArgumentException e) {
                throw invalid(where + ": keyData is not base64");
            }
        }
        java.security.PublicKey key = CosignSignatures.publicKey(pem, where + ": " + name);
        JsonNode id = r.path("signedIdentity");
        String type = id.isMissingNode() ? "matchRepoDigestOrExact" : id.path("type").asText("");
        String value = null;
        switch (type) {
            case "matchRepoDigestOrExact", "matchRepository" -> only(id.isMissingNode() ? OciJson.object() : id, where, "type");
            case "exactReference" -> {
                only(id, where, "type", "dockerReference");
                value = id.path("dockerReference").asText("");
                if (!value.contains(":") && !value.contains("@") || !valid(value)) {
                    throw invalid(where + ": exactReference needs dockerReference, a reference with a tag or digest");
                }
            }
            case "exactRepository" -> {
                only(id, where, "type", "dockerRepository");
                value = id.path("dockerRepository").asText("");
                if (!valid(value + ":latest")) {
                    throw invalid(where + ": exactRepository needs dockerRepository, a repository");
                }
            }
            case "remapIdentity" -> {
                only(id, where, "type", "prefix", "signedPrefix");
                String prefix = id.path("prefix").asText("");
                String signedPrefix = id.path("signedPrefix").asText("");
                if (!validPrefix(prefix) || !validPrefix(signedPrefix)) {
                    throw invalid(where + ": remapIdentity needs prefix and signedPrefix, each a host, a repository or a reference");
                }
                value = prefix + "\n" + signedPrefix;
            }
            default -> throw invalid(where + ": signedIdentity \"" + TerminalText.escape(type) + "\" is not one Stowage knows"
                    + " (matchRepoDigestOrExact, matchRepository, exactReference, exactRepository, remapIdentity)");
        }
        return new SigstoreSigned(key, name, type, value);
    }

    /** A remapIdentity prefix: a host (with its port), a repository or a reference, spelt out in full. */
    private static boolean validPrefix(String prefix) {
        return !prefix.isEmpty() && (prefix.matches("[A-Za-z0-9.-]+(:[0-9]+)?") || valid(prefix) || valid(prefix + ":latest"));
    }

    private static boolean valid(String reference) {
        try {
            ImageReference.parse(reference);
            return true;
        } catch (StowageException e) {
            return false;
        }
    }

    private static void only(JsonNode node, String where, String... keys) {
        if (!node.isObject()) {
            throw invalid(where + " must be an object");
        }
        for (var name : iterable(node.fieldNames())) {
            if (!List.of(keys).contains(name)) {
                throw invalid(where + ": unknown field \"" + TerminalText.escape(name) + "\"");
            }
        }
    }

    private static StowageException invalid(String why) {
        return new StowageException(Reason.INVALID, why);
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
        return () -> it;
    }

    /** The scopes that may name {@code what}, most specific first, as containers/image orders them. */
    static List<String> scopes(String transport, String what) {
        List<String> scopes = new ArrayList<>();
        if (!transport.equals("docker")) {
            String location = what.substring(transport.length() + 1);
            scopes.add(location);
            String path = location.contains(":") && transport.equals("oci") ? location.substring(0, location.lastIndexOf(':')) : location;
            for (Path p = Path.of(path); p != null; p = p.getParent()) {
                scopes.add(p.toString());
            }
            return scopes;
        }
        ImageReference ref = ImageReference.parse(what);
        scopes.add(ref.toString());
        String repository = ref.registry() + "/" + ref.repository();
        for (String s = repository; s.contains("/"); s = s.substring(0, s.lastIndexOf('/'))) {
            scopes.add(s);
        }
        scopes.add(ref.registry());
        String host = ref.registry().contains(":") ? ref.registry().substring(0, ref.registry().indexOf(':')) : ref.registry();
        for (String d = host; d.contains("."); d = d.substring(d.indexOf('.') + 1)) {
            scopes.add("*." + d.substring(d.indexOf('.') + 1));
        }
        return scopes;
    }
}
