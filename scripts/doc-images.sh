#!/usr/bin/env bash
# The pictures of the protocol PDF in docs/ and the README: seed 004
# (Socialnämnden, Protokoll 5/2023) rendered without a profile and with the
# example profile docs/profiles/exempelby.conf; page 1 and the page where
# § 10 (adjusted immediately) begins, at 60 dpi.
#
#   bash scripts/doc-images.sh [build/ci/justera]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/ci/justera}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1711101600
seed=tests/fixtures/seeds/004_187fbd7e2f1d6b52.txt
picture() {  # picture PDF PAGE OUT.png
  pdftoppm -r 60 -png -f "$2" -l "$2" -singlefile "$1" "$work/page"
  mv "$work/page.png" "$3"
}
for look in neutral exempelby; do
  args=()
  [ "$look" = exempelby ] && args=(--profile docs/profiles/exempelby.conf)
  "$bin" -q render "$seed" "${args[@]}" -o "$work/$look.pdf" 2>/dev/null
  pages=$(pdfinfo "$work/$look.pdf" | awk '/^Pages:/ { print $2 }')
  para=
  for ((p = 2; p <= pages; p++)); do
    if pdftotext -enc UTF-8 -f "$p" -l "$p" "$work/$look.pdf" - | grep -q '^§ 10 '; then para=$p; break; fi
  done
  [ -n "$para" ] || { echo "doc-images: no page with § 10" >&2; exit 1; }
  picture "$work/$look.pdf" 1 "docs/example-$look-page-1.png"
  picture "$work/$look.pdf" "$para" "docs/example-$look-paragraph.png"
  echo "docs/example-$look-page-1.png, docs/example-$look-paragraph.png (page $para)"
done
