#!/usr/bin/env bash
# The unpack benchmark: umoci unpack and Stowage's image:unpack write the same image's root
# filesystem, alternating, RUNS times each (default 3), for two images: "big" (4 layers of one
# 192 MiB random file each: bytes bound) and "files" (one layer of 20 000 small files in 200
# directories: entry bound). umoci reads an OCI layout that skopeo copied from the registry;
# Stowage its own store, the image pulled once before. Stowage is timed twice: the whole
# one-shot command (a JVM and a framework start included) and the unpack alone, as its log line
# reports it. As root, also container:create: its first run unpacks the image's snapshots (one
# directory per layer, a layer above the first applied through an overlay of those below), a
# second finds them there (the snapshots are deleted before each first run). Medians are printed
# and written to bench/unpack-results.md. Run as root to keep owners (umoci without --rootless);
# otherwise both run rootless.
#
#   bench/unpack-bench.sh           after the README's build command, from the repository root
set -euo pipefail

# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
registry=$host

echo "building big (4 x 192 MiB) and files (20 000 small files)" >&2
build big 4 192
umoci new --image "$layout:files"
python3 - "$work/files" <<'PY'
import os, random, sys
random.seed(7)
root = sys.argv[1]
for d in range(200):
    os.makedirs(os.path.join(root, "d%03d" % d))
    for f in range(100):
        with open(os.path.join(root, "d%03d" % d, "f%03d" % f), "wb") as out:
            out.write(random.randbytes(random.randint(100, 8000)))
PY
tar -C "$work/files" -cf "$work/files.tar" .
rm -rf "$work/files"
umoci raw add-layer --image "$layout:files" "$work/files.tar"
rm -f "$work/files.tar"
skopeo copy -q --dest-tls-verify=false "oci:$layout:files" "docker://$host/files:latest"

home=$work/stowage
mkdir -p "$home"
cp -r "$dist/bin" "$dist/etc" "$home/"
ln -s "$dist/lib" "$home/lib"
ln -s "$dist/bundle" "$home/bundle"
mkdir -p "$home/deploy" "$home/log"
export STOWAGE_DATA=$work/data

rootless=()
[ "$(id -u)" = 0 ] || rootless=(--rootless)
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
timed() { /usr/bin/time -f "%e" -o "$work/time" "$@" > /dev/null; cat "$work/time"; }

results=()
for image in big files; do
  "$home/bin/stowage" image:pull -q "$registry/$image:latest" > /dev/null
  : > "$work/umoci.times"; : > "$work/stowage.times"; : > "$work/inside.times"; : > "$work/cold.times"; : > "$work/warm.times"
  for r in $(seq "$runs"); do
    echo "$image: run $r of $runs" >&2
    rm -rf "$work/out"
    timed umoci unpack "${rootless[@]}" --image "$layout:$image" "$work/out" >> "$work/umoci.times"
    rm -rf "$work/out"
    timed "$home/bin/stowage" image:unpack "$registry/$image:latest" "$work/out" >> "$work/stowage.times"
    grep -o "unpacked $registry/$image:latest .* in [0-9.]* s" "$home/log/stowage.log" | tail -1 | awk '{print $(NF-1)}' >> "$work/inside.times"
    rm -rf "$work/out"
    if [ "$(id -u)" = 0 ]; then
      rm -rf "$STOWAGE_DATA/snapshots"
      timed "$home/bin/stowage" container:create --name "cold$r" "$registry/$image:latest" >> "$work/cold.times"
      timed "$home/bin/stowage" container:create --name "warm$r" "$registry/$image:latest" >> "$work/warm.times"
      "$home/bin/stowage" container:rm "cold$r" "warm$r" > /dev/null
    else
      echo "-" | tee -a "$work/cold.times" >> "$work/warm.times"
    fi
  done
  results+=("$image $(median < "$work/umoci.times") $(median < "$work/stowage.times") $(median < "$work/inside.times") $(median < "$work/cold.times") $(median < "$work/warm.times")")
done

{
  echo "Unpack benchmark (\`bench/unpack-bench.sh\`), medians of $runs runs; $(nproc) cores, $(uname -sr), $( [ "$(id -u)" = 0 ] && echo root || echo rootless)."
  echo
  echo "| image | umoci unpack s | bin/stowage image:unpack s | the unpack alone (log) s | container:create, snapshots made s | container:create, snapshots there s |"
  echo "|---|---|---|---|---|---|"
  for r in "${results[@]}"; do
    set -- $r
    echo "| $1 | $2 | $3 | $4 | $5 | $6 |"
  done
} | tee "$here/bench/unpack-results.md"
