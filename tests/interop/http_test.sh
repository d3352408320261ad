#!/usr/bin/env bash
# http_test.sh PROBE TEST_PKI_SERVER JUSTERA SOURCE_DIR: justera's HTTP client
# (OpenSSL's, with justera's own connect) against the test PKI server, plain
# and over TLS: answers arrive byte for byte, redirections are followed (three
# at most), size limits hold, an untrusted or misnamed server is refused, a
# refused connection is reported at once, a slow server within the timeout;
# and a signature timestamped over https verifies.
set -uo pipefail
probe=$1 server=$2 bin=$3 src=$4
certs=$src/certs
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
failures=0 passes=0
ok() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# start NAME [options]: a server on a free port; sets PORT.
start() {
  local name=$1
  shift
  "$server" "$certs" --max 200 --seconds 100 "$@" >"$work/$name.port" &
  pids+=($!)
  for _ in $(seq 50); do [ -s "$work/$name.port" ] && break; sleep 0.1; done
  [ -s "$work/$name.port" ] || { echo "FAIL: the test PKI server did not start ($*)"; exit 1; }
  PORT=$(awk '{ print $2 }' "$work/$name.port")
}
# expect WHAT PATTERN PROBE-ARGS...: the probe's line matches PATTERN.
expect() {
  local what=$1 pattern=$2
  shift 2
  local out
  out=$("$probe" "$@" 2>&1)
  if [[ $out =~ $pattern ]]; then ok; else fail "$what: got '$out', wanted /$pattern/"; fi
}

start plain
plain=$PORT
start tls --tls-cert-out "$work/tls.pem"
tls=$PORT
crl=$certs/test-only-issuing-ca.crl
size=$(stat -c %s "$crl")

# Plain http: the CRL byte for byte, through redirections.
expect "GET over http" "^ok $size\$" "http://127.0.0.1:$plain/issuing-ca.crl" --out "$work/a.crl"
cmp -s "$work/a.crl" "$crl" && ok || fail "the CRL over http differs from certs/"
expect "three redirections" "^ok $size\$" "http://127.0.0.1:$plain/moved/2/issuing-ca.crl"
expect "four redirections refused" "^error more than three redirections" "http://127.0.0.1:$plain/moved/3/issuing-ca.crl"
expect "404" "^error .*404" "http://127.0.0.1:$plain/nothing-here"
expect "2 MiB answer over a 1 MiB limit" "^error the answer is larger than 1024 KiB" "http://127.0.0.1:$plain/big" --max 1048576
expect "2 MiB answer within a 4 MiB limit" "^ok 2097157\$" "http://127.0.0.1:$plain/big" --max 4194304
expect "not http" "^error only http and https" "ftp://127.0.0.1:$plain/issuing-ca.crl"

# A refused connection is reported at once, not after the timeout.
t0=$(date +%s%N)
expect "refused" "^error Connection refused \\(127.0.0.1 port 1\\)" "http://127.0.0.1:1/x" --timeout 30
t1=$(date +%s%N)
(( (t1 - t0) / 1000000 < 2000 )) && ok || fail "a refused connection took $(( (t1 - t0) / 1000000 )) ms to report"
expect "unknown host" "^error host no-such-host.invalid not found" "http://no-such-host.invalid/x"

# https: trusted through SSL_CERT_FILE, the same bytes; otherwise refused.
SSL_CERT_FILE=$work/tls.pem expect "GET over https" "^ok $size\$" "https://127.0.0.1:$tls/issuing-ca.crl" --out "$work/b.crl"
cmp -s "$work/b.crl" "$crl" && ok || fail "the CRL over https differs from certs/"
SSL_CERT_FILE=$work/tls.pem expect "https, redirected" "^ok $size\$" "https://127.0.0.1:$tls/moved/1/issuing-ca.crl"
SSL_CERT_FILE=$certs/test-only-root-ca.pem expect "https, server not trusted" "^error .*certificate verify failed" "https://127.0.0.1:$tls/issuing-ca.crl"
expect "https to a plain server" "^error " "https://127.0.0.1:$plain/issuing-ca.crl"

# A server slower than the timeout: an error within the timeout (plus slack).
start slow --delay 5
slow=$PORT
t0=$(date +%s%N)
expect "slow server" "^error " "http://127.0.0.1:$slow/issuing-ca.crl" --timeout 1
t1=$(date +%s%N)
(( (t1 - t0) / 1000000 < 4000 )) && ok || fail "a 1 s timeout took $(( (t1 - t0) / 1000000 )) ms"

# End to end: a timestamp asked over https (POST), then verified.
"$bin" -q render "$src/tests/fixtures/seeds/000_9b82ca12656ff44a.txt" -o "$work/p.pdf" 2>/dev/null || fail "render"
if SSL_CERT_FILE=$work/tls.pem "$bin" -q sign "$work/p.pdf" -o "$work/s.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" \
  --password-file "$certs/test-only-password.txt" --tsa "https://127.0.0.1:$tls/"; then
  ok
  out=$("$bin" verify --json --trust "$certs/test-only-root-ca.pem" "$work/s.pdf")
  grep -q '"time_source": "timestamp"' <<<"$out" && ok || fail "the https timestamp is not the signature's proof of time"
else
  fail "sign --tsa https://"
fi
if "$bin" -q sign "$work/p.pdf" -o "$work/u.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" \
  --password-file "$certs/test-only-password.txt" --tsa "https://127.0.0.1:$tls/" 2>"$work/err"; then
  fail "a TSA whose TLS certificate is not trusted was used"
else
  grep -q "certificate verify failed" "$work/err" && ok || fail "untrusted TSA: $(cat "$work/err")"
  [ ! -e "$work/u.pdf" ] && ok || fail "a refused signing left $work/u.pdf"
fi

echo "http client: $passes checks passed, $failures failed"
[ "$failures" -eq 0 ]
