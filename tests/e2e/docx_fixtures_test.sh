#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# docx_fixtures_test.sh SOURCE_DIR: the committed DOCX fixtures are what
# tests/fixtures/docx/make_docx.py writes, byte for byte, so they cannot drift
# from their generator (fixed zip timestamps and order; zlib from Debian 12).
set -uo pipefail
src=$1
dir=$src/tests/fixtures/docx
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$dir/make_docx.py" "$work" || { echo "FAIL: make_docx.py failed"; exit 1; }
failures=0
for f in "$work"/*.docx; do
  name=$(basename "$f")
  if [ ! -f "$dir/$name" ]; then
    echo "FAIL: $name is generated but not committed"; failures=$((failures + 1))
  elif ! cmp -s "$f" "$dir/$name"; then
    echo "FAIL: $name differs from what make_docx.py writes: run 'python3 $dir/make_docx.py $dir' and review"
    failures=$((failures + 1))
  fi
done
for f in "$dir"/*.docx; do
  [ -f "$work/$(basename "$f")" ] || { echo "FAIL: $(basename "$f") is committed but no longer generated"; failures=$((failures + 1)); }
done
count=$(ls "$work"/*.docx | wc -l)
[ "$failures" -eq 0 ] && echo "docx fixtures: $count reproduced byte for byte"
[ "$failures" -eq 0 ]
