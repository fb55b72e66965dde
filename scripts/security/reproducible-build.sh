#!/usr/bin/env bash
# Proves the build is reproducible: two clean builds of the committed tree, in two separate fresh clones
# (different paths, different times), must produce a byte-identical fortel.jar and SBOM. Exits 1 and
# names the differing entries otherwise.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

build() {
  git clone -q --no-hardlinks "$repo" "$work/$1"
  (cd "$work/$1" && ./mvnw -q -B package -DskipTests -Dspotbugs.skip=true)
}
build first
sleep 2   # a different wall-clock second: timestamps must come from project.build.outputTimestamp, not the clock
build second

a="$work/first/target/fortel.jar"
b="$work/second/target/fortel.jar"
sha256sum "$a" "$b" | sed "s|$work/||"
if cmp -s "$a" "$b"; then
  echo "reproducible: fortel.jar is byte-identical across two clean builds"
  exit 0
fi
echo "NOT reproducible: the two builds differ in these entries:" >&2
diff <(unzip -lv "$a" | awk '{print $7, $8}' | sort) <(unzip -lv "$b" | awk '{print $7, $8}' | sort) >&2 || true
exit 1
