#!/usr/bin/env bash
# Fuzzing with libFuzzer (docs/fuzzing.md).
#
#   bash scripts/fuzz.sh [-t SECONDS] [-j PARALLEL] [TARGET...]
#       runs each TARGET (default: all) for SECONDS (default 60) with ASan and
#       UBSan, from a working copy of its committed corpus; prints the
#       executions and coverage reached, and the crash, leak or timeout inputs
#       found (build/fuzz/artifacts/TARGET/).
#   bash scripts/fuzz.sh --merge [TARGET...]
#       adds what the working corpus covers beyond the committed one to
#       tests/fuzz/corpus/TARGET, minimised (libFuzzer -merge=1), from its
#       inputs of at most 4 KiB.
#
# The contract each target asserts: a result or a justera error for any
# input; never a crash, an abort, an uncaught foreign exception, a run over
# 1 s (-timeout=1) or over 512 MB (-rss_limit_mb=512).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=60
parallel=1
merge=0
targets=()
while [ $# -gt 0 ]; do
  case $1 in
    -t) seconds=$2; shift 2 ;;
    -j) parallel=$2; shift 2 ;;
    --merge) merge=1; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(ingest_text agenda xml_load verify_pdf cms)

bash scripts/install-deps.sh >/dev/null
need=()
for p in clang-14 libfuzzer-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "fuzz: installing ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}" >/dev/null
fi
cmake --preset fuzz >/dev/null
cmake --build build/fuzz >/dev/null

# A small quarantine: ASan keeps 256 MB of freed memory by default, which
# counts against the 512 MB the contract allows.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:quarantine_size_mb=16:malloc_context_size=10 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run_one() {
  local t=$1 work=build/fuzz/corpus/$1 art=build/fuzz/artifacts/$1/
  mkdir -p "$work" "$art"
  cp -n tests/fuzz/corpus/"$t"/* "$work"/ 2>/dev/null || true
  local log=build/fuzz/$t.log
  set +e
  build/fuzz/tests/fuzz/fuzz_"$t" "$work" -max_total_time="$seconds" -rss_limit_mb=512 -timeout=1 -max_len=1048576 \
    -print_final_stats=1 -artifact_prefix="$art" >"$log" 2>&1
  local rc=$?
  set -e
  local execs cov ft
  execs=$(awk '/stat::number_of_executed_units/ { print $2 }' "$log")
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | awk '{ print $2 }')
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | awk '{ print $2 }')
  local found
  found=$(find "$art" -type f | wc -l)
  printf '%-12s %8s s %12s execs %8s edges %8s features  exit %d  findings %d  (log %s)\n' \
    "$t" "$seconds" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$rc" "$found" "$log"
}

if [ "$merge" -eq 1 ]; then
  # Only inputs of at most 4 KiB are offered: the committed corpora stay small.
  for t in "${targets[@]}"; do
    small=$(mktemp -d)
    find build/fuzz/corpus/"$t" -type f -size -4097c -exec cp -t "$small" {} +
    build/fuzz/tests/fuzz/fuzz_"$t" -merge=1 -rss_limit_mb=512 -timeout=1 tests/fuzz/corpus/"$t" "$small" >/dev/null 2>&1
    rm -rf "$small"
    echo "$t: $(ls tests/fuzz/corpus/"$t" | wc -l) inputs, $(du -sh tests/fuzz/corpus/"$t" | cut -f1)"
  done
  exit 0
fi

echo "target       time          executions    coverage (edges, features), exit status, inputs kept in artifacts"
running=0
for t in "${targets[@]}"; do
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$parallel" ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait
