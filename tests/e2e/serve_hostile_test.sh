#!/usr/bin/env bash
# serve_hostile_test.sh JUSTERA SOURCE_DIR: 'justera serve' with slow and
# hostile clients beside honest ones (serve_hostile.py): a server of 8
# threads and 2 workers, seed 000 signed by its justerare and sekreterare
# as the honest upload.
set -uo pipefail
# shellcheck source=../support/serve_url.sh
. "$(dirname "$0")/../support/serve_url.sh"
bin=$1 src=$2
certs=$src/certs
pw=$certs/test-only-password.txt
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

export SOURCE_DATE_EPOCH=1711101600
"$bin" -q render "$src/tests/fixtures/seeds/000_9b82ca12656ff44a.txt" -o "$work/s0.pdf" 2>/dev/null &&
  "$bin" -q sign "$work/s0.pdf" -o "$work/s1.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" --password-file "$pw" &&
  "$bin" -q sign "$work/s1.pdf" -o "$work/s2.pdf" --role justerare --p12 "$certs/test-only-jonsson.p12" --password-file "$pw" &&
  "$bin" -q sign "$work/s2.pdf" -o "$work/signed.pdf" --role sekreterare --p12 "$certs/test-only-hillborg.p12" --password-file "$pw" ||
  { echo "FAIL: the signed sample was not made"; exit 1; }

# A small AddressSanitizer quarantine (as in serve_test.sh): the memory
# check is of the server, not of freed memory waiting to be reused.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:quarantine_size_mb=8:thread_local_quarantine_size_kb=256}" \
  "$bin" serve --listen 127.0.0.1:0 --threads 8 --workers 2 --trust "$certs/test-only-root-ca.pem" >"$work/serve.out" 2>"$work/serve.err" &
server=$!
url=$(serve_url "$work/serve.out" "$work/serve.err") || exit 1
/usr/bin/python3 "$src/tests/e2e/serve_hostile.py" "$url" "$work/signed.pdf" "$server"
