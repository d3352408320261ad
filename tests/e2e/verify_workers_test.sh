#!/usr/bin/env bash
# verify_workers_test.sh JUSTERA SOURCE_DIR: 'justera verify --jobs' runs
# worker processes. The same answers as one process, byte for byte (text and
# JSON); and a worker killed in the middle of a batch loses no file: the file
# it was on is reported (internal, exit 70) or, if it was between files, all
# files are verified by the others; the command never hangs.
set -uo pipefail
bin=$1 src=$2
certs=$src/certs
pw=$certs/test-only-password.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0 passes=0
ok() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$bin" -q render "$src/tests/fixtures/seeds/000_9b82ca12656ff44a.txt" -o "$work/s0.pdf" 2>/dev/null || fail "render"
"$bin" -q sign "$work/s0.pdf" -o "$work/s1.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" --password-file "$pw" || fail "sign 1"
"$bin" -q sign "$work/s1.pdf" -o "$work/s2.pdf" --role justerare --p12 "$certs/test-only-jonsson.p12" --password-file "$pw" || fail "sign 2"
"$bin" -q sign "$work/s2.pdf" -o "$work/s3.pdf" --role sekreterare --p12 "$certs/test-only-hillborg.p12" --password-file "$pw" || fail "sign 3"
mkdir "$work/dir"
for i in $(seq -w 1 24); do cp "$work/s3.pdf" "$work/dir/p$i.pdf"; done
cp "$work/s1.pdf" "$work/dir/p05.pdf"          # one signer of three: INDETERMINATE
head -c 5000 "$work/s3.pdf" >"$work/dir/p07.pdf" # truncated: TOTAL_FAILED
echo "not a pdf" >"$work/dir/p09.pdf"           # rejected, exit 3
trust=(--trust "$certs/test-only-root-ca.pem" --crl "$certs/test-only-issuing-ca.crl" --crl "$certs/test-only-root-ca.crl")

# The same output from one process and from three (lines in the order the
# files finish: the same lines). A failed signature (p07) is never hidden by
# the file that is not a PDF (p09): exit 1, not 3.
for mode in "" --json --details; do
  "$bin" verify "${trust[@]}" --jobs 1 $mode "$work/dir" >"$work/one.out" 2>"$work/one.err"
  r1=$?
  "$bin" verify "${trust[@]}" --jobs 3 $mode "$work/dir" >"$work/three.out" 2>"$work/three.err"
  r3=$?
  [ "$r1" -eq 1 ] && [ "$r3" -eq 1 ] && ok || fail "verify ${mode:-(text)}: exit $r1 with one process, $r3 with three (expected 1)"
  if [ "$mode" = --json ]; then
    sed -i '/"validation_time"/d' "$work/one.out" "$work/three.out"
  fi
  if [ -z "$mode" ]; then
    sort -o "$work/one.out" "$work/one.out"; sort -o "$work/three.out" "$work/three.out"
  fi
  cmp -s "$work/one.out" "$work/three.out" && ok || fail "verify ${mode:-(text)}: workers print other output than one process"
  cmp -s "$work/one.err" "$work/three.err" && ok || fail "verify ${mode:-(text)}: workers print other errors than one process"
done
grep -q "24 files: 21 passed, 1 failed, 1 indeterminate, 1 not read" <(
  "$bin" verify "${trust[@]}" --jobs 2 "$work/dir" 2>/dev/null) && ok || fail "the summary line of a mixed directory"
# Mixed outcomes without a failure: the unreadable file's exit code (3)
# comes before an indeterminate one (2).
mkdir "$work/mixed"
cp "$work/s3.pdf" "$work/mixed/a.pdf"; cp "$work/s1.pdf" "$work/mixed/b.pdf"; echo "not a pdf" >"$work/mixed/c.pdf"
"$bin" verify "${trust[@]}" --jobs 2 "$work/mixed" >/dev/null 2>&1
rc=$?
[ "$rc" -eq 3 ] && ok || fail "passed + indeterminate + not a PDF: exit $rc, expected 3"
rm "$work/mixed/c.pdf"
"$bin" verify "${trust[@]}" --jobs 2 "$work/mixed" >/dev/null 2>&1
rc=$?
[ "$rc" -eq 2 ] && ok || fail "passed + indeterminate: exit $rc, expected 2"

# One line per file as it finishes: the first file's line is out while the
# second (a FIFO nobody writes yet) is still being opened.
mkfifo "$work/z.pdf"
( "$bin" verify "${trust[@]}" --jobs 1 "$work/s3.pdf" "$work/z.pdf" >"$work/stream.out" 2>"$work/stream.err"; echo $? >"$work/stream.rc" ) &
for _ in $(seq 300); do [ -s "$work/stream.out" ] && break; sleep 0.1; done
first=$(cat "$work/stream.out")
exec 3>"$work/z.pdf"; exec 3>&-   # a writer comes and goes: verify goes on
wait
grep -q "^TOTAL_PASSED .*s3.pdf" <<<"$first" && ! grep -q "files:" <<<"$first" && ok || fail "the first line was not printed before the second file ended: '$first'"
[ "$(cat "$work/stream.rc")" = 5 ] && grep -q "2 files: 1 passed, 0 failed, 0 indeterminate, 1 not read" "$work/stream.out" && ok ||
  fail "after the FIFO: exit $(cat "$work/stream.rc"), $(cat "$work/stream.out" "$work/stream.err")"

# --lang: the panel and the lines in one language; the JSON stays English.
grep -q "24 filer: 21 giltiga, 1 underkända, 1 oavgjorda, 1 kunde inte läsas" <(
  "$bin" verify "${trust[@]}" --jobs 2 --lang sv "$work/dir" 2>/dev/null) && ok || fail "the summary line in Swedish"
"$bin" verify "${trust[@]}" "$work/dir/p05.pdf" >"$work/sv.txt" 2>/dev/null
grep -q "^  OBS inte färdigjusterat: ingen giltig underskrift av Jan Jönsson (justerare), Magnus Hillborg (sekreterare)$" "$work/sv.txt" \
  && grep -q "^  Dokumentet: OAVGJORD (INDETERMINATE)$" "$work/sv.txt" && ok || fail "the panel in Swedish: $(cat "$work/sv.txt")"
"$bin" verify "${trust[@]}" --lang en "$work/dir/p05.pdf" >"$work/en.txt" 2>/dev/null
grep -q "^  NOTE  not fully adjusted: no valid signature by Jan Jönsson (justerare), Magnus Hillborg (sekreterare)$" "$work/en.txt" \
  && grep -q "^  The document: UNDECIDED (INDETERMINATE)$" "$work/en.txt" && ! grep -qE "Resultat|Dokumentet|tidsstämpel|underskrift" "$work/en.txt" \
  && ok || fail "the panel in English: $(cat "$work/en.txt")"
"$bin" verify "${trust[@]}" --lang sv --json "$work/dir/p05.pdf" >"$work/sv.json" 2>/dev/null
grep -q '"message": "not fully adjusted: no valid signature by' "$work/sv.json" && ok || fail "--lang sv changed the JSON report"

# Bytes that are not UTF-8 (a file name here; a claimed role in a hostile
# file) are replaced in the JSON, never an internal error.
mkdir "$work/odd"
cp "$work/s3.pdf" "$work/odd/p"$'\xff'".pdf"
echo "not a pdf" >"$work/odd/q"$'\xff'".pdf"
for jobs in 1 2; do
  "$bin" verify "${trust[@]}" --jobs $jobs --json "$work/odd" >"$work/odd.json" 2>"$work/odd.err"
  rc=$?
  [ "$rc" -eq 3 ] && ok || fail "non-UTF-8 names, --jobs $jobs: exit $rc, expected 3 ($(head -2 "$work/odd.err"))"
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d) == 2 and d[0]["verdict"] == "TOTAL_PASSED" and d[1]["verdict"] is None' "$work/odd.json" \
    && ok || fail "non-UTF-8 names, --jobs $jobs: the JSON list is not two reports"
done
# --at takes real days only.
"$bin" verify "${trust[@]}" --at 2024-02-31 "$work/s3.pdf" >/dev/null 2>"$work/at.err"
rc=$?
[ "$rc" -eq 4 ] && grep -q "YYYY-MM-DD, not '2024-02-31'" "$work/at.err" && ok || fail "--at 2024-02-31: exit $rc, $(cat "$work/at.err")"

# --time-limit: a file that takes longer is given up, reported (exit 3) and
# the batch goes on; with one job too (the file is then verified in a worker).
"$bin" verify "${trust[@]}" --jobs 2 --time-limit 0.001 "$work/s1.pdf" "$work/s3.pdf" >"$work/tl.out" 2>"$work/tl.err"
rc=$?
[ "$rc" -eq 3 ] && [ "$(grep -c 'given up after 0.001 s (--time-limit) \[pdf-over-limit\]' "$work/tl.err")" -eq 2 ] \
  && grep -q "^2 files: 0 passed, 0 failed, 0 indeterminate, 2 not read" "$work/tl.out" && ok || fail "--time-limit 0.001: exit $rc, $(cat "$work/tl.err" "$work/tl.out")"
"$bin" verify "${trust[@]}" --time-limit 600 "$work/s3.pdf" >"$work/tl1.out" 2>&1 && grep -q "Dokumentet: GILTIG" "$work/tl1.out" && ok \
  || fail "--time-limit 600 on one file: $(tail -3 "$work/tl1.out")"

# Options reach the workers as given: a trust file whose name starts with '-'.
cp "$certs/test-only-root-ca.pem" "$work/-root.pem"
(cd "$work" && "$bin" verify --trust=-root.pem --crl "$certs/test-only-issuing-ca.crl" --crl "$certs/test-only-root-ca.crl" --jobs 2 s3.pdf dir/p01.pdf) \
  >"$work/dash.out" 2>"$work/dash.err" && grep -q "^2 files: 2 passed" "$work/dash.out" && ok || fail "--trust=-root.pem with workers: $(cat "$work/dash.err" "$work/dash.out")"
# --time-limit 0 is no limit.
"$bin" verify "${trust[@]}" --jobs 2 --time-limit 0 "$work/s3.pdf" "$work/s2.pdf" >"$work/tl0.out" 2>&1
rc=$?
[ "$rc" -eq 2 ] && grep -q "^2 files: 1 passed, 0 failed, 1 indeterminate$" "$work/tl0.out" && ok || fail "--time-limit 0: exit $rc, $(cat "$work/tl0.out")"

# A worker killed in the middle.
mkdir "$work/many"
for i in $(seq -w 1 120); do ln "$work/s3.pdf" "$work/many/p$i.pdf" 2>/dev/null || cp "$work/s3.pdf" "$work/many/p$i.pdf"; done
"$bin" verify "${trust[@]}" --jobs 2 "$work/many" >"$work/kill.out" 2>"$work/kill.err" &
parent=$!
child=
for _ in $(seq 100); do
  child=$(pgrep -P "$parent" | head -1)
  [ -n "$child" ] && break
  sleep 0.02
done
if [ -z "$child" ]; then
  fail "no worker process appeared"
else
  sleep 0.3
  kill -KILL "$child" 2>/dev/null
fi
# 120 files take 4 s with the sanitizers on two free cores; a hang never ends.
for _ in $(seq 2400); do kill -0 "$parent" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$parent" 2>/dev/null; then
  kill -KILL "$parent"
  fail "verify hung after a worker was killed"
fi
wait "$parent"
rc=$?
lines=$(grep -c "^TOTAL_PASSED" "$work/kill.out")
stopped=$(grep -c "the verifier stopped on this file (signal 9" "$work/kill.err")
if [ "$stopped" -eq 1 ] && [ "$rc" -eq 70 ] && [ "$lines" -eq 119 ]; then
  ok
elif [ "$stopped" -eq 0 ] && [ "$rc" -eq 0 ] && [ "$lines" -eq 120 ]; then
  ok  # killed between two files: the other worker and the parent did them all
else
  fail "after a killed worker: exit $rc, $lines files passed, $stopped reported stopped; $(head -3 "$work/kill.err")"
fi
grep -q "^120 files: " "$work/kill.out" && ok || fail "the total line after a killed worker: $(tail -1 "$work/kill.out")"

echo "verify workers: $passes checks passed, $failures failed"
[ "$failures" -eq 0 ]
