#!/usr/bin/env bash
# Secret scanning with secretlint (its recommended rules plus Fortel's own token, link and key patterns
# in .secretlintrc.json): every tracked file, then every line ever added in the repository's history, so
# a secret committed and later deleted is still caught. Test fixtures pass only through the explicit
# "allows" list in .secretlintrc.json. Exits 1 on any finding.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -x node_modules/.bin/secretlint ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
lint=node_modules/.bin/secretlint

echo "secret scan: tracked files"
git ls-files -z | xargs -0 "$lint" --secretlintignore .secretlintignore

echo "secret scan: history ($(git rev-list --count HEAD) commits)"
history="$(mktemp)"
trap 'rm -f "$history"' EXIT
# Added lines only, with the commit named, so a finding can be traced to where it entered.
git log -p --no-color --no-ext-diff --format='commit %H' | grep -E '^(commit [0-9a-f]{40}|\+[^+])' > "$history" || true
"$lint" --stdinFileName=history.diff < "$history"
echo "secret scan: no secrets found"
