#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# docx_test.sh JUSTERA SOURCE_DIR: Word documents through the real binary:
# the fixtures of tests/fixtures/docx/ parsed, rendered and checked; hostile
# and foreign containers, made here with Python's zipfile, refused with their
# exit code (docs/cli.md), error code and a message naming the file and part.
set -uo pipefail
bin=$1
src=$2
fixtures=$src/tests/fixtures/docx
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=../support/assert.sh
. "$src/tests/support/assert.sh"

clean=$fixtures/norrbyda-pn-2024-10-15.docx
revised=$fixtures/norrbyda-pn-2024-10-15-revisions.docx
system=$fixtures/kardebro-ks-2025-04-02.docx

# ---- the fixtures: parse, strict, validate, render, check
expect parse-clean 0 -- "$bin" parse "$clean" -o "$work/clean.xml"
expect validate-clean 0 -- "$bin" validate "$work/clean.xml"
expect strict-clean 0 -- "$bin" parse --strict "$clean" -o "$work/strict.xml"
expect info-json 0 -- "$bin" info --json "$system"
contains info-input "$work/out" '"input": "docx"'
contains info-layout "$work/out" '"layout": "docx"'
contains info-furniture "$work/out" '"text": "PROTOKOLL   1 (3)"'
expect render-docx 0 -- "$bin" render "$clean" -o "$work/clean.pdf"
expect extract-rendered 0 -- "$bin" extract "$work/clean.pdf" -o "$work/extracted.xml"
if cmp -s "$work/clean.xml" "$work/extracted.xml"; then passes=$((passes + 1)); else
  echo "FAIL render: the PDF does not carry the XML that parse wrote"; failures=$((failures + 1)); fi
expect check-docx 0 -- "$bin" check --json "$clean"
contains check-immediate "$work/out" '"rule": "immediate.needs-extract"'
contains check-meeting-date "$work/out" '"meeting_date": "2024-10-15"'
# A Word document is text to read, not XML: validate refuses it as usage.
expect validate-docx 4 -- "$bin" validate "$clean"

# ---- tracked changes and hidden text: read accepted, and said
expect parse-revised 0 -- "$bin" parse "$revised" -o "$work/revised.xml"
contains revised-tracked "$work/err" "warning: the document has unaccepted tracked changes (1 insertion, 1 deletion, 1 formatting change)"
contains revised-deleted "$work/err" 'deleted text left out: "Nämnden begär en ny redovisning i december."'
contains revised-hidden "$work/err" 'hidden text (formatted as hidden: not shown or printed) is left out: "Paragrafen justeras omedelbart."'
contains revised-comment "$work/err" "the document has 1 comment"
contains revised-picture "$work/err" "the document has 1 picture"
lacks revised-no-deleted-text "$work/revised.xml" "ny redovisning"
contains revised-inserted-text "$work/revised.xml" "Riktlinjen ska utvärderas efter ett år."
if cmp -s "$work/clean.xml" "$work/revised.xml"; then passes=$((passes + 1)); else
  echo "FAIL revised: with the changes accepted the XML differs from the clean document's"; failures=$((failures + 1)); fi
expect strict-revised 1 -- "$bin" parse --strict "$revised" -o "$work/strict-revised.xml"
absent strict-revised-nothing-written "$work/strict-revised.xml"
expect info-revised-json 0 -- "$bin" info --json "$revised"
contains revised-json-code "$work/out" '"code": "docx-hidden-text"'

# ---- the layouts that read plain text
expect agenda-format 0 -- "$bin" parse --format agenda "$clean" -o "$work/agenda.xml"
contains agenda-format-root "$work/agenda.xml" "<agenda"
lacks agenda-format-plain "$work/agenda.xml" "**"
expect pdftext-format 0 -- "$bin" info --json --format pdftext "$clean"
contains pdftext-layout "$work/out" '"layout": "pdftext"'

# ---- hostile and foreign containers
python3 - "$work" "$clean" <<'EOF'
import sys, zipfile
work, clean = sys.argv[1], sys.argv[2]
def z(name, entries, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(f"{work}/{name}", "w", method) as f:
        for n, data in entries:
            f.writestr(n, data)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# 40 MB of zeros packed into 40 KB: over --max-input-bytes and 200:1.
z("bomb.docx", [("word/document.xml", b"\0" * (40 << 20))])
# 8 MB of XML white space: under the size limit, over the ratio.
z("ratio.docx", [("word/document.xml", f"<w:document {W}><w:body>".encode() + b" " * (8 << 20) + b"</w:body></w:document>")])
z("entries.docx", [(f"word/media/{i}.bin", b"") for i in range(10001)], zipfile.ZIP_STORED)
z("notword.docx", [("readme.txt", b"hej")])
z("doctype.docx", [("word/document.xml", f'<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<w:document {W}><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>')])
z("malformed.docx", [("word/document.xml", f'<?xml version="1.0"?>\n<w:document {W}><w:body><w:p></w:body></w:document>')])
data = open(clean, "rb").read()
open(f"{work}/truncated.docx", "wb").write(data[: len(data) // 2])
def ole(stream):
    b = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1016)
    b += stream.encode("utf-16-le") + b"\0" * 1024
    return bytes(b)
open(f"{work}/old.doc", "wb").write(ole("WordDocument"))
open(f"{work}/secret.docx", "wb").write(ole("EncryptedPackage"))
EOF

expect bomb 3 -- "$bin" parse "$work/bomb.docx"
contains bomb-code "$work/err" "[input-docx-over-limit]"
contains bomb-message "$work/err" "unpacks to more than 33554432 bytes (--max-input-bytes)"
expect ratio 3 -- "$bin" info "$work/ratio.docx"
contains ratio-message "$work/err" "a ratio over 200:1"
expect entries 3 -- "$bin" parse "$work/entries.docx"
contains entries-message "$work/err" "declares 10001 entries, over the bound of 10000"
contains entries-code "$work/err" "[input-docx-over-limit]"
expect lowered-limit 3 -- "$bin" --max-input-bytes 20000 parse "$clean"
contains lowered-limit-code "$work/err" "[input-docx-over-limit]"
expect not-word 3 -- "$bin" parse "$work/notword.docx"
contains not-word-message "$work/err" "notword.docx: not a Word document: a zip archive without word/document.xml [input-zip-not-docx]"
expect doctype 3 -- "$bin" parse "$work/doctype.docx"
contains doctype-message "$work/err" "doctype.docx:word/document.xml: the XML declares a DOCTYPE or entities"
contains doctype-code "$work/err" "[xml-doctype-forbidden]"
expect malformed 3 -- "$bin" render "$work/malformed.docx" -o "$work/malformed.pdf"
contains malformed-where "$work/err" "malformed.docx:word/document.xml:2:"
contains malformed-code "$work/err" "[xml-malformed]"
absent malformed-no-pdf "$work/malformed.pdf"
expect truncated 3 -- "$bin" parse "$work/truncated.docx"
contains truncated-message "$work/err" "the DOCX's zip container is damaged"
contains truncated-code "$work/err" "[input-docx-malformed]"
expect legacy-doc 3 -- "$bin" parse "$work/old.doc"
contains legacy-message "$work/err" "a Word 97-2003 document (.doc)"
contains legacy-code "$work/err" "[input-doc-legacy]"
expect encrypted 3 -- "$bin" info "$work/secret.docx"
contains encrypted-message "$work/err" "it needs a password to be read"
contains encrypted-code "$work/err" "[input-docx-encrypted]"

echo "docx_test: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
