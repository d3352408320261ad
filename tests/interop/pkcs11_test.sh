#!/usr/bin/env bash
# pkcs11_test.sh JUSTERA SOURCE_DIR: signing with a key on a real PKCS#11
# token. The test makes a SoftHSM2 token of its own (in a temporary
# directory), imports the TEST-ONLY keys of Alexander Ojanne (RSA) and Carl
# Magnus Hillborg (ECDSA P-256) through a pipe (the decrypted keys never touch
# the disk), their certificates with OpenSC's pkcs11-tool, and then signs
# through libp11's engine. pdfsig, openssl cms and justera verify judge the
# result; a wrong PIN, a missing object and a missing module are refused with
# nothing written.
set -uo pipefail
bin=$1 src=$2
certs=$src/certs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0 passes=0
# shellcheck source=signed_parts.sh
. "$(dirname "$0")/signed_parts.sh"
ok() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

module=/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so
[ -f "$module" ] || { echo "FAIL: SoftHSM2 is not installed ($module): run scripts/install-deps.sh"; exit 1; }
command -v pkcs11-tool >/dev/null || { echo "FAIL: pkcs11-tool (opensc) is not installed: run scripts/install-deps.sh"; exit 1; }
mkdir "$work/tokens"
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' "$work" >"$work/softhsm2.conf"
export SOFTHSM2_CONF=$work/softhsm2.conf
pin=246810  # TEST ONLY, for this throw-away token
printf '%s\n' "$pin" >"$work/pin"
printf '999999\n' >"$work/wrong-pin"
softhsm2-util --init-token --free --label justera-test --pin "$pin" --so-pin 13579135 >/dev/null || { echo "FAIL: softhsm2-util --init-token"; exit 1; }
key_pw=$(head -1 "$certs/test-only-password.txt")
# import STEM LABEL ID: the key through a pipe, the certificate with pkcs11-tool.
import() {
  softhsm2-util --import <(openssl pkcs8 -topk8 -nocrypt -in "$certs/test-only-$1.key.pem" -passin "pass:$key_pw") \
    --token justera-test --label "$2" --id "$3" --pin "$pin" >/dev/null && ok || fail "import of the $1 key"
  openssl x509 -in "$certs/test-only-$1.pem" -outform DER |
    pkcs11-tool --module "$module" --token-label justera-test --login --pin "$pin" --write-object /dev/stdin --type cert \
      --id "$3" --label "$2" >/dev/null 2>&1 && ok || fail "import of the $1 certificate"
}
import ojanne ojanne 01
import hillborg-ec hillborg 02
pkcs11-tool --module "$module" --token-label justera-test -O 2>/dev/null | grep -q 'Certificate Object' && ok || fail "no certificate on the token"

export SOURCE_DATE_EPOCH=1711101600
"$bin" -q render "$src/tests/fixtures/seeds/004_187fbd7e2f1d6b52.txt" -o "$work/s0.pdf" 2>/dev/null || { echo "render failed"; exit 1; }
cp "$work/s0.pdf" "$work/s0.copy"
uri='pkcs11:token=justera-test;object=ojanne'
"$bin" sign "$work/s0.pdf" -o "$work/s1.pdf" --role justerare --pkcs11 "$uri" --pkcs11-module "$module" \
  --chain "$certs/test-only-issuing-ca.pem" --password-file "$work/pin" 2>"$work/err" && ok || { fail "signing with the token"; cat "$work/err"; }
grep -qF 'Johan Alexander Emanuel Ojanne signed field justera_justerare_1' "$work/err" && ok || { fail "the token's certificate was not used"; cat "$work/err"; }
# The module from PKCS11_MODULE_PATH, the PIN from JUSTERA_PASSWORD; an ECDSA key.
PKCS11_MODULE_PATH=$module JUSTERA_PASSWORD=$pin "$bin" -q sign "$work/s0.pdf" -o "$work/ec.pdf" --role sekreterare \
  --pkcs11 'pkcs11:token=justera-test;object=hillborg' --chain "$certs/test-only-issuing-ca.pem" --digest sha384 2>"$work/err" &&
  ok || { fail "ECDSA signing with the token"; cat "$work/err"; }

mkdir "$work/nss"
certutil -N -d "sql:$work/nss" --empty-password
certutil -A -d "sql:$work/nss" -n test-root -t "CT,C,C" -i "$certs/test-only-root-ca.pem"
for f in s1 ec; do
  pdfsig -nssdir "sql:$work/nss" "$work/$f.pdf" >"$work/pdfsig" 2>&1
  grep -q 'Signature is Valid' "$work/pdfsig" && ok || { fail "pdfsig: the token signature in $f.pdf is not valid"; cat "$work/pdfsig"; }
  qpdf --check "$work/$f.pdf" >/dev/null 2>&1 && ok || fail "qpdf --check $f.pdf"
  "$bin" verify --json --trust "$certs/test-only-root-ca.pem" --crl "$certs/test-only-issuing-ca.crl" --crl "$certs/test-only-root-ca.crl" \
    "$work/$f.pdf" >"$work/verify.json" 2>&1
  grep -q '"indication": "TOTAL_PASSED"' "$work/verify.json" && ok || { fail "justera verify: the signature in $f.pdf does not pass"; head -c 2000 "$work/verify.json"; }
done
grep -q 'Signer Certificate Common Name: Carl Magnus Hillborg' "$work/pdfsig" && ok || fail "pdfsig: not signed by Carl Magnus Hillborg"
grep -q 'Signing Hash Algorithm: SHA-384' "$work/pdfsig" && ok || fail "pdfsig: not SHA-384"
# openssl cms -verify over the byte ranges of the RSA signature.
read -r a b c d < <(perl -0777 -ne '/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/ and print "$1 $2 $3 $4\n"' "$work/s1.pdf")
signed_parts "$work/s1.pdf" "$a" "$b" "$c" "$d" "$work/data" "$work/cms.der"
cat "$certs/test-only-root-ca.pem" "$certs/test-only-issuing-ca.pem" >"$work/chain.pem"
openssl cms -verify -binary -inform DER -in "$work/cms.der" -content "$work/data" -CAfile "$work/chain.pem" -purpose any -cades \
  -out /dev/null 2>"$work/cmserr" && ok || { fail "openssl cms -verify of the token signature"; cat "$work/cmserr"; }

# Refusals: nothing written, the input unchanged.
refuse() {  # refuse NAME EXIT CODE -- command...
  local name=$1 want=$2 code=$3
  shift 4
  rm -f "$work/x.pdf"
  "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  if [ "$rc" -eq "$want" ] && grep -qF "[$code]" "$work/err"; then ok; else fail "$name: exit $rc, expected $want [$code]"; cat "$work/err"; fi
  [ -e "$work/x.pdf" ] && fail "$name wrote a file" || ok
}
refuse wrong-pin 3 sign-wrong-password -- "$bin" sign "$work/s0.pdf" -o "$work/x.pdf" --role justerare --pkcs11 "$uri" \
  --pkcs11-module "$module" --password-file "$work/wrong-pin"
grep -qF 'wrong PIN' "$work/err" && ok || fail "the wrong-PIN message does not say PIN"
grep -q 'Login failed' "$work/err" && fail "libp11's own chatter reached standard error" || ok
refuse no-object 5 sign-key-unreadable -- "$bin" sign "$work/s0.pdf" -o "$work/x.pdf" --role justerare \
  --pkcs11 'pkcs11:token=justera-test;object=nobody' --pkcs11-module "$module" --password-file "$work/pin"
grep -qF 'object=nobody' "$work/err" && ok || fail "the missing-object message does not name the URI"
refuse no-module 4 usage -- env -u PKCS11_MODULE_PATH "$bin" sign "$work/s0.pdf" -o "$work/x.pdf" --role justerare --pkcs11 "$uri" \
  --password-file "$work/pin"
refuse pin-in-uri 4 usage -- "$bin" sign "$work/s0.pdf" -o "$work/x.pdf" --role justerare \
  --pkcs11 "$uri;pin-value=$pin" --pkcs11-module "$module" --password-file "$work/pin"
refuse bad-module 5 sign-key-unreadable -- "$bin" sign "$work/s0.pdf" -o "$work/x.pdf" --role justerare --pkcs11 "$uri" \
  --pkcs11-module "$work/no-such-module.so" --password-file "$work/pin"
grep -qF 'no-such-module.so' "$work/err" && ok || fail "the missing-module message does not name the path"
"$bin" sign "$work/s0.pdf" -o "$work/x.pdf" --role justerare --pkcs11 "$uri" --p12 "$certs/test-only-ojanne.p12" \
  --pkcs11-module "$module" --password-file "$work/pin" >/dev/null 2>&1
[ $? -eq 4 ] && ok || fail "--pkcs11 with --p12 is not a usage error"
cmp -s "$work/s0.pdf" "$work/s0.copy" && ok || fail "the input changed"

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
