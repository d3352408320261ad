#!/usr/bin/env bash
# serve_test.sh JUSTERA SOURCE_DIR TEST_PKI BUILD_DIR: 'justera serve' end to
# end. The signed sample (seed 000, signed by its two justerare and the
# sekreterare with timestamps from the test PKI), a tampered copy and a
# file that is not a PDF go through the page in headless Chromium
# (serve_browser.py, screenshots in BUILD_DIR/serve-shots) and through the
# JSON endpoint with curl; then the size limit, the time limit, that
# nothing lands on disk, and a load of 1,000 verifications by 8 clients
# (serve_load.py).
set -uo pipefail
bin=$1 src=$2 pki=$3 build=$4
certs=$src/certs
pw=$certs/test-only-password.txt
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

# The signed sample, with signature timestamps from the test PKI on a free port.
"$pki" "$certs" --max 20 --seconds 120 >"$work/pki.port" &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/pki.port" ] && break; sleep 0.1; done
tsa="http://127.0.0.1:$(awk '{print $2}' "$work/pki.port")/"
"$bin" -q render "$src/tests/fixtures/seeds/000_9b82ca12656ff44a.txt" -o "$work/s0.pdf" 2>/dev/null || fail "render"
"$bin" -q sign "$work/s0.pdf" -o "$work/s1.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" --password-file "$pw" --tsa "$tsa" || fail "sign 1"
"$bin" -q sign "$work/s1.pdf" -o "$work/s2.pdf" --role justerare --p12 "$certs/test-only-jonsson.p12" --password-file "$pw" --tsa "$tsa" || fail "sign 2"
"$bin" -q sign "$work/s2.pdf" -o "$work/signed.pdf" --role sekreterare --p12 "$certs/test-only-hillborg.p12" --password-file "$pw" --tsa "$tsa" || fail "sign 3"
# Tampered: one letter of the title in the first revision's XMP, under every signature.
/usr/bin/python3 - "$work/signed.pdf" "$work/tampered.pdf" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
i = d.index("Socialnämnden".encode())
open(sys.argv[2], "wb").write(d[:i] + b"X" + d[i + 1:])
PY
printf 'Protokoll 4/2024\n\n§ 1 Val av justerare\n' >"$work/protokoll.txt"

# start_server LOG ARGS...: runs justera serve on a free port; sets $url and $server.
start_server() {
  local log=$1
  shift
  (cd "$work/cwd" && TMPDIR="$work/tmp" exec "$bin" serve --listen 127.0.0.1:0 "$@" >"$log.out" 2>"$log.err") &
  server=$!
  pids+=("$server")
  url=
  for _ in $(seq 100); do
    url=$(grep -o 'http://[^ ]*' "$log.out" 2>/dev/null)
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { fail "serve did not start: $(cat "$log.err")"; return 1; }
}
mkdir -p "$work/cwd" "$work/tmp"
trust=(--trust "$certs/test-only-root-ca.pem" --crl "$certs/test-only-issuing-ca.crl" --crl "$certs/test-only-root-ca.crl")
# Under AddressSanitizer, freed memory waits in a quarantine of 256 MB per
# process before it is reused, so the load test's memory check (after the
# first tenth against the end) would measure the quarantine filling, not
# the server. The server under load keeps a small one; use after free is
# still caught within it, and LeakSanitizer still checks every process.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:quarantine_size_mb=8:thread_local_quarantine_size_kb=256}" \
  start_server "$work/main" "${trust[@]}" --workers 2

# The page in a browser.
shots=$build/serve-shots
mkdir -p "$shots"
if /usr/bin/python3 "$src/tests/e2e/serve_browser.py" "$url" "$work/signed.pdf" "$work/tampered.pdf" "$work/protokoll.txt" "$shots" >"$work/browser.out" 2>&1; then
  ok
else
  fail "the page in Chromium:"
  grep -v '^ok ' "$work/browser.out" | tail -30
fi

# The JSON endpoint: a body, or a form field, and the same report as verify --json.
code=$(curl -s -o "$work/api.json" -w '%{http_code}' --data-binary @"$work/signed.pdf" -H 'Content-Type: application/pdf' "${url}api/verify?anslag=2026-12-07")
[ "$code" = 200 ] && ok || fail "api/verify: HTTP $code"
/usr/bin/python3 - "$work/api.json" "$work/check.py.out" <<'PY' && ok || fail "api/verify answer: $(cat "$work/check.py.out")"
import json, sys
a = json.load(open(sys.argv[1]))
problems = []
if a["verdict"]["key"] != "justerat": problems.append("verdict key %s" % a["verdict"]["key"])
if a["report"]["verdict"] != "TOTAL_PASSED": problems.append("report verdict %s" % a["report"]["verdict"])
if [s["protocol_name"] for s in a["report"]["signatures"]] != ["Alexander Ojanne", "Jan Jönsson", "Magnus Hillborg"]: problems.append("signers")
if a["protocol"]["organ"] != "Socialnämnden" or len(a["protocol"]["paragraphs"]) != 29: problems.append("protocol")
if a["check"]["deadlines"]["anslag_date"] != "2026-12-07" or not a["check"]["deadlines"]["appeal_last_day"]: problems.append("appeal day")
if "<protocol xmlns=\"urn:justera:protokoll:1\"" not in a["embedded_xml"]["text"][:300]: problems.append("xml")
open(sys.argv[2], "w").write("; ".join(problems))
sys.exit(1 if problems else 0)
PY
/usr/bin/python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["report"], open(sys.argv[2], "w"))' "$work/api.json" "$work/report.json"
/usr/bin/jsonschema -i "$work/report.json" "$src/schemas/verify-report.schema.json" >"$work/schema.out" 2>&1 && ok ||
  fail "the report in api/verify does not match schemas/verify-report.schema.json: $(head -5 "$work/schema.out")"
code=$(curl -s -o "$work/form.json" -w '%{http_code}' -F file=@"$work/tampered.pdf" "${url}api/verify")
[ "$code" = 200 ] && grep -q '"key": "changed"' "$work/form.json" && ok || fail "api/verify, tampered as a form: HTTP $code $(head -c 300 "$work/form.json")"
# The report's sentences in Swedish, one for each of the report's.
/usr/bin/python3 - "$work/form.json" <<'PY' && ok || fail "api/verify: report_sv does not match the report"
import json, sys
a = json.load(open(sys.argv[1]))
r, sv = a["report"], a["report_sv"]
assert [len(s["checks"]) for s in r["signatures"]] == [len(s["checks"]) for s in sv["signatures"]]
assert [len(s["modifications_after"]["changes"]) for s in r["signatures"]] == [len(s["changes"]) for s in sv["signatures"]]
assert len(r["document"]["checks"]) == len(sv["document"]["checks"]) and len(r["findings"]) == len(sv["findings"])
said = json.dumps(sv, ensure_ascii=False)
assert "har ändrats" in said or "det underskrivna" in said, said[:500]
assert "the signed bytes" not in said, said[:500]
PY
code=$(curl -s -o "$work/notpdf.json" -w '%{http_code}' -F file=@"$work/protokoll.txt" "${url}api/verify")
[ "$code" = 415 ] && grep -q '"code": "pdf-malformed"' "$work/notpdf.json" && ok || fail "api/verify, not a PDF: HTTP $code"
code=$(curl -s -o "$work/empty.json" -w '%{http_code}' -F anslag=2024-03-25 "${url}api/verify")
[ "$code" = 400 ] && grep -q '"code": "no-file"' "$work/empty.json" && ok || fail "api/verify, a form without a file: HTTP $code"
: >"$work/empty.pdf"
code=$(curl -s -o "$work/emptyfile.json" -w '%{http_code}' -F file=@"$work/empty.pdf" "${url}api/verify")
[ "$code" = 400 ] && grep -q '"code": "empty-file"' "$work/emptyfile.json" && ok || fail "api/verify, an empty file: HTTP $code"
code=$(curl -s -o "$work/nolength.json" -w '%{http_code}' -X POST "${url}api/verify")
[ "$code" = 411 ] && ok || fail "a POST without Content-Length: HTTP $code"
# A file from a pipe (curl -T -) comes in chunks, without a length: the
# upload routes read it within the same limit.
code=$(curl -s -o "$work/chunked.json" -w '%{http_code}' -H 'Content-Type: application/pdf' -X POST -T - "${url}api/verify?anslag=2026-12-07" <"$work/signed.pdf")
same_report='import json, sys
a, b = json.load(open(sys.argv[1]))["report"], json.load(open(sys.argv[2]))
a.pop("validation_time"), b.pop("validation_time")  # the moment each was checked
sys.exit(a != b)'
[ "$code" = 200 ] && /usr/bin/python3 -c "$same_report" "$work/chunked.json" "$work/report.json" &&
  ok || fail "a chunked upload: HTTP $code, or another report than with a length"
codes=""
for _ in 1 2 3 4 5 6; do
  codes="$codes $(curl -s -o /dev/null -w '%{http_code}' -H 'Transfer-Encoding: chunked' -H 'Content-Length: 10' --data-binary @"$work/signed.pdf" -H 'Content-Type: application/pdf' "${url}api/verify")"
done
[ "$codes" = " 400 400 400 400 400 400" ] && ok || fail "chunks and a length at once:$codes"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Transfer-Encoding: chunked' --data-binary 'x=1' "${url}sign/response")
[ "$code" = 411 ] && ok || fail "chunks where httplib would read them without bound: HTTP $code"
# Refused by their headers, but read first: the answer reaches the sender
# every time (closing with the body unread would reset the connection).
gzip -c "$work/signed.pdf" >"$work/signed.pdf.gz"
codes=""
for _ in 1 2 3 4 5 6; do
  codes="$codes $(curl -s -o "$work/gzip.json" -w '%{http_code}' -H 'Content-Encoding: gzip' --data-binary @"$work/signed.pdf.gz" -H 'Content-Type: application/pdf' "${url}api/verify")"
done
[ "$codes" = " 415 415 415 415 415 415" ] && grep -q 'uncompressed' "$work/gzip.json" && ok || fail "a compressed upload (it could inflate without bound):$codes"
code=$(curl -s -o "$work/baddate.json" -w '%{http_code}' --data-binary @"$work/signed.pdf" -H 'Content-Type: application/pdf' "${url}api/verify?anslag=2024-13-45")
[ "$code" = 400 ] && ok || fail "a notice day that is no date: HTTP $code"
code=$(curl -s -o /dev/null -w '%{http_code}' "${url}nothing-here")
[ "$code" = 404 ] && ok || fail "an unknown page: HTTP $code"
curl -s -D "$work/headers" -o /dev/null "$url"
grep -qi "^Content-Security-Policy: default-src 'none'" "$work/headers" && grep -qi '^X-Content-Type-Options: nosniff' "$work/headers" && ok ||
  fail "the page's security headers: $(cat "$work/headers")"
curl -s -o "$work/en.html" -H 'Accept-Language: en-GB,en;q=0.8' "$url"
grep -q '<html lang="en">' "$work/en.html" && grep -q 'id="lang-en" name="lang" value="en" form="upload" checked' "$work/en.html" && ok ||
  fail "Accept-Language: en does not start the page in English"

# A PDF made elsewhere (seed 003 set by mutool, no embedded XML): the
# protocol is read from its pages' text, and the page says so.
mkdir "$work/pages"
mutool create -o "$work/foreign.pdf" $(/usr/bin/python3 "$src/tests/support/foreign_pdf.py" pages "$src/tests/fixtures/seeds/003_cf49da6b8fe401db.txt" "$work/pages") 2>/dev/null ||
  fail "mutool create"
code=$(curl -s -o "$work/foreign.json" -w '%{http_code}' --data-binary @"$work/foreign.pdf" -H 'Content-Type: application/pdf' "${url}api/verify")
[ "$code" = 200 ] && ok || fail "api/verify, a PDF made elsewhere: HTTP $code $(head -c 300 "$work/foreign.json")"
/usr/bin/python3 - "$work/foreign.json" "$work/foreign.py.out" <<'PY' && ok || fail "api/verify, a PDF made elsewhere: $(cat "$work/foreign.py.out")"
import json, sys
a = json.load(open(sys.argv[1]))
problems = []
p = a.get("protocol") or {}
if p.get("source") != "page_text": problems.append("source %r" % p.get("source"))
if p.get("organ") != "Socialnämnden": problems.append("organ %r" % p.get("organ"))
if len(p.get("paragraphs", [])) != 22: problems.append("%d paragraphs" % len(p.get("paragraphs", [])))
if not isinstance(a.get("check"), dict) or "deadlines" not in a["check"]: problems.append("no check")
if a.get("embedded_xml") is not None: problems.append("an embedded XML")
if a["report"]["signatures"]: problems.append("signatures")
open(sys.argv[2], "w").write("; ".join(problems))
sys.exit(1 if problems else 0)
PY
code=$(curl -s -L -o "$work/foreign.html" -w '%{http_code}' -F file=@"$work/foreign.pdf" -F lang=sv "${url}verify")
[ "$code" = 200 ] && grep -q 'Läst ur sidornas text' "$work/foreign.html" && grep -q 'class="organ">Socialnämnden' "$work/foreign.html" && ok ||
  fail "the page for a PDF made elsewhere: HTTP $code"
# The signed sample's protocol is the one its signers signed.
grep -q '"source": "embedded_xml"' "$work/api.json" && ok || fail "api/verify: the signed sample's protocol source"

# A hostile file from the attack corpus: an answer, not a stalled server.
for f in "$src"/tests/fixtures/hostile-pdf/*.pdf; do
  code=$(curl -s -m 60 -o "$work/hostile.json" -w '%{http_code}' --data-binary @"$f" -H 'Content-Type: application/pdf' "${url}api/verify")
  case $code in 200|422) ok ;; *) fail "$(basename "$f"): HTTP $code $(head -c 300 "$work/hostile.json")" ;; esac
done

# Nothing of an upload on disk: the server's directory and TMPDIR stay empty.
left=$(find "$work/cwd" "$work/tmp" -mindepth 1)
[ -z "$left" ] && ok || fail "files left by the server: $left"
# The log names no file: sizes, outcomes and times only.
grep -q 'POST /api/verify 200 ' "$work/main.err" && ! grep -q 'signed.pdf\|tampered.pdf\|protokoll.txt' "$work/main.err" && ok ||
  fail "the log: $(head -5 "$work/main.err")"

# Load: 1,000 verifications, 8 clients (JUSTERA_SERVE_LOAD: 200 in the
# sanitizer pass, where each takes about ten times as long; the same code
# paths, and the same memory check, see the quarantine above).
load=${JUSTERA_SERVE_LOAD:-1000}
if /usr/bin/python3 "$src/tests/e2e/serve_load.py" "$url" "$work/signed.pdf" "$load" 8 "$server" >"$work/load.out" 2>&1; then ok; else fail "load:"; fi
cat "$work/load.out"
# This server's workers, by their parent (other tests run servers with the
# same trust anchors at the same time): they end when the server does.
workers=$(pgrep -P "$server" -f serve-worker | tr '\n' ' ')
[ -n "$workers" ] && ok || fail "no workers found under the server"
kill -TERM "$server"
for _ in $(seq 50); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
! kill -0 "$server" 2>/dev/null && grep -q 'stopped' "$work/main.out" && ok || fail "SIGTERM does not stop the server"
left_running() { for w in $workers; do kill -0 "$w" 2>/dev/null && echo "$w"; done; }
for _ in $(seq 50); do [ -z "$(left_running)" ] && break; sleep 0.1; done
[ -z "$(left_running)" ] && ok || fail "workers left running after the server stopped: $(left_running)"

# The size limit: 413 with a message, for the form and the API.
start_server "$work/small" "${trust[@]}" --max-upload 100K --workers 1
code=$(curl -s -o "$work/big.html" -w '%{http_code}' -F file=@"$work/signed.pdf" "${url}verify")
[ "$code" = 413 ] && grep -q 'större än' "$work/big.html" && ok || fail "an upload over --max-upload: HTTP $code"
code=$(curl -s -o "$work/big.json" -w '%{http_code}' --data-binary @"$work/signed.pdf" -H 'Content-Type: application/pdf' "${url}api/verify")
[ "$code" = 413 ] && ok || fail "an upload over --max-upload to the API: HTTP $code"
codes=""
for _ in 1 2 3 4 5 6; do
  codes="$codes $(curl -s -o "$work/bigchunks.json" -w '%{http_code}' -H 'Content-Type: application/pdf' -X POST -T - "${url}api/verify" <"$work/signed.pdf")"
done
[ "$codes" = " 413 413 413 413 413 413" ] && grep -q 'input-too-large' "$work/bigchunks.json" && ok || fail "a chunked upload over --max-upload:$codes"
kill "$server"

# The time limit: the file is given up with a message, and the next is served.
start_server "$work/slow" "${trust[@]}" --time-limit 0.001 --workers 1
code=$(curl -s -o "$work/slow.json" -w '%{http_code}' --data-binary @"$work/signed.pdf" -H 'Content-Type: application/pdf' "${url}api/verify")
[ "$code" = 422 ] && grep -q '"code": "time-limit"' "$work/slow.json" && ok || fail "over --time-limit: HTTP $code $(cat "$work/slow.json")"
code=$(curl -s -o /dev/null -w '%{http_code}' "$url")
[ "$code" = 200 ] && ok || fail "the page after a file was given up: HTTP $code"
kill "$server"

# Bad options: usage errors, exit 4; a port in use: exit 5.
"$bin" serve --listen nowhere:99999 >/dev/null 2>"$work/usage.err"; rc=$?
[ "$rc" = 4 ] && ok || fail "serve --listen nowhere:99999: exit $rc"
"$bin" serve --max-upload lots >/dev/null 2>"$work/usage.err"; rc=$?
[ "$rc" = 4 ] && grep -q 'max-upload' "$work/usage.err" && ok || fail "serve --max-upload lots: exit $rc"
python3 -c 'import socket,time; s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(); print(s.getsockname()[1], flush=True); time.sleep(30)' >"$work/busy.port" &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/busy.port" ] && break; sleep 0.1; done
timeout 20 "$bin" serve --listen "127.0.0.1:$(cat "$work/busy.port")" >/dev/null 2>"$work/inuse.err"; rc=$?
[ "$rc" = 5 ] && grep -q 'cannot listen' "$work/inuse.err" && ok || fail "serve on a port in use: exit $rc $(cat "$work/inuse.err")"

echo "serve: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
