# shellcheck shell=bash
# serve_url OUT ERR: the address 'justera serve' printed to OUT once it
# listens (waits up to 10 seconds); exits the test, with ERR, when it does not.
serve_url() {
  local out=$1 err=$2 url=
  for _ in $(seq 100); do
    url=$(grep -o 'http://[^ ]*' "$out" 2>/dev/null)
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { echo "FAIL: serve did not start: $(cat "$err")" >&2; exit 1; }
  echo "$url"
}
