#!/usr/bin/env bash
# Verification speed, with peers in the same run: 'justera verify' against
# poppler's 'pdfsig' (NSS, the test root trusted, OCSP off so that both work
# from the file alone) and 'mutool sign -v' on the same files:
#   - seed 000 (31 pages) signed by the two justerare and the sekreterare with
#     timestamps and validation data, then a document timestamp (B-LTA);
#   - a synthetic 1,000-paragraph protocol signed three times (B-B);
#   - a directory of 1,000 signed protocols, verified with --jobs (files/s).
# Medians of RUNS runs (default 7). Targets (issue 5): at least 3x faster than
# pdfsig per file, over 200 files/s on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-7}
files=${FILES:-1000}
bash scripts/install-deps.sh >/dev/null
bash scripts/build.sh release >/dev/null
bin=build/release/justera
work=$(mktemp -d)
server_pid=
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
pw=certs/test-only-password.txt
root=certs/test-only-root-ca.pem
build/release/justera_test_pki certs --port 28461 --max 10000 --seconds 600 >"$work/port" &
server_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "bench: the test PKI server could not listen on 127.0.0.1:28461" >&2; exit 1; }
tsa=http://127.0.0.1:28461/

# The B-LTA seed protocol.
"$bin" -q render tests/fixtures/seeds/000_9b82ca12656ff44a.txt -o "$work/s0.pdf" 2>/dev/null
"$bin" -q sign "$work/s0.pdf" -o "$work/s1.pdf" --role justerare --p12 certs/test-only-ojanne.p12 --password-file "$pw" --tsa "$tsa" --ltv
"$bin" -q sign "$work/s1.pdf" -o "$work/s2.pdf" --role justerare --p12 certs/test-only-jonsson.p12 --password-file "$pw" --tsa "$tsa" --ltv
"$bin" -q sign "$work/s2.pdf" -o "$work/s3.pdf" --role sekreterare --p12 certs/test-only-hillborg.p12 --password-file "$pw" --tsa "$tsa" --ltv
"$bin" -q timestamp "$work/s3.pdf" -o "$work/seed-lta.pdf" --tsa "$tsa" --ltv
# The 1,000-paragraph protocol, B-B (the synthetic text keeps seed 000's people).
bash bench/synthetic.sh 1000 "$work/synthetic.txt"
"$bin" -q render "$work/synthetic.txt" -o "$work/b0.pdf" 2>/dev/null
"$bin" -q sign "$work/b0.pdf" -o "$work/b1.pdf" --role justerare --p12 certs/test-only-ojanne.p12 --password-file "$pw"
"$bin" -q sign "$work/b1.pdf" -o "$work/b2.pdf" --role justerare --p12 certs/test-only-jonsson.p12 --password-file "$pw"
"$bin" -q sign "$work/b2.pdf" -o "$work/big.pdf" --role sekreterare --p12 certs/test-only-hillborg.p12 --password-file "$pw"
kill "$server_pid" 2>/dev/null
server_pid=

mkdir "$work/nss"
certutil -N -d "sql:$work/nss" --empty-password
certutil -A -d "sql:$work/nss" -n test-root -t "CT,C,C" -i "$root"

now_us() { echo $(( $(date +%s%N) / 1000 )); }
# measure CMD...: "median min max" in ms over $runs runs (exit codes ignored:
# verdicts are not the point here).
measure() {
  local times=() t0 t1
  for _ in $(seq "$runs"); do
    t0=$(now_us)
    "$@" >/dev/null 2>&1 || true
    t1=$(now_us)
    times+=($(( t1 - t0 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f %.1f %.1f\n", a[int((NR+1)/2)]/1000, a[1]/1000, a[NR]/1000}'
}

# The verdicts, so that a fast wrong answer cannot hide here.
for f in seed-lta big; do
  "$bin" verify --trust "$root" --crl certs/test-only-issuing-ca.crl --crl certs/test-only-root-ca.crl "$work/$f.pdf" >"$work/$f.txt" 2>&1 || true
  echo "$f.pdf: $(tail -1 "$work/$f.txt" | sed 's/^ *//')"
done
echo
printf '%-30s %7s %12s %-18s %10s %8s %10s %8s\n' "file" "pages" "justera ms" "(min-max)" "pdfsig ms" "ratio" "mutool ms" "ratio"
for f in seed-lta big; do
  pages=$(pdfinfo "$work/$f.pdf" | awk '/^Pages:/ { print $2 }')
  read -r med min max < <(measure "$bin" verify --trust "$root" --crl certs/test-only-issuing-ca.crl --crl certs/test-only-root-ca.crl "$work/$f.pdf")
  read -r pmed _ _ < <(measure pdfsig -nssdir "sql:$work/nss" -no-ocsp "$work/$f.pdf")
  read -r mmed _ _ < <(measure mutool sign -v "$work/$f.pdf")
  awk -v n="$f.pdf" -v p="$pages" -v m="$med" -v a="$min" -v b="$max" -v q="$pmed" -v r="$mmed" \
    'BEGIN { printf "%-30s %7d %12.1f (%.1f-%.1f)%*s %10.1f %7.1fx %10.1f %7.1fx\n", n, p, m, a, b, 18 - length(sprintf("(%.1f-%.1f)", a, b)), "", q, q / m, r, r / m }'
done
echo "ratio: peer ms / justera ms (above 1: justera is faster). justera checks more: the chain, revocation, every"
echo "change after each signature, the embedded XML, the visible text and the roles; pdfsig and mutool check the"
echo "signatures only."

# A directory of signed protocols.
mkdir "$work/dir"
for i in $(seq -w 1 "$files"); do cp "$work/seed-lta.pdf" "$work/dir/protokoll-$i.pdf"; done
jobs=$(nproc)
t0=$(now_us)
"$bin" verify --jobs "$jobs" --trust "$root" "$work/dir" >"$work/dir.txt" 2>&1 || true
t1=$(now_us)
echo
awk -v n="$files" -v us=$(( t1 - t0 )) -v j="$jobs" -v last="$(tail -1 "$work/dir.txt")" \
  'BEGIN { printf "directory of %d signed protocols (seed 000, B-LTA), --jobs %d: %.2f s, %.0f files/s\n  %s\n", n, j, us / 1e6, n / (us / 1e6), last }'
t0=$(now_us)
for f in "$work"/dir/protokoll-00[0-9]*.pdf "$work"/dir/protokoll-0[1-9]*.pdf; do pdfsig -nssdir "sql:$work/nss" -no-ocsp "$f" >/dev/null 2>&1 || true; done
t1=$(now_us)
pcount=$(ls "$work"/dir/protokoll-00[0-9]*.pdf "$work"/dir/protokoll-0[1-9]*.pdf 2>/dev/null | wc -l)
awk -v n="$pcount" -v us=$(( t1 - t0 )) 'BEGIN { printf "pdfsig, one process per file, sequential: %d files in %.2f s, %.0f files/s\n", n, us / 1e6, n / (us / 1e6) }'
