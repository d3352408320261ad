#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# typed_results_check.sh SOURCE_DIR: no decision in the verifier, the
# verification page or the reports compares a result's name or message as a
# string. Check and finding ids, statuses, severities, kinds, coverage,
# levels, time sources and change categories are enums (verify/result.hpp);
# a comparison such as `c.status == "FAILED"` or `ch.what == "..."` must not
# come back. Exit 1, listing the lines, when one does.
set -uo pipefail
src=$1
pattern='\.(status|level|coverage|kind|category|subject|severity|time_source|id|what|message|subindication|indication|verdict) *[!=]= *"'
hits=$(grep -rnE "$pattern" "$src/src/verify" "$src/src/serve" "$src/src/report" || true)
if [ -n "$hits" ]; then
  echo "FAIL: results compared as strings (use the enums of include/justera/verify/result.hpp):"
  echo "$hits"
  exit 1
fi
# The check itself must see such a line: one made up here is found.
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
mkdir -p "$probe/src/verify"
printf 'if (c.status == "FAILED") return;\n' >"$probe/src/verify/probe.cpp"
if ! grep -rqE "$pattern" "$probe/src/verify"; then
  echo "FAIL: the pattern no longer finds a string comparison"
  exit 1
fi
echo "typed results: no result compared as a string in src/verify, src/serve, src/report"
