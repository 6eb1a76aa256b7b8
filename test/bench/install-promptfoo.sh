#!/usr/bin/env bash
# Installs promptfoo (the peer harness `npm run bench` compares against) into .tools/promptfoo,
# pinned by .ci/tools/promptfoo/package-lock.json. Benchmark only: ~1.9 GB, never shipped, not
# part of CI. npm 11 runs no dependency install scripts without approval, so nothing here
# downloads a browser or a native runtime.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DST="$ROOT/.tools/promptfoo"
mkdir -p "$DST"
cp "$ROOT/.ci/tools/promptfoo/package.json" "$ROOT/.ci/tools/promptfoo/package-lock.json" "$DST/"
cd "$DST"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
echo "promptfoo installed in $DST"
