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
# written to bench/results.md. Also: the same pulls by bin/stowage attached to a running
# instance (bin/stowage start; CPU is the client's and the instance's), and by containerd (as
# root: `ctr content fetch` and `ctr images pull`, which also unpacks; SKIP_CONTAINERD=1 leaves
# them out); Debian's image recompressed with zstd, and pulled with the diff_id check in the
# copy's thread (-Dstowage.inflate.beside=false); CPU seconds per GB pulled; bin/stowage image:ls
# attached and one-shot, beside a JVM that prints one line; "big" through a loopback proxy that
# limits each connection to LINK_MBPS (default 200) MB/s, 1 and 3 layers at once; the listing of
# 10,000 images (bench/list-bench.sh). Last, every target of issue 21 with its measured value.
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
    echo "building debian-zstd: the same layer recompressed with zstd" >&2
    skopeo copy -q --src-tls-verify=false --dest-tls-verify=false --dest-compress-format=zstd \
      "docker://$host/debian:latest" "docker://$host/debian-zstd:latest"
    images+=(debian-zstd)
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

# The bytes each image's pull moves (its layers as the registry serves them), for CPU s per GB.
sizes=$work/sizes.tsv
: > "$sizes"

# containerd of the benchmark's own (root, state, socket in $work), fresh for each measurement.
containerd_up() {
  rm -rf "$work/ctd"; mkdir -p "$work/ctd"
  printf 'version = 2\nroot = "%s/root"\nstate = "%s/state"\n[grpc]\n  address = "%s/ctd.sock"\n' \
    "$work/ctd" "$work/ctd" "$work/ctd" > "$work/ctd/config.toml"
  containerd --config "$work/ctd/config.toml" > "$work/ctd/log" 2>&1 &
  ctd_pid=$!
  for _ in $(seq 100); do [ -S "$work/ctd/ctd.sock" ] && return 0; sleep 0.1; done
  echo "containerd did not start: $(cat "$work/ctd/log")" >&2; exit 1
}
containerd_down() { kill "$ctd_pid"; wait "$ctd_pid" 2>/dev/null || true; umount -R "$work/ctd/state" 2>/dev/null || true; rm -rf "$work/ctd"; }
with_containerd=
if [ -z "${SKIP_CONTAINERD:-}" ] && [ "$(id -u)" = 0 ] && command -v containerd >/dev/null; then with_containerd=1; fi

# The pull by bin/stowage attached to the running instance on $work/attached: the client's wall
# time; CPU the client's (/usr/bin/time) and the instance's (/proc/<pid>/stat, clock ticks).
attached() {
  local image=$1 ref=$2 pid ticks before after
  pid=$(cat "$work/attached/run/stowage.pid")
  ticks=$(getconf CLK_TCK)
  before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" env STOWAGE_DATA="$work/attached" "$dist/bin/stowage" image:pull -q "$ref" \
    > "$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }
  after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  read -r wall user sys _ < "$work/time"
  echo -e "$image\tstowage (bin/stowage attached to a running instance)\t$wall\t$(awk "BEGIN {print $user + $sys + ($after - $before) / $ticks}")\t" >> "$results"
  STOWAGE_DATA="$work/attached" "$dist/bin/stowage" image:rm "$ref" > /dev/null
}

STOWAGE_DATA="$work/attached" "$dist/bin/stowage" start >&2
pids+=("$(cat "$work/attached/run/stowage.pid")")
for image in "${images[@]}"; do
  ref=$host/$image:latest
  skopeo inspect --raw --tls-verify=false "docker://$ref" |
    python3 -c 'import json, sys; print(sys.argv[1] + "\t" + str(sum(l["size"] for l in json.load(sys.stdin)["layers"])))' "$image" >> "$sizes"
  # the instance's first pull of the image compiles its pull path, as in_shell's does
  STOWAGE_DATA="$work/attached" "$dist/bin/stowage" image:pull -q "$ref" > /dev/null
  STOWAGE_DATA="$work/attached" "$dist/bin/stowage" image:rm "$ref" > /dev/null
  for run in $(seq 1 "$runs"); do
    echo "$image: run $run of $runs" >&2
    rm -rf "$work/dest" "$work/data"
    measure "$image" skopeo skopeo copy -q --src-tls-verify=false "docker://$ref" "oci:$work/dest:$image"
    rm -rf "$work/dest"
    measure "$image" "stowage (bin/stowage)" env STOWAGE_DATA="$work/data" "$dist/bin/stowage" image:pull "$ref"
    rm -rf "$work/data"
    in_shell "$image" "$ref" "$work/data"
    rm -rf "$work/data"
    attached "$image" "$ref"
    if [ "$image" = debian ]; then
      # the diff_id check in the copy's thread, as before the inflater beside it
      JAVA_OPTS=-Dstowage.inflate.beside=false in_shell "$image" "$ref" "$work/data"
      sed -i '$d' "$results"
      sed -i '$s/stowage (running shell)/stowage, inflating in the copy'"'"'s thread (running shell)/' "$results"
      rm -rf "$work/data"
    fi
    if [ -n "$with_containerd" ]; then
      for how in "content fetch" "images pull"; do
        containerd_up
        before=$(awk '{print $14 + $15}' "/proc/$ctd_pid/stat")
        # shellcheck disable=SC2086
        measure "$image" "containerd (ctr $how)" ctr --address "$work/ctd/ctd.sock" $how --plain-http "$ref"
        after=$(awk '{print $14 + $15}' "/proc/$ctd_pid/stat")
        # the daemon does the work: its CPU added to ctr's
        awk -F'\t' -v OFS='\t' -v d="$(( after - before ))" -v t="$(getconf CLK_TCK)" 'NR == n {$4 = $4 + d / t} {print}' \
          n="$(wc -l < "$results")" "$results" > "$results.new" && mv "$results.new" "$results"
        containerd_down
      done
    fi
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

# bin/stowage image:ls on a store of one image: attached to the running instance, and one-shot
# (no instance); beside them a JVM that only prints a line, the floor of any JVM client here.
STOWAGE_DATA="$work/attached" "$dist/bin/stowage" image:pull -q "$host/big:latest" > /dev/null
mkdir -p "$work/floor"
printf 'public class Floor { public static void main(String[] a) { System.out.println("x"); } }\n' > "$work/floor/Floor.java"
javac -d "$work/floor" "$work/floor/Floor.java"
for run in $(seq 1 $((runs * 3))); do
  measure cli "bin/stowage image:ls, attached" env STOWAGE_DATA="$work/attached" "$dist/bin/stowage" image:ls
  measure cli "bin/stowage image:ls, one-shot" env STOWAGE_ATTACH=never STOWAGE_DATA="$work/attached" "$dist/bin/stowage" image:ls
  measure cli "java printing one line (JVM floor)" java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -cp "$work/floor" Floor
done
STOWAGE_DATA="$work/attached" "$dist/bin/stowage" stop >&2

# The listing of 10,000 images, as bench/list-bench.sh measures it.
COUNTS=10000 RUNS=$((runs * 2 + 1)) "$here/bench/list-bench.sh" > "$work/list.out"
awk -F' *\\| *' '$2 == "10000" {print "list\timage:ls of 10,000 images (running shell)\t" $4 "\t\t"}' "$here/bench/list-results.md" >> "$results"

python3 - "$results" "$here/bench/results.md" "$runs" "$sizes" <<'PY'
import statistics, sys, platform, os
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
cases = {}
for image, case, wall, cpu, rss in rows:
    c = cases.setdefault((image, case), {"wall": [], "cpu": [], "rss": []})
    c["wall"].append(float(wall))
    if cpu: c["cpu"].append(float(cpu))
    if rss: c["rss"].append(int(rss) / 1024)
sizes = dict((l.split("\t")[0], int(l.split("\t")[1])) for l in open(sys.argv[4]) if l.strip())
med = lambda xs: statistics.median(xs) if xs else None
fmt = lambda x, f: "" if x is None else f % x
def val(image, case, what="wall"):
    c = cases.get((image, case))
    return med(c[what]) if c else None
cpu_model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
out = ["Pull benchmark (`bench/pull-bench.sh`), medians of %s runs; %d cores, %s, %s." % (
    sys.argv[3], os.cpu_count(), cpu_model, platform.platform()), "",
    "| image | case | wall s | CPU s | CPU s per GB pulled | peak RSS MiB | wall / skopeo |", "|---|---|---|---|---|---|---|"]
for (image, case), c in cases.items():
    sk = val(image, "skopeo")
    w, cpu = med(c["wall"]), med(c["cpu"])
    repull = case.startswith("re-pull")
    ratio = None if repull or not sk else w / sk
    per_gb = cpu / (sizes[image] / 1e9) if cpu is not None and image in sizes and not repull else None
    out.append("| %s | %s | %s | %s | %s | %s | %s |" % (image, case, fmt(w, "%.3f"), fmt(cpu, "%.2f"), fmt(per_gb, "%.2f"),
               fmt(med(c["rss"]), "%.0f"), fmt(ratio, "%.2f")))
for (image, case), c in cases.items():
    if case.startswith("stowage, 1 at once"):
        three = cases.get((image, case.replace("1 at once", "3 at once")))
        if three:
            out += ["", "%s: 3 layers at once take %.2f of the time 1 at a time takes (%.1fx faster)." % (
                image, med(three["wall"]) / med(c["wall"]), med(c["wall"]) / med(three["wall"]))]
ratio = lambda a, b: a / b if a is not None and b else None
targets = []
def target(name, value, limit, unit, note=""):
    state = "not measured" if value is None else ("met" if value <= limit else "not met")
    targets.append("| %s | %s | %s | %s |" % (name, "n/a" if value is None else ("%.3f" % value) + unit, state, note))
att = "stowage (bin/stowage attached to a running instance)"
for image, limit in (("big", 0.6), ("debian", 1.1)):
    target("%s, running instance, <= %.1fx skopeo" % (image, limit), ratio(val(image, att), val(image, "skopeo")), limit, "x",
           "in the running shell, without a client's start: %s" % fmt(ratio(val(image, "stowage (running shell)"),
           val(image, "skopeo")), "%.2fx"))
    target("%s, CPU s per pull <= 1.5x skopeo's" % image, ratio(val(image, att, "cpu"), val(image, "skopeo", "cpu")), 1.5, "x",
           "containerd's content fetch: %s" % fmt(ratio(val(image, "containerd (ctr content fetch)", "cpu"),
           val(image, "skopeo", "cpu")), "%.2fx"))
target("bin/stowage image:ls, instance running, < 0.15 s", val("cli", "bin/stowage image:ls, attached"), 0.15, " s",
       "a JVM printing one line: %s s" % fmt(val("cli", "java printing one line (JVM floor)"), "%.3f"))
target("bin/stowage image:ls, no instance, < 0.5 s", val("cli", "bin/stowage image:ls, one-shot"), 0.5, " s")
target("re-pull of an unchanged tag < 50 ms", val("big", "re-pull, tag unchanged (running shell)"), 0.05, " s")
target("image:ls of 10,000 images < 300 ms", val("list", "image:ls of 10,000 images (running shell)"), 0.3, " s")
target("2 GiB layer at -Xmx64m, peak RSS < 200 MiB", val("huge (2 GiB layer)", "stowage, -Xmx64m (bin/stowage)", "rss"), 200, " MiB")
out += ["", "Targets of issue 21, this run:", "", "| target | measured | | |", "|---|---|---|---|"] + targets
text = "\n".join(out) + "\n"
open(sys.argv[2], "w").write(text)
print(text)
PY
