#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# error_languages_test.sh JUSTERA SOURCE_DIR: every error a person can meet
# has a Swedish message (--lang sv). The check of the sources
# (tests/support/error_languages.py) first on small sources of our own, where
# it must find what is missing, then on src/; then real failing commands
# under --lang sv, whose error lines must hold no English words.
set -uo pipefail
bin="$1"
root="$2"
check="$root/tests/support/error_languages.py"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL $1"; failures=$((failures + 1)); }

mkdir -p "$work/bad/src" "$work/good/src"
cat > "$work/bad/src/x.cpp" <<'CPP'
void f(int n) {
    if (n > 1) throw core::Error(Errc::InputEmpty, "the file is empty (" + std::to_string(n) + ", " + g(n, 2) + ")",
                                 core::Where{"x"});
    if (n > 2) throw Error(Errc::Internal, "cannot happen");
}
CPP
cat > "$work/good/src/x.cpp" <<'CPP'
void f(int n) {
    if (n > 1) throw core::Error(Errc::InputEmpty, "the file is empty (" + std::to_string(n) + ", " + g(n, 2) + ")",
                                 core::Where{"x"}, "filen är tom (" + std::to_string(n) + ")");
    try { h(); } catch (const core::Error& e) { throw core::Error(e.code(), e.message(), core::Where{"y"}, e.said(true)); }
    if (n > 2) throw Error(Errc::Internal, "cannot happen");
}
CPP
out="$(python3 "$check" "$work/bad")" && fail "a missing Swedish message was not found"
grep -q '^src/x.cpp:2: no Swedish message: "the file is empty' <<<"$out" || fail "the missing message was not named by file and line: $out"
grep -q 'cannot happen' <<<"$out" && fail "an internal error was asked for a Swedish message"
python3 "$check" "$work/good" >/dev/null || fail "messages in both languages were not accepted"
if ! out="$(python3 "$check" "$root")"; then
    fail "errors without a Swedish message in src/:"
    echo "$out" | sed 's/^/  /' | head -40
fi

# Failing commands, as people meet them. Each error line, after the
# "justera: WHERE: " part (a path), is Swedish: none of these English words.
certs="$root/certs"
seeds="$root/tests/fixtures/seeds"
export SOURCE_DATE_EPOCH=1711101600
"$bin" -q render "$seeds/004_187fbd7e2f1d6b52.txt" -o "$work/p.pdf" || fail "the sample was not rendered"
printf 'not the password\n' >"$work/wrong-password"
printf '%%PDF-1.7\nnothing else\n' >"$work/broken.pdf"
printf '<protokoll><organ>x</organ>\n' >"$work/broken.xml"
printf 'abc\000def\n' >"$work/binary.txt"
sv_error() {  # sv_error NAME EXIT CODE -- command...: exit status, the code, and Swedish words only
  local name=$1 want=$2 code=$3
  shift 4
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  [ "$got" -eq "$want" ] || fail "$name: exit $got, expected $want: $(head -2 "$work/err")"
  grep -q "\[$code\]\$" "$work/err" || fail "$name: no [$code] line: $(head -2 "$work/err")"
  # The message after the path: "justera: " and a first part with a '/'
  # dropped, and a library's own words after "libxml2 rapporterar:"
  # (docs/cli.md, DIAGNOSTICS: a library's detail stays as it is).
  if grep '^justera: ' "$work/err" | sed -E 's#^justera: ##; s#^[^ ]*/[^ ]*: ##; s#\[[a-z0-9-]*\]$##; s#libxml2 rapporterar: .*##; s#[^ ]*/[^ ]*##g' |
    grep -iwE 'the|of|and|with|is|not|cannot|no|was|file|signature|key|password|wrong|given|found|read|written'; then
    fail "$name: English in the Swedish error line: $(grep '^justera: ' "$work/err" | head -2)"
  fi
}
sv_error not-p12 5 sign-key-unreadable -- "$bin" --lang sv sign "$work/p.pdf" -o "$work/o.pdf" --role justerare --p12 "$work/p.pdf" --password-file "$work/wrong-password"
sv_error wrong-password 3 sign-wrong-password -- "$bin" --lang sv sign "$work/p.pdf" -o "$work/o.pdf" --role justerare --p12 "$certs/test-only-jonsson.p12" --password-file "$work/wrong-password"
sv_error name-mismatch 3 sign-name-mismatch -- "$bin" --lang sv sign "$work/p.pdf" -o "$work/o.pdf" --role sekreterare --p12 "$certs/test-only-jonsson.p12" --password-file "$certs/test-only-password.txt"
sv_error binary-text 3 input-binary -- "$bin" --lang sv parse "$work/binary.txt"
sv_error broken-xml 3 xml-malformed -- "$bin" --lang sv validate "$work/broken.xml"
sv_error doctype 3 xml-doctype-forbidden -- "$bin" --lang sv validate "$root/tests/fixtures/xml/hostile/billion-laughs.xml"
sv_error broken-pdf 3 pdf-malformed -- "$bin" --lang sv extract "$work/broken.pdf"
sv_error render-not-xml 3 input-binary -- "$bin" --lang sv render "$work/binary.txt" -o "$work/x.pdf"
sv_error output-is-input 4 usage -- "$bin" --lang sv render "$work/broken.xml" -o "$work/broken.xml"
for f in o.pdf x.pdf; do [ -e "$work/$f" ] && fail "an output was left: $f"; done

echo "error languages: $failures failed"
[ "$failures" -eq 0 ]
