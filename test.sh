#!/usr/bin/env bash
# Every test, in four stages, each printing its time:
#   unit  the build; unit tests; each fuzz test's checked-in inputs; the Karaf feature check; PMD's CPD
#   fuzz  10 s of Jazzer fuzzing per fuzz test (FUZZ=30s for longer)
#   osgi  Pax Exam tests with the runtime's bundles in a real Felix, then in a real Equinox (itests/…/osgi),
#         and the deployment package through Deployment Admin in Equinox
#   e2e   bin/stowage and Apache Karaf against a real docker-registry, with skopeo, umoci, zstd and sigstore-js
# A stage's name as argument runs that stage alone (after a first full run has installed the build).
set -euo pipefail
cd "$(dirname "$0")"

stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(unit fuzz osgi e2e)
total=$SECONDS

run() {
  case "$1" in
    unit) mvn -B install -Dfuzz.skip -DskipITs ;;
    fuzz) mvn -B surefire:test@fuzz -pl bundles/api,bundles/oci ${FUZZ:+-Dfuzz.duration=$FUZZ} ;;
    osgi) mvn -B verify -pl itests -Pit.osgi ;;
    e2e) sigstore && mvn -B verify -pl itests -Pit.e2e ;;
    *) echo "no stage $1 (unit, fuzz, osgi, e2e)" >&2; return 2 ;;
  esac
}

# The Sigstore project's JavaScript packages, the peer PolicyIT signs bundles with (npm ci: the
# versions of package-lock.json), installed once beside their script.
sigstore() {
  [ -d itests/src/test/sigstore/node_modules/@sigstore/sign ] || npm ci --prefix itests/src/test/sigstore --no-audit --no-fund --silent
}

times=()
for stage in "${stages[@]}"; do
  echo "== stage $stage"
  start=$SECONDS
  run "$stage"
  times+=("$stage $((SECONDS - start)) s")
  echo
  echo "== stage $stage: $((SECONDS - start)) s"
done
echo
echo "== all stages passed in $((SECONDS - total)) s: $(IFS=,; echo "${times[*]}" | sed 's/,/, /g')"
