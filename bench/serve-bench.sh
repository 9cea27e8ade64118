#!/usr/bin/env bash
# The serving benchmark: skopeo pushes an image into an empty docker-registry and into a running
# Stowage's registry server (push=true, its store emptied again after each), alternating, each
# RUNS times (default 3); skopeo copies the same image out of Debian's docker-registry (serving it
# from disk), out of Stowage (serving its store) and out of the JDK's own HTTP server serving the same
# store's files (bench/JdkServe.java, the alternative to Felix HTTP Jetty), alternating, into empty
# OCI directories; then
# CLIENTS (default 20) skopeo copies out of Stowage at once, while Stowage's peak RSS is watched.
# Medians are printed and written to bench/serve-results.md.
#
#   bench/serve-bench.sh           after the README's build command, from the repository root
#
# The image: "big", 4 layers of 192 MiB random bytes, as bench/pull-bench.sh builds it; the
# concurrent clients copy a 4 x 16 MiB image ("small"), so 20 copies fit on a small disk.
set -euo pipefail

clients=${CLIENTS:-20}
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
registry=$host

echo "building big (4 x 192 MiB) and small (4 x 16 MiB)" >&2
build big 4 192
build small 4 16

home=$work/stowage
mkdir -p "$home"
cp -r "$dist/bin" "$dist/etc" "$home/"
ln -s "$dist/lib" "$home/lib"
ln -s "$dist/bundle" "$home/bundle"
mkdir -p "$home/deploy"
server=127.0.0.1:$(free_port)
printf 'enabled=true\naddress=127.0.0.1\nport=%s\nstore.target=(stowage.store=fs)\npage.max=1000\npush=true\n' "${server##*:}" > "$home/etc/io.stowage.server.cfg"
export STOWAGE_DATA=$work/data
mkfifo "$work/shell.in"
"$home/bin/stowage" < "$work/shell.in" > "$work/shell.out" 2>&1 &
stowage_pid=$!
pids+=($stowage_pid)
exec 3> "$work/shell.in"
await "$server"

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
push() { # push <host>: wall seconds of skopeo pushing big from the OCI layout
  /usr/bin/time -f "%e" -o "$work/time" skopeo copy -q --dest-tls-verify=false "oci:$layout:big" "docker://$1/pushed:latest" > /dev/null
  cat "$work/time"
}
: > "$work/registry.push"
: > "$work/stowage.push"
for r in $(seq "$runs"); do
  echo "push big: run $r of $runs" >&2
  p=$(free_port)
  printf 'version: 0.1\nlog: {level: error, accesslog: {disabled: true}}\nstorage:\n  filesystem: {rootdirectory: %s}\nhttp: {addr: 127.0.0.1:%s}\n' \
    "$work/push-registry" "$p" > "$work/push-registry.yml"
  docker-registry serve "$work/push-registry.yml" > /dev/null 2>&1 &
  empty=$!
  pids+=($empty)
  await "127.0.0.1:$p"
  push "127.0.0.1:$p" >> "$work/registry.push"
  kill "$empty"; wait "$empty" 2>/dev/null || true
  rm -rf "$work/push-registry"
  push "$server" >> "$work/stowage.push"
  "$home/bin/stowage" image:rm "$server/pushed:latest" > /dev/null
  "$home/bin/stowage" image:prune -f > /dev/null
done
reg_push=$(median < "$work/registry.push")
sto_push=$(median < "$work/stowage.push")

"$home/bin/stowage" image:pull "$registry/big:latest" > /dev/null
"$home/bin/stowage" image:pull "$registry/small:latest" > /dev/null
copy() { # copy <host> <image> <dir>: wall seconds
  rm -rf "$3"
  /usr/bin/time -f "%e" -o "$work/time" skopeo copy -q --src-tls-verify=false "docker://$1/$2:latest" "oci:$3:x" > /dev/null
  cat "$work/time"
}
# the alternative HTTP server: the JDK's own, serving the same store's files (bench/JdkServe.java)
jdk=127.0.0.1:$(free_port)
digest=$(skopeo inspect --raw --tls-verify=false "docker://$server/big:latest" | sha256sum | cut -d' ' -f1)
java "$here/bench/JdkServe.java" "${jdk##*:}" "$STOWAGE_DATA" latest "sha256:$digest" > "$work/jdk.log" 2>&1 &
pids+=($!)
await "$jdk"
: > "$work/registry.times"
: > "$work/stowage.times"
: > "$work/jdk.times"
for r in $(seq "$runs"); do
  echo "big: run $r of $runs" >&2
  copy "$registry" big "$work/copy" >> "$work/registry.times"
  copy "$server" big "$work/copy" >> "$work/stowage.times"
  copy "$jdk" big "$work/copy" >> "$work/jdk.times"
done
rm -rf "$work/copy"
reg=$(median < "$work/registry.times")
sto=$(median < "$work/stowage.times")
jdk_time=$(median < "$work/jdk.times")

# the java process under bin/stowage (it execs the JVM): its peak RSS while the clients copy
rss_before=$(awk '/VmHWM/ {print $2}' "/proc/$stowage_pid/status")
echo "small: $clients copies at once" >&2
start=$(date +%s.%N)
copies=()
for c in $(seq "$clients"); do
  skopeo copy -q --src-tls-verify=false "docker://$server/small:latest" "oci:$work/many$c:x" > /dev/null &
  pids+=($!)
  copies+=($!)
done
wait "${copies[@]}" 2>/dev/null || true
end=$(date +%s.%N)
rss_after=$(awk '/VmHWM/ {print $2}' "/proc/$stowage_pid/status")
ok=0
for c in $(seq "$clients"); do [ -f "$work/many$c/index.json" ] && ok=$((ok + 1)); done

{
  echo "Serving benchmark (\`bench/serve-bench.sh\`), medians of $runs runs; $(nproc) cores, $(uname -sr)."
  echo
  echo "| case | wall s |"
  echo "|---|---|"
  echo "| skopeo copy of big (4 x 192 MiB) from docker-registry | $reg |"
  echo "| skopeo copy of big from Stowage's registry server (Felix HTTP Jetty 12) | $sto |"
  echo "| skopeo copy of big from the JDK's HttpServer over the same store (bench/JdkServe.java) | $jdk_time |"
  echo "| skopeo push of big into an empty docker-registry | $reg_push |"
  echo "| skopeo push of big into Stowage's registry server (push=true) | $sto_push |"
  echo
  python3 -c "print('Serving, Stowage took %.2f of the time docker-registry took; taking the push, %.2f.' % ($sto / $reg, $sto_push / $reg_push))"
  echo "$clients skopeo copies of small (4 x 16 MiB) from Stowage at once: $ok of $clients complete in $(python3 -c "print('%.1f' % ($end - $start))") s;"
  echo "Stowage's peak RSS $((rss_before / 1024)) MiB before them, $((rss_after / 1024)) MiB after."
} | tee "$here/bench/serve-results.md"
echo "stop 0" >&3
