#!/usr/bin/env bash
# synthetic.sh N OUT: a protocol of N paragraphs made from seed 000: its header,
# then its 29 paragraphs repeated and renumbered (§ 1 ... § N), then its
# signature table. Uses awk only, so it runs on a minimal Debian.
set -euo pipefail
n=${1:-1000}
out=${2:-/dev/stdout}
seed="$(dirname "$0")/../tests/fixtures/seeds/000_9b82ca12656ff44a.txt"
awk -v N="$n" '
  /^\*\*§ 1\*\*/ && !body { body = 1 }
  /^## Digitala signaturer/ { trailer = 1 }
  !body { head[++h] = $0; next }
  trailer { tail[++t] = $0; next }
  { para[++p] = $0 }
  END {
    for (i = 1; i <= h; i++) {
      line = head[i]
      if (line == "§§1-29") line = "§§1-" N
      print line
    }
    done = 0
    for (rep = 0; done < N; rep++) {
      for (i = 1; i <= p; i++) {
        line = para[i]
        # Heading lines: "**§ 12**", "## § 2", "**§ 3****Title**", "**§ 29  ".
        if (match(line, /^(\*\*|## )§ [0-9]+/)) {
          prefix = substr(line, 1, RSTART - 1)
          m = substr(line, RSTART, RLENGTH)
          sub(/^(\*\*|## )§ /, "", m)
          num = m + 0
          if (num + rep * 29 > N) { done = N; break }
          mark = (substr(line, 1, 2) == "##") ? "## " : "**"
          line = mark "§ " (num + rep * 29) substr(line, RSTART + RLENGTH)
          if (num + rep * 29 == N) last = 1
        }
        print line
      }
      done = (rep + 1) * 29
      if (last) break
    }
    for (i = 1; i <= t; i++) print tail[i]
  }' "$seed" >"$out"
