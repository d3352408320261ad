#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Pages for 'mutool create' from a UTF-8 text, set in Helvetica (WinAnsi, no
ToUnicode map, not embedded): the kind of PDF justera did not make and cannot
read the text of by itself.

    foreign_pdf.py pages TEXT OUTDIR         one page-N.txt per 56 lines
    foreign_pdf.py attach IN.pdf XML OUT.pdf an incremental update that adds
                                             XML as a PDF/A-3 associated file
"""
import re
import sys


def pages(text_path, out_dir):
    lines = open(text_path, encoding="utf-8").read().split("\n")
    per = 56
    files = []
    for n in range(0, len(lines), per):
        body = ["%%MediaBox 0 0 595 842", "%%Font F1 Helvetica Latin", "BT /F1 9 Tf 11 TL 40 800 Td"]
        for line in lines[n:n + per]:
            raw = line.rstrip().encode("cp1252", errors="replace")
            esc = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            body.append("(" + esc.decode("latin-1") + ") Tj T*")
        body.append("ET")
        name = "%s/page-%04d.txt" % (out_dir, n // per)
        with open(name, "w", encoding="latin-1") as f:
            f.write("\n".join(body) + "\n")
        files.append(name)
    print("\n".join(files))


def attach(in_pdf, xml_path, out_pdf):
    pdf = open(in_pdf, "rb").read()
    xml = open(xml_path, "rb").read()
    root = re.findall(rb"/Root\s+(\d+)\s+0\s+R", pdf)[-1]
    size = int(re.findall(rb"/Size\s+(\d+)", pdf)[-1])
    prev = int(re.findall(rb"startxref\s+(\d+)", pdf)[-1])
    m = re.search(rb"\n" + root + rb"\s+0\s+obj\s*(<<.*?>>)\s*endobj", pdf, re.S)
    catalog = m.group(1)
    ef, fs = size, size + 1
    objs = {
        ef: b"<< /Type /EmbeddedFile /Subtype /text#2Fxml /Length %d >>\nstream\n" % len(xml) + xml + b"\nendstream",
        fs: b"<< /Type /Filespec /F (protokoll.xml) /UF (protokoll.xml) /AFRelationship /Source /EF << /F %d 0 R /UF %d 0 R >> >>" % (ef, ef),
        int(root): catalog[:-2] + b" /AF [%d 0 R] >>" % fs,
    }
    out = bytearray(pdf)
    if not out.endswith(b"\n"):
        out += b"\n"
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n"
    for num in sorted(objs):
        out += b"%d 1\n%010d 00000 n \n" % (num, offsets[num])
    out += b"trailer\n<< /Size %d /Root %s 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (size + 2, root, prev, xref)
    open(out_pdf, "wb").write(out)


if __name__ == "__main__":
    if sys.argv[1] == "pages":
        pages(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "attach":
        attach(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit("usage: foreign_pdf.py pages TEXT OUTDIR | attach IN.pdf XML OUT.pdf")
