#!/usr/bin/env bash
# signservice_test.sh JUSTERA SOURCE_DIR TEST_PKI: two justerare and the
# sekreterare sign a rendered protocol through a Sweden Connect signature
# service: 'justera sign prepare', 'justera sign request' (an XML-signed
# dss:SignRequest, checked here with the xmlsec1 command), the TEST-ONLY
# stand-in service (tests/support/sign_service.py: it checks the request's
# signature, issues a certificate from the test CA and signs) and 'justera
# sign response'. pdfsig, mutool and justera verify must accept the result.
# Every bad answer (cancelled, failed authentication, an expired request, a
# response changed after it was signed, signed by another key, for other
# bytes, of another person, too old, for another request, replayed) is
# refused with its code, writes nothing and leaves the state as it was.
set -uo pipefail
bin=$1 src=$2 pki_bin=$3
certs=$src/certs
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
failures=0 passes=0
ok() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
j() { /usr/bin/env -u http_proxy "$bin" "$@"; }
client() { python3 "$src/tests/support/sign_client.py" "$@"; }

j -q render "$src/tests/fixtures/seeds/004_187fbd7e2f1d6b52.txt" -o "$work/s0.pdf" 2>/dev/null || { echo "render failed"; exit 1; }
cp "$work/s0.pdf" "$work/rendered.pdf"

"$pki_bin" "$certs" --port 28461 --max 2000 --seconds 300 >"$work/pki.port" &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/pki.port" ] && break; sleep 0.1; done
[ -s "$work/pki.port" ] || { echo "FAIL: the test PKI server did not start on 127.0.0.1:28461"; exit 1; }
# shellcheck source=../support/sign_service_env.sh
. "$src/tests/support/sign_service_env.sh"
start_sign_service "$work" "$certs" "$src" || exit 1
tsa="http://127.0.0.1:28461/"
echo "response-url = http://127.0.0.1:9/sign/response" >>"$work/service.conf"

# refuse NAME EXIT CODE -- command...: that exit, the code in the message, the state unchanged.
refuse() {
  local name=$1 want=$2 code=$3 state=$4
  shift 5
  local before
  before=$(sha256sum "$state" | cut -c1-64)
  rm -f "$work/refused.pdf"
  "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  if [ "$rc" -eq "$want" ] && grep -qF "[$code]" "$work/err"; then ok; else fail "$name: exit $rc, expected $want [$code]"; cat "$work/err"; fi
  [ ! -e "$work/refused.pdf" ] && ok || fail "$name: an output was written"
  [ "$(sha256sum "$state" | cut -c1-64)" = "$before" ] && ok || fail "$name: the state changed"
}

# ask N FIELD PNR: prepare the field of PDF $work/sN.pdf and make the request.
ask() {
  local n=$1 field=$2 pnr=$3 role=$4
  j -q sign prepare "$work/s$((n - 1)).pdf" --role "$role" --field "$field" -o "$work/$n.state" --tbs "$work/$n.tbs" || { fail "prepare $n"; return 1; }
  j -q sign request "$work/$n.state" --service "$work/service.conf" --personnummer "$pnr" -o "$work/$n.request.xml" --form "$work/$n.html" ||
    { fail "request $n"; return 1; }
}

# --- The request as a stranger reads it: xmlsec1 with the requester's certificate.
ask 1 justera_justerare_1 197001010001 justerare
xmlsec1 --verify --enabled-key-data key-name --pubkey-cert-pem "$certs/test-only-requester.pem" "$work/1.request.xml" >/dev/null 2>&1 && ok ||
  fail "xmlsec1 does not verify the sign request with the requester's certificate"
xmlsec1 --verify --enabled-key-data key-name --pubkey-cert-pem "$certs/test-only-signservice.pem" "$work/1.request.xml" >/dev/null 2>&1 &&
  fail "xmlsec1 verifies the sign request with another certificate" || ok
sed 's/197001010001/197001010002/' "$work/1.request.xml" >"$work/1.forged.xml"
xmlsec1 --verify --enabled-key-data key-name --pubkey-cert-pem "$certs/test-only-requester.pem" "$work/1.forged.xml" >/dev/null 2>&1 &&
  fail "xmlsec1 verifies a sign request changed after signing" || ok
message=$(python3 -c "import re,base64,sys; m=re.search(r'<csig:Message>([^<]*)</csig:Message>', open(sys.argv[1]).read()); print(base64.b64decode(m.group(1)).decode())" "$work/1.request.xml")
case "$message" in
  *justerare*Socialnämnden*2023-04-25*"$(sha256sum "$work/s0.pdf" | cut -c1-64)"*) ok ;;
  *) fail "the sign message does not name the role, the organ, the day and the document: $message" ;;
esac
grep -q '<saml:Audience>http://127.0.0.1:9/sign/response</saml:Audience>' "$work/1.request.xml" && ok || fail "the request lacks its Audience"
grep -q 'ToBeSignedBytes>' "$work/1.request.xml" && grep -q 'SigType="PDF"' "$work/1.request.xml" && ok || fail "the request lacks its sign task"

# --- Refusals, each before anything is written.
client "$work/1.html" -o "$work/cancel.b64" --given "Johan Alexander Emanuel" --sn Ojanne --cancel >/dev/null || fail "client: cancel"
refuse "user cancelled" 1 sign-service-unsuccessful "$work/1.state" -- j sign response "$work/1.state" "$work/cancel.b64" --service "$work/service.conf" -o "$work/refused.pdf"
grep -q 'user-cancel' "$work/err" && ok || fail "the cancel is not named"

ask 1 justera_justerare_1 197001010001 justerare
client "$work/1.html" -o "$work/authn.b64" --given "Johan Alexander Emanuel" --sn Ojanne --outcome authn-failed >/dev/null || fail "client: authn-failed"
refuse "authentication failed" 1 sign-service-unsuccessful "$work/1.state" -- j sign response "$work/1.state" "$work/authn.b64" --service "$work/service.conf" -o "$work/refused.pdf"

for bad in tamper-response foreign-key old-response; do
  ask 1 justera_justerare_1 197001010001 justerare
  client "$work/1.html" -o "$work/$bad.b64" --given "Johan Alexander Emanuel" --sn Ojanne --outcome "$bad" >/dev/null || fail "client: $bad"
  refuse "$bad" 3 sign-service-response-invalid "$work/1.state" -- j sign response "$work/1.state" "$work/$bad.b64" --service "$work/service.conf" -o "$work/refused.pdf"
done
ask 1 justera_justerare_1 197001010001 justerare
client "$work/1.html" -o "$work/wrong-bytes.b64" --given "Johan Alexander Emanuel" --sn Ojanne --outcome wrong-bytes >/dev/null || fail "client: wrong-bytes"
refuse "signature over other bytes" 3 sign-signature-invalid "$work/1.state" -- j sign response "$work/1.state" "$work/wrong-bytes.b64" --service "$work/service.conf" -o "$work/refused.pdf"

# Another person authenticates: another personnummer, or the right one with another name.
ask 1 justera_justerare_1 197001010001 justerare
client "$work/1.html" -o "$work/other.b64" --personnummer 197001010002 --given "Jan Oskar" --sn Jönsson >/dev/null || fail "client: other person"
refuse "another person" 3 sign-service-signer-mismatch "$work/1.state" -- j sign response "$work/1.state" "$work/other.b64" --service "$work/service.conf" -o "$work/refused.pdf"
ask 1 justera_justerare_1 197001010001 justerare
client "$work/1.html" -o "$work/name.b64" --given "Jan Oskar" --sn Jönsson >/dev/null || fail "client: other name"
refuse "another name" 3 sign-name-mismatch "$work/1.state" -- j sign response "$work/1.state" "$work/name.b64" --service "$work/service.conf" -o "$work/refused.pdf"

# A request made longer ago than the response may come (the state's own record).
ask 1 justera_justerare_1 197001010001 justerare
python3 - "$work/1.state" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["service_request"]["time"] -= 900
json.dump(s, open(sys.argv[1], "w"), indent=2)
PY
refuse "a request made too long ago" 3 sign-service-response-invalid "$work/1.state" -- j sign response "$work/1.state" "$work/name.b64" --service "$work/service.conf" -o "$work/refused.pdf"

# A request that has expired when it reaches the service (one that takes
# none older than a second): the service answers req-expired.
mkdir -p "$work/expiring"
start_sign_service "$work/expiring" "$certs" "$src" --max-age 1 --skew 0 || exit 1
ask 1 justera_justerare_1 197001010001 justerare
j -q sign request "$work/1.state" --service "$work/expiring/service.conf" --personnummer 197001010001 --return-url http://127.0.0.1:9/sign/response \
  -o "$work/1.request.xml" --form "$work/1.html" || fail "request to the expiring service"
sleep 2.5
client "$work/1.html" -o "$work/expired.b64" >/dev/null || fail "client: expired"
refuse "an expired request" 1 sign-service-unsuccessful "$work/1.state" -- j sign response "$work/1.state" "$work/expired.b64" --service "$work/expiring/service.conf" -o "$work/refused.pdf"
grep -q 'req-expired' "$work/err" && ok || fail "the expiry is not named"

# --- 1. Alexander Ojanne (RSA), with a timestamp and validation data.
ask 1 justera_justerare_1 197001010001 justerare
client "$work/1.html" -o "$work/1.b64" --given "Johan Alexander Emanuel" --sn Ojanne >/dev/null || fail "client 1"
# The answer to an older request of the same state is not this request's.
refuse "another request's answer" 3 sign-service-response-invalid "$work/1.state" -- j sign response "$work/1.state" "$work/name.b64" --service "$work/service.conf" -o "$work/refused.pdf"
# A service that misbehaves: its key signs answers at a lower level of
# assurance, from another identity provider, in UTF-16, with a DOCTYPE. The
# answers are re-signed here with the service's key by the xmlsec1 command.
openssl pkey -in "$certs/test-only-signservice.key.pem" -passin "file:$certs/test-only-password.txt" -out "$work/service.key" 2>/dev/null
resign() {  # resign IN.b64 OUT.b64 SED-EXPRESSION
  base64 -d "$1" | sed "$3" >"$work/resign.xml"
  xmlsec1 --sign --privkey-pem "$work/service.key,$certs/test-only-signservice.pem" --output "$work/resigned.xml" "$work/resign.xml" >/dev/null 2>&1 ||
    fail "xmlsec1 cannot sign $2"
  base64 -w0 "$work/resigned.xml" >"$2"
}
resign "$work/1.b64" "$work/loa2.b64" 's#loa/1.0/loa3#loa/1.0/loa2#'
refuse "a lower level of assurance" 3 sign-service-signer-mismatch "$work/1.state" -- j sign response "$work/1.state" "$work/loa2.b64" --service "$work/service.conf" -o "$work/refused.pdf"
resign "$work/1.b64" "$work/idp.b64" 's#https://idp.test.invalid/#https://other-idp.test.invalid/#'
refuse "another identity provider" 3 sign-service-signer-mismatch "$work/1.state" -- j sign response "$work/1.state" "$work/idp.b64" --service "$work/service.conf" -o "$work/refused.pdf"
resign "$work/1.b64" "$work/doctype.b64" 's#^<dss:SignResponse#<!DOCTYPE dss:SignResponse [<!ENTITY who "x">]>\n<dss:SignResponse#'
grep -q DOCTYPE <(base64 -d "$work/doctype.b64") && ok || fail "the DOCTYPE did not get into the test's answer"
refuse "an answer with a DOCTYPE" 3 sign-service-response-invalid "$work/1.state" -- j sign response "$work/1.state" "$work/doctype.b64" --service "$work/service.conf" -o "$work/refused.pdf"
resign "$work/1.b64" "$work/same.b64" ''
base64 -d "$work/same.b64" | python3 -c "import sys; d = sys.stdin.buffer.read().decode(); sys.stdout.buffer.write(d.replace('encoding=\"UTF-8\"', 'encoding=\"UTF-16\"').encode('utf-16'))" >"$work/utf16.xml"
refuse "an answer in UTF-16" 3 sign-service-response-invalid "$work/1.state" -- j sign response "$work/1.state" "$work/utf16.xml" --service "$work/service.conf" -o "$work/refused.pdf"
# The unchanged answer, re-signed the same way, is taken: the refusals above are for what changed.
j -q sign response "$work/1.state" "$work/same.b64" --service "$work/service.conf" --tsa "$tsa" --ltv -o "$work/s1.pdf" && ok || fail "response 1"
refuse "the same answer again" 3 sign-state-used "$work/1.state" -- j sign response "$work/1.state" "$work/same.b64" --service "$work/service.conf" -o "$work/refused.pdf"

# A PDF changed between the request and the answer.
ask 2 justera_justerare_2 197001010002 justerare
client "$work/2.html" -o "$work/2.b64" --given "Jan Oskar" --sn Jönsson >/dev/null || fail "client 2"
cp "$work/s1.pdf" "$work/s1.keep"
printf '%% a changed byte\n' >>"$work/s1.pdf"
refuse "the PDF changed" 3 sign-state-stale "$work/2.state" -- j sign response "$work/2.state" "$work/2.b64" --service "$work/service.conf" -o "$work/refused.pdf"
cp "$work/s1.keep" "$work/s1.pdf"

# --- 2. Jan Jönsson (ECDSA keys at the service), 3. Magnus Hillborg (RSA).
sed 's/^signature-algorithm.*//' "$work/service.conf" >"$work/ec.conf"
echo "signature-algorithm = ecdsa-sha256" >>"$work/ec.conf"
j -q sign request "$work/2.state" --service "$work/ec.conf" --personnummer 197001010002 -o "$work/2.request.xml" --form "$work/2.html" && ok || fail "request 2"
grep -q 'xmldsig-more#ecdsa-sha256</csig:RequestedSignatureAlgorithm>' "$work/2.request.xml" && ok || fail "request 2 does not ask for ECDSA"
client "$work/2.html" -o "$work/2.b64" --given "Jan Oskar" --sn Jönsson >/dev/null || fail "client 2"
j -q sign response "$work/2.state" "$work/2.b64" --service "$work/ec.conf" --tsa "$tsa" --ltv -o "$work/s2.pdf" && ok || fail "response 2"
ask 3 justera_sekreterare_1 197001010003 sekreterare
client "$work/3.html" -o "$work/3.b64" --given "Carl Magnus" --sn Hillborg >/dev/null || fail "client 3"
j -q sign response "$work/3.state" "$work/3.b64" --service "$work/service.conf" --tsa "$tsa" --ltv -o "$work/s3.pdf" && ok || fail "response 3"

# --- The result, as tools nobody here wrote read it.
j verify "$work/s3.pdf" --trust "$certs/test-only-root-ca.pem" --json >"$work/v.json" 2>"$work/v.err"
python3 - "$work/v.json" <<'PY' && ok || fail "justera verify does not give TOTAL_PASSED with three signers in their roles"
import json, sys
r = json.load(open(sys.argv[1]))
sigs = [s for s in r.get("signatures", []) if s.get("kind") == "signature"]
seen = [(s["field"], s["role"], s["indication"], s["level"], s["signer"]["serial_number"]) for s in sigs]
want = [("justera_justerare_1", "justerare", "TOTAL_PASSED", "B-LT", "197001010001"),
        ("justera_justerare_2", "justerare", "TOTAL_PASSED", "B-LT", "197001010002"),
        ("justera_sekreterare_1", "sekreterare", "TOTAL_PASSED", "B-LT", "197001010003")]
if r.get("verdict") != "TOTAL_PASSED" or seen != want:
    print(r.get("verdict"), seen, file=sys.stderr)
    sys.exit(1)
PY
tmpdb=$work/nss
mkdir -p "$tmpdb" && certutil -N -d "sql:$tmpdb" --empty-password 2>/dev/null
certutil -A -d "sql:$tmpdb" -n root -t "CT,C,C" -i "$certs/test-only-root-ca.pem" 2>/dev/null
pdfsig -nssdir "sql:$tmpdb" "$work/s3.pdf" >"$work/pdfsig.out" 2>&1
[ "$(grep -c 'Signature Validation: Signature is Valid.' "$work/pdfsig.out")" -eq 3 ] && ok || { fail "pdfsig does not find three valid signatures"; cat "$work/pdfsig.out"; }
mutool sign -v "$work/s3.pdf" >"$work/mutool.out" 2>&1
[ "$(grep -c 'The signature is valid\|signature is valid\|Signature is valid' "$work/mutool.out")" -ge 3 ] && ok || { fail "mutool does not find three valid signatures"; cat "$work/mutool.out"; }
grep -q 'Jönsson\|J.nsson' "$work/pdfsig.out" && ok || fail "pdfsig does not name the certificate the service issued"

echo "signservice: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
