# What the benchmarks share, sourced by pull-bench.sh, serve-bench.sh and cap-bench.sh: the built runtime and the
# tools checked, a work directory removed at exit with every process started into $pids, a free
# loopback port, a docker-registry started on one, and test images built with umoci and pushed.
# shellcheck shell=bash

here=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-3}
dist=$here/runtime/target/stowage
[ -x "$dist/bin/stowage" ] || { echo "no runtime at $dist: build it first (see the README)" >&2; exit 1; }
for tool in docker-registry skopeo umoci python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install docker-registry skopeo umoci python3 time)" >&2; exit 1; }
done

work=$(mktemp -d "/tmp/$(basename "$0" .sh).XXXXXX")
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# await <host:port>: until it answers /v2/ (a minute at most)
await() {
  python3 - "$1" <<'PY'
import sys, time, urllib.request
for _ in range(600):
    try:
        urllib.request.urlopen("http://%s/v2/" % sys.argv[1], timeout=1); sys.exit(0)
    except Exception:
        time.sleep(0.1)
sys.exit("%s did not answer" % sys.argv[1])
PY
}

# A docker-registry on a free loopback port: $port, $host; its pid in $pids.
port=$(free_port)
host=127.0.0.1:$port
printf 'version: 0.1\nlog: {level: error, accesslog: {disabled: true}}\nstorage:\n  filesystem: {rootdirectory: %s}\nhttp: {addr: %s}\n' \
  "$work/registry" "$host" > "$work/registry.yml"
docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 &
pids+=($!)
await "$host"

layout=$work/oci
umoci init --layout "$layout"

# build <name> <layers> <MiB each>: an image of random layers, pushed as $host/<name>:latest
build() {
  umoci new --image "$layout:$1"
  for i in $(seq "$2"); do
    mkdir -p "$work/layer"
    head -c $(($3 << 20)) /dev/urandom > "$work/layer/random$i"
    tar -C "$work/layer" -cf "$work/layer.tar" .
    umoci raw add-layer --image "$layout:$1" "$work/layer.tar"
    rm -rf "$work/layer" "$work/layer.tar"
  done
  skopeo copy -q --dest-tls-verify=false "oci:$layout:$1" "docker://$host/$1:latest"
}

# home_copy <dir>: a home of the runtime's own (bin, etc copied; lib and bundle linked) whose etc/ a case may edit.
home_copy() {
  mkdir -p "$1"
  cp -r "$dist/bin" "$dist/etc" "$1/"
  ln -s "$dist/lib" "$1/lib"
  ln -s "$dist/bundle" "$1/bundle"
  mkdir -p "$1/deploy"
}

# The pull inside a running shell: the time between an echo before it and one after it. The
# shell has pulled and removed the image once before, as a shell that has been running for a
# while has compiled its pull path; the store is empty again when the measured pull starts.
# Then the same pull again: the tag has not moved, so it is a re-pull (one HEAD, no blobs).
in_shell() {
  local image=$1 ref=$2 data=$3
  printf 'image:pull -q %s\nimage:rm %s\necho BENCH-BEGIN\nimage:pull %s\necho BENCH-END\nimage:pull %s\necho BENCH-AGAIN\n' \
    "$ref" "$ref" "$ref" "$ref" |
    STOWAGE_DATA=$data "$dist/bin/stowage" 2>&1 | python3 -c '
import sys, time
begin = end = None
for line in sys.stdin:
    now = time.monotonic()
    if "BENCH-BEGIN" in line: begin = now
    if "BENCH-END" in line and begin is not None: end = now
    if "BENCH-AGAIN" in line and end is not None:
        print("%.3f %.3f" % (end - begin, now - end)); break' > "$work/shell"
  [ -s "$work/shell" ] || { echo "the shell pull of $ref did not finish" >&2; exit 1; }
  read -r pull again < "$work/shell"
  echo -e "$image\tstowage (running shell)\t$pull\t\t" >> "$results"
  echo -e "$image\tre-pull, tag unchanged (running shell)\t$again\t\t" >> "$results"
}
