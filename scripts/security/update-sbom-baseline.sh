#!/usr/bin/env bash
# Records the application's current runtime components (from the CycloneDX SBOM the build writes) in
# sbom/components.txt. Run it after a deliberate dependency change and commit the result with the change,
# so that review sees exactly which components were added, removed or upgraded.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -B process-classes
python3 - <<'PY'
import json
bom = json.load(open('target/classes/META-INF/sbom/application.cdx.json'))
purls = sorted(c['purl'] for c in bom['components'])
with open('sbom/components.txt', 'w') as out:
    out.write('# Runtime components of fortel.jar (package URLs from its CycloneDX SBOM). Regenerate with\n')
    out.write('# scripts/security/update-sbom-baseline.sh after a deliberate dependency change.\n')
    out.write('\n'.join(purls) + '\n')
print(f'{len(purls)} components recorded in sbom/components.txt')
PY
