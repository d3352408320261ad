#!/usr/bin/env bash
# limits_test.sh JUSTERA SOURCE_DIR: every limit of docs/limits.md, hit on a
# real input with a lowered option: exit 3, a message naming the file, the
# limit's option and the error code; nothing written; and the same input
# accepted with the default limits (so that the limit, not the input, is
# what refused it).
set -uo pipefail
bin=$1 src=$2
seeds=$src/tests/fixtures/seeds
certs=$src/certs
pw=$certs/test-only-password.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0 passes=0
ok() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# hit OPTION VALUE CODE FILE COMMAND...: COMMAND with the lowered limit fails
# as it should; without it, it succeeds (exit 0, or the verdict exits 1/2).
hit() {
  local opt=$1 val=$2 code=$3 file=$4
  shift 4
  rm -f "$work/out.xml"
  "$bin" "$opt" "$val" "$@" >"$work/out" 2>"$work/err"
  local r=$?
  [ "$r" -eq 3 ] && ok || fail "$opt $val: exit $r, expected 3 ($(head -c 300 "$work/err"))"
  for want in "$file" "($opt" "[$code]"; do
    grep -qF -- "$want" "$work/err" && ok || fail "$opt $val: the message lacks '$want': $(head -c 300 "$work/err")"
  done
  [ ! -e "$work/out.xml" ] && ok || fail "$opt $val: an output was written"
  "$bin" "$@" >/dev/null 2>"$work/err0"
  r=$?
  [ "$r" -ne 3 ] && ok || fail "$opt: the input is refused with the default limits too: $(head -c 300 "$work/err0")"
}

# Text and XML.
s0=$seeds/000_9b82ca12656ff44a.txt
hit --max-input-bytes 1000 input-too-large "$s0" parse "$s0" -o "$work/out.xml"
hit --max-lines 10 input-too-many-lines "$s0" parse "$s0" -o "$work/out.xml"
hit --max-line-bytes 50 input-line-too-long "$s0" parse "$s0" -o "$work/out.xml"
hit --max-paragraphs 2 ingest-too-many-paragraphs "$s0" parse "$s0" -o "$work/out.xml"
hit --max-paragraphs 2 ingest-too-many-paragraphs "$seeds/001_79249be5eea60560.txt" parse --format agenda "$seeds/001_79249be5eea60560.txt" -o "$work/out.xml"
x4=$src/tests/golden/parse/004.xml
hit --max-xml-depth 3 xml-too-deep "$x4" validate "$x4"
hit --max-xml-nodes 50 xml-too-many-nodes "$x4" validate "$x4"

# PDF: the seed rendered and signed by its three signers (4 revisions,
# 3 signatures, each CMS with the signer's and the issuing CA's certificates).
"$bin" -q render "$s0" -o "$work/s0.pdf" 2>/dev/null
"$bin" -q sign "$work/s0.pdf" -o "$work/s1.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" --password-file "$pw"
"$bin" -q sign "$work/s1.pdf" -o "$work/s2.pdf" --role justerare --p12 "$certs/test-only-jonsson.p12" --password-file "$pw"
"$bin" -q sign "$work/s2.pdf" -o "$work/s3.pdf" --role sekreterare --p12 "$certs/test-only-hillborg.p12" --password-file "$pw"
p=$work/s3.pdf
trust=(--trust "$certs/test-only-root-ca.pem" --crl "$certs/test-only-issuing-ca.crl" --crl "$certs/test-only-root-ca.crl")
hit --max-input-bytes 10000 input-too-large "$p" verify "${trust[@]}" "$p"
hit --max-revisions 3 pdf-over-limit "$p" verify "${trust[@]}" "$p"
hit --max-pdf-objects 100 pdf-over-limit "$p" verify "${trust[@]}" "$p"
hit --max-nesting 2 pdf-over-limit "$p" verify "${trust[@]}" "$p"
hit --max-stream-bytes 1000 pdf-over-limit "$p" verify "${trust[@]}" "$p"
hit --max-signatures 2 pdf-over-limit "$p" verify "${trust[@]}" "$p"
hit --max-cms-bytes 1000 pdf-over-limit "$p" verify "${trust[@]}" "$p"
hit --max-chain 1 pdf-over-limit "$p" verify "${trust[@]}" "$p"
# The XML embedded in the PDF is held to the same limits as any XML.
hit --max-xml-nodes 50 xml-too-many-nodes "$p" verify "${trust[@]}" "$p"
hit --max-xml-depth 3 xml-too-deep "$p" verify "${trust[@]}" "$p"
"$bin" verify "${trust[@]}" "$p" >"$work/v" 2>&1 && ok || fail "the signed seed does not verify with the default limits: $(tail -3 "$work/v")"

# In a batch the file over a limit is reported, the others verified.
mkdir "$work/dir"
cp "$p" "$work/dir/a.pdf"
cp "$work/s1.pdf" "$work/dir/b.pdf"
"$bin" --max-signatures 2 verify "${trust[@]}" --jobs 2 "$work/dir" >"$work/batch" 2>&1
r=$?
[ "$r" -eq 3 ] && ok || fail "batch with one file over a limit: exit $r, expected 3"
grep -q "a.pdf.*--max-signatures" "$work/batch" && grep -q "b.pdf" "$work/batch" && ok || fail "batch: $(cat "$work/batch")"

echo "limits: $passes checks passed, $failures failed"
[ "$failures" -eq 0 ]
