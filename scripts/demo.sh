#!/usr/bin/env bash
# The main job, end to end, on a bundled sample protocol (Socialnämnden,
# Protokoll 4/2024): parse the text, validate the canonical XML, print its
# fingerprint and what the protocol says. Installs what is missing first.
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
step "3. Fingerprint: SHA-256 of the canonical form (the same as sha256sum of the file)"
echo "\$ justera fingerprint $out/protokoll.xml"
"$justera" fingerprint "$out/protokoll.xml"
sha256sum "$out/protokoll.xml"
step "4. What the protocol says"
echo "\$ justera info $out/protokoll.xml"
"$justera" info "$out/protokoll.xml"
step "Done. The XML is in $out/protokoll.xml; 'build/release/justera --help' shows every command."
