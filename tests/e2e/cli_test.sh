#!/usr/bin/env bash
# cli_test.sh JUSTERA SOURCE_DIR: end-to-end checks of the real binary: exit
# codes (docs/cli.md), messages that name the file and line, no output file
# on failure, inputs never changed, JSON keys present.
set -uo pipefail
bin=$1
src=$2
seeds=$src/tests/fixtures/seeds
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=../support/assert.sh
. "$src/tests/support/assert.sh"

# ---- success paths
expect parse-000 0 -- "$bin" parse "$seeds/000_9b82ca12656ff44a.txt" -o "$work/000.xml"
contains parse-000-note "$work/err" "layout detected: markdown"
contains parse-000-warning "$work/err" "000_9b82ca12656ff44a.txt:416:4: warning: word \"Ersätтарыttrande\" mixes"
expect validate-000 0 -- "$bin" validate "$work/000.xml"
expect fingerprint-000 0 -- "$bin" fingerprint "$work/000.xml"
contains fingerprint-format "$work/out" "  $work/000.xml"
expect info-json 0 -- "$bin" info --json "$seeds/004_187fbd7e2f1d6b52.txt"
for key in '"organ"' '"number"' '"meeting_date"' '"justering_date"' '"justerare"' '"sekreterare"' '"members"' \
           '"substitutes"' '"others"' '"paragraphs"' '"immediate": true' '"signature_table"' '"warnings"'; do
  contains "info-json-$key" "$work/out" "$key"
done
expect info-xml 0 -- "$bin" info "$work/000.xml"
contains info-xml-organ "$work/out" "Socialnämnden"
expect parse-stdout 0 -- "$bin" -q parse "$seeds/003_cf49da6b8fe401db.txt"
contains parse-stdout-xml "$work/out" '<protocol xmlns="urn:justera:protokoll:1"'
expect parse-agenda 0 -- "$bin" parse --format agenda "$seeds/001_79249be5eea60560.txt" -o "$work/001.xml"
contains agenda-root "$work/001.xml" "<agenda"

# ---- --strict turns the mixed-script warning into a rejection (exit 1), and writes nothing
expect strict 1 -- "$bin" parse --strict "$seeds/000_9b82ca12656ff44a.txt" -o "$work/strict.xml"
absent strict-no-output "$work/strict.xml"
contains strict-code "$work/err" "[ingest-strict-warning]"

# ---- what the reader could not establish is a warning; the secretary corrects it
printf 'Kommunstyrelsen\n\n§ 1 Budget\n\nBeslut\nBudgeten godkänns.\n' >"$work/bare.txt"
expect bare-warns 0 -- "$bin" parse "$work/bare.txt" -o "$work/bare.xml"
contains bare-no-justerare "$work/err" "warning: no justerare found in the text"
contains bare-no-date "$work/err" "warning: no meeting date found"
expect bare-strict 1 -- "$bin" parse --strict "$work/bare.txt" -o "$work/bare-strict.xml"
absent bare-strict-no-output "$work/bare-strict.xml"
expect render-no-justerare 1 -- "$bin" render "$work/bare.txt" -o "$work/bare.pdf"
contains render-no-justerare-says "$work/err" "names no justerare"
absent render-no-justerare-no-output "$work/bare.pdf"
printf '# corrections for bare.txt\nmeeting_date = 2025-11-19\nsekreterare = Lena Berg\n' >"$work/bare.corr"
expect corrected 0 -- "$bin" parse --strict "$work/bare.txt" --corrections "$work/bare.corr" \
  --set 'justerare=Per Bengtsson (S); Anna Ek (M)' -o "$work/corrected.xml"
contains corrected-provenance "$work/corrected.xml" '<correction field="meeting_date" source="'"$work"'/bare.corr:2">2025-11-19</correction>'
contains corrected-set "$work/corrected.xml" '<correction field="justerare" source="--set">Per Bengtsson (S); Anna Ek (M)</correction>'
contains corrected-date "$work/corrected.xml" '<meeting date="2025-11-19">'
expect corrected-valid 0 -- xmllint --noout --nonet --schema "$src/schemas/protokoll.xsd" "$work/corrected.xml"
expect corrected-render 0 -- "$bin" render "$work/bare.txt" --corrections "$work/bare.corr" --set 'justerare=Per Bengtsson' -o "$work/corrected.pdf"
expect info-summary 0 -- "$bin" info "$work/bare.txt" --corrections "$work/bare.corr"
contains info-summary-decision "$work/out" "Beslut: Budgeten godkänns."
contains info-summary-correction "$work/out" "meeting_date = 2025-11-19 ($work/bare.corr:2)"
# check tells what the text does not say apart from a rule broken: no error, exit 0
expect check-bare 0 -- "$bin" check "$work/bare.txt"
contains check-bare-heading "$work/out" "Kan inte prövas (texten säger inte tillräckligt):"
contains check-bare-justerare "$work/out" "unknown.justerare: Texten namnger inga justerare"
contains check-bare-date "$work/out" "unknown.meeting-date"
contains check-bare-count "$work/out" "0 fel"
expect check-bare-json 0 -- "$bin" check --json "$work/bare.txt"
contains check-bare-basis "$work/out" '"basis": "not-established"'
expect check-bare-strict 1 -- "$bin" check --strict "$work/bare.txt"
# ... and a justerare the attendance does not name is not called a breach
# (nor is the extract's certification a justerare)
printf 'Kommunstyrelsen\nSammanträdesdatum 2025-11-19\n\nBeslutande\nPer Bengtsson (S), ordförande\nAnna Ek (M)\n\nJusterare\nKarin Holm\n\n§ 1 Budget\n\nBeslut\nBudgeten godkänns.\n\nUtdragsbestyrkande\n' >"$work/unlisted.txt"
expect check-unlisted 0 -- "$bin" check --json "$work/unlisted.txt"
contains check-unlisted-rule "$work/out" '"rule": "people.justerare-unlisted"'
lacks check-unlisted-no-breach "$work/out" '"rule": "people.justerare-serving"'
lacks check-unlisted-no-debris "$work/out" 'Utdragsbestyrkande'
expect correction-unknown 4 -- "$bin" parse "$work/bare.txt" --set 'justerarna=Per Holm'
contains correction-unknown-says "$work/err" "unknown field"
expect correction-bad-date 4 -- "$bin" parse "$work/bare.txt" --set 'meeting_date=19 nov'
expect correction-no-paragraph 4 -- "$bin" parse "$work/bare.txt" --set '§7.title=X'
contains correction-no-paragraph-says "$work/err" "has no § 7"
printf 'meeting_date 2025-11-19\n' >"$work/bad.corr"
expect correction-file-line 4 -- "$bin" parse "$work/bare.txt" --corrections "$work/bad.corr"
contains correction-file-line-says "$work/err" "bad.corr:1"
expect correction-on-xml 4 -- "$bin" info "$work/corrected.xml" --set 'organ=Valnämnden'

# ---- rejected input: exit 3, a message naming the file, no output file, input unchanged
printf 'rad ett\nrad tv\xc3\x28\n' >"$work/bad-utf8.txt"
before=$(sha256sum "$work/bad-utf8.txt")
expect not-utf8 3 -- "$bin" parse "$work/bad-utf8.txt" -o "$work/bad.xml"
contains not-utf8-where "$work/err" "bad-utf8.txt:2:7"
contains not-utf8-code "$work/err" "[input-not-utf8]"
absent not-utf8-no-output "$work/bad.xml"
[ "$before" = "$(sha256sum "$work/bad-utf8.txt")" ] && passes=$((passes + 1)) || { echo "FAIL input changed"; failures=$((failures + 1)); }

head -c 60000 /dev/urandom >"$work/random.bin"
expect binary 3 -- "$bin" parse "$work/random.bin" -o "$work/random.xml"
absent binary-no-output "$work/random.xml"

: >"$work/empty.txt"
expect empty 3 -- "$bin" parse "$work/empty.txt"
contains empty-message "$work/err" "[input-empty]"

head -c 1000 "$seeds/000_9b82ca12656ff44a.txt" >"$work/truncated.txt"
expect truncated-no-paragraphs 3 -- "$bin" parse "$work/truncated.txt" -o "$work/t.xml"
absent truncated-no-output "$work/t.xml"

# a 50 MB file is refused by the default size limit without being parsed
truncate -s 50M "$work/big.txt"
expect fifty-megabytes 3 -- "$bin" parse "$work/big.txt" -o "$work/big.xml"
contains fifty-megabytes-code "$work/err" "[input-too-large]"
absent fifty-megabytes-no-output "$work/big.xml"
expect limit-override 3 -- "$bin" --max-input-bytes 1000 parse "$seeds/004_187fbd7e2f1d6b52.txt"

expect xxe 3 -- "$bin" validate "$src/tests/fixtures/xml/hostile/xxe-file.xml"
contains xxe-code "$work/err" "[xml-doctype-forbidden]"
expect billion-laughs 3 -- "$bin" info "$src/tests/fixtures/xml/hostile/billion-laughs.xml"
expect schema-invalid 1 -- "$bin" validate "$src/tests/fixtures/xml/invalid/bad-date.xml"
contains schema-invalid-line "$work/err" "bad-date.xml:4"
expect inconsistent 1 -- "$bin" validate "$src/tests/fixtures/xml/invalid/inconsistent.xml"
contains inconsistent-message "$work/err" "listed but missing: § 3"
expect inconsistent-json 1 -- "$bin" validate --json "$src/tests/fixtures/xml/invalid/inconsistent.xml"
contains inconsistent-json-valid "$work/out" '"valid": false'
printf '<protocol xmlns="urn:justera:protokoll:1">\n<organ>\n' >"$work/truncated.xml"
expect xml-truncated 3 -- "$bin" validate "$work/truncated.xml"
contains xml-truncated-code "$work/err" "[xml-malformed]"

# ---- PDFs: rendering, reading back, tampering
export SOURCE_DATE_EPOCH=1711101600
expect render 0 -- "$bin" -q render "$seeds/004_187fbd7e2f1d6b52.txt" -o "$work/004.pdf"
expect render-agenda 4 -- "$bin" -q render "$seeds/001_79249be5eea60560.txt" -o "$work/agenda.pdf"
absent render-agenda-no-output "$work/agenda.pdf"
expect info-pdf 0 -- "$bin" info "$work/004.pdf"
contains info-pdf-organ "$work/out" "Socialnämnden"
expect validate-pdf 0 -- "$bin" validate "$work/004.pdf"
# Change one hex digit of the fingerprint in the (uncompressed) XMP: same length, offsets intact.
fp=$("$bin" fingerprint "$work/004.pdf" | cut -d' ' -f1)
bad=$(printf '%s' "$fp" | sed 's/^./0/; t; s/^/x/'); [ "$bad" = "$fp" ] && bad=$(printf '%s' "$fp" | sed 's/^./1/')
sed "s/<justera:XmlC14nSha256>$fp/<justera:XmlC14nSha256>$bad/" "$work/004.pdf" >"$work/tampered.pdf"
expect tampered-xmp 1 -- "$bin" fingerprint "$work/tampered.pdf"
contains tampered-xmp-code "$work/err" "[pdf-fingerprint-mismatch]"
head -c 3000 "$work/004.pdf" >"$work/cut.pdf"
expect truncated-pdf 3 -- "$bin" extract "$work/cut.pdf" -o "$work/cut.xml"
contains truncated-pdf-code "$work/err" "[pdf-malformed]"
# The startxref pointing 7 bytes off: the strict reader (verify's) refuses the
# structure; poppler repairs it, so the text is read, with a warning, and
# no XML is taken from a file verify would not accept.
python3 -c 'import sys
d = open(sys.argv[1], "rb").read(); i = d.rfind(b"startxref"); j = d.index(b"\n", i) + 1; k = d.index(b"\n", j)
open(sys.argv[2], "wb").write(d[:j] + str(int(d[j:k]) + 7).encode() + d[k:])' "$work/004.pdf" "$work/badxref.pdf"
expect not-strict-info 0 -- "$bin" info --json "$work/badxref.pdf"
contains not-strict-code "$work/out" '"code": "pdf-not-strict"'
contains not-strict-organ "$work/out" '"organ": "Socialnämnden"'
contains not-strict-from-text "$work/out" '"input": "pdf-text"'
absent truncated-pdf-no-output "$work/cut.xml"
printf '%%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%%%EOF\n' >"$work/plain.pdf"
expect pdf-without-xml 3 -- "$bin" extract "$work/plain.pdf"
# A character the font lacks is drawn as U+FFFD (never .notdef) and reported;
# the embedded XML keeps it.
printf '§ 1 Godkännande\n\nBeslut\nNämnden hälsar 漢字 och \xf0\x9d\x84\x9e välkomna.\n' >"$work/glyphs.txt"
expect missing-glyphs 0 -- "$bin" render --allow-no-justerare "$work/glyphs.txt" -o "$work/glyphs.pdf"
contains missing-glyphs-warning "$work/err" "3 characters have no glyph in the font"
pdftotext -enc UTF-8 "$work/glyphs.pdf" "$work/glyphs.out"
contains missing-glyphs-replacement "$work/glyphs.out" "hälsar ��"
"$bin" extract "$work/glyphs.pdf" >"$work/glyphs.xml"
contains missing-glyphs-kept "$work/glyphs.xml" "漢字"
# The trailer /ID differs between protocols (PoDoFo derives it from Info).
"$bin" -q render "$seeds/003_cf49da6b8fe401db.txt" -o "$work/003.pdf" 2>/dev/null
id4=$(grep -a '^/ID' "$work/004.pdf"); id3=$(grep -a '^/ID' "$work/003.pdf")
if [ -n "$id4" ] && [ "$id4" != "$id3" ]; then passes=$((passes + 1)); else echo "FAIL unique-id: '$id4' '$id3'"; failures=$((failures + 1)); fi
unset SOURCE_DATE_EPOCH

# ---- I/O and usage
expect parse-xml-is-usage 4 -- "$bin" parse "$work/000.xml"
contains parse-xml-message "$work/err" "already XML"
expect zero-limit 4 -- "$bin" --max-input-bytes 0 info "$seeds/004_187fbd7e2f1d6b52.txt"
contains zero-limit-message "$work/err" "must be a whole number above 0"
expect missing-file 5 -- "$bin" parse "$work/does-not-exist.txt"
contains missing-file-message "$work/err" "does-not-exist.txt"
expect unwritable 5 -- "$bin" parse "$seeds/004_187fbd7e2f1d6b52.txt" -o /nonexistent-dir/x.xml
expect no-command 4 -- "$bin"
contains no-command-usage "$work/out" "Usage: justera [OPTIONS] SUBCOMMAND"
expect typo 4 -- "$bin" verfy x.pdf
contains typo-suggestion "$work/err" "justera: no command 'verfy'; did you mean 'verify'?"
contains typo-code "$work/err" "[usage]"
# --lang (or JUSTERA_LANG): the messages in one language; codes, names and
# technical detail stay as they are.
expect lang-typo 4 -- "$bin" --lang sv verfy x.pdf
contains lang-typo-sv "$work/err" "justera: inget kommando heter 'verfy'; menade du 'verify'?"
expect lang-missing 5 -- "$bin" --lang sv parse "$work/does-not-exist.txt"
contains lang-missing-sv "$work/err" "does-not-exist.txt: filen kan inte läsas: "
contains lang-missing-code "$work/err" "[input-unreadable]"
# The system's reason in Swedish too, not "No such file or directory".
contains lang-missing-reason "$work/err" "filen kan inte läsas: kan inte öppna filen: filen eller katalogen finns inte [input-unreadable]"
lacks lang-missing-no-english "$work/err" "No such file"
expect lang-output-dir 5 -- "$bin" --lang sv parse "$seeds/004_187fbd7e2f1d6b52.txt" -o "$work"
contains lang-output-dir-says "$work/err" "kan inte skriva filen: det är en katalog; ange en fil i den"
expect lang-output-missing-dir 5 -- "$bin" --lang sv parse "$seeds/004_187fbd7e2f1d6b52.txt" -o "$work/no/such/dir/x.xml"
contains lang-output-missing-dir-says "$work/err" "filen eller katalogen finns inte"
lacks lang-output-missing-dir-no-english "$work/err" "No such file"
expect lang-env 5 -- env JUSTERA_LANG=sv "$bin" parse "$work/does-not-exist.txt"
contains lang-env-sv "$work/err" ": filen kan inte läsas: "
expect lang-option-over-env 5 -- env JUSTERA_LANG=sv "$bin" --lang en parse "$work/does-not-exist.txt"
lacks lang-option-over-env-en "$work/err" "filen kan inte läsas"
expect lang-parse 0 -- "$bin" --lang sv parse "$seeds/004_187fbd7e2f1d6b52.txt" -o "$work/sv.xml"
contains lang-parse-line "$work/err" "justera: skrev $work/sv.xml (fingeravtryck "
# The reader's warnings in Swedish too: one language on the screen.
expect lang-parse-warnings 0 -- "$bin" --lang sv parse "$seeds/000_9b82ca12656ff44a.txt" -o "$work/sv000.xml"
contains lang-warning-script "$work/err" ': varning: ordet "Ersätтарыttrande" blandar latinska och kyrilliska bokstäver'
contains lang-warning-decision "$work/err" "varning: § 3: inget beslut hittades (27 av 29 paragrafer har ett)"
lacks lang-warning-no-english "$work/err" "warning:"
lacks lang-warning-no-english-words "$work/err" "no decision found"
expect lang-parse-warnings-en 0 -- "$bin" parse "$seeds/000_9b82ca12656ff44a.txt" -o "$work/en000.xml"
contains lang-warning-default-english "$work/err" "warning: § 3: no decision found"
expect lang-missing-fields 0 -- "$bin" --lang sv parse "$work/bare.txt" -o "$work/sv-bare.xml"
contains lang-warning-missing "$work/err" "varning: ingen justerare hittades i texten; om texten anger det, rätta med --set justerare="
expect lang-render 0 -- "$bin" --lang sv render "$work/sv.xml" -o "$work/sv.pdf"
contains lang-render-line "$work/err" "justera: skrev $work/sv.pdf (10 sidor, "
expect lang-verify-en 2 -- "$bin" --lang en verify "$work/sv.pdf"
contains lang-verify-en-panel "$work/out" "The protocol's signers"
expect lang-verify-sv 2 -- env JUSTERA_LANG=sv "$bin" verify "$work/sv.pdf"
contains lang-verify-sv-anchors "$work/err" "inga betrodda rötter angivna"
expect lang-info-en 0 -- "$bin" --lang en info "$work/sv.xml"
contains lang-info-en-label "$work/out" "Adjusters (justerare)"
contains lang-info-en-paragraphs "$work/out" "adjusted immediately)"
lacks lang-info-en-no-swedish-label "$work/out" "Närvarande"
expect lang-info-default 0 -- "$bin" info "$work/sv.xml"
contains lang-info-default-sv "$work/out" "Närvarande"
expect lang-bad 4 -- "$bin" --lang de parse "$work/sv.xml"
contains lang-bad-code "$work/err" "[usage]"
expect typo-after-options 4 -- "$bin" -q --max-lines 5 sing x.pdf
contains typo-after-options-suggestion "$work/err" "did you mean 'sign'?"
expect bad-option-prefix 4 -- "$bin" parse --no-such-option x
contains bad-option-words "$work/err" "justera: The following argument was not expected: --no-such-option"
contains bad-option-code "$work/err" "[usage]"
# CLI11's complaints in plain words, and in Swedish under --lang sv.
expect parse-error-value 4 -- "$bin" sign "$work/x.pdf" --role
contains parse-error-value-en "$work/err" "justera: --role needs a value"
lacks parse-error-value-no-type "$work/err" "TEXT"
expect parse-error-value-sv 4 -- "$bin" --lang sv sign "$work/x.pdf" --role
contains parse-error-value-sv-words "$work/err" "justera: fel i kommandoraden: --role behöver ett värde ('justera help KOMMANDO' berättar mer) [usage]"
expect parse-error-extra-sv 4 -- "$bin" --lang sv parse --no-such-option x
contains parse-error-extra-sv-words "$work/err" "oväntat argument: --no-such-option"
expect parse-error-member-sv 4 -- "$bin" --lang sv parse --format word x
contains parse-error-member-sv-words "$work/err" "--format: word är inte ett av {"
expect parse-error-required-sv 4 -- "$bin" --lang sv sign
contains parse-error-required-sv-words "$work/err" "sign: INPUT måste anges"
expect parse-error-range-type 4 -- "$bin" verify x.pdf --jobs
contains parse-error-range-type-en "$work/err" "justera: --jobs needs a value ('justera help COMMAND' tells more) [usage]"
expect parse-error-range-sv 4 -- "$bin" --lang sv verify --jobs 999 x.pdf
contains parse-error-range-sv-words "$work/err" "--jobs: värdet 999 ligger inte mellan 1 och 256"
expect validate-sv 0 -- "$bin" --lang sv validate "$work/000.xml"
contains validate-sv-words "$work/out" "000.xml: giltig"
expect parse-error-subcommand-sv 4 -- "$bin" --lang sv case
contains parse-error-subcommand-sv-words "$work/err" "justera: fel i kommandoraden: ett kommando behövs"
expect parse-error-files-sv 4 -- "$bin" --lang sv verify
contains parse-error-files-sv-words "$work/err" "justera: fel i kommandoraden: FILES krävs"
expect parse-error-number-sv 4 -- "$bin" --lang sv --max-lines 0 parse x
contains parse-error-number-sv-words "$work/err" "--max-lines: måste vara ett heltal större än 0"
# A command's own --lang (after the command) sets its help's language too.
expect help-sv-after-command 0 -- "$bin" verify --lang sv --help
contains help-sv-after-command-usage "$work/out" "Användning: justera verify [FLAGGOR] FILES..."
expect help-en-after-command 0 -- env JUSTERA_LANG=sv "$bin" verify --lang en --help
contains help-en-after-command-usage "$work/out" "Usage: justera verify [OPTIONS] FILES..."
expect help-plain-types 0 -- "$bin" --help
contains help-plain-n "$work/out" "--max-input-bytes N=33554432"
if grep -q 'UINT\|TEXT:FILE' "$work/out"; then echo "FAIL help-plain-types: parser type names in the help"; failures=$((failures + 1)); else passes=$((passes + 1)); fi
expect stdin-parse 0 -- bash -c "\"\$0\" -q parse - <\"\$1\"" "$bin" "$seeds/004_187fbd7e2f1d6b52.txt"
contains stdin-parse-xml "$work/out" "<organ>Socialnämnden</organ>"
expect help-command 0 -- "$bin" help sign
contains help-command-usage "$work/out" "Usage: justera sign [OPTIONS]"
expect help-subcommand 0 -- "$bin" help case new
contains help-subcommand-usage "$work/out" "Usage: justera case new [OPTIONS] INPUT"
expect bad-option 4 -- "$bin" parse --no-such-option x
expect bad-format 4 -- "$bin" parse --format word "$seeds/004_187fbd7e2f1d6b52.txt"
expect help 0 -- "$bin" --help
contains help-exit-codes "$work/out" "Exit codes"
expect parse-help 0 -- "$bin" parse --help
contains parse-help-example "$work/out" "justera parse protokoll.txt -o protokoll.xml"
contains parse-help-docx "$work/out" "a Word document (.docx)"
expect version 0 -- "$bin" --version
# The help follows the language too (--lang before the command, or
# JUSTERA_LANG): the texts and CLI11's own words around them.
expect help-sv-verify 0 -- "$bin" --lang sv verify --help
contains help-sv-verify-first "$work/out" "Kontrollera underskrivna protokoll som PDF: vem som skrev under, i vilken roll, när och vad som ändrats"
contains help-sv-verify-usage "$work/out" "Användning: justera verify [FLAGGOR] FILES..."
contains help-sv-verify-help-flag "$work/out" "Visa den här hjälptexten och avsluta"
contains help-sv-verify-verdicts "$work/out" "Utfall (ETSI EN 319 102-1): TOTAL_PASSED"
contains help-sv-verify-range "$work/out" "--jobs N i [1 - 256]"
expect help-sv-sign-env 0 -- env JUSTERA_LANG=sv "$bin" sign --help
contains help-sv-sign-first "$work/out" "Skriv under protokollets PDF som justerare eller sekreterare (PAdES B-B)"
contains help-sv-sign-excludes "$work/out" "Utesluter: --p12 --key"
contains help-sv-sign-password "$work/out" "Lösenordet (eller PIN-koden till ett kort) ges aldrig på kommandoraden"
expect help-sv-top 0 -- "$bin" --lang sv --help
contains help-sv-top-exit "$work/out" "Utgångskoder (alla kommandon): 0 klart, 1 ogiltig/misslyckad, 2 oavgjord"
contains help-sv-top-limits "$work/out" "Gränser (docs/limits.md):"
contains help-sv-top-limit "$work/out" "Avvisa texter med fler rader"
contains help-sv-top-commands "$work/out" "Kommandon:"
expect help-sv-help-command 0 -- "$bin" --lang sv help case new
contains help-sv-help-command-usage "$work/out" "Användning: justera case new [FLAGGOR] INPUT"
expect help-sv-bare 4 -- env JUSTERA_LANG=sv "$bin"
contains help-sv-bare-usage "$work/out" "Användning: justera [FLAGGOR] KOMMANDO"
# Every command's help in Swedish has no English left in it: none of these
# words outside the example command lines (indented 'justera ...'), URLs and
# paths (any word with a '/').
sv_english_words() {  # sv_english_words FILE: the lines of FILE that still have English words
  grep -vE '^ +justera ' "$1" | sed -E 's#[^ ]*/[^ ]*##g' | grep -iwE 'the|of|and|with|this'
}
help_commands="parse info validate fingerprint render extract pdfa-check fields sign timestamp verify deadlines check anslag serve case"
help_subcommands="sign:prepare sign:complete sign:request sign:response case:new case:status"
for path in "" $help_commands $help_subcommands; do
  # shellcheck disable=SC2086 # the path's words are separate arguments
  expect "help-sv-${path:-top}" 0 -- "$bin" --lang sv ${path/:/ } --help
  if sv_english_words "$work/out" >"$work/english"; then
    echo "FAIL help-sv-${path:-top}-english: English left in 'justera --lang sv ${path:+${path/:/ } }--help':"; head -5 "$work/english" | sed 's/^/  /'
    failures=$((failures + 1))
  else
    passes=$((passes + 1))
  fi
done
# No command's help shows CLI11's word for a string: each option says what
# it takes (FILE, URL, YYYY-MM-DD, NAME ...), a positional its name alone.
for path in "" $help_commands $help_subcommands; do
  # shellcheck disable=SC2086 # the path's words are separate arguments
  "$bin" ${path/:/ } --help >"$work/out" 2>&1
  if grep -wn 'TEXT' "$work/out" >"$work/jargon"; then
    echo "FAIL help-no-text-type-${path:-top}: 'TEXT' in 'justera ${path:+${path/:/ } }--help':"; head -3 "$work/jargon" | sed 's/^/  /'
    failures=$((failures + 1))
  else
    passes=$((passes + 1))
  fi
done
expect help-value-names 0 -- "$bin" sign --help
contains help-value-names-file "$work/out" "-o,--output FILE"
contains help-value-names-url "$work/out" "--tsa URL"
contains help-value-names-positional "$work/out" "  INPUT    "
# ... and the lists above are every command there is (the English help's
# command lists).
"$bin" --help | sed -n '/^Subcommands:/,/^$/p' | awk 'NF && !/:$/ {print $1}' >"$work/commands"
[ "$(tr '\n' ' ' <"$work/commands")" = "$help_commands " ] && passes=$((passes + 1)) ||
  { echo "FAIL help-sv-all-commands: the commands are $(tr '\n' ' ' <"$work/commands")"; failures=$((failures + 1)); }
for cmd in $help_commands; do
  "$bin" "$cmd" --help | sed -n '/^Subcommands:/,/^$/p' | awk -v c="$cmd" 'NF && !/:$/ {print c ":" $1}'
done >"$work/subcommands"
[ "$(tr '\n' ' ' <"$work/subcommands")" = "$help_subcommands " ] && passes=$((passes + 1)) ||
  { echo "FAIL help-sv-all-subcommands: the subcommands are $(tr '\n' ' ' <"$work/subcommands")"; failures=$((failures + 1)); }
# English stays the default, unchanged.
expect help-en-verify 0 -- "$bin" verify --help
[ "$(head -1 "$work/out")" = "Verify signed protocol PDFs: who signed, in which role, when, and what changed" ] && passes=$((passes + 1)) ||
  { echo "FAIL help-en-verify-first: $(head -1 "$work/out")"; failures=$((failures + 1)); }
contains help-en-verify-usage "$work/out" "Usage: justera verify [OPTIONS] FILES..."
contains help-en-verify-help-flag "$work/out" "Print this help message and exit"
contains help-en-verify-range "$work/out" "--jobs N in [1 - 256]"
expect help-en-over-env 0 -- env JUSTERA_LANG=sv "$bin" --lang en verify --help
contains help-en-over-env-first "$work/out" "Verify signed protocol PDFs: who signed"
lacks help-en-over-env-no-swedish "$work/out" "Användning"
# The manual page is English whatever JUSTERA_LANG says (main.cpp).
SOURCE_DATE_EPOCH=0 "$bin" --man >"$work/man-en" 2>/dev/null
expect help-man-env 0 -- env SOURCE_DATE_EPOCH=0 JUSTERA_LANG=sv "$bin" --man
cmp -s "$work/man-en" "$work/out" && passes=$((passes + 1)) || { echo "FAIL help-man-env: JUSTERA_LANG=sv changes the manual page"; failures=$((failures + 1)); }
contains help-man-english "$work/out" "turn Swedish municipal protocols into canonical, verifiable documents"

# ---- deadlines: the domain brief's examples through the command line
expect deadlines-004 0 -- "$bin" deadlines --json --anslag 2023-04-27 "$seeds/004_187fbd7e2f1d6b52.txt"
contains deadlines-004-justering "$work/out" '"justering_date": "2023-04-26"'
contains deadlines-004-evidence "$work/out" '"justering_evidence": "signature_table"'
contains deadlines-004-appeal "$work/out" '"appeal_last_day": "2023-05-19"'
# The extract holds only immediately adjusted paragraphs: its own justering
# (Ojanne signed 2023-04-26) is theirs, with its notice and appeal day.
python3 -c 'import json, sys
d = json.load(open(sys.argv[1])); e = d["immediate"]
assert len(e) == 1 and e[0]["paragraphs"] == [10, 22, 23], e
assert e[0]["justering_date"] == "2023-04-26" and e[0]["justering_evidence"] == "signature_table", e
assert e[0]["anslag_date"] == "2023-04-27" and e[0]["appeal_last_day"] == "2023-05-19", e' "$work/out" \
  && passes=$((passes + 1)) || { echo "FAIL deadlines-004-immediate-event"; failures=$((failures + 1)); }
# The full protocol 003 does not show the justering of its §§ 10, 15, 16.
expect deadlines-003 0 -- "$bin" deadlines --json "$seeds/003_cf49da6b8fe401db.txt"
python3 -c 'import json, sys
e = json.load(open(sys.argv[1]))["immediate"]
assert e == [{"paragraphs": [10, 15, 16], "justering_date": None, "justering_evidence": "none", "anslag_date": None,
              "anslag_last_day": None, "appeal_last_day": None}], e' "$work/out" \
  && passes=$((passes + 1)) || { echo "FAIL deadlines-003-immediate-event"; failures=$((failures + 1)); }
# The municipality's own rules: a bad line is refused with its place; a
# rule that the text breaks is reported as local, not as the law.
printf 'justerare = 1\nomedelbar-justering-samma-dag = nej\n' >"$work/lokala.regler"
expect check-local-rules 0 -- "$bin" check --json --local-rules "$work/lokala.regler" "$seeds/004_187fbd7e2f1d6b52.txt"
contains check-local-rules-count "$work/out" '"rule": "local.justerare-count"'
python3 -c 'import json, sys
fs = json.load(open(sys.argv[1]))["findings"]
assert not any(f["rule"] == "immediate.same-day" for f in fs), fs
assert all(f["source"] == "local" for f in fs if f["rule"] == "local.justerare-count"), fs' "$work/out" \
  && passes=$((passes + 1)) || { echo "FAIL check-local-rules-applied"; failures=$((failures + 1)); }
printf 'ordforande-justerar = ja\nordforande-skriver = ja\n' >"$work/fel.regler"
expect local-rules-unknown 4 -- "$bin" deadlines --local-rules "$work/fel.regler" "$seeds/004_187fbd7e2f1d6b52.txt"
contains local-rules-unknown-line "$work/err" "fel.regler:2: unknown local rule 'ordforande-skriver'"
expect deadlines-000 0 -- "$bin" deadlines "$seeds/000_9b82ca12656ff44a.txt" --anslag 2024-03-22
contains deadlines-000-last-day "$work/out" "Sista dag för justering     tisdag 2024-04-02"
contains deadlines-000-anslag "$work/out" "Sista dag för anslag        måndag 2024-03-25"
contains deadlines-000-appeal "$work/out" "Sista dag för överklagande  fredag 2024-04-12"
expect deadlines-bad-date 4 -- "$bin" deadlines "$seeds/000_9b82ca12656ff44a.txt" --anslag 2024-02-30
expect deadlines-agenda 4 -- "$bin" deadlines --format agenda "$seeds/001_79249be5eea60560.txt"
contains deadlines-agenda-message "$work/err" "an agenda has no deadlines"

# ---- check: findings and exit codes
expect check-000 0 -- "$bin" check --json "$seeds/000_9b82ca12656ff44a.txt"
contains check-000-info "$work/out" '"rule": "justering.signed-before-announced"'
expect check-004 0 -- "$bin" check "$seeds/004_187fbd7e2f1d6b52.txt"
contains check-004-late "$work/out" "immediate.same-day"
expect check-004-strict 1 -- "$bin" check --strict "$seeds/004_187fbd7e2f1d6b52.txt"
expect check-004-early-anslag 1 -- "$bin" check --anslag 2023-04-25 "$seeds/004_187fbd7e2f1d6b52.txt"
contains check-004-early-anslag-rule "$work/out" "anslag.before-justering"
expect check-english 0 -- "$bin" check --lang en "$seeds/004_187fbd7e2f1d6b52.txt"
contains check-english-message "$work/out" "The paragraphs were to be adjusted at once"
contains check-english-count "$work/out" "findings: 0 errors, 2 warnings"
expect check-bad-lang 4 -- "$bin" check --lang de "$seeds/004_187fbd7e2f1d6b52.txt"
expect check-agenda 0 -- "$bin" check "$seeds/000_9b82ca12656ff44a.txt" --agenda "$seeds/001_79249be5eea60560.txt"
contains check-agenda-missing "$work/out" "agenda.immediate-missing"
expect deadlines-english 0 -- "$bin" deadlines --lang en "$seeds/000_9b82ca12656ff44a.txt" --anslag 2024-03-22
contains deadlines-english-appeal "$work/out" "Last day to appeal          Friday 2024-04-12"
contains deadlines-english-note "$work/out" "2024-03-24 is Sunday, so the time runs out on the next working day, Monday 2024-03-25"

# ---- check on signed PDFs: who signed comes from the verified signatures
certs=$src/certs
pw=$certs/test-only-password.txt
"$bin" -q render "$seeds/000_9b82ca12656ff44a.txt" -o "$work/c0.pdf" 2>/dev/null
"$bin" -q sign "$work/c0.pdf" -o "$work/c1.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" --password-file "$pw"
"$bin" -q sign "$work/c1.pdf" -o "$work/c2.pdf" --role justerare --p12 "$certs/test-only-jonsson.p12" --password-file "$pw"
# A signature cannot claim a time (SOURCE_DATE_EPOCH here) before its
# certificate was valid: sign refuses it (verify would not take it).
expect sign-before-certificate 3 -- env SOURCE_DATE_EPOCH=1600000000 "$bin" sign "$work/c0.pdf" -o "$work/early.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" --password-file "$pw"
contains sign-before-certificate-words "$work/err" "is valid only from 2023-01-01 00:00 UTC"
absent sign-before-certificate-nothing "$work/early.pdf"
trust=(--trust "$certs/test-only-root-ca.pem" --crl "$certs/test-only-issuing-ca.crl" --crl "$certs/test-only-root-ca.crl")
# The PDF's signature fields: whose each is, and which are filled.
expect fields 0 -- "$bin" fields "$work/c2.pdf"
contains fields-first "$work/out" "  justera_justerare_1  justerare "
contains fields-signed "$work/out" "signerat"
contains fields-unsigned "$work/out" "justera_sekreterare_1  sekreterare "
expect fields-json 0 -- "$bin" fields --json "$work/c2.pdf"
if python3 -c 'import json,sys; f=json.load(open(sys.argv[1])); assert [x["signed"] for x in f]==[True,True,False], f; assert f[2]["role"]=="sekreterare" and f[2]["person"]' "$work/out"; then
  passes=$((passes + 1)); else echo "FAIL fields-json-shape"; failures=$((failures + 1)); fi
expect fields-english 0 -- "$bin" --lang en fields "$work/c1.pdf"
contains fields-english-words "$work/out" "unsigned"
expect fields-not-a-pdf 3 -- "$bin" fields "$seeds/000_9b82ca12656ff44a.txt"
contains fields-not-a-pdf-code "$work/err" "[pdf-no-embedded-xml]"
expect check-one-justerare 1 -- "$bin" check --json "${trust[@]}" "$work/c1.pdf"
contains check-one-justerare-rule "$work/out" '"rule": "signatures.justerare-missing"'
contains check-one-justerare-evidence "$work/out" '"evidence": "verified_signatures"'
contains check-one-justerare-name "$work/out" "Jan Jönsson har inte skrivit under"
expect deadlines-one-justerare 0 -- "$bin" deadlines --json "$work/c1.pdf"
contains deadlines-one-justerare-unsigned "$work/out" '"unsigned_justerare": [
    "Jan Jönsson"'
contains deadlines-one-justerare-untrusted "$work/out" '"signature_evidence": "signatures_untrusted"'
# (signed today, long after the meeting in 2024: justering.deadline is an error too)
expect check-no-secretary 1 -- "$bin" check --json "${trust[@]}" "$work/c2.pdf"
contains check-no-secretary-rule "$work/out" '"rule": "signatures.secretary-missing"'
contains check-no-secretary-late "$work/out" '"rule": "justering.deadline"'
contains check-no-secretary-trusted "$work/out" '"evidence": "verified_signatures"'

# ---- anslag: the notice of justering, as text and as a PDF/A page
expect anslag-000 0 -- "$bin" anslag "$seeds/000_9b82ca12656ff44a.txt" --anslag 2024-03-22 --kept-at "Socialförvaltningen"
contains anslag-000-title "$work/out" "Tillkännagivande av justering"
contains anslag-000-down "$work/out" "Datum då anslaget tas ned: 2024-04-13"
contains anslag-000-appeal "$work/out" "senast fredag 2024-04-12"
# A notice that would be wrong to publish is refused, and nothing written:
# 003 shows no justering at all (no signatures, no printed date) ...
expect anslag-003-not-justerat 1 -- "$bin" anslag "$seeds/003_cf49da6b8fe401db.txt" --anslag 2025-02-21 --kept-at "Socialförvaltningen" -o "$work/n003.txt"
contains anslag-003-not-justerat-says "$work/err" "nothing shows the protocol justerat"
contains anslag-003-not-justerat-code "$work/err" "[notice-refused]"
absent anslag-003-no-output "$work/n003.txt"
# ... 004 was justerat 2023-04-26, so a notice on the 25th is before it ...
expect anslag-before-justering 1 -- "$bin" anslag "$seeds/004_187fbd7e2f1d6b52.txt" --anslag 2023-04-25 -o "$work/n004.pdf"
contains anslag-before-justering-says "$work/err" "is before the justering on 2023-04-26"
absent anslag-before-justering-no-output "$work/n004.pdf"
# ... and a notice whose protocol is not justerat by its signatures: the
# table without Ojanne's line.
grep -v "Emanuel, Ojanne" "$seeds/004_187fbd7e2f1d6b52.txt" >"$work/004-unsigned.txt"
expect anslag-unsigned 1 -- "$bin" anslag "$work/004-unsigned.txt" --anslag 2023-04-27
contains anslag-unsigned-says "$work/err" "has not signed"
# ... a protocol whose own ANSLAG/BEVIS takes the notice down on the last day
# to appeal (KL 13 kap. 5 § andra stycket) ...
{ cat "$seeds/000_9b82ca12656ff44a.txt"; printf '\nANSLAG/BEVIS\n\nDatum då anslaget sätts upp 2024-03-25\nDatum då anslaget tas ned 2024-04-15\nFörvaringsplats för protokollet Socialförvaltningen\n'; } >"$work/000-anslag.txt"
expect anslag-removed-early 1 -- "$bin" anslag "$work/000-anslag.txt" -o "$work/n-early.txt"
contains anslag-removed-early-says "$work/err" "takes the notice down on 2024-04-15, before the appeal time has run out"
absent anslag-removed-early-no-output "$work/n-early.txt"
expect check-removed-early 1 -- "$bin" check "$work/000-anslag.txt"
contains check-removed-early-rule "$work/out" "anslag.removed-early"
# ... and a justering day before the meeting.
expect anslag-before-meeting-parse 0 -- "$bin" parse "$seeds/003_cf49da6b8fe401db.txt" --set justering_date=2025-02-17 -o "$work/003-early.xml"
expect anslag-justering-before-meeting 1 -- "$bin" anslag "$work/003-early.xml" --anslag 2025-02-19
contains anslag-justering-before-meeting-says "$work/err" "the justering day 2025-02-17 is before the meeting on 2025-02-18"
# The full protocol's notice covers the paragraphs not adjusted at once, and
# says where the others' notice comes from (003 with a justering day set).
expect anslag-003-parse 0 -- "$bin" parse "$seeds/003_cf49da6b8fe401db.txt" --set justering_date=2025-02-21 -o "$work/003-set.xml"
expect anslag-003-set 0 -- "$bin" anslag "$work/003-set.xml" --anslag 2025-02-24 --kept-at "Socialförvaltningen"
contains anslag-003-rest "$work/out" "Paragrafer: § 1, § 2, § 3, § 4, § 5, § 6, § 7, § 8, § 9, § 11"
contains anslag-003-apart "$work/err" "§ 10, § 15, § 16 were adjusted at once, apart from the rest"
expect anslag-004 0 -- "$bin" anslag "$seeds/004_187fbd7e2f1d6b52.txt" --anslag 2023-04-27 --kept-at "Socialförvaltningen"
contains anslag-004-paragraphs "$work/out" "Paragrafer: §10, §§22-23"
contains anslag-004-appeal "$work/out" "senast fredag 2023-05-19"
expect anslag-no-kept-at 0 -- "$bin" anslag "$seeds/000_9b82ca12656ff44a.txt" --anslag 2024-03-22
contains anslag-no-kept-at-warning "$work/err" "must say where the protocol is kept"
expect anslag-pdf 0 -- "$bin" anslag "$seeds/000_9b82ca12656ff44a.txt" --anslag 2024-03-22 --kept-at "Socialförvaltningen" -o "$work/anslag.pdf"
expect anslag-pdfa 0 -- "$bin" pdfa-check "$work/anslag.pdf"
pdftotext "$work/anslag.pdf" "$work/anslag.txt" 2>/dev/null
contains anslag-pdf-text "$work/anslag.txt" "Förvaringsplats för"
contains anslag-pdf-kept-at "$work/anslag.txt" "Socialförvaltningen"
# No word of the notice is drawn over another (poppler's word boxes, pairwise).
pdftotext -bbox "$work/anslag.pdf" "$work/anslag.bbox.html" 2>/dev/null
python3 -c 'import re, sys
words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in
         re.findall(r"<word xMin=\"([\d.]+)\" yMin=\"([\d.]+)\" xMax=\"([\d.]+)\" yMax=\"([\d.]+)\">([^<]*)</word>", open(sys.argv[1]).read())]
assert len(words) > 30, len(words)
for i, p in enumerate(words):
    for q in words[i + 1:]:
        if min(p[2], q[2]) - max(p[0], q[0]) > 0.5 and min(p[3], q[3]) - max(p[1], q[1]) > 0.5:
            sys.exit("overlap: %r %r" % (p, q))' "$work/anslag.bbox.html" \
  && passes=$((passes + 1)) || { echo "FAIL anslag-pdf-no-overlap"; failures=$((failures + 1)); }
# The notice PDF is a document of its own: it carries the notice's XML, which
# names the protocol by fingerprint, and verify reports a notice whose page
# shows what its XML says, not a protocol changed after signing.
"$bin" fingerprint "$seeds/000_9b82ca12656ff44a.txt" >"$work/fp000.txt" 2>/dev/null
expect anslag-pdf-verify 2 -- "$bin" verify --json "$work/anslag.pdf"
cp "$work/out" "$work/anslag-report.json"
python3 -c 'import json, sys
r = json.load(open(sys.argv[1])); doc = r["document"]
fp = open(sys.argv[2]).read().split()[0]
assert doc["embedded_xml"] == "anslag.xml" and doc["protocol"] is False, doc
assert doc["notice"]["protocol_fingerprint"] == fp, (doc["notice"], fp)
assert doc["notice"]["appeal_last_day"] == "2024-04-12" and doc["notice"]["posted"] == "2024-03-22", doc["notice"]
checks = {c["id"]: c["status"] for c in doc["checks"]}
assert checks == {"embedded_xml": "PASSED", "xmp_fingerprint": "PASSED", "visible_text": "PASSED"}, checks
assert r["roles"] == [] and not any("chang" in f["message"] for f in r["findings"]), r["findings"]' "$work/anslag-report.json" "$work/fp000.txt" \
  && passes=$((passes + 1)) || { echo "FAIL anslag-pdf-is-a-notice"; failures=$((failures + 1)); }
# A notice whose XML says another last day to appeal than its page: the page
# no longer shows what the XML says (and the XMP no longer names the XML).
qpdf --qdf --object-streams=disable "$work/anslag.pdf" "$work/anslag-qdf.pdf"
LC_ALL=C sed 's/appealLastDay="2024-04-12"/appealLastDay="2024-04-19"/' "$work/anslag-qdf.pdf" >"$work/anslag-other.pdf"
expect anslag-other-verify 1 -- "$bin" verify --json "$work/anslag-other.pdf"
python3 -c 'import json, sys
checks = {c["id"]: c for c in json.load(open(sys.argv[1]))["document"]["checks"]}
assert checks["visible_text"]["status"] == "FAILED" and "2024-04-19" not in checks["visible_text"]["message"], checks
assert "Den som vill överklaga" in checks["visible_text"]["message"], checks["visible_text"]
assert checks["xmp_fingerprint"]["status"] == "FAILED", checks' "$work/out" \
  && passes=$((passes + 1)) || { echo "FAIL anslag-other-not-shown"; failures=$((failures + 1)); }
expect anslag-pdf-report-schema 0 -- /usr/bin/jsonschema -i "$work/anslag-report.json" "$src/schemas/verify-report.schema.json"
expect anslag-pdf-info 0 -- "$bin" info "$work/anslag.pdf"
contains anslag-pdf-info-kind "$work/out" "Tillkännagivande av justering"
expect anslag-pdf-deadlines 4 -- "$bin" deadlines "$work/anslag.pdf"
contains anslag-pdf-deadlines-says "$work/err" "this is a notice of justering (anslag), not a protocol"
expect anslag-needs-date 1 -- "$bin" anslag "$seeds/000_9b82ca12656ff44a.txt"
contains anslag-needs-date-says "$work/err" "no posting day: give --anslag"

# ---- verify: exit codes for what is not a signed PDF
"$bin" -q render "$seeds/004_187fbd7e2f1d6b52.txt" -o "$work/unsigned.pdf" 2>/dev/null
expect verify-unsigned 2 -- "$bin" verify --trust "$src/certs/test-only-root-ca.pem" "$work/unsigned.pdf"
contains verify-unsigned-says "$work/out" "OAVGJORD (INDETERMINATE)"
expect verify-not-pdf 3 -- "$bin" verify "$seeds/004_187fbd7e2f1d6b52.txt"
contains verify-not-pdf-message "$work/err" "not a PDF"
expect verify-missing 5 -- "$bin" verify "$work/does-not-exist.pdf"
expect verify-bad-trust 4 -- "$bin" verify --trust "$seeds/004_187fbd7e2f1d6b52.txt" "$work/unsigned.pdf"
contains verify-bad-trust-message "$work/err" "no PEM certificate"
expect verify-bad-at 4 -- "$bin" verify --at 22/11/2026 "$work/unsigned.pdf"
expect verify-no-files 4 -- "$bin" verify
expect verify-help 0 -- "$bin" verify --help
contains verify-help-verdicts "$work/out" "TOTAL_PASSED"
printf '%%PDF-1.7\ngarbage\n' >"$work/broken.pdf"
expect verify-broken 1 -- "$bin" verify --json "$work/broken.pdf"
contains verify-broken-json "$work/out" '"verdict": "TOTAL_FAILED"'

# ---- verify --report-pdf: the page's PDF report from the command line
expect report-pdf 2 -- "$bin" verify "${trust[@]}" "$work/c2.pdf" --report-pdf "$work/rapport.pdf"
contains report-pdf-says "$work/err" "justera: skrev $work/rapport.pdf"
contains report-pdf-panel "$work/out" "Dokumentet: "
expect report-pdf-pdfa 0 -- "$bin" pdfa-check "$work/rapport.pdf"
perl -pe 's|/OutputIntents|/OutputIntentX|' "$work/rapport.pdf" >"$work/rapport-plain.pdf"
pdfinfo -struct-text "$work/rapport-plain.pdf" >"$work/rapport.struct" 2>/dev/null
contains report-pdf-question "$work/rapport.struct" "Är protokollet justerat?"
contains report-pdf-signer "$work/rapport.struct" "Jan Oskar Jönsson"
contains report-pdf-sha256 "$work/rapport.struct" "$(sha256sum "$work/c2.pdf" | cut -c1-64)"
pdfdetach -saveall -o "$work/" "$work/rapport.pdf" >/dev/null 2>&1
[ -n "$(ls "$work"/*.json 2>/dev/null)" ] && grep -q "\"sha256\": \"$(sha256sum "$work/c2.pdf" | cut -c1-64)\"" "$work"/*.json \
  && passes=$((passes + 1)) || { echo "FAIL report-pdf-json: no attached JSON report with the file's SHA-256"; failures=$((failures + 1)); }
expect report-pdf-en 2 -- "$bin" verify "${trust[@]}" --lang en "$work/c2.pdf" --report-pdf "$work/report.pdf"
perl -pe 's|/OutputIntents|/OutputIntentX|' "$work/report.pdf" >"$work/report-plain.pdf"
pdfinfo -struct-text "$work/report-plain.pdf" >"$work/report.struct" 2>/dev/null
contains report-pdf-en-question "$work/report.struct" "Is the protocol adjusted"
lacks report-pdf-en-no-swedish "$work/report.struct" "Är protokollet justerat?"
expect report-pdf-unwritable 5 -- "$bin" verify "${trust[@]}" "$work/c2.pdf" --report-pdf "$work"
contains report-pdf-unwritable-says "$work/err" "the report was not written: cannot write output: it is a directory"
contains report-pdf-unwritable-panel "$work/out" "Dokumentet: "
expect report-pdf-two-files 4 -- "$bin" verify "$work/c1.pdf" "$work/c2.pdf" --report-pdf "$work/two.pdf"
contains report-pdf-two-files-says "$work/err" "--report-pdf takes one PDF file, not 2"
absent report-pdf-two-files-none "$work/two.pdf"
cp "$work/c2.pdf" "$work/keep.pdf"
expect report-pdf-over-input 4 -- "$bin" verify "$work/c2.pdf" --report-pdf "$work/c2.pdf"
cmp -s "$work/c2.pdf" "$work/keep.pdf" && passes=$((passes + 1)) || { echo "FAIL report-pdf-over-input-unchanged: the input was changed"; failures=$((failures + 1)); }

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
