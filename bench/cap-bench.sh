#!/usr/bin/env bash
# The bandwidth cap: "big" (4 layers of 192 MiB random bytes) pulled in a running shell from a
# loopback docker-registry whose host configuration (etc/io.stowage.registry.host-bench.cfg) says
# rate=RATE_MB MB (default 20), RUNS times (default 3). Each run's wall time (the pull alone, as
# pull-bench.sh measures it in a running shell) and the rate it achieved against the cap; the table
# is printed and written to bench/cap-results.md.
#
#   bench/cap-bench.sh                 after the README's build command, from the repository root
#   RATE_MB=50 RUNS=1 bench/cap-bench.sh
set -euo pipefail

# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
rate=${RATE_MB:-20}

echo "building big: 4 layers of 192 MiB random bytes" >&2
build big 4 192
bytes=$(skopeo inspect --raw --tls-verify=false "docker://$host/big:latest" |
  python3 -c 'import json, sys; m = json.load(sys.stdin); print(m["config"]["size"] + sum(l["size"] for l in m["layers"]))')

home=$work/home
home_copy "$home"
printf 'host=%s\nrate=%sMB\n' "$host" "$rate" > "$home/etc/io.stowage.registry.host-bench.cfg"
results=$work/results.tsv
: > "$results"
for run in $(seq 1 "$runs"); do
  echo "big capped at $rate MB/s: run $run of $runs" >&2
  rm -rf "$work/data"
  dist=$home in_shell big "$host/big:latest" "$work/data"
done

python3 - "$results" "$here/bench/cap-results.md" "$runs" "$rate" "$bytes" <<'PY'
import os, platform, statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
walls = [float(r[2]) for r in rows if r[1] == "stowage (running shell)"]
cap, size = float(sys.argv[4]), int(sys.argv[5])
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
out = ["Bandwidth cap benchmark (`bench/cap-bench.sh`): `big` (%d bytes) pulled in a running shell with `rate=%gMB`"
       " for its registry host; %s runs; %d cores, %s, %s." % (size, cap, sys.argv[3], os.cpu_count(), cpu, platform.platform()), "",
       "| run | wall s | MB/s | of the cap |", "|---|---|---|---|"]
for i, w in enumerate(walls, 1):
    out.append("| %d | %.2f | %.2f | %.1f%% |" % (i, w, size / w / 1e6, 100 * size / w / 1e6 / cap))
m = statistics.median(walls)
out.append("| median | %.2f | %.2f | %.1f%% |" % (m, size / m / 1e6, 100 * size / m / 1e6 / cap))
text = "\n".join(out) + "\n"
print(text)
open(sys.argv[2], "w").write(text)
PY
