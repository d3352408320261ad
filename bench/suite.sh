#!/usr/bin/env bash
# The benchmark suite in one command: builds the release preset and prints
# one table - parse, render, sign (one step, file key), verify (the
# three-signature seed as B-LTA, and a 1,000-paragraph protocol), a batch of
# FILES signed protocols verified with --jobs 2 - each with its wall time
# (median of RUNS runs, min and max as the machine's noise), its peak memory,
# and a peer timed in the same run on the same input: xmllint (validating
# the XML), LibreOffice (printing the text), pdfsig -add-signature, pdfsig and
# mutool sign -v. Then the targets, met or not. docs/performance.md records
# the figures and the machine.
#
#   bash bench/suite.sh            RUNS=5 FILES=1000 by default
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
files=${FILES:-1000}
bash scripts/install-deps.sh >/dev/null
if ! command -v soffice >/dev/null 2>&1; then
  echo "bench: installing LibreOffice (writer, no GUI) for the rendering peer"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null
fi
bash scripts/build.sh release >/dev/null
bin=build/release/justera
work=$(mktemp -d)
server_pid=
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
pw=certs/test-only-password.txt
root=certs/test-only-root-ca.pem
crls=(--crl certs/test-only-issuing-ca.crl --crl certs/test-only-root-ca.crl)
export SOURCE_DATE_EPOCH=1711101600

now_us() { echo $(( $(date +%s%N) / 1000 )); }
# measure CMD...: "median min max" (ms) on stdout; the peak RSS (KB, the
# highest of the runs) in $work/peak. Exit codes are not the point here.
measure() {
  local times=() peak=0 t0 t1 kb
  for _ in $(seq "$runs"); do
    t0=$(now_us)
    /usr/bin/time -f '%M' -o "$work/rss" "$@" >/dev/null 2>&1 || true
    t1=$(now_us)
    times+=($(( t1 - t0 )))
    kb=$(tail -1 "$work/rss"); [ "$kb" -gt "$peak" ] && peak=$kb
  done
  echo "$peak" >"$work/peak"
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f %.1f %.1f\n", a[int((NR+1)/2)]/1000, a[1]/1000, a[NR]/1000}'
}
rows=()
# row STEP INPUT MED MIN MAX PEAK_KB PEER PEER_MS: one line of the table
row() {
  rows+=("$(awk -v s="$1" -v i="$2" -v m="$3" -v a="$4" -v b="$5" -v k="$6" -v p="$7" -v q="$8" 'BEGIN {
    r = (q > 0 && m > 0) ? sprintf("%.2f", q / m) : "-"
    if (s == "") { printf "%-24s %-22s %10s %-19s %8s   %-24s %9s %7s", "", "", "", "", "", p, (q > 0 ? sprintf("%.1f", q) : "-"), r; exit }
    printf "%-24s %-22s %10.1f %-19s %8.1f   %-24s %9s %7s", s, i, m, sprintf("(%.1f-%.1f)", a, b), k / 1024, p, (q > 0 ? sprintf("%.1f", q) : "-"), r }')")
}

# Inputs: seed 000 and a synthetic protocol of 1,000 paragraphs.
seed=tests/fixtures/seeds/000_9b82ca12656ff44a.txt
bash bench/synthetic.sh 1000 "$work/big.txt"
"$bin" -q parse "$seed" -o "$work/s.xml" 2>/dev/null
"$bin" -q parse "$work/big.txt" -o "$work/b.xml" 2>/dev/null

# parse (peer: xmllint validating the XML justera wrote)
for in in seed big; do
  f=$seed; [ "$in" = big ] && f=$work/big.txt
  x=$work/s.xml; [ "$in" = big ] && x=$work/b.xml
  read -r m a b < <(measure "$bin" -q parse "$f" -o "$work/p.xml"); k=$(cat "$work/peak")
  read -r q _ _ < <(measure xmllint --noout --nonet --schema schemas/protokoll.xsd "$x")
  row parse "$([ "$in" = seed ] && echo "seed 000, 29 §" || echo "1,000 §")" "$m" "$a" "$b" "$k" "xmllint --schema" "$q"
  [ "$in" = seed ] && parse_seed=$m
  [ "$in" = big ] && { parse_big=$m; parse_big_peer=$q; parse_big_peak=$k; }
done

# render (peer: LibreOffice printing the same text to PDF, warm profile)
profile="file://$work/lo-profile"
soffice -env:UserInstallation="$profile" --headless --convert-to pdf --outdir "$work/lo" tests/fixtures/seeds/004_187fbd7e2f1d6b52.txt >/dev/null 2>&1 || true
for in in seed big; do
  x=$work/s.xml; f=$seed
  [ "$in" = big ] && { x=$work/b.xml; f=$work/big.txt; }
  read -r m a b < <(measure "$bin" -q render "$x" -o "$work/r-$in.pdf"); k=$(cat "$work/peak")
  cp "$f" "$work/lo-in.txt"
  read -r q _ _ < <(measure soffice -env:UserInstallation="$profile" --headless --convert-to pdf --outdir "$work/lo" "$work/lo-in.txt")
  row render "$([ "$in" = seed ] && echo "seed 000, 31 pages" || echo "1,000 §, 974 pages")" "$m" "$a" "$b" "$k" "LibreOffice --convert-to" "$q"
  [ "$in" = seed ] && { render_seed=$m; render_lo=$q; }
  [ "$in" = big ] && render_big=$m
done

# sign: one B-B signature, file key (peer: pdfsig -add-signature, same key in NSS)
mkdir "$work/nss"
certutil -N -d "sql:$work/nss" --empty-password
certutil -A -d "sql:$work/nss" -n test-root -t "CT,C,C" -i "$root"
pk12util -i certs/test-only-ojanne.p12 -d "sql:$work/nss" -w "$pw" >/dev/null
read -r m a b < <(measure "$bin" -q sign "$work/r-seed.pdf" -o "$work/signed.pdf" --role justerare --p12 certs/test-only-ojanne.p12 --password-file "$pw"); k=$(cat "$work/peak")
read -r q _ _ < <(measure pdfsig -add-signature -nssdir "sql:$work/nss" -nick "Johan Alexander Emanuel Ojanne (TEST ONLY)" "$work/r-seed.pdf" "$work/pdfsig-signed.pdf")
row "sign (one step)" "seed 000, file key" "$m" "$a" "$b" "$k" "pdfsig -add-signature" "$q"
sign_ms=$m; sign_peer=$q

# verify: seed 000 signed by its three signers with timestamps and validation
# data, then a document timestamp (B-LTA); the 1,000-paragraph protocol signed
# three times (B-B). Peers: pdfsig (NSS, the test root, no OCSP) and mutool.
unset SOURCE_DATE_EPOCH
justera_test_pki=build/release/justera_test_pki
$justera_test_pki certs --port 28461 --max 10000 --seconds 600 >"$work/port" &
server_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
tsa=http://127.0.0.1:28461/
"$bin" -q sign "$work/r-seed.pdf" -o "$work/v1.pdf" --role justerare --p12 certs/test-only-ojanne.p12 --password-file "$pw" --tsa "$tsa" --ltv
"$bin" -q sign "$work/v1.pdf" -o "$work/v2.pdf" --role justerare --p12 certs/test-only-jonsson.p12 --password-file "$pw" --tsa "$tsa" --ltv
"$bin" -q sign "$work/v2.pdf" -o "$work/v3.pdf" --role sekreterare --p12 certs/test-only-hillborg.p12 --password-file "$pw" --tsa "$tsa" --ltv
"$bin" -q timestamp "$work/v3.pdf" -o "$work/seed-lta.pdf" --tsa "$tsa" --ltv
"$bin" -q sign "$work/r-big.pdf" -o "$work/b1.pdf" --role justerare --p12 certs/test-only-ojanne.p12 --password-file "$pw"
"$bin" -q sign "$work/b1.pdf" -o "$work/b2.pdf" --role justerare --p12 certs/test-only-jonsson.p12 --password-file "$pw"
"$bin" -q sign "$work/b2.pdf" -o "$work/big-signed.pdf" --role sekreterare --p12 certs/test-only-hillborg.p12 --password-file "$pw"
kill "$server_pid" 2>/dev/null || true
server_pid=
for in in seed-lta big-signed; do
  f=$work/$in.pdf
  verdict=$("$bin" verify --trust "$root" "${crls[@]}" "$f" 2>&1 | tail -1 | sed 's/.*(\(.*\)).*/\1/')
  read -r m a b < <(measure "$bin" verify --trust "$root" "${crls[@]}" "$f"); k=$(cat "$work/peak")
  read -r q _ _ < <(measure pdfsig -nssdir "sql:$work/nss" -no-ocsp "$f")
  read -r u _ _ < <(measure mutool sign -v "$f")
  label="seed 000 B-LTA, $verdict"; [ "$in" = big-signed ] && label="1,000 § B-B, $verdict"
  row verify "$label" "$m" "$a" "$b" "$k" "pdfsig" "$q"
  row "" "" "$m" "$a" "$b" "$k" "mutool sign -v" "$u"
  size_kb=$(( $(stat -c %s "$f") / 1024 ))
  mem_target=$(( 3 * size_kb + 30 * 1024 ))
  [ "$in" = seed-lta ] && { verify_seed=$m; verify_pdfsig=$q; verify_peak=$k; verify_mem_target=$mem_target; }
  [ "$in" = big-signed ] && { verify_big_peak=$k; verify_big_mem_target=$mem_target; }
done

# batch: FILES copies of the B-LTA seed, --jobs 2 (peer: pdfsig, one process per file)
mkdir "$work/dir"
for i in $(seq -w 1 "$files"); do cp "$work/seed-lta.pdf" "$work/dir/p-$i.pdf"; done
batch_times=()
for _ in $(seq "$runs"); do
  t0=$(now_us)
  /usr/bin/time -f '%M' -o "$work/rss" "$bin" verify --jobs 2 --trust "$root" "${crls[@]}" "$work/dir" >"$work/batch.txt" 2>&1 || true
  t1=$(now_us)
  batch_times+=($(( t1 - t0 )))
done
batch_peak=$(tail -1 "$work/rss")
read -r bm ba bb < <(printf '%s\n' "${batch_times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f %.1f %.1f\n", a[int((NR+1)/2)]/1000, a[1]/1000, a[NR]/1000}')
t0=$(now_us)
n=0
for f in "$work"/dir/p-*.pdf; do
  pdfsig -nssdir "sql:$work/nss" -no-ocsp "$f" >/dev/null 2>&1 || true
  n=$((n + 1)); [ "$n" -ge 200 ] && break
done
t1=$(now_us)
pdfsig_per_file=$(awk -v us=$(( t1 - t0 )) -v n="$n" 'BEGIN { printf "%.3f", us / 1000 / n }')
row "batch verify --jobs 2" "$files B-LTA files" "$bm" "$ba" "$bb" "$batch_peak" "pdfsig x $files (est.)" "$(awk -v p="$pdfsig_per_file" -v n="$files" 'BEGIN { printf "%.1f", p * n }')"
batch_rate=$(awk -v n="$files" -v ms="$bm" 'BEGIN { printf "%.0f", n / (ms / 1000) }')

echo "justera benchmark suite: $(nproc) cores, $(awk -F: '/model name/ { print $2; exit }' /proc/cpuinfo | sed 's/^ *//'), Debian $(cat /etc/debian_version), RUNS=$runs"
echo
printf '%-24s %-22s %10s %-19s %8s   %-24s %9s %7s\n' "step" "input" "ms" "(min-max)" "peak MB" "peer" "peer ms" "ratio"
printf '%s\n' "${rows[@]}"
echo
echo "ms: whole process, wall clock, median of $runs runs (min-max: the machine's noise). ratio: peer ms / justera ms"
echo "(above 1: justera is faster). The batch's peer is pdfsig's mean over 200 files, one process each, times $files."
echo "justera verify checks more than the peers: chain, revocation, every change after each signature, the"
echo "embedded XML, the visible text and the roles; pdfsig and mutool check the signatures."
echo
echo "targets:"
target() { printf '  %-58s %-12s %s\n' "$1" "$2" "$3"; }
target "parse 000 < 50 ms" "$parse_seed ms" "$(awk -v m="$parse_seed" 'BEGIN { print (m < 50 ? "met" : "NOT met") }')"
# 150 ms was set on a machine where xmllint validated the same XML in 42.7 ms
# (docs/performance.md): 3.5 times the peer, whatever the machine's speed.
target "parse 1,000 § < 150 ms (3.5x xmllint there) and < 60 MB" \
  "$parse_big ms, $(awk -v m="$parse_big" -v q="$parse_big_peer" 'BEGIN { printf "%.2fx xmllint", m / q }'), $(awk -v k="$parse_big_peak" 'BEGIN { printf "%.1f MB", k / 1024 }')" \
  "$(awk -v m="$parse_big" -v q="$parse_big_peer" -v k="$parse_big_peak" 'BEGIN { print (m / q <= 3.5 && k < 60 * 1024 ? "met" : "NOT met") }')"
target "render 000 < 200 ms and >= 10x LibreOffice" "$render_seed ms, $(awk -v m="$render_seed" -v l="$render_lo" 'BEGIN { printf "%.1fx", l / m }')" \
  "$(awk -v m="$render_seed" -v l="$render_lo" 'BEGIN { print (m < 200 && l / m >= 10 ? "met" : "NOT met") }')"
# Rendering writes the tagged PDF/A-3a (a structure element per paragraph,
# list item and table cell, marked content for every line).
target "render 000 tagged < 100 ms" "$render_seed ms" "$(awk -v m="$render_seed" 'BEGIN { print (m < 100 ? "met" : "NOT met") }')"
target "render 1,000 § tagged < 1.5 s" "$render_big ms" "$(awk -v m="$render_big" 'BEGIN { print (m < 1500 ? "met" : "NOT met") }')"
target "sign step < 50 ms and no slower than pdfsig" "$sign_ms ms" "$(awk -v m="$sign_ms" -v p="$sign_peer" 'BEGIN { print (m < 50 && m <= p ? "met" : "NOT met") }')"
target "verify >= 2x faster than pdfsig (seed 000 B-LTA)" "$(awk -v m="$verify_seed" -v p="$verify_pdfsig" 'BEGIN { printf "%.2fx", p / m }')" \
  "$(awk -v m="$verify_seed" -v p="$verify_pdfsig" 'BEGIN { print (p / m >= 2 ? "met" : "NOT met (docs/performance.md: start-up)") }')"
target "batch >= 400 files/s on 2 cores" "$batch_rate files/s" "$(awk -v r="$batch_rate" 'BEGIN { print (r >= 400 ? "met" : "NOT met") }')"
target "verify peak memory < 3x file + 30 MB (seed 000 B-LTA)" "$(awk -v k="$verify_peak" 'BEGIN { printf "%.1f MB", k / 1024 }')" \
  "$(awk -v k="$verify_peak" -v t="$verify_mem_target" 'BEGIN { printf "%s (limit %.1f MB)", (k < t ? "met" : "NOT met"), t / 1024 }')"
target "verify peak memory < 3x file + 30 MB (1,000 §)" "$(awk -v k="$verify_big_peak" 'BEGIN { printf "%.1f MB", k / 1024 }')" \
  "$(awk -v k="$verify_big_peak" -v t="$verify_big_mem_target" 'BEGIN { printf "%s (limit %.1f MB)", (k < t ? "met" : "NOT met"), t / 1024 }')"
