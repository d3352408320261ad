#!/usr/bin/env bash
# check.sh JUSTERA INPUT EXPECTED.xml: 'justera parse INPUT' must write EXPECTED byte for byte.
set -euo pipefail
bin=$1 input=$2 expected=$3
[ -f "$expected" ] || { echo "missing golden file $expected (run the update-golden target)"; exit 1; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$bin" -q parse "$input" -o "$out"
if ! cmp -s "$out" "$expected"; then
  echo "parse output differs from $expected:"
  diff <(sed 's/></>\n</g' "$expected") <(sed 's/></>\n</g' "$out") | head -40
  exit 1
fi
