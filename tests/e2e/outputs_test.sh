#!/usr/bin/env bash
# outputs_test.sh JUSTERA SOURCE_DIR: what -o names decides how justera
# writes (docs/cli.md, OUTPUT): a FIFO is written and stays a FIFO, a link
# stays a link and its target gets the new bytes, an output that is an input
# is refused (exit 4) and the input is unchanged, -o - goes to standard output
# for text, XML and PDF alike, and, as root in a private mount namespace with a
# /dev of its own, -o /dev/null leaves the null device a device.
set -uo pipefail
bin=$1
src=$2
seed=$src/tests/fixtures/seeds/000_9b82ca12656ff44a.txt
certs=$src/certs
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
failures=0
passes=0
ok() { passes=$((passes + 1)); }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
check() {  # check NAME COMMAND...: passes when the command succeeds
  local name=$1; shift
  if "$@"; then ok; else fail "$name"; fi
}

export SOURCE_DATE_EPOCH=1711101600
"$bin" -q parse "$seed" -o "$work/p.xml" || { echo "FAIL: parse"; exit 1; }
"$bin" -q render "$work/p.xml" -o "$work/p.pdf" || { echo "FAIL: render"; exit 1; }

# ---- a FIFO receives the bytes and is still a FIFO
through_fifo() {  # through_fifo NAME EXPECTED-FILE COMMAND... (the command's -o is $work/NAME.fifo)
  local name=$1 want=$2; shift 2
  mkfifo "$work/$name.fifo"
  timeout 120 cat "$work/$name.fifo" >"$work/$name.got" &
  local reader=$!
  timeout 60 "$@"
  check "$name-exit" [ $? -eq 0 ]
  wait "$reader"
  check "$name-still-fifo" [ -p "$work/$name.fifo" ]
  check "$name-bytes" cmp -s "$work/$name.got" "$want"
}
through_fifo parse-to-fifo "$work/p.xml" "$bin" -q parse "$seed" -o "$work/parse-to-fifo.fifo"
through_fifo render-to-fifo "$work/p.pdf" "$bin" -q render "$work/p.xml" -o "$work/render-to-fifo.fifo"

# ---- a symlink still points where it did; its target has the new content
mkdir "$work/arkiv"
echo old >"$work/arkiv/protokoll.pdf"
chmod 640 "$work/arkiv/protokoll.pdf"
ln -s arkiv/protokoll.pdf "$work/senaste.pdf"
"$bin" -q render "$work/p.xml" -o "$work/senaste.pdf"
check render-through-link-exit [ $? -eq 0 ]
check link-still-link [ -L "$work/senaste.pdf" ]
check link-points-where-it-did [ "$(readlink "$work/senaste.pdf")" = arkiv/protokoll.pdf ]
check link-target-new cmp -s "$work/arkiv/protokoll.pdf" "$work/p.pdf"
check link-target-mode [ "$(stat -c %a "$work/arkiv/protokoll.pdf")" = 640 ]
check no-temporary-files [ "$(ls -A "$work/arkiv" | wc -l)" -eq 1 ]

# ---- an output that is an input: exit 4, the input unchanged, nothing written
refused() {  # refused NAME FILE-THAT-MUST-NOT-CHANGE COMMAND...
  local name=$1 keep=$2; shift 2
  local before; before=$(sha256sum <"$keep")
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" -ne 4 ]; then fail "$name: exit $got, expected 4"; sed 's/^/  /' "$work/err" | head -3; else ok; fi
  if grep -q "is the input file" "$work/err"; then ok; else fail "$name: no message saying why"; sed 's/^/  /' "$work/err" | head -3; fi
  if [ "$(sha256sum <"$keep")" = "$before" ]; then ok; else fail "$name: the input changed"; fi
}
cp "$seed" "$work/t.txt"
refused parse-over-input "$work/t.txt" "$bin" parse "$work/t.txt" -o "$work/t.txt"
ln -s t.txt "$work/t-link.txt"
refused parse-over-input-by-link "$work/t.txt" "$bin" parse "$work/t.txt" -o "$work/t-link.txt"
refused parse-input-by-link "$work/t.txt" "$bin" parse "$work/t-link.txt" -o "$work/t.txt"
ln "$work/t.txt" "$work/t-hard.txt"
refused parse-over-input-hard-link "$work/t.txt" "$bin" parse "$work/t.txt" -o "$work/t-hard.txt"
cp "$work/p.xml" "$work/x.xml"
refused render-over-input "$work/x.xml" "$bin" render "$work/x.xml" -o "$work/x.xml"
cp "$work/p.pdf" "$work/y.pdf"
refused extract-over-input "$work/y.pdf" "$bin" extract "$work/y.pdf" -o "$work/y.pdf"
cp "$certs/test-only-password.txt" "$work/pw"
refused sign-over-password-file "$work/pw" \
  "$bin" sign "$work/y.pdf" -o "$work/pw" --role justerare --p12 "$certs/test-only-ojanne.p12" --password-file "$work/pw"
refused anslag-over-input "$work/x.xml" "$bin" anslag "$work/x.xml" --anslag 2024-03-22 -o "$work/x.xml"
refused stdout-is-the-input "$work/x.xml" bash -c '"$0" render "$1" -o - >>"$1"' "$bin" "$work/x.xml"

# ---- -o - writes to standard output: XML, text and PDF
"$bin" -q parse "$seed" -o - | xmllint --noout - 2>"$work/xmllint.err"
check parse-stdout-xmllint [ "${PIPESTATUS[0]}${PIPESTATUS[1]}" = 00 ]
"$bin" -q parse "$seed" -o - >"$work/dash.xml"
check parse-stdout-same-bytes cmp -s "$work/dash.xml" "$work/p.xml"
"$bin" -q extract "$work/p.pdf" -o - | xmllint --noout -
check extract-stdout-xmllint [ "${PIPESTATUS[0]}${PIPESTATUS[1]}" = 00 ]
"$bin" -q render "$work/p.xml" -o - | pdfinfo - >"$work/pdfinfo" 2>&1
check render-stdout-pdfinfo [ "${PIPESTATUS[0]}${PIPESTATUS[1]}" = 00 ]
check render-stdout-pages grep -q "^Pages:" "$work/pdfinfo"
"$bin" -q render "$work/p.xml" -o - >"$work/dash.pdf"
check render-stdout-same-bytes cmp -s "$work/dash.pdf" "$work/p.pdf"
"$bin" -q render "$work/p.xml" -o /dev/stdout >"$work/devstdout.pdf"
check render-dev-stdout-same-bytes cmp -s "$work/devstdout.pdf" "$work/p.pdf"
"$bin" -q sign "$work/p.pdf" -o - --role justerare --p12 "$certs/test-only-ojanne.p12" --password-file "$certs/test-only-password.txt" \
  | pdfinfo - >"$work/pdfinfo-signed" 2>&1
check sign-stdout-pdfinfo [ "${PIPESTATUS[0]}${PIPESTATUS[1]}" = 00 ]
"$bin" -q anslag "$work/p.xml" --anslag 2024-03-22 --kept-at 'Stadshuset' -o - >"$work/anslag.txt"
check anslag-stdout-text grep -q "Tillkännagivande av justering" "$work/anslag.txt"
"$bin" -q anslag "$work/p.xml" --anslag 2024-03-22 --kept-at 'Stadshuset' --pdf -o - | pdfinfo - >/dev/null 2>&1
check anslag-stdout-pdf [ "${PIPESTATUS[0]}${PIPESTATUS[1]}" = 00 ]

# ---- a directory is refused (exit 5) with a message that names it
"$bin" -q parse "$seed" -o "$work/arkiv" 2>"$work/err"
check directory-exit [ $? -eq 5 ]
check directory-message grep -q "arkiv.*directory" "$work/err"

# ---- as root: a character device is written in place and stays a device.
# First a null device made in the test's own directory (nothing of the
# machine's at stake), then -o /dev/null itself in a private mount namespace
# with a tmpfs /dev and its own null device.
if [ "$(id -u)" -eq 0 ] && mknod -m 666 "$work/null" c 1 3 2>/dev/null; then
  "$bin" parse "$seed" -o "$work/null" 2>"$work/err"
  check own-null-exit [ $? -eq 0 ]
  check own-null-still-a-device [ -c "$work/null" ]
  check own-null-message grep -q "wrote $work/null" "$work/err"
  check own-null-no-temporary [ -z "$(ls -A "$work" | grep '^\.null')" ]
else
  echo "REPORT: a character device as -o not checked here: making one needs root (id -u: $(id -u))"
fi
if [ "$(id -u)" -eq 0 ] && unshare -m sh -c 'mount --make-rprivate /' 2>/dev/null; then
  unshare -m bash -c '
    set -e
    mount --make-rprivate /
    mount -t tmpfs -o mode=0755 tmpfs /dev
    mknod -m 666 /dev/null c 1 3
    "$1" parse "$2" -o /dev/null 2>"$3/null.err"
    "$1" -q render "$4" -o /dev/null
    [ -c /dev/null ] || { echo "/dev/null is no longer a character device"; ls -l /dev/null; exit 1; }
    [ "$(stat -c %t:%T /dev/null)" = 1:3 ] || { echo "/dev/null is not the null device"; exit 1; }
    [ "$(ls -A /dev | wc -l)" -eq 1 ] || { echo "something was left in /dev:"; ls -A /dev; exit 1; }
  ' _ "$bin" "$seed" "$work" "$work/p.xml"
  check dev-null-stays-a-device [ $? -eq 0 ]
  check dev-null-message grep -q "wrote /dev/null" "$work/null.err"
else
  echo "REPORT: -o /dev/null itself not checked here: needs root and a private mount namespace (unshare -m)"
fi

echo "outputs: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
