#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Protocol PDFs set by hand for the PDF layout tests (tests/interop/pdf_layout_test.sh).

    layout_pdf.py OUTDIR      writes OUTDIR/<name>.pdf and OUTDIR/<name>.expected.json

Each PDF is written here, byte for byte, with Helvetica and Helvetica-Bold
(the standard fonts, WinAnsi, with fi, fl and the soft hyphen added to the
encoding) at exact positions: what a municipality's word processor makes,
with what makes reading its text hard. The protocols are invented (names,
places, matters); their layouts follow the corpus (docs/ingest.md):

  fet-rubrik   bold "§ N  Title" headings at the margin, a two-column front
               page, a running header and footer, "§ 12" inside a sentence,
               a sentence wrapped so that "§ 98" starts a line, headings
               made bold by overprinting (a fraction of a point apart, which
               poppler merges, and 1.6 pt apart, which it does not), a
               heading over two lines, a rotated margin note, a slanted
               "KOPIA" on every page, text off the page, ligatures, soft
               hyphens
  marginal     the § number in the margin and the title and body in a
               column to its right, the case number in a third column, a
               wrapped "§ 98" in the body column, an indented "§ 99" quote
  utan-fetstil no bold at all: headings set apart by space only, a wrapped
               "§ 98", a vertical "Justerandes sign" in every page's margin

The expected file lists each paragraph (number, title, case numbers,
immediate), the words that must and must not be in the XML, the § lines
justera-pdftext marks as headings, text that must be read once (not
doubled by overprinting), and what it must report.
"""
import json
import math
import os
import sys

W, H = 595, 842
LEFT = 56
REGULAR, BOLD = "F1", "F2"


def encode(s):
    """PDF string bytes for the fonts' encoding: WinAnsi, fi 0x81, fl 0x8D, soft hyphen 0x8F."""
    out = bytearray()
    for ch in s:
        if ch == "\ufb01":
            out.append(0x81)
        elif ch == "\ufb02":
            out.append(0x8D)
        elif ch == "\u00ad":
            out.append(0x8F)
        else:
            out += ch.encode("cp1252")
    return bytes(out).replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


class Page:
    def __init__(self):
        self.ops = []

    def cell(self, x, y, runs, size=10, offsets=((0, 0),), angle=0):
        """Text at x and baseline y (from the page's top): runs of (font, text);
        drawn once per offset (overprinting), turned `angle` degrees counter-clockwise."""
        c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        for dx, dy in offsets:
            ops = [b"BT", b"%.4f %.4f %.4f %.4f %.2f %.2f Tm" % (c, s, -s, c, x + dx, H - y + dy)]
            for font, text in runs:
                ops.append(b"/%s %g Tf (%s) Tj" % (font.encode(), size, encode(text)))
            ops.append(b"ET")
            self.ops.append(b" ".join(ops))


class Doc:
    """A cursor down the pages; header and footer drawn on every page at the end."""

    def __init__(self, header, footer, watermark=None, margin_note=None):
        self.pages = []
        self.header, self.footer = header, footer
        self.watermark, self.margin_note = watermark, margin_note
        self.new_page()

    def new_page(self):
        self.page = Page()
        self.pages.append(self.page)
        self.y = 100

    def gap(self, points=10):
        self.y += points

    def line(self, cells, size=10, offsets=((0, 0),), pitch=12.5):
        """cells: [(x, [(font, text), ...])] on one baseline."""
        for x, runs in cells:
            self.page.cell(x, self.y, runs, size=size, offsets=offsets)
        self.y += pitch

    def text(self, lines, x=LEFT, font=REGULAR):
        for t in lines:
            self.line([(x, [(font, t)])])

    def finish(self):
        n = len(self.pages)
        for i, p in enumerate(self.pages, 1):
            for y, cells in self.header(i, n):
                for x, runs in cells:
                    p.cell(x, y, runs, size=9)
            for y, cells in self.footer(i, n):
                for x, runs in cells:
                    p.cell(x, y, runs, size=8)
            if self.watermark:
                p.cell(170, 520, [(REGULAR, self.watermark)], size=48, angle=45)
            if self.margin_note:
                p.cell(30, 700, [(REGULAR, self.margin_note)], size=7, angle=90)
        return self.pages


def write_pdf(pages, path):
    fonts = {}
    for name, base in ((REGULAR, "Helvetica"), (BOLD, "Helvetica-Bold")):
        fonts[name] = (b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding << /Type /Encoding "
                       b"/BaseEncoding /WinAnsiEncoding /Differences [129 /fi 141 /fl 143 /sfthyphen] >> >>" % base.encode())
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: fonts[REGULAR], 4: fonts[BOLD]}
    kids = []
    for i, p in enumerate(pages):
        page_no, content_no = 5 + 2 * i, 6 + 2 * i
        stream = b"\n".join(p.ops) + b"\n"
        objs[content_no] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
        objs[page_no] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                         b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>" % (W, H, content_no))
        kids.append(b"%d 0 R" % page_no)
    objs[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, objs[num])
    xref = len(out)
    size = max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    with open(path, "wb") as f:
        f.write(out)


def R(t):
    return [(REGULAR, t)]


def B(t):
    return [(BOLD, t)]


def front_row(doc, label, values, value_x=200, label_font=BOLD):
    doc.line([(LEFT, [(label_font, label)]), (value_x, R(values[0]))])
    for v in values[1:]:
        doc.line([(value_x, R(v))])
    doc.gap(6)


def fet_rubrik():
    """Bold headings at the margin (Tallmo kommun, Kommunstyrelsen)."""
    def header(i, n):
        return [(40, [(LEFT, B("TALLMO KOMMUN")), (250, R("SAMMANTRÄDESPROTOKOLL")), (480, R("Sida %d (%d)" % (i, n)))]),
                (52, [(LEFT, R("Kommunstyrelsen")), (250, R("Sammanträdesdatum 2025-03-11"))])]

    def footer(i, n):
        return [(800, [(LEFT, R("Justerandes sign")), (300, R("Utdragsbestyrkande"))])]

    d = Doc(header, footer, watermark="KOPIA")
    front_row(d, "Plats och tid", ["Kommunhuset, Tallmosalen, kl 09.00-11.40"])
    front_row(d, "Beslutande", ["Ulla Berggren (S), ordförande", "Per-Olof Hed (M), vice ordförande", "Lina Sundqvist (S)",
                                "Ahmed Karimi (S)", "Birgitta Nyman (M)", "Mats Ekblad (C)", "Sofia Wennberg (V)",
                                "Henrik Dahl (SD)", "Eva Strand (L), tjänstgörande ersättare för Olle Bring (L)"])
    front_row(d, "Ersättare", ["Jonas Frid (S)", "Märta Hellgren (M)", "Kent Alm (C)"])
    front_row(d, "Övriga deltagande", ["Karin Lövgren, sekreterare", "Johan Stål, kommundirektör"])
    front_row(d, "Justerare", ["Mats Ekblad (C)"])
    front_row(d, "Justeringens plats och tid", ["Kommunkansliet, 2025-03-14 kl 13.00"])
    d.gap(20)
    d.line([(LEFT, B("Underskrifter"))])
    d.gap(8)
    for role, name in (("Sekreterare", "Karin Lövgren"), ("Ordförande", "Ulla Berggren"), ("Justerare", "Mats Ekblad")):
        cells = [(LEFT, R(role)), (200, R(name))]
        if role == "Sekreterare":
            cells.append((420, R("Paragrafer §§ 10-15")))
        d.line(cells)
        d.gap(14)

    d.new_page()
    d.line([(LEFT, B("§ 10")), (100, B("Val av justerare"))], size=11, pitch=18)
    d.text(["Kommunstyrelsen utser Mats Ekblad (C) att jämte ordföranden justera dagens",
            "protokoll."])
    d.gap(8)
    d.line([(LEFT, B("Beslut"))])
    d.text(["Kommunstyrelsen beslutar att utse Mats Ekblad (C) att justera protokollet."])
    d.gap(16)
    d.line([(LEFT, B("§ 11")), (100, B("Godkännande av dagordning"))], size=11, pitch=18)
    d.text(["Ordföranden hänvisar till § 12 i kommunstyrelsens reglemente och föreslår att",
            "ärendet om budgetuppföljning behandlas efter informationen."])
    d.gap(8)
    d.line([(LEFT, B("Beslut"))])
    d.text(["Dagordningen godkänns med den ändringen."])
    d.gap(16)
    d.line([(LEFT, B("§ 12")), (100, B("Budgetuppföljning februari 2025"))], size=11, pitch=14)
    d.text(["Dnr KS 2025/31"])
    d.gap(8)
    d.line([(LEFT, B("Sammanfattning"))])
    d.text(["Ekonomiavdelningen redovisar utfallet för januari och februari. Prognosen visar ett",
            "underskott om 4,2 miljoner kronor, främst inom \ufb02yktingmottagning och \ufb01nansiering av",
            "lokaler. Underskottet ska enligt kommunfullmäktiges beslut den 24 februari 2025,",
            "§ 98 Budgetramar för 2026, hanteras inom kommunstyrelsens egen ram. Verk\u00adsam-",
            "heterna redovisar åtgärder till kommun\u00ad",
            "styrelsen i april."])
    d.page.cell(640, 300, R("Dold anteckning utanför sidan"))
    d.gap(8)
    d.line([(LEFT, B("Beslut"))])
    d.text(["Kommunstyrelsen beslutar att lägga budgetuppföljningen till handlingarna."])

    d.new_page()
    d.line([(LEFT, R("§ 13")), (100, R("Motion om belysning vid Tallmo skola"))], size=11, pitch=14,
           offsets=((0, 0), (0.3, 0), (0.6, 0)))
    d.text(["Dnr KS 2024/208"])
    d.gap(8)
    d.text(["Sofia Wennberg (V) har i en motion föreslagit att gångvägen vid Tallmo skola",
            "förses med belysning. Samhällsbyggnadsförvaltningen tillstyrker motionen."])
    d.gap(8)
    d.line([(LEFT, B("Beslut"))])
    d.text(["Kommunstyrelsen föreslår kommunfullmäktige att bifalla motionen."])
    d.gap(16)
    d.line([(LEFT, R("§ 14")), (100, R("Yttrande över regional transportplan"))], size=11, pitch=14,
           offsets=((0, 0), (1.6, 0)))
    d.text(["Dnr KS 2025/12"])
    d.gap(8)
    d.text(["Regionen har gett kommunen tillfälle att yttra sig över förslaget till regional",
            "transportplan för åren 2026-2037."])
    d.gap(8)
    d.line([(LEFT, B("Beslut"))])
    d.text(["Kommunstyrelsen antar förvaltningens förslag till yttrande."])
    d.gap(16)
    d.line([(LEFT, B("§ 15")), (100, B("Ansökan om medel ur kommunstyrelsens"))], size=11, pitch=14)
    d.line([(100, B("utvecklingsfond för föreningslivet"))], size=11, pitch=14)
    d.text(["Dnr KS 2025/40"])
    d.gap(8)
    d.text(["Tallmo idrottsförening ansöker om 85 000 kronor till en ny konstgräsyta."])
    d.gap(8)
    d.line([(LEFT, B("Beslut"))])
    d.text(["Kommunstyrelsen beviljar föreningen 85 000 kronor ur utvecklingsfonden.",
            "Paragrafen justeras omedelbart."])
    d.page.cell(30, 600, R("Rättelse i § 14 införd 2025-03-14"), size=7, angle=90)
    expected = {
        "paragraphs": [
            {"number": 10, "title": "Val av justerare", "case_numbers": [], "immediate": False},
            {"number": 11, "title": "Godkännande av dagordning", "case_numbers": [], "immediate": False},
            {"number": 12, "title": "Budgetuppföljning februari 2025", "case_numbers": ["KS 2025/31"], "immediate": False},
            {"number": 13, "title": "Motion om belysning vid Tallmo skola", "case_numbers": ["KS 2024/208"], "immediate": False},
            {"number": 14, "title": "Yttrande över regional transportplan", "case_numbers": ["KS 2025/12"], "immediate": False},
            {"number": 15, "title": "Ansökan om medel ur kommunstyrelsens utvecklingsfond för föreningslivet",
             "case_numbers": ["KS 2025/40"], "immediate": True},
        ],
        "in_xml": ["flyktingmottagning", "finansiering", "Verksam-heterna", "kommunstyrelsen i april", "§ 98 Budgetramar för 2026",
                   "hänvisar till § 12 i kommunstyrelsens reglemente", "Rättelse i § 14 införd 2025-03-14"],
        "not_in_xml": ["\ufb01", "\ufb02", "\u00ad", "Dold anteckning", "KOPIA"],
        "off_page": "Dold anteckning utanför sidan",
        "all_placed": True,
        "marked": [10, 11, 12, 14, 15],  # § 13's copies are a fraction of a point apart: poppler merges them
        "once": ["Motion om belysning vid Tallmo skola", "Yttrande över regional transportplan"],
        "rearranged": True,
    }
    return d.finish(), expected


def marginal():
    """The § number in the margin, title and body in a column (Älvbacka kommun)."""
    body = 150

    def header(i, n):
        return [(40, [(LEFT, R("Älvbacka kommun")), (330, R("Protokoll")), (480, R("%d (%d)" % (i, n)))]),
                (52, [(LEFT, R("Kommunstyrelsens arbetsutskott")), (330, R("2024-11-19"))])]

    def footer(i, n):
        return [(800, [(LEFT, R("Justerare")), (300, R("Utdragsbestyrkande"))])]

    d = Doc(header, footer)
    for label, values in (("Tid och plats", ["Stadshuset, sammanträdesrum Ådalen, kl 08.30-10.15"]),
                          ("Beslutande", ["Tove Lindqvist (M), ordförande", "Rasmus Öberg (S)", "Nina Palm (L)"]),
                          ("Övriga närvarande", ["Gustav Ahl, sekreterare", "Maria Kvist, planchef"]),
                          ("Justerare", ["Rasmus Öberg (S)"]),
                          ("Justeringens", ["Stadshuset, 2024-11-21"])):
        front_row(d, label, values, value_x=body, label_font=REGULAR)
        if label == "Justeringens":  # a label broken over two lines
            d.y -= 6
            d.line([(LEFT, R("plats och tid"))])
            d.gap(6)
    d.gap(20)
    d.line([(LEFT, R("Underskrifter")), (body, R("Sekreterare")), (300, R("Gustav Ahl"))])
    d.line([(body, R("Ordförande")), (300, R("Tove Lindqvist"))])
    d.line([(body, R("Justerare")), (300, R("Rasmus Öberg"))])

    d.new_page()
    d.line([(LEFT, B("§ 45")), (body, B("Detaljplan för Norrudden")), (460, R("KFKS 2024/512"))], size=11, pitch=16)
    d.text(["Planenheten har tagit fram ett förslag till detaljplan för bostäder på",
            "Norrudden. Förslaget har varit på samråd enligt plan- och bygglagen och",
            "kommunfullmäktiges riktlinjer för markanvisning, antagna den 2 juni 2023,",
            "§ 98 Riktlinjer för markanvisning, med ändringar efter samrådet."], x=body)
    d.gap(8)
    d.text(["I planbeskrivningen citeras ordningsföreskrifterna:"], x=body)
    d.gap(8)
    d.text(["§ 99 Kommunens allmänna platser ska vara tillgängliga för alla."], x=body + 50)
    d.gap(8)
    d.line([(body, B("Beslut"))])
    d.text(["Arbetsutskottet föreslår kommunstyrelsen att godkänna planförslaget för",
            "granskning."], x=body)
    d.gap(18)
    d.line([(LEFT, B("§ 46")), (body, B("Markanvisning vid Sågverkstorget")), (460, R("KFKS 2024/377"))], size=11, pitch=16)
    d.text(["Exploateringsenheten föreslår en markanvisning till Ådalens Bostäder AB",
            "för cirka 60 lägenheter vid Sågverkstorget."], x=body)
    d.gap(8)
    d.line([(body, B("Beslut"))])
    d.text(["Arbetsutskottet föreslår kommunstyrelsen att teckna markanvisningsavtal."], x=body)
    d.gap(18)
    d.line([(LEFT, B("§ 47")), (body, B("Information om vinterväghållning"))], size=11, pitch=16)
    d.text(["Gatuchefen informerar om upphandlingen av vinterväghållning för",
            "säsongen 2024-2025."], x=body)
    d.gap(8)
    d.line([(body, B("Beslut"))])
    d.text(["Arbetsutskottet tackar för informationen."], x=body)
    expected = {
        "paragraphs": [
            {"number": 45, "title": "Detaljplan för Norrudden", "case_numbers": ["KFKS 2024/512"], "immediate": False},
            {"number": 46, "title": "Markanvisning vid Sågverkstorget", "case_numbers": ["KFKS 2024/377"], "immediate": False},
            {"number": 47, "title": "Information om vinterväghållning", "case_numbers": [], "immediate": False},
        ],
        "in_xml": ["§ 98 Riktlinjer för markanvisning", "§ 99 Kommunens allmänna platser"],
        "not_in_xml": [],
        "off_page": None,
        "all_placed": True,
        "marked": [47],  # § 45 and § 46 share their line with a case number in the regular font
        "once": [],
        "rearranged": False,
    }
    return d.finish(), expected


def utan_fetstil():
    """No bold anywhere: headings set apart by space only (Skogsby kommun)."""
    def header(i, n):
        return [(40, [(LEFT, R("SKOGSBY KOMMUN")), (300, R("SAMMANTRÄDESPROTOKOLL")), (480, R("Sida %d av %d" % (i, n)))]),
                (52, [(LEFT, R("Valnämnden")), (300, R("2025-04-02"))])]

    def footer(i, n):
        return []

    d = Doc(header, footer, margin_note="Justerandes sign")
    for label, values in (("Plats och tid", ["Kommunhuset, rum Tjädern, kl 17.00-18.30"]),
                          ("Beslutande", ["Gösta Wikström (S), ordförande", "Ingela Borg (M)", "Pekka Niemi (C)"]),
                          ("Övriga", ["Sara Holm, sekreterare"]),
                          ("Justerare", ["Ingela Borg (M)"]),
                          ("Justeringens plats och tid", ["Kommunhuset, 2025-04-07"])):
        front_row(d, label, values, label_font=REGULAR)
    d.gap(24)
    d.text(["§ 3  Val av justerare"])
    d.gap(6)
    d.text(["Valnämnden utser Ingela Borg (M) att justera protokollet."])
    d.gap(16)
    d.text(["§ 4  Rösträkning vid valet till Europaparlamentet"])
    d.gap(6)
    d.text(["Länsstyrelsen har meddelat att den preliminära rösträkningen ska ske enligt",
            "vallagen och kommunens egen instruktion, som nämnden fastställde den 3 mars,",
            "§ 98 Instruktion för valdistrikten, med de tider som gäller för valdagen.",
            "Röstmottagarna i varje valdistrikt räknar rösterna när vallokalen har stängt",
            "och lämnar protokollen till kommunhuset samma kväll."])
    d.gap(8)
    d.text(["Nämnden beslutar att godkänna planeringen."])
    d.gap(16)
    d.text(["§ 5  Delegationsbeslut"])
    d.gap(6)
    d.text(["Sekreteraren redovisar beslut fattade på delegation under mars månad.",
            "Redovisningen läggs till handlingarna."])
    d.new_page()
    d.text(["Vid protokollet", "", "Sara Holm", "", "Justeras", "", "Gösta Wikström          Ingela Borg"])
    expected = {
        "paragraphs": [
            {"number": 3, "title": "Val av justerare", "case_numbers": [], "immediate": False},
            {"number": 4, "title": "Rösträkning vid valet till Europaparlamentet", "case_numbers": [], "immediate": False},
            {"number": 5, "title": "Delegationsbeslut", "case_numbers": [], "immediate": False},
        ],
        "in_xml": ["§ 98 Instruktion för valdistrikten"],
        "not_in_xml": [],
        "off_page": None,
        "all_placed": True,
        "marked": [],
        "once": [],
        "rearranged": True,
    }
    return d.finish(), expected


DOCS = {"fet-rubrik": fet_rubrik, "marginal": marginal, "utan-fetstil": utan_fetstil}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: layout_pdf.py OUTDIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, make in DOCS.items():
        pages, expected = make()
        write_pdf(pages, os.path.join(out, name + ".pdf"))
        with open(os.path.join(out, name + ".expected.json"), "w", encoding="utf-8") as f:
            json.dump(expected, f, ensure_ascii=False, indent=1)
    print("\n".join(DOCS))


if __name__ == "__main__":
    main()
