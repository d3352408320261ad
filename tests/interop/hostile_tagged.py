#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""hostile_tagged.py DIR: small PDFs that claim PDF/A-3a and PDF/UA-1 and
attack the reader of tags (pdfa-check): a page count larger than the page
tree, deeply nested marked content, a content stream that inflates past the
limit, a ParentTree that names itself, many elements sharing one huge /K
array, an object PoDoFo cannot parse, and a single /K reference (allowed)."""
import sys
import zlib

XMP = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
       b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" pdfaid:part="3" pdfaid:conformance="A"/>'
       b'<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>'
       b'</rdf:RDF></x:xmpmeta><?xpacket end="w"?>')


def stream(data, extra=b"", deflate=False):
    if deflate:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def write(path, objs):
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    top = max(objs)
    for n in range(1, top + 1):
        if n in objs:
            offsets[n] = len(out)
            out += b"%d 0 obj\n" % n + objs[n] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (top + 1)
    for n in range(1, top + 1):
        out += (b"%010d 00000 n \n" % offsets[n]) if n in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R /ID [<00><00>] >>\nstartxref\n%d\n%%%%EOF\n" % (top + 1, xref)
    open(path, "wb").write(out)


def document(content=b"", count=1, tree=b"", extra=None, deflate=False):
    o = {1: b"<< /Type /Catalog /Pages 2 0 R /Metadata 3 0 R /MarkInfo << /Marked true >> /Lang (sv-SE) %s >>" % tree,
         2: b"<< /Type /Pages /Kids [10 0 R] /Count %d >>" % count,
         3: stream(XMP, b"/Type /Metadata /Subtype /XML"),
         4: stream(content, deflate=deflate),
         10: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R /StructParents 0 >>"}
    o.update(extra or {})
    return o


def main():
    d = sys.argv[1]
    write(f"{d}/count.pdf", document(count=3))
    write(f"{d}/nested.pdf", document(b"/Span BMC\n" * 100000 + b"0 0 1 1 re f\n" + b"EMC\n" * 100000, deflate=True))
    write(f"{d}/bomb.pdf", document(b"0" * (40 * 1024 * 1024), deflate=True))
    nums = b" ".join(b"%d 21 0 R" % k for k in range(100000))
    write(f"{d}/parenttree.pdf", document(tree=b"/StructTreeRoot 20 0 R", extra={
        20: b"<< /Type /StructTreeRoot /K 21 0 R /ParentTree 22 0 R >>",
        21: b"<< /Type /StructElem /S /P /P 20 0 R /Pg 10 0 R /K 0 >>",
        22: b"<< /Kids [22 0 R 22 0 R] /Nums [%s] >>" % nums}))
    shared = b"[" + b" ".join(b"%d" % k for k in range(200000)) + b"]"
    elements = {20: b"<< /Type /StructTreeRoot /K [%s] >>" % b" ".join(b"%d 0 R" % (30 + k) for k in range(2000)), 21: shared}
    for k in range(2000):
        elements[30 + k] = b"<< /Type /StructElem /S /P /P 20 0 R /Pg 10 0 R /K 21 0 R >>"
    write(f"{d}/shared-k.pdf", document(tree=b"/StructTreeRoot 20 0 R", extra=elements))
    write(f"{d}/badobj.pdf", document(extra={5: b"<< /A >>", 10: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R /Annots [5 0 R] >>"}))
    write(f"{d}/single-k.pdf", document(b"/P <</MCID 0>> BDC 0 0 1 1 re f EMC\n", tree=b"/StructTreeRoot 20 0 R", extra={
        20: b"<< /Type /StructTreeRoot /K 21 0 R /ParentTree 22 0 R >>",
        21: b"<< /Type /StructElem /S /Document /P 20 0 R /K 23 0 R >>",
        23: b"<< /Type /StructElem /S /P /P 21 0 R /Pg 10 0 R /K 0 >>",
        22: b"<< /Nums [0 [23 0 R]] >>"}))


if __name__ == "__main__":
    main()
