#!/usr/bin/env python3
# Signs an image in a registry as cosign's key-based signing does (its tag scheme, written from
# cosign's specification, with openssl for the signature): a simple-signing payload naming the
# image's digest and identity, signed with SHA-256 by an EC key (DER signature, base64), pushed as
# the one layer of an OCI manifest tagged sha256-<hex>.sig in the image's repository, the
# signature in the layer's dev.cosignproject.cosign/signature annotation. Plain HTTP, loopback.
#   cosign-sign.py <host:port> <repository> <sha256:digest> <docker-reference> <key.pem>
import base64, hashlib, json, subprocess, sys, tempfile, urllib.request

host, repo, digest, identity, key = sys.argv[1:6]
payload = json.dumps({"critical": {"identity": {"docker-reference": identity},
                                   "image": {"docker-manifest-digest": digest},
                                   "type": "cosign container image signature"},
                      "optional": None}, separators=(",", ":")).encode()
with tempfile.NamedTemporaryFile() as f:
    f.write(payload)
    f.flush()
    der = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key, f.name], check=True, capture_output=True).stdout
signature = base64.b64encode(der).decode()

def push_blob(data):
    d = "sha256:" + hashlib.sha256(data).hexdigest()
    r = urllib.request.urlopen(urllib.request.Request("http://%s/v2/%s/blobs/uploads/" % (host, repo), method="POST", data=b""))
    location = r.headers["Location"]
    location = location if location.startswith("http") else "http://" + host + location
    sep = "&" if "?" in location else "?"
    urllib.request.urlopen(urllib.request.Request(location + sep + "digest=" + d, method="PUT", data=data,
                                                  headers={"Content-Type": "application/octet-stream"}))
    return d

config = b"{}"
manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": push_blob(config), "size": len(config)},
            "layers": [{"mediaType": "application/vnd.dev.cosign.simplesigning.v1+json", "digest": push_blob(payload),
                        "size": len(payload), "annotations": {"dev.cosignproject.cosign/signature": signature}}]}
tag = digest.replace(":", "-") + ".sig"
urllib.request.urlopen(urllib.request.Request("http://%s/v2/%s/manifests/%s" % (host, repo, tag), method="PUT",
                                              data=json.dumps(manifest).encode(),
                                              headers={"Content-Type": "application/vnd.oci.image.manifest.v1+json"}))
print(tag)
