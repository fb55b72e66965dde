#!/usr/bin/env bash
# Signs a release: fortel.jar and its SBOM, each with a detached Ed25519 signature (OpenSSL), plus a
# SHA256SUMS file. The private key is supplied at release time and never committed:
#
#   FORTEL_SIGNING_KEY=/secure/fortel-release.pem scripts/release/sign.sh [target/fortel.jar] [out-dir]
#
# Produces in out-dir (default target/release): fortel.jar, fortel.jar.sig, fortel.cdx.json,
# fortel.cdx.json.sig, SHA256SUMS, and fortel-release.pub (the public key to publish).
# Make a key once with: openssl genpkey -algorithm ed25519 -out fortel-release.pem
set -euo pipefail
key="${FORTEL_SIGNING_KEY:?set FORTEL_SIGNING_KEY to the Ed25519 private key (PEM) used for releases}"
jar="${1:-target/fortel.jar}"
out="${2:-target/release}"
[ -r "$key" ] || { echo "sign: cannot read the key $key" >&2; exit 2; }
[ -r "$jar" ] || { echo "sign: no jar at $jar (build it with ./mvnw package)" >&2; exit 2; }
if [ "$(openssl pkey -in "$key" -noout -text 2>/dev/null | head -1)" != "ED25519 Private-Key:" ]; then
  echo "sign: $key is not an Ed25519 private key" >&2; exit 2
fi
mkdir -p "$out"
cp "$jar" "$out/fortel.jar"
# The SBOM is the one built into the jar (Spring Boot keeps it at META-INF/sbom/), so the signed file and
# the shipped one are the same bytes.
unzip -p "$jar" META-INF/sbom/application.cdx.json > "$out/fortel.cdx.json" 2>/dev/null || true
[ -s "$out/fortel.cdx.json" ] || { echo "sign: the jar carries no SBOM at META-INF/sbom/application.cdx.json" >&2; exit 2; }
for f in fortel.jar fortel.cdx.json; do
  openssl pkeyutl -sign -inkey "$key" -rawin -in "$out/$f" -out "$out/$f.sig"
done
openssl pkey -in "$key" -pubout -out "$out/fortel-release.pub"
(cd "$out" && sha256sum fortel.jar fortel.cdx.json > SHA256SUMS)
echo "signed: $out/fortel.jar.sig, $out/fortel.cdx.json.sig (public key: $out/fortel-release.pub)"
