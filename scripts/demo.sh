#!/usr/bin/env bash
# The main job, end to end, on a bundled sample protocol (Socialnämnden,
# Protokoll 4/2024): parse the text, validate the canonical XML, render the
# PDF/A-3b with the XML embedded, check it, and print its fingerprint and what
# the protocol says. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh release
justera=build/release/justera
sample=tests/fixtures/seeds/000_9b82ca12656ff44a.txt
out=build/demo
mkdir -p "$out"

step() { printf '\n== %s\n' "$*"; }
step "1. Parse the protocol text into canonical XML"
echo "\$ justera parse $sample -o $out/protokoll.xml"
"$justera" parse "$sample" -o "$out/protokoll.xml"
step "2. Validate the XML against schemas/protokoll.xsd and for consistency"
echo "\$ justera validate $out/protokoll.xml"
"$justera" validate "$out/protokoll.xml"
step "3. Render the PDF/A-3b that is published and signed, with the XML embedded"
echo "\$ justera render $out/protokoll.xml -o $out/protokoll.pdf"
"$justera" render "$out/protokoll.xml" -o "$out/protokoll.pdf"
step "4. Check the PDF's PDF/A-3b structure, rule by rule"
echo "\$ justera pdfa-check $out/protokoll.pdf"
"$justera" pdfa-check "$out/protokoll.pdf"
step "5. Fingerprint: the same for the XML file, its sha256sum, and the XML inside the PDF"
echo "\$ justera fingerprint $out/protokoll.xml $out/protokoll.pdf"
"$justera" fingerprint "$out/protokoll.xml" "$out/protokoll.pdf"
sha256sum "$out/protokoll.xml"
step "6. What the protocol says"
echo "\$ justera info $out/protokoll.pdf"
"$justera" info "$out/protokoll.pdf"
step "Done: $out/protokoll.xml and $out/protokoll.pdf. Signing and verification come next; 'build/release/justera --help' shows every command."
