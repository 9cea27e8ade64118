#!/usr/bin/env bash
# The pull benchmark: Stowage against skopeo, pulling the same images from one loopback
# docker-registry into empty stores, each case RUNS times (default 3), alternating.
#
#   bench/pull-bench.sh            after the README's build command, from the repository root
#   RUNS=5 bench/pull-bench.sh     more runs
#   SKIP_DEBIAN=1 bench/pull-bench.sh   without the Debian image (it needs root and debootstrap)
#   SKIP_HUGE=1 bench/pull-bench.sh     without the 2 GiB layer (pulled and loaded with -Xmx64m; needs ~8 GiB of disk)
#
# Images: "big", 4 layers of 192 MiB random bytes; "debian", a debootstrap --variant=minbase root
# file system as one layer, from the Debian mirror this machine's apt configuration names.
# Cases: skopeo copy docker://… oci:…; Stowage's one-shot bin/stowage image:pull (JVM start
# included); Stowage inside a running shell (the pull alone, after a first pull and removal). Medians of wall time, CPU time
# (user + system) and peak RSS, and wall time as a ratio of skopeo's; the table is printed and
# written to bench/results.md. Last, "big" through a loopback proxy that limits each connection
# to LINK_MBPS (default 200) MB/s, pulled in a running shell with 1 and with 3 layers at once.
set -euo pipefail

# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
images=()

echo "building big: 4 layers of 192 MiB random bytes" >&2
build big 4 192
images+=(big)

# push_directory <name> <dir>: the directory as the one layer of image <name> (the directory is
# removed), pushed as <name>:latest.
push_directory() {
  local name=$1 dir=$2
  tar -C "$dir" -cf "$dir.tar" .
  rm -rf "$dir"
  umoci new --image "$layout:$name"
  umoci raw add-layer --image "$layout:$name" "$dir.tar"
  rm -f "$dir.tar"
  skopeo copy -q --dest-tls-verify=false "oci:$layout:$name" "docker://$host/$name:latest"
}

# The machine's Debian mirror, as its apt configuration names it (deb822 .sources or sources.list).
debian_mirror() {
  { grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}';
    grep -h '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '{print $2}'; } |
    grep -m1 '/debian/\?$' || true
}

if [ -z "${SKIP_DEBIAN:-}" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "skipping debian: debootstrap needs root (or set SKIP_DEBIAN=1)" >&2
  else
    command -v debootstrap >/dev/null || apt-get install -y -q debootstrap >&2 ||
      { apt-get update -q >&2 && apt-get install -y -q debootstrap >&2; }
    mirror=$(debian_mirror)
    [ -n "$mirror" ] || { echo "no Debian mirror in the apt configuration" >&2; exit 1; }
    suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
    echo "building debian: debootstrap --variant=minbase $suite" >&2
    debootstrap --variant=minbase "$suite" "$work/rootfs" "$mirror" > "$work/debootstrap.log" 2>&1
    push_directory debian "$work/rootfs"
    images+=(debian)
  fi
fi

results=$work/results.tsv
: > "$results"
# measure <image> <case> <command…>: wall s, CPU s and peak RSS KiB of the command
measure() {
  local image=$1 case=$2; shift 2
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" > "$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }
  read -r wall user sys rss < "$work/time"
  echo -e "$image\t$case\t$wall\t$(awk "BEGIN {print $user + $sys}")\t$rss" >> "$results"
}

for image in "${images[@]}"; do
  ref=$host/$image:latest
  for run in $(seq 1 "$runs"); do
    echo "$image: run $run of $runs" >&2
    rm -rf "$work/dest" "$work/data"
    measure "$image" skopeo skopeo copy -q --src-tls-verify=false "docker://$ref" "oci:$work/dest:$image"
    rm -rf "$work/dest"
    measure "$image" "stowage (bin/stowage)" env STOWAGE_DATA="$work/data" "$dist/bin/stowage" image:pull "$ref"
    rm -rf "$work/data"
    in_shell "$image" "$ref" "$work/data"
    rm -rf "$work/data"
  done
done

# Constant memory: one 2 GiB layer of random bytes, pulled (and loaded from a docker-archive of
# it) with the JVM's heap at 64 MiB; peak RSS is what /usr/bin/time reports. Once, not RUNS times.
if [ -z "${SKIP_HUGE:-}" ]; then
  echo "building huge: one layer of 2 GiB random bytes" >&2
  mkdir -p "$work/huge"
  head -c $((2 << 30)) /dev/urandom > "$work/huge/random"
  push_directory huge "$work/huge"
  umoci rm --image "$layout:huge"
  umoci gc --layout "$layout"
  image=huge
  rm -rf "$work/dest" "$work/data"
  measure "huge (2 GiB layer)" skopeo skopeo copy -q --src-tls-verify=false "docker://$host/huge:latest" "oci:$work/dest:huge"
  rm -rf "$work/dest"
  measure "huge (2 GiB layer)" "stowage, -Xmx64m (bin/stowage)" \
    env JAVA_OPTS=-Xmx64m STOWAGE_DATA="$work/data" "$dist/bin/stowage" image:pull "$host/huge:latest"
  rm -rf "$work/data"
  skopeo copy -q --src-tls-verify=false "docker://$host/huge:latest" "docker-archive:$work/huge-archive.tar:huge:1"
  measure "huge (2 GiB layer)" "stowage image:load of its docker-archive, -Xmx64m (bin/stowage)" \
    env JAVA_OPTS=-Xmx64m STOWAGE_DATA="$work/data" "$dist/bin/stowage" image:load -i "$work/huge-archive.tar"
  rm -rf "$work/data" "$work/huge-archive.tar"
fi

# A link slower than the machine: each connection through this proxy gets at most LINK_MBPS.
link=${LINK_MBPS:-200}
proxy_port=$(free_port)
python3 - "$proxy_port" "$port" "$link" > "$work/proxy.log" 2>&1 <<'PY' &
import asyncio, sys, time
listen, upstream, rate = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]) * 1e6
async def pipe(reader, writer, limit):
    start, sent = time.monotonic(), 0
    try:
        while data := await reader.read(1 << 16):
            writer.write(data)
            await writer.drain()
            if limit:
                sent += len(data)
                ahead = sent / limit - (time.monotonic() - start)
                if ahead > 0:
                    await asyncio.sleep(ahead)
    finally:
        writer.close()
async def handle(client_reader, client_writer):
    up_reader, up_writer = await asyncio.open_connection("127.0.0.1", upstream)
    await asyncio.gather(pipe(client_reader, up_writer, 0), pipe(up_reader, client_writer, rate), return_exceptions=True)
async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", listen)
    async with server:
        await server.serve_forever()
asyncio.run(main())
PY
proxy_pid=$!
pids+=($proxy_pid)
sleep 1
for concurrency in 1 3; do
  home=$work/home-$concurrency
  home_copy "$home"
  sed -i "s/^concurrency=.*/concurrency=$concurrency/" "$home/etc/io.stowage.core.cfg"
  for run in $(seq 1 "$runs"); do
    echo "big at $link MB/s per connection, $concurrency at once: run $run of $runs" >&2
    rm -rf "$work/data"
    dist=$home in_shell "big, ${link} MB/s link" "127.0.0.1:$proxy_port/big:latest" "$work/data"
    sed -i '$d' "$results" # the re-pull line: not this case's question
    sed -i "\$s/stowage (running shell)/stowage, $concurrency at once (running shell)/" "$results"
  done
done

python3 - "$results" "$here/bench/results.md" "$runs" <<'PY'
import statistics, sys, platform, os, subprocess
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
cases = {}
for image, case, wall, cpu, rss in rows:
    c = cases.setdefault((image, case), {"wall": [], "cpu": [], "rss": []})
    c["wall"].append(float(wall))
    if cpu: c["cpu"].append(float(cpu))
    if rss: c["rss"].append(int(rss) / 1024)
med = lambda xs: statistics.median(xs) if xs else None
fmt = lambda x, f: "" if x is None else f % x
cpu_model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
out = ["Pull benchmark (`bench/pull-bench.sh`), medians of %s runs; %d cores, %s, %s." % (
    sys.argv[3], os.cpu_count(), cpu_model, platform.platform()), "",
    "| image | case | wall s | CPU s | peak RSS MiB | wall / skopeo |", "|---|---|---|---|---|---|"]
for (image, case), c in cases.items():
    sk = med(cases[(image, "skopeo")]["wall"]) if (image, "skopeo") in cases else None
    w = med(c["wall"])
    ratio = None if case.startswith("re-pull") or not sk else w / sk
    out.append("| %s | %s | %s | %s | %s | %s |" % (image, case, fmt(w, "%.3f"), fmt(med(c["cpu"]), "%.2f"),
               fmt(med(c["rss"]), "%.0f"), fmt(ratio, "%.2f")))
for (image, case), c in cases.items():
    if case.startswith("stowage, 1 at once"):
        three = cases.get((image, case.replace("1 at once", "3 at once")))
        if three:
            out += ["", "%s: 3 layers at once take %.2f of the time 1 at a time takes (%.1fx faster)." % (
                image, med(three["wall"]) / med(c["wall"]), med(c["wall"]) / med(three["wall"]))]
text = "\n".join(out) + "\n"
open(sys.argv[2], "w").write(text)
print(text)
PY
