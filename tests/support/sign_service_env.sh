# shellcheck shell=bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the tests that sign through a signature service:
#   start_sign_service WORK CERTS SRC [OPTION...]  starts the TEST-ONLY
#     stand-in service (sign_service.py, with the options given) on a free port, its log in WORK/service.log, its pid
#     added to the caller's pids array, and writes WORK/service.conf: the
#     configuration of justera as the requesting service (docs/signing.md).
start_sign_service() {
  local work=$1 certs=$2 src=$3
  shift 3
  python3 "$src/tests/support/sign_service.py" --port-file "$work/service.port" \
    --requester-cert "$certs/test-only-requester.pem" \
    --service-cert "$certs/test-only-signservice.pem" --service-key "$certs/test-only-signservice.key.pem" \
    --ca-cert "$certs/test-only-issuing-ca.pem" --ca-key "$certs/test-only-issuing-ca.key.pem" \
    --password-file "$certs/test-only-password.txt" --max-seconds 580 "$@" 2>"$work/service.log" &
  pids+=($!)
  for _ in $(seq 100); do [ -s "$work/service.port" ] && break; sleep 0.1; done
  [ -s "$work/service.port" ] || { echo "FAIL: the stand-in signature service did not start"; cat "$work/service.log"; return 1; }
  cat >"$work/service.conf" <<CONF
# The TEST-ONLY stand-in service on this machine
service-url = http://127.0.0.1:$(head -1 "$work/service.port")/sign
service-entity-id = https://signservice.test.invalid/standin
service-certificate = $certs/test-only-signservice.pem
requester-entity-id = https://justera.test.invalid/kommun
requester-key = $certs/test-only-requester.key.pem
requester-certificate = $certs/test-only-requester.pem
requester-password-file = $certs/test-only-password.txt
identity-provider = https://idp.test.invalid/
CONF
}
