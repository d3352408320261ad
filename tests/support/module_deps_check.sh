#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# module_deps_check.sh SOURCE_DIR: the module layering that docs/architecture.md
# describes, read from CMake's own target graph (cmake --graphviz) of a fresh
# configuration. Verification and the law's rules never reach the signing
# library or PoDoFo; the PKI layer sits under both and depends on neither.
# (That the executable itself needs neither PoDoFo nor cpp-httplib is
# checked on the built file, by e2e.modules.)
# Exit 1, naming the module and what it reaches, when a link comes back.
set -uo pipefail
src=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! cmake -S "$src" -B "$work/build" --graphviz="$work/graph.dot" >"$work/configure.log" 2>&1; then
  echo "FAIL: cmake could not configure $src:"; tail -20 "$work/configure.log"; exit 1
fi
fail=0
# target -> what it must not reach, directly or through another target
forbid() {
  local target=$1; shift
  local dot="$work/graph.dot.$target"
  if [ ! -s "$dot" ]; then echo "FAIL: no graph for $target (renamed?)"; fail=1; return; fi
  local reached
  reached=$(grep -o 'label = "[^"]*"' "$dot" | sed 's/label = "//; s/"$//' | sort -u)
  for bad in "$@"; do
    if grep -qx -- "$bad" <<<"$reached"; then
      echo "FAIL: $target reaches $bad"; fail=1
    fi
  done
  echo "$target reaches: $(grep -v '^/' <<<"$reached" | tr '\n' ' ')"
}
forbid justera_verify justera_sign justera_pdf PkgConfig::PODOFO
forbid justera_rules justera_sign justera_verify justera_pdf PkgConfig::PODOFO
forbid justera_pki justera_sign justera_verify justera_model justera_pdf PkgConfig::PODOFO
forbid justera_report justera_sign justera_pdf PkgConfig::PODOFO
forbid justera_serve justera_pdf PkgConfig::PODOFO PkgConfig::HTTPLIB
# The check must see a link when there is one: signing does reach the PKI layer.
if ! grep -q 'label = "justera_pki"' "$work/graph.dot.justera_sign" 2>/dev/null; then
  echo "FAIL: the graph no longer shows justera_sign -> justera_pki; the check reads nothing"; fail=1
fi
[ $fail -eq 0 ] && echo "module dependencies: verify, rules, report and pki reach neither signing nor PoDoFo"
exit $fail
