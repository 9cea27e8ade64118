#!/usr/bin/env bash
# Listing at scale: stores of COUNTS images (default "1000 10000"), each image its own config over
# one shared layer, written in Stowage's on-disk layout (the README's "On disk"); then, inside one
# running shell per store, image:ls (all rows printed) and image:inspect of one image, RUNS times
# each (default 5), timed between echo markers. Prints the medians and the first (cold) listing,
# and writes the table to bench/list-results.md.
#
#   bench/list-bench.sh                  after the README's build command, from the repository root
#   COUNTS="1000" RUNS=9 bench/list-bench.sh
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}
counts=${COUNTS:-1000 10000}
dist=$here/runtime/target/stowage
[ -x "$dist/bin/stowage" ] || { echo "no runtime at $dist: build it first (see the README)" >&2; exit 1; }
work=$(mktemp -d /tmp/list-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

# A store of $2 images at $1, as a pull leaves it: blobs, and one index.json entry per image.
make_store() {
  python3 - "$1" "$2" <<'PY'
import gzip, hashlib, io, json, os, sys, tarfile
root, count = sys.argv[1], int(sys.argv[2])
blobs = os.path.join(root, "blobs", "sha256")
os.makedirs(blobs)
def blob(data):
    h = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, h), "wb") as f:
        f.write(data)
    return "sha256:" + h, len(data)
plain = io.BytesIO()
with tarfile.open(fileobj=plain, mode="w") as t:
    info = tarfile.TarInfo("etc/hello"); data = b"hello\n"; info.size = len(data)
    t.addfile(info, io.BytesIO(data))
layer_plain = plain.getvalue()
diff_id = "sha256:" + hashlib.sha256(layer_plain).hexdigest()
layer, layer_size = blob(gzip.compress(layer_plain, mtime=0))
entries = []
for i in range(count):
    created = "2026-01-01T00:%02d:%02d.%06dZ" % (i // 3600 % 60, i // 60 % 60, i)
    config = json.dumps({"architecture": "amd64", "os": "linux", "created": created,
        "config": {"Cmd": ["/bin/sh"], "Labels": {"bench.index": str(i)}},
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created": created, "created_by": "list-bench"}]}).encode()
    config_digest, config_size = blob(config)
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config_digest, "size": config_size},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": layer, "size": layer_size}]}).encode()
    manifest_digest, manifest_size = blob(manifest)
    entries.append({"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": manifest_digest,
        "size": manifest_size, "annotations": {
            "io.stowage.image.id": config_digest, "io.stowage.image.size": str(len(layer_plain)),
            "io.stowage.layer.sizes": str(len(layer_plain)), "io.stowage.tagged": created,
            "org.opencontainers.image.ref.name": "registry.example:5000/bench/app%d:1.0" % i}})
with open(os.path.join(root, "index.json"), "w") as f:
    json.dump({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": entries}, f)
with open(os.path.join(root, "oci-layout"), "w") as f:
    f.write('{"imageLayoutVersion":"1.0.0"}')
PY
}

# In one shell: a cold image:ls, then RUNS rounds of image:ls and image:inspect of one image.
# Prints "cold ls1 inspect1 ls2 inspect2 …" in seconds.
measure() {
  local data=$1 count=$2 script
  script="echo BENCH-MARK\nimage:ls\necho BENCH-MARK\n"
  for _ in $(seq "$runs"); do
    script+="image:ls\necho BENCH-MARK\nimage:inspect registry.example:5000/bench/app$((count / 2)):1.0\necho BENCH-MARK\n"
  done
  printf "$script" | STOWAGE_DATA=$data "$dist/bin/stowage" 2>&1 | python3 -c '
import sys, time
marks = []
for line in sys.stdin:
    if "BENCH-MARK" in line:
        marks.append(time.monotonic())
print(" ".join("%.4f" % (b - a) for a, b in zip(marks, marks[1:])))'
}

results=$here/bench/list-results.md
table=$work/table
echo -e "| images | cold image:ls s | image:ls s (median) | image:inspect s (median) |\n|---|---|---|---|" > "$table"
for count in $counts; do
  make_store "$work/data-$count" "$count"
  if [ "$count" -le 1000 ]; then # the generator writes what Stowage writes: the store verifies whole
    STOWAGE_DATA=$work/data-$count "$dist/bin/stowage" store:verify > "$work/verify" 2>&1 \
      || { cat "$work/verify" >&2; echo "the generated store does not verify" >&2; exit 1; }
  fi
  rows=$(STOWAGE_DATA=$work/data-$count "$dist/bin/stowage" image:ls | wc -l)
  [ "$rows" -eq $((count + 1)) ] || { echo "image:ls shows $rows lines for $count images" >&2; exit 1; }
  read -r -a t <<< "$(measure "$work/data-$count" "$count")"
  [ "${#t[@]}" -eq $((1 + 2 * runs)) ] || { echo "the shell did not run every command (${#t[@]} marks)" >&2; exit 1; }
  median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  ls_times=(); inspect_times=()
  for ((i = 1; i < ${#t[@]}; i += 2)); do ls_times+=("${t[i]}"); inspect_times+=("${t[i+1]}"); done
  echo "| $count | ${t[0]} | $(median "${ls_times[@]}") | $(median "${inspect_times[@]}") |" >> "$table"
done
cat "$table"
{
  echo "Listing ($(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), RUNS=$runs, in a running shell):"
  echo
  cat "$table"
} > "$results"
