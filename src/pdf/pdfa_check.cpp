// SPDX-License-Identifier: GPL-3.0-or-later
// Structural PDF/A-3 and PDF/UA-1 checks (ISO 19005-3, ISO 14289-1), rule by rule.

#include "justera/pdf/pdfa_check.hpp"

#include <podofo/podofo.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include <climits>
#include <cmath>
#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <set>

#include "justera/core/error.hpp"
#include "justera/core/utf8.hpp"
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
    bool level_a = false;  ///< the XMP claims PDF/A-3a: the tagged-PDF rules apply too
    bool ua = false;       ///< the XMP claims PDF/UA-1

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
    // The library (and every face made in it) is freed however the check
    // ends: a malformed object throws from inside the walk.
    struct Library {
        FT_Library ft = nullptr;
        Library() { FT_Init_FreeType(&ft); }
        ~Library() {
            if (ft) FT_Done_FreeType(ft);
        }
        Library(const Library&) = delete;
        Library& operator=(const Library&) = delete;
    } library;
    FT_Library ft = library.ft;
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
                    // Glyph ids end at 65535: a hostile range does not run for ever.
                    for (long g = std::max(first, 0L); g <= std::min(last, 65535L); ++g) check(g, a[k + 2].GetReal());
                    k += 3;
                } else {
                    break;
                }
            }
        }
        FT_Done_Face(face);
    });
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
    const bool part = xmp.find("<pdfaid:part>3</pdfaid:part>") != std::string::npos || xmp.find("pdfaid:part=\"3\"") != std::string::npos;
    const bool level_a = xmp.find("<pdfaid:conformance>A</pdfaid:conformance>") != std::string::npos ||
                         xmp.find("pdfaid:conformance=\"A\"") != std::string::npos;
    const bool conf = level_a || xmp.find("<pdfaid:conformance>B</pdfaid:conformance>") != std::string::npos ||
                      xmp.find("pdfaid:conformance=\"B\"") != std::string::npos;
    c.level_a = part && level_a;
    // As an element or as an attribute (both are RDF): a claim in either form is checked.
    c.ua = xmp.find("<pdfuaid:part>1</pdfuaid:part>") != std::string::npos || xmp.find("pdfuaid:part=\"1\"") != std::string::npos;
    c.add("6.6.4", "pdfaid", part && conf,
          part && conf ? std::string("pdfaid:part 3, pdfaid:conformance ") + (level_a ? "A" : "B") : "PDF/A identification missing or not 3/A or 3/B");
    if (c.ua) {
        // PDF/UA 7.1: the title in dc:title (Matterhorn 06-003).
        const auto t = xmp.find("<dc:title>");
        const auto li = t == std::string::npos ? std::string::npos : xmp.find("<rdf:li", t);
        const auto gt = li == std::string::npos ? std::string::npos : xmp.find('>', li);
        const bool titled = gt != std::string::npos && gt + 1 < xmp.size() && xmp[gt + 1] != '<';
        c.add("UA-7.1", "dc-title", titled, titled ? "the XMP has a dc:title" : "no dc:title in the XMP: nothing names the document");
    }
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

// ------------------------------------------------------------------ tagged PDF (PDF/A-3a) and PDF/UA-1

std::string text_of(const PdfObject* o);

/// What the structure tree says, read once: every element with its resolved
/// standard type, its parent, and the marked content and annotations it owns.
struct StructInfo {
    struct Element {
        std::string type;       ///< after the RoleMap
        std::string raw_type;   ///< as written
        int parent = -1;
        std::vector<int> kids;  ///< element indexes, in order
        bool scope = false;     ///< /A carries a /Scope (TH)
        bool headers = false;   ///< /A carries /Headers (TD, TH)
        std::string ref;        ///< "12 0 R"
        std::optional<std::string> lang;  ///< its own /Lang, as text
    };
    std::vector<Element> elements;
    std::map<std::pair<std::string, long>, int> mcids;  ///< (page ref, MCID) -> the element that owns it
    std::map<std::string, int> annotations;        ///< annotation ref -> owning element
    std::vector<std::string> problems;             ///< a tree that cannot be walked
    bool present = false;
};

const std::set<std::string>& standard_types() {
    // ISO 32000-1 14.8.4, Tables 333-340.
    static const std::set<std::string> types{
        "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index", "NonStruct", "Private",
        "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "THead",
        "TBody", "TFoot", "Span", "Quote", "Note", "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT",
        "RP", "Warichu", "WT", "WP", "Figure", "Formula", "Form"};
    return types;
}

StructInfo read_structure(Checker& c) {
    StructInfo info;
    PdfObject* root = c.key(c.doc.GetCatalog(), "StructTreeRoot");
    if (!root || !root->IsDictionary()) return info;
    info.present = true;
    std::map<std::string, std::string> role_map;
    if (PdfObject* rm = c.key(root, "RoleMap"); rm && rm->IsDictionary()) {
        for (const auto& [k, v] : rm->GetDictionary().GetKeys()) {
            if (v && v->IsName()) role_map[k.GetName()] = v->GetName().GetName();
        }
    }
    const auto standard = [&](std::string t) {
        for (int hops = 0; hops < 16 && !standard_types().count(t); ++hops) {
            auto it = role_map.find(t);
            if (it == role_map.end()) break;
            t = it->second;
        }
        return t;
    };
    std::set<std::string> seen;
    std::set<const PdfObject*> seen_arrays;
    constexpr std::size_t k_max_elements = 500000;
    // Walks one kid (an element, an MCID, an MCR or an OBJR) of element `owner`.
    std::function<void(PdfObject*, int, const std::string&, int)> walk = [&](PdfObject* kid, int owner, const std::string& page, int depth) {
        if (depth > 256 || info.elements.size() > k_max_elements) {
            info.problems.push_back("the structure tree is deeper or larger than justera reads");
            return;
        }
        if (kid->IsReference() || kid->IsDictionary()) {
            PdfObject* o = c.resolve(kid);
            if (!o || !o->IsDictionary()) return;
            const std::string type = Checker::name_of(o->GetDictionary().GetKey("Type"));
            if (type == "MCR") {
                PdfObject* pg = c.key(o, "Pg");
                const PdfObject* mcid = o->GetDictionary().GetKey("MCID");
                if (mcid && mcid->IsNumber()) info.mcids[{pg ? Checker::ref(pg) : page, static_cast<long>(mcid->GetNumber())}] = owner;
                return;
            }
            if (type == "OBJR") {
                if (PdfObject* obj = c.key(o, "Obj")) info.annotations[Checker::ref(obj)] = owner;
                return;
            }
            if (!o->GetDictionary().HasKey("S")) return;
            const std::string ref = kid->IsReference() ? Checker::ref(o) : std::string("direct");
            if (kid->IsReference() && !seen.insert(ref).second) {
                info.problems.push_back("the element " + ref + " is reached twice");
                return;
            }
            StructInfo::Element e;
            e.raw_type = Checker::name_of(o->GetDictionary().GetKey("S"));
            e.type = standard(e.raw_type);
            e.parent = owner;
            e.ref = ref;
            if (PdfObject* lang = c.key(o, "Lang")) e.lang = text_of(lang);
            const auto read_attributes = [&](PdfObject* a) {
                if (!a || !a->IsDictionary()) return;
                if (a->GetDictionary().HasKey("Scope")) e.scope = true;
                if (a->GetDictionary().HasKey("Headers")) e.headers = true;
            };
            if (PdfObject* a = c.key(o, "A")) {
                if (a->IsArray()) {
                    for (auto& x : a->GetArray()) read_attributes(c.resolve(&x));
                } else {
                    read_attributes(a);
                }
            }
            const int index = static_cast<int>(info.elements.size());
            info.elements.push_back(e);
            if (owner >= 0) info.elements[static_cast<std::size_t>(owner)].kids.push_back(index);
            PdfObject* pg = c.key(o, "Pg");
            const std::string own_page = pg ? Checker::ref(pg) : page;
            // /K as written: a reference to an element stays a reference (its
            // identity is how the ParentTree names it); an array shared by
            // several elements is walked once.
            PdfObject* k = o->GetDictionary().GetKey("K");
            PdfObject* arr = c.resolve(k);
            if (!k || !arr) return;
            if (arr->IsArray()) {
                if (k->IsReference() && !seen_arrays.insert(arr).second) {
                    info.problems.push_back("the /K array " + Checker::ref(arr) + " is shared by several elements");
                    return;
                }
                for (auto& x : arr->GetArray()) walk(&x, index, own_page, depth + 1);
            } else {
                walk(k, index, own_page, depth + 1);
            }
            return;
        }
        if (kid->IsNumber() && owner >= 0) info.mcids[{page, static_cast<long>(kid->GetNumber())}] = owner;
    };
    PdfObject* k = root->GetDictionary().GetKey("K");
    PdfObject* kr = c.resolve(k);
    if (kr && kr->IsArray()) {
        for (auto& x : kr->GetArray()) walk(&x, -1, std::string(), 0);
    } else if (k) {
        walk(k, -1, std::string(), 0);
    }
    return info;
}

/// The ParentTree's entries by key (a number tree: /Nums, /Kids), bounded.
std::map<long, PdfObject*> read_parent_tree(Checker& c) {
    std::map<long, PdfObject*> out;
    PdfObject* root = c.key(c.doc.GetCatalog(), "StructTreeRoot");
    PdfObject* tree = c.key(root, "ParentTree");
    std::vector<std::pair<PdfObject*, int>> todo;
    if (tree) todo.push_back({tree, 0});
    std::size_t nodes = 0;
    std::set<const PdfObject*> visited;  // a node that names itself (or an ancestor) is read once
    while (!todo.empty() && ++nodes < 100000) {
        auto [node, depth] = todo.back();
        todo.pop_back();
        if (!node || !node->IsDictionary() || depth > 32 || !visited.insert(node).second) continue;
        if (PdfObject* nums = c.key(node, "Nums"); nums && nums->IsArray()) {
            auto& a = nums->GetArray();
            for (std::size_t k = 0; k + 1 < a.size(); k += 2) {
                if (a[k].IsNumber()) out[static_cast<long>(a[k].GetNumber())] = c.resolve(&a[k + 1]);
            }
        }
        if (PdfObject* kids = c.key(node, "Kids"); kids && kids->IsArray()) {
            for (auto& k : kids->GetArray()) todo.push_back({c.resolve(&k), depth + 1});
        }
    }
    return out;
}

/// The marked content of every page, from its content streams: what is
/// painted outside both tagged content and artifacts, artifacts and tagged
/// content nested in each other, and each MCID used.
struct ContentInfo {
    std::size_t untagged = 0;
    std::vector<std::string> untagged_pages;
    std::vector<std::string> nesting;
    std::set<std::pair<std::string, long>> mcids;
    std::vector<std::string> unreadable;
};

/// A page's content streams, decoded with the size cap of stream_data (the
/// tokenizer would inflate a compression bomb whole), one after the other.
std::string page_content(Checker& c, PdfPage* page, std::size_t& budget) {
    PdfObject* contents = c.key(page->GetObject(), "Contents");
    std::vector<PdfObject*> streams;
    if (contents && contents->IsArray()) {
        for (auto& x : contents->GetArray()) streams.push_back(c.resolve(&x));
    } else if (contents) {
        streams.push_back(contents);
    }
    std::string out;
    for (PdfObject* st : streams) {
        if (!st || !st->HasStream()) continue;
        std::string part = detail::stream_data(st, "content stream " + Checker::ref(st), std::min(budget, detail::k_max_stream_bytes));
        budget -= std::min(budget, part.size());
        out += part;
        out.push_back('\n');
    }
    return out;
}

ContentInfo read_content(Checker& c) {
    ContentInfo info;
    static const std::set<std::string> painting{"Tj", "TJ", "'", "\"", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "BI"};
    // Every page's decoded content together stays under this.
    std::size_t budget = 8 * detail::k_max_stream_bytes;
    for (int i = 0; i < c.doc.GetPageCount(); ++i) {
        PdfPage* page = c.doc.GetPage(i);
        const std::string where = "page " + std::to_string(i + 1);
        if (!page) {
            info.unreadable.push_back(where + " (not in the page tree)");
            continue;
        }
        const std::string page_ref = Checker::ref(page->GetObject());
        // Marked content open now, and how many of it are artifacts and how
        // many tagged (counters, not a scan: nesting may be deep).
        std::vector<std::pair<bool, bool>> stack;
        std::size_t artifacts_open = 0;
        std::size_t tagged_open = 0;
        std::vector<PdfVariant> operands;
        std::size_t untagged = 0;
        std::set<long> on_page;
        PdfObject* properties = c.key(c.key(page->GetObject(), "Resources"), "Properties");
        try {
            const std::string bytes = page_content(c, page, budget);
            PdfContentsTokenizer tok(bytes.data(), static_cast<long>(bytes.size()));
            EPdfContentsType type;
            const char* keyword = nullptr;
            PdfVariant var;
            while (tok.ReadNext(type, keyword, var)) {
                if (type == ePdfContentsType_Variant) {
                    if (operands.size() < 16) operands.push_back(var);
                    continue;
                }
                if (type != ePdfContentsType_Keyword) continue;
                const std::string op = keyword;
                if (op == "BMC" || op == "BDC") {
                    const bool artifact = !operands.empty() && operands.front().IsName() && operands.front().GetName() == PdfName("Artifact");
                    bool mcid = false;
                    // The property list in the operator, or named in the page's /Properties.
                    const PdfDictionary* props = nullptr;
                    if (op == "BDC" && operands.size() >= 2 && operands[1].IsDictionary()) props = &operands[1].GetDictionary();
                    if (op == "BDC" && operands.size() >= 2 && operands[1].IsName() && properties && properties->IsDictionary()) {
                        PdfObject* named = c.resolve(properties->GetDictionary().GetKey(operands[1].GetName()));
                        if (named && named->IsDictionary()) props = &named->GetDictionary();
                    }
                    if (props) {
                        const PdfObject* m = props->GetKey("MCID");
                        if (m && m->IsNumber()) {
                            mcid = true;
                            const long id = static_cast<long>(m->GetNumber());
                            if (!on_page.insert(id).second) info.nesting.push_back(where + ": MCID " + std::to_string(id) + " used twice");
                            info.mcids.insert({page_ref, id});
                        }
                    }
                    if (artifact && tagged_open) info.nesting.push_back(where + ": an artifact inside tagged content");
                    if (mcid && artifacts_open) info.nesting.push_back(where + ": tagged content inside an artifact");
                    stack.emplace_back(artifact, mcid);
                    artifacts_open += artifact ? 1 : 0;
                    tagged_open += mcid ? 1 : 0;
                } else if (op == "EMC") {
                    if (stack.empty()) {
                        info.nesting.push_back(where + ": EMC without BMC/BDC");
                    } else {
                        artifacts_open -= stack.back().first ? 1 : 0;
                        tagged_open -= stack.back().second ? 1 : 0;
                        stack.pop_back();
                    }
                } else if (painting.count(op)) {
                    if (artifacts_open == 0 && tagged_open == 0) ++untagged;
                }
                operands.clear();
                if (info.nesting.size() > 100) break;
            }
        } catch (const PdfError&) {
            info.unreadable.push_back(where);
        } catch (const core::Error& e) {
            info.unreadable.push_back(where + " (" + e.message() + ")");
        }
        if (!stack.empty()) info.nesting.push_back(where + ": marked content not closed");
        if (untagged) {
            info.untagged += untagged;
            info.untagged_pages.push_back(where + " (" + std::to_string(untagged) + ")");
        }
    }
    return info;
}

/// A text string's characters as UTF-8, however it was written: literal or
/// hex (other tools rewrite /TU and /Lang as <FEFF…>), UTF-16BE with a byte
/// order mark or PDFDocEncoding (taken as Latin-1, which covers its letters).
std::string text_of(const PdfObject* o) {
    if (!o || (!o->IsString() && !o->IsHexString())) return {};
    const PdfString& s = o->GetString();
    const std::string raw(s.GetString() ? s.GetString() : "", s.GetString() ? static_cast<std::size_t>(s.GetLength()) : 0);
    std::string out;
    const auto put = [&out](unsigned long cp) { core::utf8::append(out, static_cast<char32_t>(cp)); };
    if (raw.size() >= 2 && static_cast<unsigned char>(raw[0]) == 0xFE && static_cast<unsigned char>(raw[1]) == 0xFF) {
        for (std::size_t k = 2; k + 1 < raw.size(); k += 2) {
            unsigned long u = (static_cast<unsigned char>(raw[k]) << 8) | static_cast<unsigned char>(raw[k + 1]);
            if (u >= 0xD800 && u < 0xDC00 && k + 3 < raw.size()) {
                const unsigned long lo = (static_cast<unsigned char>(raw[k + 2]) << 8) | static_cast<unsigned char>(raw[k + 3]);
                if (lo >= 0xDC00 && lo < 0xE000) {
                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                    k += 2;
                }
            }
            put(u);
        }
        return out;
    }
    for (const char c : raw) put(static_cast<unsigned char>(c));
    return out;
}

std::string first_few(const std::vector<std::string>& v, std::size_t n = 4) {
    std::string out;
    for (std::size_t k = 0; k < v.size() && k < n; ++k) out += (out.empty() ? "" : "; ") + v[k];
    if (v.size() > n) out += "; and " + std::to_string(v.size() - n) + " more";
    return out;
}

/// PDF/A-3a (ISO 19005-3 6.7, logical structure) and the PDF/UA-1 rules
/// (ISO 14289-1 clauses, the Matterhorn Protocol's machine-checkable failure
/// conditions) that apply to the files justera writes.
void logical_structure(Checker& c) {
    if (!c.level_a && !c.ua) return;
    PdfObject* catalog = c.doc.GetCatalog();
    PdfObject* mark_info = c.key(catalog, "MarkInfo");
    const PdfObject* marked = mark_info && mark_info->IsDictionary() ? mark_info->GetDictionary().GetKey("Marked") : nullptr;
    const PdfObject* suspects = mark_info && mark_info->IsDictionary() ? mark_info->GetDictionary().GetKey("Suspects") : nullptr;
    const bool is_marked = marked && marked->IsBool() && marked->GetBool() && !(suspects && suspects->IsBool() && suspects->GetBool());
    c.add("6.7", "mark-info", is_marked, is_marked ? "/MarkInfo << /Marked true >>, no /Suspects" : "the catalog's /MarkInfo does not say /Marked true (or says /Suspects true)");

    const StructInfo s = read_structure(c);
    const bool tree = s.present && !s.elements.empty() && s.problems.empty();
    c.add("6.7", "struct-tree", tree,
          !s.present ? "no /StructTreeRoot in the catalog"
                     : !s.problems.empty() ? first_few(s.problems) : std::to_string(s.elements.size()) + " structure elements");

    std::vector<std::string> nonstandard;
    for (const auto& e : s.elements) {
        if (!standard_types().count(e.type)) nonstandard.push_back(e.ref + " /" + e.raw_type);
    }
    c.add("6.7", "standard-types", nonstandard.empty(),
          nonstandard.empty() ? "every structure type is standard or mapped to one" : "not mapped to a standard type: " + first_few(nonstandard));

    PdfObject* lang = catalog->GetDictionary().GetKey("Lang");
    const std::string lang_text = text_of(c.resolve(lang));
    // A language tag (BCP 47 in outline: "sv-SE", "en"), so that a screen reader can choose a voice.
    static const std::regex tag_re("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");
    const bool has_lang = !lang_text.empty() && lang_text.size() < 64 && std::regex_match(lang_text, tag_re);
    c.add("UA-7.2", "lang", has_lang,
          has_lang ? "the catalog's /Lang is " + lang_text
                   : lang_text.empty() ? "no /Lang in the catalog: a screen reader cannot choose a voice" : "the catalog's /Lang is not a language tag");

    // A passage in another language carries its own /Lang (PDF/UA-1 7.2).
    std::vector<std::string> passages;
    std::vector<std::string> bad_langs;
    for (const auto& e : s.elements) {
        if (!e.lang) continue;
        const bool ok = !e.lang->empty() && e.lang->size() < 64 && std::regex_match(*e.lang, tag_re);
        (ok ? passages : bad_langs).push_back(e.raw_type + " " + e.ref + (ok ? " " + *e.lang : ""));
    }
    c.add("UA-7.2", "element-lang", bad_langs.empty(),
          !bad_langs.empty() ? "an element's /Lang is no language tag: " + first_few(bad_langs)
          : passages.empty() ? "no element names another language than the document's"
                             : std::to_string(passages.size()) + " element(s) in their own language: " + first_few(passages));

    const ContentInfo content = read_content(c);
    c.add("UA-7.1", "tagged-content", content.untagged == 0 && content.unreadable.empty(),
          content.untagged == 0 ? (content.unreadable.empty() ? "everything painted is tagged content or an artifact"
                                                              : "content not readable: " + first_few(content.unreadable))
                                : std::to_string(content.untagged) + " painting operators neither tagged nor artifact: " + first_few(content.untagged_pages));
    c.add("UA-7.1", "artifact-nesting", content.nesting.empty(),
          content.nesting.empty() ? "no artifact inside tagged content, no tagged content inside an artifact" : first_few(content.nesting));
    std::vector<std::string> orphans;
    for (const auto& [page, mcid] : content.mcids) {
        if (!s.mcids.count({page, mcid})) orphans.push_back("MCID " + std::to_string(mcid) + " on " + page);
    }
    std::vector<std::string> missing;
    for (const auto& [key, owner] : s.mcids) {
        if (!content.mcids.count(key)) missing.push_back("MCID " + std::to_string(key.second) + " on " + key.first);
    }
    // The ParentTree leads from each marked-content sequence back to the
    // element that owns it (what a screen reader follows from the page).
    const std::map<long, PdfObject*> parents = read_parent_tree(c);
    for (int i = 0; i < c.doc.GetPageCount(); ++i) {
        PdfPage* pg = c.doc.GetPage(i);
        if (!pg) continue;  // read_content reported it
        PdfObject* page = pg->GetObject();
        const std::string page_ref = Checker::ref(page);
        const PdfObject* sp = page->GetDictionary().GetKey("StructParents");
        PdfObject* arr = sp && sp->IsNumber() && parents.count(static_cast<long>(sp->GetNumber())) ? parents.at(static_cast<long>(sp->GetNumber())) : nullptr;
        for (auto it = content.mcids.lower_bound({page_ref, LONG_MIN}); it != content.mcids.end() && it->first == page_ref; ++it) {
            const long mcid = it->second;
            auto owner = s.mcids.find({page_ref, mcid});
            PdfObject* entry = arr && arr->IsArray() && mcid >= 0 && static_cast<std::size_t>(mcid) < arr->GetArray().size()
                                   ? c.resolve(&arr->GetArray()[static_cast<std::size_t>(mcid)]) : nullptr;
            if (owner == s.mcids.end()) continue;  // reported above
            if (!entry || Checker::ref(entry) != s.elements[static_cast<std::size_t>(owner->second)].ref) {
                missing.push_back("the ParentTree does not lead MCID " + std::to_string(mcid) + " on page " + std::to_string(i + 1) + " to its element");
            }
        }
    }
    c.add("UA-7.1", "content-in-structure", orphans.empty() && missing.empty() && s.present,
          orphans.empty() && missing.empty() ? std::to_string(content.mcids.size()) + " marked-content sequences, each owned by a structure element"
                                             : (orphans.empty() ? "" : "in no structure element: " + first_few(orphans) + " ") +
                                                   (missing.empty() ? "" : "owned but not on the page: " + first_few(missing)));

    // Headings: the first is H1 and no level is skipped going down (Matterhorn 14-002, 14-003).
    std::vector<std::string> headings;
    int last = 0;
    for (const auto& e : s.elements) {
        if (e.type.size() != 2 || e.type[0] != 'H' || e.type[1] < '1' || e.type[1] > '6') continue;
        const int level = e.type[1] - '0';
        if (last == 0 && level != 1) headings.push_back("the first heading is " + e.type + " (" + e.ref + ")");
        else if (level > last + 1) headings.push_back(e.ref + " is " + e.type + " after H" + std::to_string(last));
        last = level;
    }
    c.add("UA-7.4", "heading-levels", headings.empty(), headings.empty() ? "numbered headings start at H1 and skip no level" : first_few(headings));

    // Tables, lists and their parts where ISO 32000-1 14.8.4.3 puts them.
    const auto parent_type = [&](const StructInfo::Element& e) {
        return e.parent >= 0 ? s.elements[static_cast<std::size_t>(e.parent)].type : std::string("StructTreeRoot");
    };
    std::vector<std::string> nesting;
    std::vector<std::string> tables;
    for (std::size_t i = 0; i < s.elements.size(); ++i) {
        const auto& e = s.elements[i];
        const std::string pt = parent_type(e);
        if (e.type == "LI" && pt != "L") nesting.push_back(e.ref + " LI in " + pt);
        if ((e.type == "LBody") && pt != "LI") nesting.push_back(e.ref + " LBody in " + pt);
        if (e.type == "TR" && pt != "Table" && pt != "THead" && pt != "TBody" && pt != "TFoot") nesting.push_back(e.ref + " TR in " + pt);
        if ((e.type == "TH" || e.type == "TD") && pt != "TR") nesting.push_back(e.ref + " " + e.type + " in " + pt);
        // What an element may hold (ISO 32000-1 14.8.4.3; veraPDF's PDF/UA-1 7.2 rules).
        const auto holds_only = [&](const std::set<std::string>& allowed) {
            for (int k : e.kids) {
                const auto& t = s.elements[static_cast<std::size_t>(k)].type;
                if (!allowed.count(t)) nesting.push_back(e.ref + " " + e.type + " holds " + t);
            }
        };
        if (e.type == "LI") holds_only({"Lbl", "LBody"});
        if (e.type == "L") holds_only({"L", "LI", "Caption"});
        if (e.type == "TR") holds_only({"TH", "TD"});
        if (e.type == "Table") holds_only({"TR", "THead", "TBody", "TFoot", "Caption"});
        if (e.type == "Table") {
            // A header cell in the table, and each with a /Scope unless the
            // cells name their headers (15-003); every row with as many cells
            // as the others (7.2-42; no cell spans another here).
            bool any_th = false;
            bool by_headers = false;
            std::vector<const StructInfo::Element*> ths;
            std::set<std::size_t> widths;
            std::vector<std::size_t> stack{i};
            while (!stack.empty()) {
                const auto& x = s.elements[stack.back()];
                stack.pop_back();
                if (x.type == "TH") {
                    any_th = true;
                    ths.push_back(&x);
                }
                if (x.headers) by_headers = true;
                if (x.type == "TR") {
                    std::size_t cells = 0;
                    for (int k : x.kids) {
                        const auto& t = s.elements[static_cast<std::size_t>(k)].type;
                        cells += (t == "TH" || t == "TD") ? 1 : 0;
                    }
                    widths.insert(cells);
                }
                for (int k : x.kids) {
                    if (s.elements[static_cast<std::size_t>(k)].type != "Table") stack.push_back(static_cast<std::size_t>(k));
                }
            }
            if (!by_headers) {
                for (const auto* th : ths) {
                    if (!th->scope) tables.push_back(th->ref + " TH without /Scope");
                }
            }
            if (!any_th) tables.push_back(e.ref + " a table without header cells");
            if (widths.size() > 1) tables.push_back(e.ref + " rows with different numbers of cells");
        }
    }
    c.add("UA-7.2", "structure-nesting", nesting.empty(), nesting.empty() ? "lists and tables are built as ISO 32000-1 14.8.4.3 says" : first_few(nesting));
    c.add("UA-7.5", "table-headers", tables.empty(), tables.empty() ? "every table has header cells with a /Scope" : first_few(tables));

    // Annotations: in the structure (a Form element for a widget), a widget
    // named for a screen reader (/TU), and the tab order by structure.
    std::vector<std::string> untagged_annots;
    std::vector<std::string> unnamed;
    std::vector<std::string> tabs;
    std::size_t zero_size = 0;
    for (int i = 0; i < c.doc.GetPageCount(); ++i) {
        PdfPage* page = c.doc.GetPage(i);
        if (!page) continue;
        PdfObject* annots = c.key(page->GetObject(), "Annots");
        if (!annots || !annots->IsArray() || annots->GetArray().empty()) continue;
        if (Checker::name_of(c.key(page->GetObject(), "Tabs")) != "S") tabs.push_back("page " + std::to_string(i + 1));
        for (auto& a : annots->GetArray()) {
            PdfObject* annot = c.resolve(&a);
            if (!annot || !annot->IsDictionary()) continue;
            const std::string subtype = Checker::name_of(annot->GetDictionary().GetKey("Subtype"));
            if (subtype == "Popup") continue;
            const PdfObject* flags = annot->GetDictionary().GetKey("F");
            if (flags && flags->IsNumber() && (flags->GetNumber() & 2) != 0) continue;  // hidden
            double area = 1;
            if (const PdfObject* r = annot->GetDictionary().GetKey("Rect"); r && r->IsArray() && r->GetArray().size() == 4) {
                const auto& v = r->GetArray();
                area = std::abs((v[2].GetReal() - v[0].GetReal()) * (v[3].GetReal() - v[1].GetReal()));
            }
            if (area == 0 && subtype == "Widget") {
                // A document timestamp's field: nothing to see, nothing to focus.
                ++zero_size;
                continue;
            }
            const std::string ref = Checker::ref(annot);
            auto it = s.annotations.find(ref);
            // The widget's /StructParent leads through the ParentTree to the element that owns it.
            if (it != s.annotations.end()) {
                const PdfObject* sp = annot->GetDictionary().GetKey("StructParent");
                const auto found = sp && sp->IsNumber() ? parents.find(static_cast<long>(sp->GetNumber())) : parents.end();
                if (found == parents.end() || !found->second || Checker::ref(found->second) != s.elements[static_cast<std::size_t>(it->second)].ref) {
                    untagged_annots.push_back(ref + " /" + subtype + " (its /StructParent leads elsewhere)");
                    continue;
                }
            }
            const bool in_form = it != s.annotations.end() && s.elements[static_cast<std::size_t>(it->second)].type == (subtype == "Widget" ? "Form" : s.elements[static_cast<std::size_t>(it->second)].type);
            if (it == s.annotations.end() || !annot->GetDictionary().HasKey("StructParent") || !in_form) {
                untagged_annots.push_back(ref + " /" + subtype);
            }
            if (subtype == "Widget") {
                const PdfObject* tu = annot->GetDictionary().GetKey("TU");
                if (text_of(c.resolve(const_cast<PdfObject*>(tu))).empty()) unnamed.push_back(ref);
            } else {
                const PdfObject* contents = annot->GetDictionary().GetKey("Contents");
                if (text_of(c.resolve(const_cast<PdfObject*>(contents))).empty()) unnamed.push_back(ref + " /" + subtype + " without /Contents");
            }
        }
    }
    c.add("UA-7.18.1", "annotations-tagged", untagged_annots.empty(),
          untagged_annots.empty() ? std::string("every annotation is in the structure, each widget in a Form element") +
                                        (zero_size ? " (" + std::to_string(zero_size) + " zero-size widget(s) left out: nothing to see or focus)" : "")
                                  : "not in the structure: " + first_few(untagged_annots));
    c.add("UA-7.18.4", "annotation-names", unnamed.empty(), unnamed.empty() ? "every widget has a /TU for screen readers" : "without a name: " + first_few(unnamed));
    c.add("UA-7.18.3", "tab-order", tabs.empty(), tabs.empty() ? "pages with annotations have /Tabs /S" : "no /Tabs /S on " + first_few(tabs));

    if (!c.ua) return;
    PdfObject* viewer = c.key(catalog, "ViewerPreferences");
    const PdfObject* ddt = viewer && viewer->IsDictionary() ? viewer->GetDictionary().GetKey("DisplayDocTitle") : nullptr;
    const bool shows_title = ddt && ddt->IsBool() && ddt->GetBool();
    c.add("UA-7.1", "display-doc-title", shows_title, shows_title ? "/ViewerPreferences << /DisplayDocTitle true >>" : "viewers show the file name, not the title (no DisplayDocTitle true)");
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
        logical_structure(c);
        return c.results;
    } catch (const PdfError& e) {
        detail::throw_unreadable(e, file);
    }
}

}  // namespace justera::pdf
