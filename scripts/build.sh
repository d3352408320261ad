#!/usr/bin/env bash
# build.sh PRESET: configure and build one CMake preset (see CMakePresets.json).
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
jobs=$(nproc 2>/dev/null || echo 2)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "build: $preset (compiler output only if it fails)"
if ! { cmake --preset "$preset" && cmake --build --preset "$preset" -j "$jobs"; } >"$log" 2>&1; then
  cat "$log"
  echo "build: $preset FAILED" >&2
  exit 1
fi
