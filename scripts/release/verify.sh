#!/usr/bin/env bash
# Checks a downloaded release against the published public key before anyone runs it:
#
#   scripts/release/verify.sh fortel-release.pub fortel.jar [fortel.cdx.json]
#
# Each file needs its detached signature beside it (<file>.sig). Exits 0 only when every signature
# verifies; a modified file, a missing or foreign signature, or a wrong key exits 1 and says which file.
set -euo pipefail
pub="${1:?usage: verify.sh PUBLIC_KEY.pem FILE [FILE...]}"
shift
[ $# -ge 1 ] || { echo "usage: verify.sh PUBLIC_KEY.pem FILE [FILE...]" >&2; exit 2; }
status=0
for f in "$@"; do
  if [ ! -r "$f" ] || [ ! -r "$f.sig" ]; then
    echo "REFUSED  $f: file or its signature $f.sig is missing" >&2
    status=1
    continue
  fi
  if openssl pkeyutl -verify -pubin -inkey "$pub" -rawin -in "$f" -sigfile "$f.sig" >/dev/null 2>&1; then
    echo "OK       $f: signature by $(basename "$pub") verifies"
  else
    echo "REFUSED  $f: the signature does not match; the file was modified or not signed with this key" >&2
    status=1
  fi
done
exit $status
