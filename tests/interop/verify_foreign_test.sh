#!/usr/bin/env bash
# verify_foreign_test.sh JUSTERA SOURCE_DIR: justera verify on PDFs signed by
# tools nobody here wrote, with the TEST-ONLY keys: poppler's
# 'pdfsig -add-signature' (NSS; adbe.pkcs7.detached), once and twice in a
# row, and 'mutool sign' (SHA-1: the crypto-constraints outcome, not a crash);
# and a PDF that carries no protocol XML, signed by pdfsig, whose protocol
# checks are not applicable rather than passed.
set -uo pipefail
bin=$1 src=$2
certs=$src/certs
pw=$certs/test-only-password.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0 passes=0
ok() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$bin" -q render "$src/tests/fixtures/seeds/004_187fbd7e2f1d6b52.txt" -o "$work/s0.pdf" 2>/dev/null || { echo "render failed"; exit 1; }
mkdir "$work/nss"
certutil -N -d "sql:$work/nss" --empty-password
certutil -A -d "sql:$work/nss" -n test-root -t "CT,C,C" -i "$certs/test-only-root-ca.pem"
for who in ojanne jonsson; do
  pk12util -i "$certs/test-only-$who.p12" -d "sql:$work/nss" -w "$pw" >/dev/null 2>&1 || fail "pk12util $who"
done
nick() { certutil -L -d "sql:$work/nss" | grep -F "$1" | sed 's/  *u,u,u *$//'; }
ojanne=$(nick "Ojanne (TEST ONLY)")
jonsson=$(nick "nsson (TEST ONLY)")
[ -n "$ojanne" ] && [ -n "$jonsson" ] && ok || { fail "the TEST-ONLY keys are not in the NSS database"; certutil -L -d "sql:$work/nss"; }

pdfsig -nssdir "sql:$work/nss" -nick "$ojanne" -add-signature "$work/s0.pdf" "$work/pdfsig-1.pdf" >/dev/null 2>&1
pdfsig -nssdir "sql:$work/nss" -nick "$jonsson" -add-signature "$work/pdfsig-1.pdf" "$work/pdfsig-2.pdf" >/dev/null 2>&1
mutool sign -s "$certs/test-only-ojanne.p12" -P "$(head -1 "$pw")" -o "$work/mutool-1.pdf" "$work/s0.pdf" \
  "$(mutool show "$work/s0.pdf" trailer/Root/AcroForm/Fields | tr -d '[]' | awk '{ print $1 }')" >/dev/null 2>&1
for f in pdfsig-1 pdfsig-2 mutool-1; do [ -s "$work/$f.pdf" ] && ok || fail "$f.pdf was not made"; done

trust=(--trust "$certs/test-only-root-ca.pem" --crl "$certs/test-only-issuing-ca.crl" --crl "$certs/test-only-root-ca.crl")
# verdict FILE EXIT VERDICT: the document's verdict and exit code.
verdict() {
  "$bin" verify --json "${trust[@]}" "$work/$1.pdf" >"$work/$1.json" 2>"$work/$1.err"
  local rc=$?
  [ "$rc" = "$2" ] && grep -q "^  \"verdict\": \"$3\"" "$work/$1.json" && ok || { fail "$1: exit $rc, expected $2 $3"; head -c 3000 "$work/$1.json"; cat "$work/$1.err"; }
  /usr/bin/jsonschema -i "$work/$1.json" "$src/schemas/verify-report.schema.json" >/dev/null 2>&1 && ok || fail "$1: the report does not match the schema"
}
signatures() { grep -c '"indication": ' "$work/$1.json"; }
passed() { grep -c '"indication": "TOTAL_PASSED"' "$work/$1.json"; }

# pdfsig: valid signatures by the right people; the protocol is not fully
# adjusted (the sekreterare has not signed), so the document is INDETERMINATE.
verdict pdfsig-1 2 INDETERMINATE
[ "$(signatures pdfsig-1)" = 1 ] && [ "$(passed pdfsig-1)" = 1 ] && ok || fail "pdfsig-1: the signature does not pass"
grep -q '"sub_filter": "adbe.pkcs7.detached"' "$work/pdfsig-1.json" && ok || fail "pdfsig-1: not adbe.pkcs7.detached"
grep -qF '"name": "Johan Alexander Emanuel Ojanne"' "$work/pdfsig-1.json" && grep -qF '"protocol_name": "Alexander Ojanne"' "$work/pdfsig-1.json" &&
  ok || fail "pdfsig-1: signer or role not found"
verdict pdfsig-2 2 INDETERMINATE
[ "$(signatures pdfsig-2)" = 2 ] && [ "$(passed pdfsig-2)" = 2 ] && ok || fail "pdfsig-2: both sequential signatures should pass"
grep -qF '"name": "Jan Oskar Jönsson"' "$work/pdfsig-2.json" && grep -qF '"protocol_name": "Jan Jönsson"' "$work/pdfsig-2.json" &&
  ok || fail "pdfsig-2: the second signer or role not found"
grep -qF '"id": "missing_signers"' "$work/pdfsig-2.json" && ok || fail "pdfsig-2: the missing sekreterare is not reported"
# mutool: SHA-1 and no intermediate in the CMS: INDETERMINATE with the
# crypto-constraints sub-indication, never passed, never a crash.
verdict mutool-1 2 INDETERMINATE
grep -q '"subindication": "CRYPTO_CONSTRAINTS_FAILURE"' "$work/mutool-1.json" && ok || fail "mutool-1: not CRYPTO_CONSTRAINTS_FAILURE"
grep -q '"message": "SHA1 is no longer accepted"' "$work/mutool-1.json" && ok || fail "mutool-1: SHA-1 not named"

# A PDF that carries no protocol: a plain page made by qpdf from scratch, signed by pdfsig.
cat >"$work/plain.pdf" <<'PDF'
%PDF-1.7
1 0 obj
<< /Type /Catalog /Pages 2 0 R >>
endobj
2 0 obj
<< /Type /Pages /Kids [3 0 R] /Count 1 >>
endobj
3 0 obj
<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>
endobj
trailer
<< /Root 1 0 R /Size 4 >>
%%EOF
PDF
qpdf "$work/plain.pdf" "$work/plain-fixed.pdf" 2>/dev/null
[ -s "$work/plain-fixed.pdf" ] && ok || fail "qpdf could not write the plain PDF"
pdfsig -nssdir "sql:$work/nss" -nick "$ojanne" -add-signature "$work/plain-fixed.pdf" "$work/foreign-noxml.pdf" >/dev/null 2>&1
verdict foreign-noxml 0 TOTAL_PASSED
grep -q '"id": "embedded_xml",' "$work/foreign-noxml.json" && tr -d '\n ' <"$work/foreign-noxml.json" |
  grep -q '"id":"embedded_xml","status":"NOT_APPLICABLE"' && ok || fail "foreign-noxml: the protocol checks are not NOT_APPLICABLE"
grep -q '"protocol": false' "$work/foreign-noxml.json" && ok || fail "foreign-noxml: claims to be a protocol"

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
