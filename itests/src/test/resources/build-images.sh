#!/bin/sh
# Builds the test images with umoci from a static busybox and pushes them with skopeo.
#   build-images.sh <workdir> <registry host:port>
# Pushed:
#   app:latest          OCI manifest, 3 layers (busybox; files; a whiteout), Cmd/Env/Labels/ports set
#   v2s2/app:latest     the same image as Docker schema2 (skopeo --format v2s2)
#   other:latest        shares app's first layer, has a second layer of its own
#   multi:latest        an OCI index: linux/amd64 (other's manifest) and linux/arm64/v8
#   big:latest          three layers of 6 MiB random bytes, for tests that interrupt a pull
#   bulk:latest         two layers of 4 MiB random bytes, none shared: the disk budget's and caps' tests
set -eu
work=$1
registry=$2
busybox=$(command -v busybox)
cd "$work"
layout=img
umoci init --layout $layout
umoci new --image $layout:base

# app: layer 1 busybox, layer 2 two files, layer 3 removes one (a whiteout)
umoci unpack --rootless --image $layout:base b1 >/dev/null
mkdir -p b1/rootfs/bin b1/rootfs/etc
cp "$busybox" b1/rootfs/bin/busybox
ln -s busybox b1/rootfs/bin/sh
umoci repack --image $layout:l1 b1
umoci unpack --rootless --image $layout:l1 b2 >/dev/null
echo hello > b2/rootfs/etc/greeting
echo second > b2/rootfs/etc/second
umoci repack --image $layout:l2 b2
umoci unpack --rootless --image $layout:l2 b3 >/dev/null
rm b3/rootfs/etc/greeting
umoci repack --image $layout:app b3
umoci config --image $layout:app --config.cmd sh --config.cmd -c --config.cmd 'echo hi' \
  --config.env FOO=bar --config.env PATH=/bin --config.workingdir /etc --config.user 1000 \
  --config.label org.example.role=test --config.exposedports 8080/tcp --author stowage-tests

# other: busybox layer shared with app, then a layer of its own
umoci unpack --rootless --image $layout:l1 b4 >/dev/null
echo other > b4/rootfs/etc/other
umoci repack --image $layout:other b4
umoci config --image $layout:other --config.cmd /bin/busybox --config.cmd echo

# arm64: its own small layer, configured as linux/arm64
umoci unpack --rootless --image $layout:base b5 >/dev/null
echo arm > b5/rootfs/arm
umoci repack --image $layout:arm b5
umoci config --image $layout:arm --architecture arm64 --config.cmd /arm

# multi: an index naming other (amd64) and arm (arm64/v8)
entry() { # tag -> descriptor JSON of that tag's manifest
  python3 - "$layout" "$1" "$2" <<'PY'
import json, sys
layout, tag, platform = sys.argv[1:]
index = json.load(open(layout + "/index.json"))
m = next(m for m in index["manifests"] if m.get("annotations", {}).get("org.opencontainers.image.ref.name") == tag)
os_, arch, *variant = platform.split("/")
d = {"mediaType": m["mediaType"], "digest": m["digest"], "size": m["size"], "platform": {"architecture": arch, "os": os_}}
if variant:
    d["platform"]["variant"] = variant[0]
print(json.dumps(d))
PY
}
python3 - "$layout" "$(entry other linux/amd64)" "$(entry arm linux/arm64/v8)" <<'PY'
import hashlib, json, sys
layout, amd, arm = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
body = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                   "manifests": [amd, arm]}, separators=(",", ":")).encode()
digest = hashlib.sha256(body).hexdigest()
open(f"{layout}/blobs/sha256/{digest}", "wb").write(body)
index = json.load(open(layout + "/index.json"))
index["manifests"].append({"mediaType": "application/vnd.oci.image.index.v1+json", "digest": "sha256:" + digest,
                           "size": len(body), "annotations": {"org.opencontainers.image.ref.name": "multi"}})
json.dump(index, open(layout + "/index.json", "w"))
PY

# random_layers <name> <layers> <bytes>: <name>1 … <name><layers>, each one more layer of random
# bytes (incompressible) on the last, the first on the empty base
random_layers() {
  prev=base
  for i in $(seq "$2"); do
    umoci unpack --rootless --image $layout:$prev r6 >/dev/null
    head -c "$3" /dev/urandom > r6/rootfs/$1$i
    umoci repack --image $layout:$1$i r6
    rm -rf r6
    prev=$1$i
  done
}
random_layers big 3 6291456
random_layers bulk 2 4194304

push() { skopeo copy -q --dest-tls-verify=false "$@"; }
push oci:$layout:app "docker://$registry/app:latest"
push --format v2s2 oci:$layout:app "docker://$registry/v2s2/app:latest"
push oci:$layout:other "docker://$registry/other:latest"
push --all oci:$layout:multi "docker://$registry/multi:latest"
push oci:$layout:big3 "docker://$registry/big:latest"
push oci:$layout:bulk2 "docker://$registry/bulk:latest"
