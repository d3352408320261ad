#!/usr/bin/env bash
# Parse time and peak memory of 'justera parse' for each seed and a synthetic
# 1,000-paragraph protocol, with a peer in the same run: xmllint (libxml2's own
# tool, not ours) parsing and schema-validating the XML justera wrote for the
# same protocol. Medians of RUNS runs (default 7), with min and max as the noise.
# Then the in-process Google Benchmark timings (parse, serialize, load+validate).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-7}
bash scripts/install-deps.sh >/dev/null
cmake --preset release -DJUSTERA_BENCH=ON >/dev/null
cmake --build --preset release -j "$(nproc)" >/dev/null
bin=build/release/justera
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash bench/synthetic.sh 1000 "$work/synthetic-1000.txt"

now_us() { echo $(( $(date +%s%N) / 1000 )); }
# measure CMD...: prints "median min max" in ms; the peak RSS (max over runs, KB) goes to $work/peak
measure() {
  local times=() peak=0 t0 t1 kb
  for _ in $(seq "$runs"); do
    t0=$(now_us)
    /usr/bin/time -f '%M' -o "$work/rss" "$@" >/dev/null 2>&1
    t1=$(now_us)
    times+=($(( t1 - t0 )))
    kb=$(tail -1 "$work/rss"); if [ "$kb" -gt "$peak" ]; then peak=$kb; fi
  done
  echo "$peak" >"$work/peak"
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f %.1f %.1f\n", a[int((NR+1)/2)]/1000, a[1]/1000, a[NR]/1000}'
}

printf '%-28s %9s %8s %12s | %-22s %9s %10s %7s\n' "input" "size" "§/items" "justera ms" "(min-max)" "peak MB" "xmllint ms" "ratio"
for f in tests/fixtures/seeds/*.txt "$work/synthetic-1000.txt"; do
  name=$(basename "$f")
  "$bin" -q parse "$f" -o "$work/out.xml" 2>/dev/null
  count=$(grep -c -E '<paragraph |<agendaItem ' "$work/out.xml" || true)
  read -r med min max < <(measure "$bin" -q parse "$f" -o "$work/out.xml")
  ours_peak=$(cat "$work/peak")
  read -r pmed _ _ < <(measure xmllint --noout --nonet --schema schemas/protokoll.xsd "$work/out.xml")
  ratio=$(awk -v a="$med" -v b="$pmed" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  printf '%-28s %8sK %8s %12s | %-22s %9.1f %10s %7s\n' "${name:0:28}" "$(( $(stat -c %s "$f") / 1024 ))" "$count" "$med" "($min-$max)" \
    "$(awk -v k="$ours_peak" 'BEGIN { print k / 1024 }')" "$pmed" "$ratio"
done
echo
echo "justera ms: whole process (start, read, parse, canonical XML, write), median of $runs runs."
echo "xmllint ms: the peer, libxml2's xmllint parsing + validating the same protocol's XML."
echo "ratio: justera / xmllint (below 1: justera's whole job is faster than the peer's validation alone)."
# ---- rendering: justera render vs LibreOffice printing the same text to PDF
if ! command -v soffice >/dev/null 2>&1; then
  echo "bench: installing LibreOffice (writer, no GUI) for the rendering peer"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null
fi
profile="file://$work/lo-profile"
soffice -env:UserInstallation="$profile" --headless --convert-to pdf --outdir "$work/lo" tests/fixtures/seeds/004_187fbd7e2f1d6b52.txt >/dev/null 2>&1  # warm-up: profile creation
echo
printf '%-28s %6s %12s | %-20s %9s %9s %14s %7s\n' "input" "pages" "render ms" "(min-max)" "pages/s" "peak MB" "LibreOffice ms" "ratio"
export SOURCE_DATE_EPOCH=1711101600
for f in tests/fixtures/seeds/000_9b82ca12656ff44a.txt "$work/synthetic-1000.txt"; do
  name=$(basename "$f")
  "$bin" -q parse "$f" -o "$work/r.xml" 2>/dev/null
  read -r med min max < <(measure "$bin" -q render "$work/r.xml" -o "$work/r.pdf")
  peak=$(cat "$work/peak")
  pages=$(pdfinfo "$work/r.pdf" | awk '/^Pages:/ { print $2 }')
  cp "$f" "$work/lo-in.txt"
  read -r lomed _ _ < <(measure soffice -env:UserInstallation="$profile" --headless --convert-to pdf --outdir "$work/lo" "$work/lo-in.txt")
  awk -v n="$name" -v p="$pages" -v m="$med" -v a="$min" -v b="$max" -v k="$peak" -v l="$lomed" \
    'BEGIN { printf "%-28s %6d %12.1f | (%.1f-%.1f)%*s %9.0f %9.1f %14.1f %6.1fx\n", substr(n, 1, 28), p, m, a, b, 20 - length(sprintf("(%.1f-%.1f)", a, b)), "", p / (m / 1000), k / 1024, l, l / m }'
done
echo
echo "render ms: 'justera render' from the canonical XML, whole process; LibreOffice ms: soffice --headless"
echo "--convert-to pdf of the same protocol's text (a warm profile); ratio: how many times faster justera is."

# ---- signing: one PAdES B-B signature with a file key vs poppler's pdfsig -add-signature
"$bin" -q parse tests/fixtures/seeds/000_9b82ca12656ff44a.txt -o "$work/s.xml" 2>/dev/null
"$bin" -q render "$work/s.xml" -o "$work/s.pdf"
mkdir -p "$work/nss"
certutil -N -d "sql:$work/nss" --empty-password
pk12util -i certs/test-only-ojanne.p12 -d "sql:$work/nss" -w certs/test-only-password.txt >/dev/null
read -r smed smin smax < <(measure "$bin" -q sign "$work/s.pdf" -o "$work/signed.pdf" --role justerare \
  --p12 certs/test-only-ojanne.p12 --password-file certs/test-only-password.txt)
speak=$(cat "$work/peak")
read -r pmed _ _ < <(measure pdfsig -add-signature -nssdir "sql:$work/nss" -nick "Johan Alexander Emanuel Ojanne (TEST ONLY)" \
  "$work/s.pdf" "$work/pdfsig-signed.pdf")
echo
printf '%-34s %10s %-20s %9s %12s %7s\n' "signing (seed 000, 31 pages)" "justera ms" "(min-max)" "peak MB" "pdfsig ms" "ratio"
awk -v m="$smed" -v a="$smin" -v b="$smax" -v k="$speak" -v p="$pmed" \
  'BEGIN { printf "%-34s %10.1f (%.1f-%.1f)%*s %9.1f %12.1f %6.1fx\n", "one B-B signature, file key", m, a, b, 20 - length(sprintf("(%.1f-%.1f)", a, b)), "", k / 1024, p, p / m }'
echo "pdfsig ms: poppler's 'pdfsig -add-signature' with the same key in an NSS database; ratio: how many times faster justera is."
unset SOURCE_DATE_EPOCH
echo
build/release/bench/justera_bench "$work/synthetic-1000.txt" --benchmark_repetitions=5 \
  --benchmark_report_aggregates_only=true --benchmark_min_time=0.2
