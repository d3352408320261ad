#!/usr/bin/env bash
# serve_answers_test.sh JUSTERA SOURCE_DIR BUILD_DIR: the verification page
# answers "Är protokollet justerat?" fairly for every kind of file, in a real
# browser (serve_answers_browser.py; Swedish and English, desktop and phone
# width; screenshots in BUILD_DIR/serve-answers-shots):
#   justerat        seed 000 signed by both justerare and the sekreterare
#   no-secretary    signed by both justerare only: justerat, the sekreterare named as missing
#   not-yet         signed by one justerare: who is missing
#   self-signed     the second justerare "signed" with a self-signed certificate
#                   copying the justerare's names: cannot be confirmed, and why
#   changed         a letter changed under every signature: no, changed
#   foreign         a PDF made elsewhere (seed 004 set by mutool, no XML) with
#                   three pdfsig signatures: the signers matched to the names
#                   its pages print; its justering was late, and the answer says so
#   unsigned        the same PDF unsigned: cannot be confirmed, facts marked unconfirmed
# Then the version each signer signed, cut from the same file again
# (POST /verify/revision), byte for byte the file that signer signed.
set -uo pipefail
# shellcheck source=../support/serve_url.sh
. "$(dirname "$0")/../support/serve_url.sh"
bin=$1 src=$2 build=$3
certs=$src/certs
pw=$certs/test-only-password.txt
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
failures=0 passes=0
ok() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# Our own files, signed at the announced justering day of seed 000 (22 March
# 2024): the same answers whatever day the test runs.
# A self-signed certificate copying a justerare's name, valid from 2024-01-01
# (a signature cannot claim a time before its certificate): made with
# 'openssl ca -selfsign', which takes a start date.
forge() {
  local d="$work/forged-ca"
  mkdir -p "$d" && : >"$d/index.txt" && printf '01\n' >"$d/serial" &&
    printf '[ca]\ndefault_ca = d\n[d]\ndatabase = %s/index.txt\nserial = %s/serial\nnew_certs_dir = %s\ndefault_md = sha256\npolicy = p\nunique_subject = no\n[p]\ncommonName = supplied\n' \
      "$d" "$d" "$d" >"$d/ca.cnf" &&
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/forged.key" -out "$d/forged.csr" -utf8 \
      -subj "/CN=Jan Oskar Jönsson/GN=Jan Oskar/SN=Jönsson/serialNumber=TEST-197001010002" 2>/dev/null &&
    openssl ca -batch -selfsign -notext -preserveDN -utf8 -config "$d/ca.cnf" -keyfile "$work/forged.key" -in "$d/forged.csr" \
      -startdate 20240101000000Z -enddate 20460101000000Z -out "$work/forged.pem" 2>/dev/null
}
(
  export SOURCE_DATE_EPOCH=1711101600
  sign() { "$bin" -q sign "$work/$1.pdf" -o "$work/$2.pdf" --p12 "$certs/test-only-$3.p12" --password-file "$pw" --role "$4"; }
  "$bin" -q render "$src/tests/fixtures/seeds/000_9b82ca12656ff44a.txt" -o "$work/s0.pdf" 2>/dev/null &&
    sign s0 not-yet ojanne justerare && sign not-yet no-secretary jonsson justerare && sign no-secretary justerat hillborg sekreterare &&
    forge &&
    "$bin" -q sign "$work/not-yet.pdf" -o "$work/self-signed.pdf" --key "$work/forged.key" --cert "$work/forged.pem" --role justerare
) || fail "the signed samples were not made"
/usr/bin/python3 - "$work/justerat.pdf" "$work/changed.pdf" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
i = d.index("Socialnämnden".encode())
open(sys.argv[2], "wb").write(d[:i] + b"X" + d[i + 1:])
PY
# An insider's update after both justerare signed: page 2's content stream
# replaced (tests/verify/pdfpatch.pl, an incremental update).
contents=$(mutool show "$work/no-secretary.pdf" trailer/Root/Pages/Kids/2/Contents 2>/dev/null | awk 'NR == 1 { print $1 }')
printf '<< /Length 0 >>\nstream\nBT /F1 12 Tf 72 700 Td (Beslutet upphävs) Tj ET\nendstream\n' >"$work/page2.body"
perl "$src/tests/verify/pdfpatch.pl" append "$work/no-secretary.pdf" "$work/page-changed.pdf" "$contents=$work/page2.body" || fail "the insider's update was not made"

# A PDF made elsewhere, signed by poppler's pdfsig (NSS) three times.
mkdir "$work/pages" "$work/nss"
mutool create -o "$work/unsigned.pdf" $(/usr/bin/python3 "$src/tests/support/foreign_pdf.py" pages "$src/tests/fixtures/seeds/004_187fbd7e2f1d6b52.txt" "$work/pages") 2>/dev/null ||
  fail "mutool create"
certutil -N -d "sql:$work/nss" --empty-password
for who in ojanne jonsson hillborg; do pk12util -i "$certs/test-only-$who.p12" -d "sql:$work/nss" -w "$pw" >/dev/null 2>&1 || fail "pk12util $who"; done
nick() { certutil -L -d "sql:$work/nss" | grep -F "$1" | sed 's/  *u,u,u *$//'; }
pdfsig -nssdir "sql:$work/nss" -nick "$(nick 'Ojanne (TEST ONLY)')" -add-signature "$work/unsigned.pdf" "$work/f1.pdf" >/dev/null 2>&1
pdfsig -nssdir "sql:$work/nss" -nick "$(nick 'nsson (TEST ONLY)')" -add-signature "$work/f1.pdf" "$work/f2.pdf" >/dev/null 2>&1
pdfsig -nssdir "sql:$work/nss" -nick "$(nick 'Hillborg (TEST ONLY)')" -add-signature "$work/f2.pdf" "$work/foreign.pdf" >/dev/null 2>&1
# A spoilt signature: one byte of the sekreterare's signature value changed
# (the last byte of its CMS). The justerare's signatures still hold: the
# protocol is justerat, and the spoilt one is named, not called a change.
perl "$src/tests/verify/pdfpatch.pl" get-contents "$work/justerat.pdf" 3 "$work/sek.der" &&
  /usr/bin/python3 -c 'import sys; d = bytearray(open(sys.argv[1], "rb").read()); d[-1] ^= 0x55; open(sys.argv[1], "wb").write(d)' "$work/sek.der" &&
  perl "$src/tests/verify/pdfpatch.pl" put-contents "$work/justerat.pdf" 3 "$work/sek.der" "$work/spoilt.pdf" || fail "the spoilt signature was not made"
for f in justerat no-secretary not-yet self-signed changed page-changed spoilt foreign unsigned; do [ -s "$work/$f.pdf" ] && ok || fail "$f.pdf was not made"; done

mkdir -p "$work/cwd"
(cd "$work/cwd" && exec "$bin" serve --listen 127.0.0.1:0 --workers 2 --trust "$certs/test-only-root-ca.pem" \
  --crl "$certs/test-only-issuing-ca.crl" --crl "$certs/test-only-root-ca.crl" >"$work/serve.out" 2>"$work/serve.err") &
pids+=($!)
url=$(serve_url "$work/serve.out" "$work/serve.err") || exit 1

# What each file must answer: key, box, the answer's first words (sv, en),
# words the notes must hold, the roles the cards show, whether the facts are
# marked unconfirmed.
cat >"$work/cases.json" <<JSON
[
 {"file": "$work/justerat.pdf", "name": "justerat", "answer": "yes", "box": "ok", "sv": "Ja. Protokollet är justerat av Alexander Ojanne och Jan Jönsson",
  "en": "Yes. The protocol is adjusted by Alexander Ojanne and Jan Jönsson", "notes": [], "roles": ["Justerare", "Justerare", "Sekreterare"], "unconfirmed": false},
 {"file": "$work/no-secretary.pdf", "name": "no-secretary", "answer": "yes", "box": "warn", "sv": "Ja. Protokollet är justerat",
  "en": "Yes. The protocol is adjusted", "notes": ["Sekreteraren Magnus Hillborg har inte signerat"], "roles": ["Justerare", "Justerare"], "unconfirmed": false},
 {"file": "$work/not-yet.pdf", "name": "not-yet", "answer": "not_yet", "box": "warn", "sv": "Inte än: Jan Jönsson (justerare) har inte signerat",
  "en": "Not yet: Jan Jönsson (adjuster) has not signed", "notes": [], "roles": ["Justerare"], "unconfirmed": false},
 {"file": "$work/self-signed.pdf", "name": "self-signed", "answer": "cannot_confirm", "box": "warn",
  "sv": "Kan inte bekräftas: Jan Oskar Jönsson har ett självsignerat certifikat: vem som helst kan skapa ett sådant certifikat",
  "en": "Cannot be confirmed: Jan Oskar Jönsson has a self-signed certificate: anyone can make such a certificate", "notes": [],
  "roles": ["Justerare", "Justerare – namnet stämmer med protokollets, men det är inte bekräftat att det är samma person"], "unconfirmed": true},
 {"file": "$work/changed.pdf", "name": "changed", "answer": "changed", "box": "bad", "sv": "Nej. Protokollet har ändrats efter att det signerades",
  "en": "No. The protocol was changed after it was signed", "notes": [], "roles": null, "unconfirmed": true},
 {"file": "$work/page-changed.pdf", "name": "page-changed", "answer": "changed", "box": "bad", "sv": "Nej. Protokollet har ändrats efter att det signerades",
  "en": "No. The protocol was changed after it was signed", "notes": [], "roles": null, "unconfirmed": true,
  "cards": ["underskriften i sig är hel, men filen har ändrats efter den", "det som sidan 2 visar har ändrats"]},
 {"file": "$work/spoilt.pdf", "name": "spoilt", "answer": "yes", "box": "warn", "sv": "Ja. Protokollet är justerat av Alexander Ojanne och Jan Jönsson",
  "en": "Yes. The protocol is adjusted by Alexander Ojanne and Jan Jönsson", "notes": ["Underskriften av Carl Magnus Hillborg håller inte och räknas inte"],
  "roles": ["Justerare", "Justerare", "Prövas inte mot protokollets namn: underskriften håller inte"], "unconfirmed": false},
 {"file": "$work/foreign.pdf", "name": "foreign", "answer": "yes", "box": "warn", "sv": "Ja. Protokollet är justerat av Alexander Ojanne och Jan Jönsson",
  "en": "Yes. The protocol is adjusted by Alexander Ojanne and Jan Jönsson", "notes": ["efter sista dagen tisdag 2023-05-09"],
  "roles": ["Justerare", "Justerare", "Sekreterare"], "unconfirmed": false},
 {"file": "$work/unsigned.pdf", "name": "unsigned", "answer": "cannot_confirm", "box": "warn", "sv": "Kan inte bekräftas: filen har inga digitala underskrifter",
  "en": "Cannot be confirmed: the file has no digital signatures", "notes": [], "roles": [], "unconfirmed": true}
]
JSON
# The same through the API, for programs: every case's answer key.
/usr/bin/python3 - "$url" "$work/cases.json" >"$work/api.out" 2>&1 <<'PY' && ok || { fail "api/verify answers:"; cat "$work/api.out"; }
import json, sys, urllib.request
url, cases = sys.argv[1], json.load(open(sys.argv[2]))
bad = []
for c in cases:
    req = urllib.request.Request(url + "api/verify", data=open(c["file"], "rb").read(), headers={"Content-Type": "application/pdf"})
    a = json.load(urllib.request.urlopen(req, timeout=120))
    got = a.get("answer") or {}
    if got.get("key") != c["answer"] or not got.get("sv", "").startswith(c["sv"]) or not got.get("en", "").startswith(c["en"]):
        bad.append("%s: %s" % (c["name"], json.dumps(got, ensure_ascii=False)[:300]))
    if c["name"] == "foreign":
        roles = [(r["role"], r["name"], bool(r["signed_by"])) for r in a["report"]["roles"]]
        if roles != [("justerare", "Alexander Ojanne", True), ("justerare", "Jan Jönsson", True), ("sekreterare", "Magnus Hillborg", True)]:
            bad.append("foreign: the signers are not matched to the names its pages print: %s" % roles)
        if any("har inte skrivit under" in f["message"]["sv"] for f in a["check"]["findings"]):
            bad.append("foreign: a finding says a signer who signed has not")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY

# In the browser.
mkdir -p "$build/serve-answers-shots"
if /usr/bin/python3 "$src/tests/e2e/serve_answers_browser.py" "$url" "$work/cases.json" "$build/serve-answers-shots" >"$work/browser.out" 2>&1; then ok; else fail "browser:"; fi
cat "$work/browser.out"

# The version each signer signed: the form's fields, with the same file.
curl -s -L -o "$work/foreign.html" -F file=@"$work/foreign.pdf" "${url}verify"
sha=$(sha256sum "$work/foreign.pdf" | cut -c1-64)
grep -q "name=\"sha256\" value=\"$sha\"" "$work/foreign.html" && ok || fail "the result page does not carry the file's SHA-256 for the signed versions"
for k in 1 2 3; do
  value=$(grep -o "value=\"sig-$k:[0-9]*\"" "$work/foreign.html" | cut -d'"' -f2)
  code=$(curl -s -o "$work/rev$k.pdf" -w '%{http_code}' -F file=@"$work/foreign.pdf" -F "sha256=$sha" -F "revision=$value" "${url}verify/revision")
  want=$work/f$k.pdf
  [ "$k" = 3 ] && want=$work/foreign.pdf
  [ "$code" = 200 ] && cmp -s "$work/rev$k.pdf" "$want" && ok || fail "signed version $k ($value): HTTP $code, not the file signer $k signed"
done
pdfsig "$work/rev1.pdf" 2>/dev/null | grep -q 'Signature is Valid' && ok || fail "pdfsig does not find the first signer's version valid"
# Another file, a version that is not one, a forged end: refused, nothing sent.
code=$(curl -s -o "$work/x.html" -w '%{http_code}' -F file=@"$work/f2.pdf" -F "sha256=$sha" -F "revision=$value" "${url}verify/revision")
[ "$code" = 400 ] && grep -q 'inte samma fil' "$work/x.html" && ok || fail "another file than the one verified: HTTP $code"
code=$(curl -s -o "$work/x.html" -w '%{http_code}' -F file=@"$work/foreign.pdf" -F "sha256=$sha" -F "revision=sig-1:1000" "${url}verify/revision")
[ "$code" = 400 ] && ok || fail "an end that is no revision's: HTTP $code"
code=$(curl -s -o "$work/x.html" -w '%{http_code}' -F file=@"$work/foreign.pdf" -F "sha256=$sha" -F "revision=sig-1:99999999999" "${url}verify/revision")
[ "$code" = 400 ] && ok || fail "an end past the file: HTTP $code"

# Post/Redirect/Get: the form's answer is a 303 to a page that can be loaded
# again; a result that is gone says so.
curl -s -D "$work/prg.h" -o /dev/null -F file=@"$work/justerat.pdf" "${url}verify"
location=$(tr -d '\r' <"$work/prg.h" | sed -n 's/^Location: //Ip')
head -1 "$work/prg.h" | grep -q ' 303 ' && [[ "$location" =~ ^/result/[0-9a-f]{32}$ ]] && ok || fail "POST /verify is not a 303 to /result/TOKEN: $(head -1 "$work/prg.h") $location"
curl -s -o "$work/r1.html" "${url}${location#/}"
curl -s -o "$work/r2.html" "${url}${location#/}"
grep -q 'data-answer="yes"' "$work/r1.html" && cmp -s "$work/r1.html" "$work/r2.html" && ok || fail "the result page is not the same when loaded again"
# The notice day on the result page, without the file again: the last day
# to appeal (three weeks on, past Easter: 2024-03-29 is Good Friday), and a
# notice put up too late is said at once.
curl -s -o "$work/a1.html" "${url}${location#/}?anslag=2024-03-25"
grep -q 'class="appeal">2024-04-15 ' "$work/a1.html" && ok || fail "notice day 2024-03-25: not the last day to appeal 2024-04-15"
curl -s -o "$work/a2.html" "${url}${location#/}?anslag=2024-03-29&lang=en"
grep -q 'class="appeal">2024-04-19 ' "$work/a2.html" && sed -n '/id="verdict"/,/<\/section>/p' "$work/a2.html" | grep -q 'Anslaget sattes upp' && ok ||
  fail "notice day 2024-03-29: the last day to appeal or the late notice is not said with the answer"
code=$(curl -s -o /dev/null -w '%{http_code}' "${url}${location#/}?anslag=2024-13-45")
[ "$code" = 400 ] && ok || fail "a notice day that is no date: HTTP $code"
# The report as a PDF to keep: PDF/A-3a as pdfa-check reads it, in the
# language asked for, the notice day asked for, the file's SHA-256 whole, and
# the JSON attached; nothing of the server's own.
sha=$(sha256sum "$work/justerat.pdf" | cut -c1-64)
for lang in sv en; do
  pdf=$work/rapport-$lang.pdf
  curl -s -D "$work/rapport-$lang.h" -o "$pdf" "${url}${location#/}/rapport.pdf?lang=$lang&anslag=2024-03-25"
  tr -d '\r' <"$work/rapport-$lang.h" >"$work/rapport-$lang.headers"
  grep -qi '^content-type: application/pdf$' "$work/rapport-$lang.headers" && grep -qi "^content-disposition: attachment; .*filename\*=UTF-8''justerat-" "$work/rapport-$lang.headers" &&
    ok || fail "the PDF report ($lang) is not offered as a file: $(cat "$work/rapport-$lang.headers")"
  "$bin" pdfa-check "$pdf" >"$work/rapport-$lang.check" && ok || fail "the PDF report ($lang) fails pdfa-check: $(grep FAIL "$work/rapport-$lang.check")"
  qpdf --check "$pdf" >/dev/null 2>&1 && ok || fail "qpdf --check on the PDF report ($lang)"
  pdfinfo -struct-text "$pdf" >"$work/rapport-$lang.struct" 2>&1
  mkdir -p "$work/detached-$lang"
  pdfdetach -saveall -o "$work/detached-$lang" "$pdf" >/dev/null 2>&1
done
/usr/bin/python3 - "$work" "$sha" <<'PY' && ok || fail "the PDF reports' contents"
import json, os, re, sys
work, sha = sys.argv[1:3]
for lang, question, other, appeal, lang_tag, attached in (
        ("sv", "Är protokollet justerat?", "Is the protocol", "Sista dag att överklaga", b"/Lang (sv-SE)", "verifieringsrapport.json"),
        ("en", "Is the protocol adjusted (justerat)?", "Är protokollet", "Last day to appeal", b"/Lang (en-GB)", "verification-report.json")):
    text = open(os.path.join(work, "rapport-%s.struct" % lang)).read()
    assert question in text and other not in text, (lang, "question")
    # Every line of text in a structure element: the hash in one piece.
    assert sha in text, (lang, "sha256 not whole")
    assert appeal in text and "2024-04-15" in text, (lang, "the notice day's appeal")
    assert re.search(r'H2 \(block\)\s+"%s"' % re.escape(question), text), (lang, "the question as a heading")
    assert lang_tag in open(os.path.join(work, "rapport-%s.pdf" % lang), "rb").read(), (lang, "Lang")
    a = json.load(open(os.path.join(work, "detached-%s" % lang, attached)))
    assert a["report"]["sha256"] == sha and a["answer"]["key"] == "yes", (lang, "attachment")
    assert "recheck" not in a and "text" not in a.get("embedded_xml", {}), (lang, "the server's own in the attachment")
    assert a["check"]["deadlines"]["anslag_date"] == "2024-03-25", (lang, "the attachment's notice day")
PY
curl -s --data-binary @"$work/justerat.pdf" -H 'Content-Type: application/pdf' "${url}api/verify" >"$work/api-j.json"
! grep -q '"recheck"' "$work/api-j.json" && ! grep -q 'recheck' "$work/r1.html" && ok || fail "what the server keeps for the notice day reached the visitor"
code=$(curl -s -o "$work/gone.html" -w '%{http_code}' "${url}result/00000000000000000000000000000000")
[ "$code" = 404 ] && grep -q 'finns inte längre' "$work/gone.html" && ok || fail "an unknown result: HTTP $code"
code=$(curl -s -o /dev/null -w '%{http_code}' "${url}result/00000000000000000000000000000000/rapport.pdf")
[ "$code" = 404 ] && ok || fail "the PDF report of an unknown result: HTTP $code"
# The shared link names the file by its SHA-256; only that file is taken.
sha=$(sha256sum "$work/justerat.pdf" | cut -c1-64)
grep -q "href=\"/r/$sha\"" "$work/r1.html" && ok || fail "the result page has no link to share"
curl -s -o "$work/shared.html" "${url}r/$sha"
grep -q "name=\"expect\" value=\"$sha\"" "$work/shared.html" && ok || fail "the shared link's page does not ask for that file"
code=$(curl -s -o "$work/other.html" -w '%{http_code}' -F file=@"$work/changed.pdf" -F "expect=$sha" "${url}verify")
[ "$code" = 400 ] && grep -q 'inte den fil som länken gäller' "$work/other.html" && ok || fail "another file through a shared link: HTTP $code"
curl -s -L -o "$work/again.html" -F file=@"$work/justerat.pdf" -F "expect=$sha" "${url}verify"
grep -q 'data-answer="yes"' "$work/again.html" && grep -q "$sha" "$work/again.html" && ok || fail "the same file through a shared link does not give its result"
[ -z "$(find "$work/cwd" -mindepth 1)" ] && ok || fail "the server left files"

echo "serve answers: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
