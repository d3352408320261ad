#!/usr/bin/env bash
# fingerprint.sh JUSTERA FILE.xml: the fingerprint equals SHA-256 of xmllint's
# exc-c14n of the file (an implementation nobody here wrote) and of the file itself.
set -euo pipefail
bin=$1 file=$2
ours=$("$bin" fingerprint "$file" | cut -d' ' -f1)
theirs=$(xmllint --nonet --exc-c14n "$file" | sha256sum | cut -d' ' -f1)
plain=$(sha256sum "$file" | cut -d' ' -f1)
[ "$ours" = "$theirs" ] || { echo "justera $ours != xmllint exc-c14n $theirs"; exit 1; }
[ "$ours" = "$plain" ] || { echo "file is not in canonical form: $ours != $plain"; exit 1; }
echo "fingerprint $ours agrees with xmllint --exc-c14n"
