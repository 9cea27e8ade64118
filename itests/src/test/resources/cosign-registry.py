#!/usr/bin/env python3
# Puts cosign's signatures of an image into a registry, as cosign does, written from cosign's
# specifications. Plain HTTP, loopback.
#
#   cosign-registry.py sign <host:port> <repository> <sha256:digest> <docker-reference> <key.pem>
# The tag scheme of key-based signing: a simple-signing payload naming the image's digest and
# identity, signed with SHA-256 by an EC key (openssl; DER signature, base64), pushed as the one
# layer of an OCI manifest tagged sha256-<hex>.sig, the signature in the layer's
# dev.cosignproject.cosign/signature annotation.
#
#   cosign-registry.py attach <host:port> <repository> <sha256:digest> <bundle.json>
# A Sigstore bundle as cosign v3 attaches one (BUNDLE_SPEC.md): the bundle a blob, the one layer
# of an artifact manifest whose subject is the image, listed in the referrers tag schema's index
# (tag sha256-<hex>), since Debian's registry has no Referrers API.
#
#   cosign-registry.py verify <host:port> <repository> <sha256:digest> <key.pub>
# Verifies the tag scheme's signatures with openssl, as cosign verifies with a key: a layer whose
# payload is what its manifest names, whose signature verifies, and whose payload names the
# image's digest; prints that payload's identity (exit 1 when no layer is such a signature).
#
#   cosign-registry.py fetch-bundle <host:port> <repository> <sha256:digest> <out.json>
# Writes the first Sigstore bundle the referrers tag schema's index lists for the image.
#
#   cosign-registry.py attach-layout <layout dir> - <sha256:digest> <bundle.json>
# The bundle attached beside the image in an OCI image layout, as oras and cosign keep referrers
# there: its blobs in blobs/sha256, its manifest an index.json entry without a ref name.
import base64, hashlib, json, subprocess, sys, tempfile, urllib.request

mode, host, repo, digest = sys.argv[1:5]


def push_blob(data):
    d = "sha256:" + hashlib.sha256(data).hexdigest()
    r = urllib.request.urlopen(urllib.request.Request("http://%s/v2/%s/blobs/uploads/" % (host, repo), method="POST", data=b""))
    location = r.headers["Location"]
    location = location if location.startswith("http") else "http://" + host + location
    sep = "&" if "?" in location else "?"
    urllib.request.urlopen(urllib.request.Request(location + sep + "digest=" + d, method="PUT", data=data,
                                                  headers={"Content-Type": "application/octet-stream"}))
    return d


def get(path, accept):
    headers = {"Accept": accept} if accept else {}
    return urllib.request.urlopen(urllib.request.Request("http://%s/v2/%s/%s" % (host, repo, path), headers=headers)).read()


def put_manifest(reference, manifest, media_type):
    data = json.dumps(manifest).encode()
    urllib.request.urlopen(urllib.request.Request("http://%s/v2/%s/manifests/%s" % (host, repo, reference), method="PUT",
                                                  data=data, headers={"Content-Type": media_type}))
    return "sha256:" + hashlib.sha256(data).hexdigest(), len(data)


MANIFEST = "application/vnd.oci.image.manifest.v1+json"


def subject():
    """The image's descriptor, as its registry serves it."""
    accept = ", ".join([MANIFEST, "application/vnd.oci.image.index.v1+json",
                        "application/vnd.docker.distribution.manifest.v2+json",
                        "application/vnd.docker.distribution.manifest.list.v2+json"])
    r = urllib.request.urlopen(urllib.request.Request("http://%s/v2/%s/manifests/%s" % (host, repo, digest), headers={"Accept": accept}))
    data = r.read()
    return {"mediaType": r.headers["Content-Type"], "digest": digest, "size": len(data)}
if mode == "sign":
    identity, key = sys.argv[5:7]
    payload = json.dumps({"critical": {"identity": {"docker-reference": identity},
                                       "image": {"docker-manifest-digest": digest},
                                       "type": "cosign container image signature"},
                          "optional": None}, separators=(",", ":")).encode()
    with tempfile.NamedTemporaryFile() as f:
        f.write(payload)
        f.flush()
        der = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key, f.name], check=True, capture_output=True).stdout
    config = b"{}"
    manifest = {"schemaVersion": 2, "mediaType": MANIFEST,
                "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": push_blob(config), "size": len(config)},
                "layers": [{"mediaType": "application/vnd.dev.cosign.simplesigning.v1+json", "digest": push_blob(payload),
                            "size": len(payload), "annotations": {"dev.cosignproject.cosign/signature": base64.b64encode(der).decode()}}]}
    tag = digest.replace(":", "-") + ".sig"
    put_manifest(tag, manifest, MANIFEST)
    print(tag)
elif mode == "attach":
    bundle = open(sys.argv[5], "rb").read()
    bundle_type = json.loads(bundle)["mediaType"]
    empty = b"{}"
    manifest = {"schemaVersion": 2, "mediaType": MANIFEST, "artifactType": bundle_type,
                "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": push_blob(empty), "size": len(empty)},
                "layers": [{"mediaType": bundle_type, "digest": push_blob(bundle), "size": len(bundle)}],
                "subject": subject(),
                "annotations": {"dev.sigstore.bundle.content": "dsse-envelope",
                                "dev.sigstore.bundle.predicateType": "https://sigstore.dev/cosign/sign/v1"}}
    data = json.dumps(manifest).encode()
    referrer = "sha256:" + hashlib.sha256(data).hexdigest()
    put_manifest(referrer, manifest, MANIFEST)
    index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
             "manifests": [{"mediaType": MANIFEST, "digest": referrer, "size": len(data), "artifactType": bundle_type}]}
    put_manifest(digest.replace(":", "-"), index, "application/vnd.oci.image.index.v1+json")
    print(referrer)
elif mode == "verify":
    pub = sys.argv[5]
    manifest = json.loads(get("manifests/" + digest.replace(":", "-") + ".sig", MANIFEST))
    for layer in manifest["layers"]:
        payload = get("blobs/" + layer["digest"], None)
        if "sha256:" + hashlib.sha256(payload).hexdigest() != layer["digest"]:
            continue
        with tempfile.NamedTemporaryFile() as p, tempfile.NamedTemporaryFile() as sig:
            p.write(payload)
            p.flush()
            sig.write(base64.b64decode(layer["annotations"]["dev.cosignproject.cosign/signature"]))
            sig.flush()
            ok = subprocess.run(["openssl", "dgst", "-sha256", "-verify", pub, "-signature", sig.name, p.name], capture_output=True)
        critical = json.loads(payload)["critical"]
        if ok.returncode == 0 and critical["image"]["docker-manifest-digest"] == digest:
            print(critical["identity"]["docker-reference"])
            sys.exit(0)
    sys.exit("no signature of %s verifies with %s" % (digest, pub))
elif mode == "fetch-bundle":
    index = json.loads(get("manifests/" + digest.replace(":", "-"), "application/vnd.oci.image.index.v1+json"))
    for entry in index["manifests"]:
        if entry.get("artifactType", "").startswith("application/vnd.dev.sigstore.bundle"):
            manifest = json.loads(get("manifests/" + entry["digest"], MANIFEST))
            open(sys.argv[5], "wb").write(get("blobs/" + manifest["layers"][0]["digest"], None))
            sys.exit(0)
    sys.exit("no bundle refers to " + digest)
elif mode == "attach-layout":
    import os
    layout = host

    def write_blob(data):
        d = hashlib.sha256(data).hexdigest()
        open(os.path.join(layout, "blobs", "sha256", d), "wb").write(data)
        return "sha256:" + d

    bundle = open(sys.argv[5], "rb").read()
    bundle_type = json.loads(bundle)["mediaType"]
    index = json.load(open(os.path.join(layout, "index.json")))
    image = next(e for e in index["manifests"] if e["digest"] == digest)
    empty = b"{}"
    manifest = json.dumps({"schemaVersion": 2, "mediaType": MANIFEST, "artifactType": bundle_type,
                           "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": write_blob(empty), "size": 2},
                           "layers": [{"mediaType": bundle_type, "digest": write_blob(bundle), "size": len(bundle)}],
                           "subject": {"mediaType": image["mediaType"], "digest": digest, "size": image["size"]}}).encode()
    index["manifests"].append({"mediaType": MANIFEST, "digest": write_blob(manifest), "size": len(manifest), "artifactType": bundle_type})
    json.dump(index, open(os.path.join(layout, "index.json"), "w"))
else:
    sys.exit("unknown mode " + mode)
