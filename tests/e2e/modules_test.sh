#!/usr/bin/env bash
# modules_test.sh JUSTERA SOURCE_DIR: the PDF writer (PoDoFo) and the web
# server (cpp-httplib) are modules the executable loads only for the
# commands that need them. Read from the dynamic loader's own log (glibc's
# LD_DEBUG=libs): verify, parse, validate and check (of a signed PDF) load
# neither module, nor PoDoFo,
# nor cpp-httplib; render and sign load the PDF module. A missing module or
# a file that is no justera module: exit 5 [helper-missing], nothing
# written, and verification still works.
set -uo pipefail
bin=$1 src=$2
certs=$src/certs
pw=$certs/test-only-password.txt
seed=$src/tests/fixtures/seeds/000_9b82ca12656ff44a.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0 passes=0
ok() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
export SOURCE_DATE_EPOCH=1711101600

# loads WHAT CMD...: whether the loader's log of CMD names WHAT
loads() {
  local what=$1; shift
  LD_DEBUG=libs LD_DEBUG_OUTPUT="$work/ld" "$@" >/dev/null 2>&1
  local found=1
  cat "$work"/ld.* 2>/dev/null | grep -q -- "$what" && found=0
  rm -f "$work"/ld.*
  return $found
}

"$bin" -q parse "$seed" -o "$work/p.xml" 2>/dev/null || fail "parse"
"$bin" -q render "$work/p.xml" -o "$work/p.pdf" || fail "render"
"$bin" -q sign "$work/p.pdf" -o "$work/s.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" --password-file "$pw" || fail "sign"
verify=(verify --trust "$certs/test-only-root-ca.pem" --crl "$certs/test-only-issuing-ca.crl" --crl "$certs/test-only-root-ca.crl")

# The executable itself names neither library (its ELF NEEDED entries).
needed=$(readelf -d "$bin" | grep NEEDED)
[ -n "$needed" ] && ok || fail "readelf shows no NEEDED entries of $bin"
grep -qE "podofo|httplib" <<<"$needed" && fail "the executable needs PoDoFo or cpp-httplib: $needed" || ok

# The log must be there to be read: the C library itself is always in it.
loads "libc.so" "$bin" --version && ok || fail "LD_DEBUG=libs writes no log here; the checks below would read nothing"
for cmd in "verify" "parse" "validate" "check"; do
  case $cmd in
    verify) args=("${verify[@]}" "$work/s.pdf") ;;
    check) args=(check "${verify[@]:1}" "$work/s.pdf") ;;
    parse) args=(-q parse "$seed" -o "$work/again.xml") ;;
    validate) args=(validate "$work/p.xml") ;;
  esac
  # It ran (0-2: a verdict or findings), so that what it did not load means something.
  "$bin" "${args[@]}" >/dev/null 2>&1; r=$?
  [ "$r" -le 2 ] && ok || fail "$cmd: exit $r"
  for lib in libpodofo justera-pdf.so libcpp-httplib justera-serve.so; do
    loads "$lib" "$bin" "${args[@]}" && fail "$cmd loads $lib" || ok
  done
done
loads "libpodofo" "$bin" -q render "$work/p.xml" -o "$work/again.pdf" && ok || fail "render does not load PoDoFo (the log reads nothing?)"
loads "justera-pdf.so" "$bin" -q sign "$work/p.pdf" -o "$work/s2.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" --password-file "$pw" && ok ||
  fail "sign does not load the PDF module"
cmp -s "$work/p.pdf" "$work/again.pdf" && ok || fail "render through the module is not reproducible"

# Without the module: a clear refusal, nothing written; verification unaffected.
for module in "$work/nonexistent/justera-pdf.so" "$(ldconfig -p | awk '/libz\.so\.1 /{print $NF; exit}')"; do
  rm -f "$work/out.pdf"
  JUSTERA_PDF_MODULE=$module "$bin" render "$work/p.xml" -o "$work/out.pdf" 2>"$work/err"; r=$?
  [ "$r" -eq 5 ] && ok || fail "render with module $module: exit $r, expected 5"
  grep -q "\[helper-missing\]" "$work/err" && grep -qF "$module" "$work/err" && ok || fail "render with module $module: $(cat "$work/err")"
  [ ! -e "$work/out.pdf" ] && ok || fail "render with module $module wrote a file"
done
"$bin" "${verify[@]}" "$work/s.pdf" >"$work/v-with.txt" 2>&1; want=$?
JUSTERA_PDF_MODULE=$work/nonexistent.so "$bin" "${verify[@]}" "$work/s.pdf" >"$work/v.txt" 2>&1; r=$?
[ "$r" -eq "$want" ] && cmp -s "$work/v.txt" "$work/v-with.txt" && grep -q "INDETERMINATE" "$work/v.txt" && ok ||
  fail "verify without the module: exit $r (with it $want): $(tail -3 "$work/v.txt")"

# The page: its module missing, a clear refusal before anything listens.
JUSTERA_SERVE_MODULE=$work/nonexistent/justera-serve.so timeout 20 "$bin" serve --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/err"; r=$?
[ "$r" -eq 5 ] && grep -q "\[helper-missing\]" "$work/err" && grep -qF "justera-serve.so" "$work/err" && ok ||
  fail "serve without its module: exit $r: $(cat "$work/err")"
grep -q "listening" "$work/serve.out" && fail "serve without its module said it listens" || ok

echo "modules: $passes checks passed, $failures failed"
[ "$failures" -eq 0 ]
