#!/usr/bin/env bash
# The verification page on this machine: installs what is missing, builds the
# release preset and runs 'justera serve' on 127.0.0.1:8080, trusting the
# TEST-ONLY root of certs/ (with its CRLs), so that the protocols signed by
# scripts/demo.sh verify. Further options go to 'justera serve', e.g.
#
#   bash scripts/serve.sh --listen 127.0.0.1:9000 --lang en
#
# Stop it with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh >/dev/null
bash scripts/build.sh release
if [ -f build/demo/protokoll-arkiv.pdf ]; then
  echo "serve: try it with build/demo/protokoll-arkiv.pdf (signed by scripts/demo.sh)"
else
  echo "serve: 'bash scripts/demo.sh' makes a signed protocol to try it with (build/demo/protokoll-arkiv.pdf)"
fi
exec build/release/justera serve --trust certs/test-only-root-ca.pem \
  --crl certs/test-only-issuing-ca.crl --crl certs/test-only-root-ca.crl "$@"
