#!/usr/bin/env bash
# signing_page_test.sh JUSTERA SOURCE_DIR TEST_PKI BUILD_DIR: the signing page
# of 'justera serve --signing' end to end. The secretary makes a signing case
# (on the page, and with 'justera case new'); in headless Chromium
# (signing_browser.py) the sekreterare must wait; a start with a foreign Host
# and an answer forged with the right request ID are refused; a justerare
# cancels at the service and tries again; both justerare and then the
# sekreterare sign through the TEST-ONLY stand-in
# signature service (tests/support/sign_service.py), the server being
# restarted between the signers; a signer cannot sign twice; the final PDF
# offered on the page is the case's newest revision and verifies TOTAL_PASSED
# (B-LT) with roles in justera verify, and pdfsig and mutool accept it.
# Screenshots in BUILD_DIR/signing-shots.
set -uo pipefail
bin=$1 src=$2 pki_bin=$3 build=$4
certs=$src/certs
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
failures=0 passes=0
ok() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
shots=$build/signing-shots
mkdir -p "$shots"

"$bin" -q render "$src/tests/fixtures/seeds/004_187fbd7e2f1d6b52.txt" -o "$work/protokoll.pdf" 2>/dev/null || { echo "render failed"; exit 1; }
"$pki_bin" "$certs" --port 28461 --max 2000 --seconds 600 >"$work/pki.port" &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/pki.port" ] && break; sleep 0.1; done
[ -s "$work/pki.port" ] || { echo "FAIL: the test PKI server did not start on 127.0.0.1:28461"; exit 1; }
# shellcheck source=../support/sign_service_env.sh
. "$src/tests/support/sign_service_env.sh"
start_sign_service "$work" "$certs" "$src" || exit 1
cp "$work/service.conf" "$work/signing.conf"
cat >>"$work/signing.conf" <<CONF
cases-dir = $work/cases
tsa = http://127.0.0.1:28461/
ltv = yes
secretary-key-sha256 = $(printf %s 'TEST-ONLY secretary key' | sha256sum | cut -c1-64)
CONF

"$bin" case new "$work/protokoll.pdf" --signing "$work/signing.conf" --justerare 197001010001 --justerare 197001010002 \
  --sekreterare 197001010003 --json >"$work/case.json" && ok || fail "case new"
case_id=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['case'])" "$work/case.json")
link() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['signers'][int(sys.argv[2])]['link'])" "$work/case.json" "$1"; }
[ "$(stat -c %a "$work/cases/$case_id")" = 700 ] && ok || fail "the case directory is readable by others"
grep -q "$(link 0 | sed 's|.*/||')" "$work/cases/$case_id/case.json" && fail "a link is stored as it is" || ok

start_server() {
  "$bin" serve --listen 127.0.0.1:0 --signing "$work/signing.conf" --trust "$certs/test-only-root-ca.pem" --workers 1 \
    >"$work/serve.out" 2>>"$work/serve.err" &
  server=$!
  pids+=("$server")
  url=
  for _ in $(seq 100); do
    url=$(grep -o 'http://[^ ]*' "$work/serve.out" 2>/dev/null | sed 's|/$||')
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { fail "serve did not start: $(cat "$work/serve.err")"; return 1; }
}
stop_server() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -f "$work/serve.out"; }

browse() {  # browse SIGNER GIVEN SURNAME WHAT
  if /usr/bin/python3 "$src/tests/e2e/signing_browser.py" "$url$(link "$1")" "$2" "$3" "$4" "$shots/$4-$1.png" >"$work/browser.out" 2>&1; then
    ok
  else
    fail "signer $1 ($4) in Chromium:"
    cat "$work/browser.out"
    tail -5 "$work/serve.err"
  fi
}

start_server
curl -s -o /dev/null -w '%{http_code}' "$url/sign/$(printf '%064d' 0)" | grep -qx 404 && ok || fail "an unknown link is not 404"
# The secretary makes a case on the page too: a wrong key is refused, the
# right one gives a link per signer, shown once, each opening its page.
new_case() {  # new_case KEY OUT: the HTTP status
  curl -s -o "$2" -w '%{http_code}' -F "file=@$work/protokoll.pdf;type=application/pdf" -F justerare-1=197001010001 \
    -F justerare-2=197001010002 -F sekreterare=197001010003 -F "key=$1" "$url/cases/new"
}
cases_before=$(ls "$work/cases" | wc -l)
[ "$(new_case 'wrong key' "$work/refused.html")" = 403 ] && ok || fail "a wrong secretary's key is not refused"
[ "$(ls "$work/cases" | wc -l)" = "$cases_before" ] && ok || fail "a refused case left a directory"
# The secretary's upload is read as the page's others are: a sender too
# slow is cut off (408), and no case is made.
slow=$(/usr/bin/python3 "$src/tests/support/slow_client.py" "$url" \
  'POST /cases/new HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 1000000\r\n\r\n--b\r\n')
[ "${slow% *}" = 408 ] && [ "${slow#* }" -lt 30 ] && [ "$(ls "$work/cases" | wc -l)" = "$cases_before" ] && ok ||
  fail "a slow upload of a case is not cut off as too slow: $slow"
[ "$(new_case 'TEST-ONLY secretary key' "$work/made.html")" = 200 ] && ok || fail "the page does not make a case"
grep -o 'http://[^<]*/sign/[0-9a-f]\{64\}' "$work/made.html" >"$work/page-links"
[ "$(wc -l <"$work/page-links")" = 3 ] && ok || { fail "the made case does not show three links"; cat "$work/made.html"; }
code=$(curl -s -o "$work/page-signer.html" -w '%{http_code}' "$(sed -n 3p "$work/page-links")")
[ "$code" = 200 ] && grep -q 'Hillborg' "$work/page-signer.html" && ok || fail "a link made on the page does not open the sekreterare's page"

browse 2 "Carl Magnus" Hillborg wait
# Another Host would send the service's answer elsewhere: refused, nothing started.
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Length: 0' -H 'Host: evil.example' "$url$(link 1)/start")
[ "$code" = 400 ] && ok || fail "a start with another Host is not refused (HTTP $code)"
grep -q '"signer": -1' "$work/cases/$case_id/case.json" && ok || fail "a refused start left a signing under way"
# The request ID alone (RelayState, which the service and the network see)
# neither ends a signing nor reveals the signer's link.
curl -s -o "$work/start.html" -X POST -H 'Content-Length: 0' "$url$(link 1)/start"
relay=$(grep -o 'name="RelayState" value="[^"]*"' "$work/start.html" | sed 's/.*value="//; s/"$//')
[ -n "$relay" ] && ok || fail "the start page has no RelayState"
curl -s -D "$work/forged.head" -o /dev/null --data-urlencode "RelayState=$relay" --data-urlencode "EidSignResponse=PGE+PC9hPg==" "$url/sign/response"
grep -q '^HTTP/1.1 400' "$work/forged.head" && ok || fail "a forged answer with the right RelayState is not refused"
grep -qi '^Location:' "$work/forged.head" && fail "a forged answer is sent to the signer's page" || ok
grep -q '"signer": 1' "$work/cases/$case_id/case.json" && ok || fail "a forged answer ended the signing under way"
browse 1 "Jan Oskar" Jönsson sign  # the same signer starts again and signs
browse 0 "Johan Alexander Emanuel" Ojanne cancel
browse 0 "Johan Alexander Emanuel" Ojanne sign
stop_server
start_server  # a restart between the signers loses nothing
browse 0 "Johan Alexander Emanuel" Ojanne signed
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Length: 0' "$url$(link 0)/start")
[ "$code" = 409 ] && ok || fail "a second signing by the same signer is not refused (HTTP $code)"
stop_server
start_server
browse 2 "Carl Magnus" Hillborg sign
# An answer posted again after the signing has ended is refused.
code=$(curl -s -o /dev/null -w '%{http_code}' --data-urlencode "RelayState=_$(printf '%040d' 0)" --data-urlencode "EidSignResponse=PGE+" "$url/sign/response")
[ "$code" = 400 ] && ok || fail "an answer for no signing under way is not refused (HTTP $code)"

"$bin" case status "$case_id" --signing "$work/signing.conf" --json >"$work/status.json" && ok || fail "case status"
python3 - "$work/status.json" <<'PY' && ok || fail "the case is not complete with three signers"
import json, sys
s = json.load(open(sys.argv[1]))
sys.exit(0 if s["complete"] and [x["signed"] for x in s["signers"]] == [True, True, True] else 1)
PY
curl -s -o "$work/final.pdf" "$url$(link 1)/document.pdf"
cmp -s "$work/final.pdf" "$work/cases/$case_id/rev-3.pdf" && ok || fail "the page does not offer the newest revision"
"$bin" verify "$work/final.pdf" --trust "$certs/test-only-root-ca.pem" --json >"$work/v.json" 2>/dev/null
python3 - "$work/v.json" <<'PY' && ok || fail "justera verify does not give TOTAL_PASSED with the three signers in their roles"
import json, sys
r = json.load(open(sys.argv[1]))
seen = sorted((s["field"], s["role"], s["indication"], s["level"]) for s in r.get("signatures", []) if s.get("kind") == "signature")
want = [("justera_justerare_1", "justerare", "TOTAL_PASSED", "B-LT"), ("justera_justerare_2", "justerare", "TOTAL_PASSED", "B-LT"),
        ("justera_sekreterare_1", "sekreterare", "TOTAL_PASSED", "B-LT")]
if r.get("verdict") != "TOTAL_PASSED" or seen != want:
    print(r.get("verdict"), seen, file=sys.stderr)
    sys.exit(1)
PY
# An expired link opens nothing (as an unknown one): the case's end moved into the past.
python3 - "$work/cases/$case_id/case.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["expires"] = c["created"] - 1
json.dump(c, open(sys.argv[1], "w"), indent=2)
PY
code=$(curl -s -o /dev/null -w '%{http_code}' "$url$(link 1)")
[ "$code" = 404 ] && ok || fail "an expired link still opens its page (HTTP $code)"
code=$(curl -s -o /dev/null -w '%{http_code}' "$url$(link 1)/document.pdf")
[ "$code" = 404 ] && ok || fail "an expired link still gives the PDF (HTTP $code)"

mkdir -p "$work/nss" && certutil -N -d "sql:$work/nss" --empty-password 2>/dev/null
certutil -A -d "sql:$work/nss" -n root -t "CT,C,C" -i "$certs/test-only-root-ca.pem" 2>/dev/null
pdfsig -nssdir "sql:$work/nss" "$work/final.pdf" >"$work/pdfsig.out" 2>&1
[ "$(grep -c 'Signature Validation: Signature is Valid.' "$work/pdfsig.out")" -eq 3 ] && ok || { fail "pdfsig does not find three valid signatures"; cat "$work/pdfsig.out"; }
mutool sign -v "$work/final.pdf" >"$work/mutool.out" 2>&1
[ "$(grep -ci 'signature is valid' "$work/mutool.out")" -ge 3 ] && ok || { fail "mutool does not find three valid signatures"; cat "$work/mutool.out"; }
grep -q "1970010100" "$work/serve.err" && fail "the server's log names a signer's personnummer" || ok
for i in 0 1 2; do grep -qF "$(link $i | sed 's|.*/||')" "$work/serve.err" && fail "the server's log holds signer $i's link"; done
grep -q "GET /sign/… " "$work/serve.err" && ok || fail "the server's log does not show the signing page's requests"

echo "signing page: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
