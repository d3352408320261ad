#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# verify_corpus_test.sh JUSTERA PKI_SERVER SOURCE_DIR
#
# Builds the corpus (make_corpus.sh: good, foreign-signed and attacked
# protocols) and judges 'justera verify --json --trust certs/test-only-root-ca.pem
# --crl <the CAs' CRLs>'
# on every file against OUTDIR/expected.tsv:
#   - the exit code and the JSON "verdict" are the expected ones;
#   - no file that is not expected to pass is TOTAL_PASSED (exit 0);
#   - no crash (exit >= 70, a signal) and no hang (60 s per file);
#   - on the files that are expected to pass, and on the partly signed ones
#     whose signatures are all good, every entry of "signatures" is
#     TOTAL_PASSED and the signers are the expected people.
# The TEST-ONLY PKI server runs on 127.0.0.1:28461 while verifying, so a
# verifier can ask its OCSP responder and CRLs, as pdfsig does.
set -uo pipefail
[ $# -eq 3 ] || { echo "usage: verify_corpus_test.sh JUSTERA PKI_SERVER SOURCE_DIR" >&2; exit 4; }
bin=$1 server=$2 src=$3
certs=$src/certs
work=$(mktemp -d)
server_pid=
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT

if ! bash "$src/tests/verify/make_corpus.sh" "$work/corpus" "$bin" "$server" "$src" 2>"$work/make.log"; then
  cat "$work/make.log"
  echo "FAIL: make_corpus.sh could not build the corpus"
  echo "0 passed, 1 failed"
  exit 1
fi
corpus=$work/corpus

"$server" "$certs" --port 28461 --max 5000 --seconds 900 >"$work/port" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { cat "$work/server.err"; echo "FAIL: the test PKI server did not start on 127.0.0.1:28461"; exit 1; }

# Who signed, for the files whose every signature must be TOTAL_PASSED
# (document timestamps are not people and are not listed).
ojanne='Johan Alexander Emanuel Ojanne' jonsson='Jan Oskar Jönsson' hillborg='Carl Magnus Hillborg'
signers() {
  case $1 in
    good-1.pdf | cut-to-first.pdf | pdfsig-1.pdf | foreign-noxml.pdf | foreign-foreignxml.pdf) echo "$ojanne" ;;
    honest-metadata.pdf) printf '%s\n' "$ojanne" "$jonsson" "$hillborg" ;;
    pdfsig-2.pdf) printf '%s\n' "$ojanne" "$jonsson" ;;
    good-3.pdf | good-000-3.pdf | good-lta.pdf | pdfsig-3.pdf | mixed-3.pdf) printf '%s\n' "$ojanne" "$jonsson" "$hillborg" ;;
    extra-signature.pdf) printf '%s\n' "$ojanne" "$jonsson" "$hillborg" "$jonsson" ;;
  esac
}

# report JSON: "verdict V" then one line per signature: "sig KIND<TAB>INDICATION<TAB>SIGNER NAME".
if perl -MJSON::PP -e 1 2>/dev/null; then
  report() {
    perl -MJSON::PP -0777 -ne '
      my $r = eval { JSON::PP->new->utf8->decode($_) };
      if (!$r) { print "invalid-json\n"; exit }
      $r = $r->[0] if ref $r eq "ARRAY";
      binmode STDOUT, ":encoding(UTF-8)";
      print "verdict ", ($r->{verdict} // "none"), "\n";
      for my $s (@{ $r->{signatures} // [] }) {
        my $n = ref $s->{signer} eq "HASH" ? ($s->{signer}{name} // "") : "";
        print "sig ", join("\t", $s->{kind} // "", $s->{indication} // "", $n), "\n";
      }' "$1"
  }
else
  # Without JSON::PP (perl-base alone): the keys found by pattern, which is
  # enough for one object per file as 'verify --json FILE' prints.
  report() {
    local v
    v=$(grep -oE '"verdict"[[:space:]]*:[[:space:]]*"[A-Z_]+"' "$1" | head -1 | grep -oE '[A-Z_]+"$' | tr -d '"')
    echo "verdict ${v:-none}"
    perl -0777 -ne 'while (/"kind"\s*:\s*"(\w+)".*?"indication"\s*:\s*"(\w+)".*?"name"\s*:\s*"([^"]*)"/gs) { print "sig $1\t$2\t$3\n" }' "$1"
  }
fi

passed=0 failed=0
rows=()
row() { rows+=("$(printf '%-30s %-14s %-4s %-14s %-4s %s' "$@")"); }
while IFS=$'\t' read -r name want want_rc _; do
  [ "$name" = name ] && continue
  f=$corpus/$name
  problems=()
  # The anchors, and the CAs' CRLs as a reader would have them (B-T signatures
  # carry no revocation data of their own).
  timeout 60 "$bin" verify --json --trust "$certs/test-only-root-ca.pem" --crl "$certs/test-only-issuing-ca.crl" \
    --crl "$certs/test-only-root-ca.crl" "$f" >"$work/out.json" 2>"$work/err"
  rc=$?
  got=none
  : >"$work/sigs"
  if [ "$rc" -eq 124 ]; then
    problems+=("TIMEOUT after 60 s")
  elif [ "$rc" -ge 70 ]; then
    problems+=("CRASH (exit $rc)")
  fi
  if [ -s "$work/out.json" ]; then
    report "$work/out.json" >"$work/report"
    got=$(sed -n 's/^verdict //p' "$work/report" | head -1)
    grep -q '^invalid-json' "$work/report" && { problems+=("output is not JSON"); got=none; }
    sed -n 's/^sig //p' "$work/report" >"$work/sigs"
  fi
  [ "$rc" = "$want_rc" ] || problems+=("exit $rc, expected $want_rc")
  if [ "$want" != - ] && [ "$got" != "$want" ]; then problems+=("verdict $got, expected $want"); fi
  if [ "$want" != TOTAL_PASSED ] && { [ "$got" = TOTAL_PASSED ] || [ "$rc" -eq 0 ]; }; then
    problems+=("ACCEPTED: an attack or incomplete document passed")
  fi
  expected_signers=$(signers "$name")
  if [ -n "$expected_signers" ]; then
    bad=$(awk -F'\t' '$2 != "TOTAL_PASSED" { print $1 ": " $2 }' "$work/sigs")
    [ -z "$bad" ] || problems+=("signatures not TOTAL_PASSED: $(echo "$bad" | tr '\n' ' ')")
    [ -s "$work/sigs" ] || problems+=("no signatures reported")
    have=$(awk -F'\t' '$1 == "signature" { print $3 }' "$work/sigs" | sort)
    if [ "$have" != "$(echo "$expected_signers" | sort)" ]; then
      problems+=("signers [$(echo "$have" | paste -sd ';')], expected [$(echo "$expected_signers" | sort | paste -sd ';')]")
    fi
  fi
  if [ ${#problems[@]} -eq 0 ]; then
    passed=$((passed + 1))
    row "$name" "$want" "$want_rc" "$got" "$rc" PASS
  else
    failed=$((failed + 1))
    row "$name" "$want" "$want_rc" "$got" "$rc" "FAIL: $(printf "%s; " "${problems[@]}" | sed "s/; $//")"
    [ -s "$work/err" ] && rows+=("    stderr: $(head -c 300 "$work/err" | tr '\n' ' ')")
  fi
done <"$corpus/expected.tsv"

printf '%-30s %-14s %-4s %-14s %-4s %s\n' file expected exit got exit result
printf '%s\n' "${rows[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
