// SPDX-License-Identifier: GPL-3.0-or-later
// Structural PDF/A-3b checks (ISO 19005-3), rule by rule.

#include "justera/pdf/pdfa_check.hpp"

#include <podofo/podofo.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include <cmath>
#include <functional>
#include <set>

#include "justera/core/error.hpp"
#include "pdf_util.hpp"

namespace justera::pdf {

namespace {

using namespace PoDoFo;
using core::Errc;
using core::Error;

struct Checker {
    PdfMemDocument& doc;
    std::string_view bytes;
    std::vector<RuleResult> results;

    PdfObject* resolve(PdfObject* o) const { return detail::resolve(doc, o); }
    PdfObject* key(PdfObject* dict, const char* k) const {
        if (!dict || !dict->IsDictionary()) return nullptr;
        return resolve(dict->GetDictionary().GetKey(k));
    }
    static std::string name_of(const PdfObject* o) { return (o && o->IsName()) ? o->GetName().GetName() : std::string(); }
    static std::string ref(const PdfObject* o) {
        return o ? std::to_string(o->Reference().ObjectNumber()) + " " + std::to_string(o->Reference().GenerationNumber()) + " R"
                 : std::string("?");
    }
    void add(const char* id, const char* name, bool ok, std::string message) {
        results.push_back(RuleResult{id, name, ok, std::move(message)});
    }
    template <typename F>
    void each_object(F&& f) {
        for (auto it = doc.GetObjects().begin(); it != doc.GetObjects().end(); ++it) f(*it);
    }
    std::string stream_bytes(PdfObject* o) const { return detail::stream_data(o, "stream " + ref(o)); }
};

void file_structure(Checker& c) {
    const auto b = c.bytes;
    bool header = b.size() > 9 && b.rfind("%PDF-1.", 0) == 0 && b[7] >= '0' && b[7] <= '7';
    std::size_t nl = b.find('\n');
    bool binary = false;
    if (nl != std::string_view::npos && nl + 1 < b.size() && b[nl + 1] == '%') {
        std::size_t high = 0;
        for (std::size_t i = nl + 2; i < b.size() && b[i] != '\n' && b[i] != '\r'; ++i) {
            if (static_cast<unsigned char>(b[i]) > 127) ++high;
        }
        binary = high >= 4;
    }
    c.add("6.1.2", "header", header && binary,
          header ? (binary ? "%PDF-1.x header and a binary comment line" : "the second line is not a comment with 4 bytes above 127")
                 : "no %PDF-1.0..1.7 header");
    const auto eof = b.rfind("%%EOF");
    const std::string_view tail = eof == std::string_view::npos ? std::string_view() : b.substr(eof + 5);
    c.add("6.1.3", "eof", eof != std::string_view::npos && (tail.empty() || tail == "\n" || tail == "\r\n" || tail == "\r"),
          eof == std::string_view::npos ? "no %%EOF" : "nothing but an end-of-line after the last %%EOF");
    const PdfObject* trailer = c.doc.GetTrailer();
    const PdfObject* id = trailer ? trailer->GetDictionary().GetKey("ID") : nullptr;
    c.add("6.1.3", "trailer-id", id && id->IsArray() && id->GetArray().size() == 2, id ? "/ID with two strings" : "the trailer has no /ID");
    c.add("6.1.3", "no-encrypt", !trailer || !trailer->GetDictionary().HasKey("Encrypt"), "no /Encrypt");
    // 6.1.9: "obj" is followed by an end-of-line.
    std::size_t bad = 0;
    std::size_t total = 0;
    for (std::size_t p = b.find(" obj"); p != std::string_view::npos; p = b.find(" obj", p + 4)) {
        if (p == 0 || !std::isdigit(static_cast<unsigned char>(b[p - 1]))) continue;
        ++total;
        const std::size_t after = p + 4;
        if (after >= b.size() || (b[after] != '\n' && b[after] != '\r')) ++bad;
    }
    c.add("6.1.9", "obj-eol", bad == 0 && total > 0,
          std::to_string(total) + " objects, " + std::to_string(bad) + " without an end-of-line after 'obj'");
}

void output_intent(Checker& c) {
    PdfObject* cat = c.doc.GetCatalog();
    PdfObject* arr = c.key(cat, "OutputIntents");
    bool ok = false;
    std::string msg = "no /OutputIntents in the catalog";
    if (arr && arr->IsArray()) {
        for (auto& e : arr->GetArray()) {
            PdfObject* oi = c.resolve(&e);
            if (Checker::name_of(c.key(oi, "S")) != "GTS_PDFA1") continue;
            PdfObject* icc = c.key(oi, "DestOutputProfile");
            const std::string data = c.stream_bytes(icc);
            PdfObject* n = c.key(icc, "N");
            if (data.size() < 128) { msg = "DestOutputProfile is not an ICC profile"; continue; }
            const std::string cls = data.substr(12, 4);
            const std::string space = data.substr(16, 4);
            const int major = static_cast<unsigned char>(data[8]);
            ok = (cls == "mntr" || cls == "prtr" || cls == "scnr") && space == "RGB " && major < 5 && n && n->IsNumber() && n->GetNumber() == 3;
            msg = "GTS_PDFA1 with an ICC v" + std::to_string(major) + " '" + cls + "' '" + space + "' profile, /N " +
                  (n && n->IsNumber() ? std::to_string(n->GetNumber()) : std::string("missing"));
        }
    }
    c.add("6.2.3", "output-intent", ok, msg);
}

double advance(FT_Face face, FT_UInt gid) {
    if (FT_Load_Glyph(face, gid, FT_LOAD_NO_SCALE) != 0) return -1;
    return static_cast<double>(face->glyph->metrics.horiAdvance) * 1000.0 / static_cast<double>(face->units_per_EM);
}

void fonts(Checker& c) {
    std::vector<std::string> unembedded;
    std::vector<std::string> no_map;
    std::vector<std::string> no_unicode;
    std::vector<std::string> width_errors;
    std::vector<std::string> cidsets;
    std::size_t count = 0;
    FT_Library ft = nullptr;
    FT_Init_FreeType(&ft);
    c.each_object([&](PdfObject* o) {
        if (!o->IsDictionary() || Checker::name_of(o->GetDictionary().GetKey("Type")) != "Font") return;
        const std::string subtype = Checker::name_of(o->GetDictionary().GetKey("Subtype"));
        if (subtype == "Type0") {
            ++count;
            if (!o->GetDictionary().HasKey("ToUnicode")) no_unicode.push_back(Checker::ref(o));
            return;
        }
        if (subtype == "Type3") return;
        PdfObject* fd = c.key(o, "FontDescriptor");
        PdfObject* program = c.key(fd, "FontFile2");
        if (!program) program = c.key(fd, "FontFile3");
        if (!program) program = c.key(fd, "FontFile");
        if (!program) unembedded.push_back(Checker::ref(o));
        if (fd && fd->GetDictionary().HasKey("CIDSet")) cidsets.push_back(Checker::ref(fd));
        if (subtype != "CIDFontType2") return;
        if (!o->GetDictionary().HasKey("CIDToGIDMap")) no_map.push_back(Checker::ref(o));
        // 6.2.11.5: every /W width equals the program's advance within one unit.
        const std::string data = c.stream_bytes(program);
        FT_Face face = nullptr;
        if (!ft || data.empty() ||
            FT_New_Memory_Face(ft, reinterpret_cast<const FT_Byte*>(data.data()), static_cast<FT_Long>(data.size()), 0, &face) != 0) {
            if (!data.empty()) width_errors.push_back(Checker::ref(o) + ": font program unreadable");
            return;
        }
        PdfObject* w = c.key(o, "W");
        if (w && w->IsArray()) {
            const auto& a = w->GetArray();
            std::size_t k = 0;
            const auto check = [&](long gid, double width) {
                const double adv = advance(face, static_cast<FT_UInt>(gid));
                if (adv >= 0 && std::fabs(adv - width) > 1.0 && width_errors.size() < 5) {
                    width_errors.push_back(Checker::ref(o) + " glyph " + std::to_string(gid) + ": /W " + std::to_string(width) +
                                           ", program " + std::to_string(adv));
                }
            };
            while (k < a.size()) {
                const long first = static_cast<long>(a[k].GetNumber());
                if (k + 1 < a.size() && a[k + 1].IsArray()) {
                    const auto& ws = a[k + 1].GetArray();
                    for (std::size_t j = 0; j < ws.size(); ++j) check(first + static_cast<long>(j), ws[j].GetReal());
                    k += 2;
                } else if (k + 2 < a.size()) {
                    const long last = static_cast<long>(a[k + 1].GetNumber());
                    for (long g = first; g <= last; ++g) check(g, a[k + 2].GetReal());
                    k += 3;
                } else {
                    break;
                }
            }
        }
        FT_Done_Face(face);
    });
    if (ft) FT_Done_FreeType(ft);
    const auto list = [](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
        return s;
    };
    c.add("6.2.11.4.1", "fonts-embedded", unembedded.empty(),
          unembedded.empty() ? std::to_string(count) + " fonts, all embedded" : "not embedded: " + list(unembedded));
    c.add("6.2.11.3.2", "cidtogidmap", no_map.empty(), no_map.empty() ? "every CIDFontType2 has /CIDToGIDMap" : "missing in " + list(no_map));
    c.add("6.2.11.5", "font-widths", width_errors.empty(),
          width_errors.empty() ? "/W widths equal the font programs' advances" : list(width_errors));
    c.add("6.2.11.4.2", "cidset", cidsets.empty(), cidsets.empty() ? "no /CIDSet (optional, and easy to get wrong)" : "/CIDSet in " + list(cidsets));
    c.add("justera", "tounicode", no_unicode.empty(),
          no_unicode.empty() ? "every Type0 font maps to Unicode, so text extracts as written" : "no ToUnicode in " + list(no_unicode));
}

void annotations_and_actions(Checker& c) {
    std::vector<std::string> flags;
    std::vector<std::string> appearance;
    std::vector<std::string> actions;
    std::size_t annots = 0;
    c.each_object([&](PdfObject* o) {
        if (!o->IsDictionary()) return;
        const auto& d = o->GetDictionary();
        if (d.HasKey("JS") || Checker::name_of(d.GetKey("S")) == "JavaScript") actions.push_back(Checker::ref(o) + " JavaScript");
        if (Checker::name_of(d.GetKey("Type")) != "Annot" && !d.HasKey("Rect")) return;
        if (!d.HasKey("Subtype") || !d.HasKey("Rect")) return;
        ++annots;
        const PdfObject* f = d.GetKey("F");
        const long fv = f && f->IsNumber() ? static_cast<long>(f->GetNumber()) : 0;
        if ((fv & 4) == 0 || (fv & (1 | 2 | 32 | 256)) != 0) flags.push_back(Checker::ref(o) + " /F " + std::to_string(fv));
        PdfObject* ap = c.key(o, "AP");
        PdfObject* rect = c.key(o, "Rect");
        bool zero = false;
        if (rect && rect->IsArray() && rect->GetArray().size() == 4) {
            const auto& r = rect->GetArray();
            zero = r[0].GetReal() == r[2].GetReal() && r[1].GetReal() == r[3].GetReal();
        }
        if (!zero && (!ap || !ap->IsDictionary() || !ap->GetDictionary().HasKey("N") || ap->GetDictionary().GetKeys().size() != 1)) {
            appearance.push_back(Checker::ref(o));
        }
        if (d.HasKey("A") || d.HasKey("AA")) actions.push_back(Checker::ref(o) + " /A or /AA");
    });
    if (c.doc.GetCatalog()->GetDictionary().HasKey("AA")) actions.push_back("catalog /AA");
    PdfObject* names = c.key(c.doc.GetCatalog(), "Names");
    if (names && names->GetDictionary().HasKey("JavaScript")) actions.push_back("/Names /JavaScript");
    PdfObject* form = c.key(c.doc.GetCatalog(), "AcroForm");
    PdfObject* need = c.key(form, "NeedAppearances");
    const auto list = [](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
        return s;
    };
    c.add("6.3.2", "annotation-flags", flags.empty(),
          flags.empty() ? std::to_string(annots) + " annotations, all printed, none hidden" : "wrong /F: " + list(flags));
    c.add("6.3.3", "annotation-appearance", appearance.empty(),
          appearance.empty() ? "every visible annotation has exactly a normal appearance /N" : "no or extra appearances: " + list(appearance));
    c.add("6.4.1", "no-actions", actions.empty(), actions.empty() ? "no JavaScript, no /A or /AA actions" : list(actions));
    c.add("6.4.1", "need-appearances", !need || (need->IsBool() && !need->GetBool()), "NeedAppearances absent or false");
    c.add("6.4.2", "no-xfa", !form || !form->GetDictionary().HasKey("XFA"), "no XFA form");
}

void metadata(Checker& c) {
    PdfObject* meta = c.key(c.doc.GetCatalog(), "Metadata");
    const bool typed = meta && Checker::name_of(meta->GetDictionary().GetKey("Type")) == "Metadata" &&
                       Checker::name_of(meta->GetDictionary().GetKey("Subtype")) == "XML";
    c.add("6.6.2.1", "metadata-stream", typed && !meta->GetDictionary().HasKey("Filter"),
          !meta ? "no /Metadata in the catalog" : typed ? "an unfiltered /Type /Metadata /Subtype /XML stream" : "wrong /Type or /Subtype");
    const std::string xmp = c.stream_bytes(meta);
    const auto head_end = xmp.find("?>");
    const std::string head = xmp.substr(0, head_end == std::string::npos ? 0 : head_end);
    c.add("6.6.2.1", "xpacket", xmp.rfind("<?xpacket begin=", 0) == 0 && head.find("bytes=") == std::string::npos &&
                                    head.find("encoding=") == std::string::npos,
          "an xpacket header without 'bytes' or 'encoding'");
    const bool part = xmp.find("<pdfaid:part>3</pdfaid:part>") != std::string::npos;
    const bool conf = xmp.find("<pdfaid:conformance>B</pdfaid:conformance>") != std::string::npos;
    c.add("6.6.4", "pdfaid", part && conf, part && conf ? "pdfaid:part 3, pdfaid:conformance B" : "PDF/A identification missing or not 3/B");
    // 6.6.2.3: every justera:* property used is declared in the extension schema.
    std::set<std::string> used;
    std::set<std::string> declared;
    for (std::size_t p = xmp.find("<justera:"); p != std::string::npos; p = xmp.find("<justera:", p + 9)) {
        const auto e = xmp.find_first_of("> ", p);
        used.insert(xmp.substr(p + 9, e - p - 9));
    }
    for (std::size_t p = xmp.find("<pdfaProperty:name>"); p != std::string::npos; p = xmp.find("<pdfaProperty:name>", p + 19)) {
        const auto e = xmp.find('<', p + 19);
        declared.insert(xmp.substr(p + 19, e - p - 19));
    }
    std::string undeclared;
    for (const auto& u : used) {
        if (!declared.count(u)) undeclared += (undeclared.empty() ? "" : ", ") + u;
    }
    const bool ns = xmp.find("<pdfaSchema:namespaceURI>urn:justera:pdf:1#</pdfaSchema:namespaceURI>") != std::string::npos;
    c.add("6.6.2.3", "extension-schema", undeclared.empty() && (used.empty() || ns),
          undeclared.empty() ? std::to_string(used.size()) + " justera properties, all declared" : "undeclared: " + undeclared);
    // Info and XMP agree on the title (not required by PDF/A-3, but validators warn).
    const PdfObject* info = c.resolve(const_cast<PdfObject*>(c.doc.GetTrailer()->GetDictionary().GetKey("Info")));
    std::string title;
    if (info && info->GetDictionary().HasKey("Title")) title = info->GetDictionary().GetKey("Title")->GetString().GetStringUtf8();
    const bool same = !title.empty() && xmp.find(">" + title + "</rdf:li>") != std::string::npos;
    c.add("justera", "info-xmp-title", same, same ? "Info /Title equals dc:title" : "Info /Title and dc:title differ");
}

void embedded_files(Checker& c) {
    PdfObject* af = c.key(c.doc.GetCatalog(), "AF");
    std::set<std::string> in_af;
    std::vector<std::string> problems;
    std::size_t files = 0;
    if (af && af->IsArray()) {
        for (auto& e : af->GetArray()) {
            PdfObject* fs = c.resolve(&e);
            if (!fs) continue;
            ++files;
            in_af.insert(Checker::ref(fs));
            const auto& d = fs->GetDictionary();
            if (!d.HasKey("F") || !d.HasKey("UF")) problems.push_back(Checker::ref(fs) + " lacks /F or /UF");
            if (!d.HasKey("AFRelationship")) problems.push_back(Checker::ref(fs) + " lacks /AFRelationship");
            PdfObject* efd = c.key(fs, "EF");
            PdfObject* ef = c.key(efd, "F");
            if (!ef || Checker::name_of(ef->GetDictionary().GetKey("Subtype")).empty()) {
                problems.push_back(Checker::ref(fs) + " embedded stream has no MIME /Subtype");
            }
        }
    }
    // 6.8-4: every embedded file is an associated file.
    c.each_object([&](PdfObject* o) {
        if (o->IsDictionary() && Checker::name_of(o->GetDictionary().GetKey("Type")) == "Filespec" && !in_af.count(Checker::ref(o))) {
            problems.push_back(Checker::ref(o) + " is not in the catalog's /AF");
        }
    });
    std::string msg;
    for (const auto& p : problems) msg += (msg.empty() ? "" : "; ") + p;
    c.add("6.8", "associated-files", problems.empty() && files > 0,
          problems.empty() ? (files > 0 ? std::to_string(files) + " associated file(s) with /F, /UF, /AFRelationship and a MIME type"
                                        : "no associated files")
                           : msg);
}

}  // namespace

std::vector<RuleResult> pdfa_check(std::string_view pdf, const std::string& file) {
    detail::quiet_podofo();
    try {
        PdfMemDocument doc;
        doc.LoadFromBuffer(pdf.data(), static_cast<pdf_long>(pdf.size()));
        Checker c{doc, pdf, {}};
        file_structure(c);
        output_intent(c);
        fonts(c);
        annotations_and_actions(c);
        metadata(c);
        embedded_files(c);
        return c.results;
    } catch (const PdfError& e) {
        detail::throw_unreadable(e, file);
    }
}

}  // namespace justera::pdf
