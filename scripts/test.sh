#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds with warnings as
# errors and runs every test (unit, golden, interop, e2e), then builds again
# with AddressSanitizer + UndefinedBehaviorSanitizer and runs every test there.
# Set JUSTERA_SKIP_SANITIZERS=1 to run only the first pass during development.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)

echo "== test: build (preset ci: -Werror)"
bash scripts/build.sh ci
echo "== test: run (preset ci)"
ctest --preset ci -j "$jobs"

if [ "${JUSTERA_SKIP_SANITIZERS:-0}" != 1 ]; then
  echo "== test: build (preset asan-ubsan)"
  bash scripts/build.sh asan-ubsan
  echo "== test: run (preset asan-ubsan)"
  ctest --preset asan-ubsan -j "$jobs"
fi
