#!/usr/bin/env bash
# private_net.sh COMMAND...: runs COMMAND in a network namespace of its own,
# with only a loopback interface, where 127.0.0.1:28461 (the port the
# TEST-ONLY certificates name for their OCSP responder and CRLs) is always
# free, whatever else runs on the machine: another test run, a demo, a CI
# job beside it. Needs root, unshare and ip; without them COMMAND runs as it
# is, and this says so.
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null && command -v ip >/dev/null && unshare -n true 2>/dev/null; then
  exec unshare -n bash -c 'ip link set lo up && exec "$@"' private_net "$@"
fi
echo "private_net: no network namespace of its own here (needs root, unshare and ip); 127.0.0.1:28461 must be free" >&2
exec "$@"
