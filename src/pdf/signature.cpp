// SPDX-License-Identifier: GPL-3.0-or-later
// Signatures in a protocol PDF with PoDoFo 0.9.8: reading them, filling a
// field, adding the Document Security Store. Every write is an incremental
// update after the last byte of the input.

#include "justera/pdf/signature.hpp"

#include <podofo/podofo.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <set>

#include "justera/core/error.hpp"
#include "pdf_util.hpp"

namespace justera::pdf {

using core::Errc;
using core::Error;
using detail::utf8;

namespace {

/// The widget/field dictionaries reachable from the AcroForm's /Fields.
std::vector<PoDoFo::PdfObject*> form_fields(PoDoFo::PdfMemDocument& doc) {
    using namespace PoDoFo;
    std::vector<PdfObject*> out;
    const auto resolve = [&](PdfObject* o) { return detail::resolve(doc, o); };
    PdfObject* form = resolve(doc.GetCatalog()->GetDictionary().GetKey("AcroForm"));
    PdfObject* fields = form ? resolve(form->GetDictionary().GetKey("Fields")) : nullptr;
    if (!fields || !fields->IsArray()) return out;
    for (auto& f : fields->GetArray()) {
        if (PdfObject* o = resolve(&f); o && o->IsDictionary()) out.push_back(o);
    }
    return out;
}

std::string field_name(const PoDoFo::PdfObject* o) {
    const PoDoFo::PdfObject* t = o->GetDictionary().GetKey("T");
    return t && t->IsString() ? t->GetString().GetStringUtf8() : std::string();
}


/// Loading for an update: clean output (PDF/A 6.1.9), and the file's own
/// /ModDate back (loading wraps Info and stamps it with "now").
void prepare_update(PoDoFo::PdfMemDocument& doc) {
    using namespace PoDoFo;
    doc.SetWriteMode(ePdfWriteMode_Clean);
    if (PdfInfo* info = doc.GetInfo()) {
        PdfObject* io = info->GetObject();
        if (const PdfObject* created = io->GetDictionary().GetKey("CreationDate"); created && created->IsString()) {
            io->GetDictionary().AddKey("ModDate", *created);
        }
    }
}

/// A new signature field with a zero-size widget on the last page, printable
/// (PDF/A 6.3.2) and without an appearance (zero-size: 6.3.3 asks none), for a document
/// timestamp. Added to the AcroForm's /Fields and the page's /Annots by hand:
/// PoDoFo's own field constructor would add a default appearance with a
/// non-embedded Helvetica to the AcroForm.
PoDoFo::PdfObject* new_invisible_field(PoDoFo::PdfMemDocument& doc, const std::string& name) {
    using namespace PoDoFo;
    const int count = doc.GetPageCount();
    if (count <= 0) throw Error(Errc::PdfMalformed, "the PDF has no pages", {}, "PDF-filen har inga sidor");
    PdfPage* page = doc.GetPage(count - 1);
    PdfObject* form = detail::resolve(doc, doc.GetCatalog()->GetDictionary().GetKey("AcroForm"));
    PdfObject* fields = form ? detail::resolve(doc, form->GetDictionary().GetKey("Fields")) : nullptr;
    if (!fields || !fields->IsArray()) {
        throw Error(Errc::PdfMalformed, "the PDF has no AcroForm /Fields to add a field to", {},
                    "PDF-filen har ingen AcroForm /Fields att lägga till ett fält i");
    }
    PdfObject* w = doc.GetObjects().CreateObject("Annot");
    PdfDictionary& d = w->GetDictionary();
    d.AddKey("Subtype", PdfName("Widget"));
    d.AddKey("FT", PdfName("Sig"));
    d.AddKey("T", PdfString(name));
    PdfArray rect;
    for (int k = 0; k < 4; ++k) rect.push_back(PdfVariant(static_cast<pdf_int64>(0)));
    d.AddKey("Rect", rect);
    d.AddKey("F", static_cast<pdf_int64>(132));  // Print | Locked
    d.AddKey("P", page->GetObject()->Reference());
    // No appearance: a zero-size widget needs none (PDF/A 6.3.3 exempts it),
    // and an appearance object would be an update of a field that an earlier
    // signer's lock covers (pyHanko judges it so).
    fields->GetArray().push_back(w->Reference());
    // PoDoFo marks a changed array dirty, and the object that holds it with it.
    PdfObject* annots = page->GetObject()->GetDictionary().GetKey("Annots");
    if (annots && annots->IsReference()) {
        PdfObject* arr = detail::resolve(doc, annots);
        if (!arr || !arr->IsArray()) throw Error(Errc::PdfMalformed, "the last page's /Annots is not an array", {}, "sista sidans /Annots är ingen lista");
        arr->GetArray().push_back(w->Reference());
    } else if (annots && annots->IsArray()) {
        annots->GetArray().push_back(w->Reference());
    } else {
        PdfArray a;
        a.push_back(w->Reference());
        page->GetObject()->GetDictionary().AddKey("Annots", a);
    }
    return w;
}

}  // namespace

std::vector<std::pair<std::string, bool>> signature_fields(std::string_view bytes, const std::string& file) {
    using namespace PoDoFo;
    detail::quiet_podofo();
    try {
        PdfMemDocument doc;
        doc.LoadFromBuffer(bytes.data(), static_cast<long>(bytes.size()));
        std::vector<std::pair<std::string, bool>> out;
        for (PdfObject* f : form_fields(doc)) {
            const PdfObject* ft = f->GetDictionary().GetKey("FT");
            if (!ft || !ft->IsName() || ft->GetName().GetName() != "Sig") continue;
            out.emplace_back(field_name(f), f->GetDictionary().HasKey("V"));
        }
        return out;
    } catch (const PdfError& e) {
        detail::throw_unreadable(e, file);
    }
}

std::string sign_field(std::string_view in, const SignSpec& spec, const std::function<std::string(std::string_view)>& make_cms) {
    const std::string& field = spec.field;
    const std::int64_t epoch = spec.epoch;
    const std::size_t contents_bytes = spec.contents_bytes;
    const auto& appearance = spec.appearance;
    const auto& font_path = spec.font_path;
    using namespace PoDoFo;
    detail::quiet_podofo();
    try {
        PdfMemDocument doc;
        doc.LoadFromBuffer(in.data(), static_cast<long>(in.size()), true);
        prepare_update(doc);
        PdfObject* widget = nullptr;
        for (PdfObject* f : form_fields(doc)) {
            if (field_name(f) == field) widget = f;
        }
        if (!widget && spec.create_field) widget = new_invisible_field(doc, field);
        if (!widget) throw Error(Errc::SignFieldMissing, "the PDF has no signature field '" + field + "'", {},
                                 "PDF-filen har inget underskriftsfält '" + field + "'");
        if (widget->GetDictionary().HasKey("V")) {
            throw Error(Errc::SignFieldSigned, "the field '" + field + "' is signed already; nothing was written", {},
                        "fältet '" + field + "' är redan underskrivet; inget skrevs");
        }
        const PdfObject* pref = widget->GetDictionary().GetKey("P");
        PdfPage* page = pref && pref->IsReference() ? doc.GetPagesTree()->GetPage(pref->GetReference()) : nullptr;
        if (!page) throw Error(Errc::PdfMalformed, "the field '" + field + "' is on no page", {}, "fältet '" + field + "' finns inte på någon sida");
        std::unique_ptr<PdfAnnotation> annot(new PdfAnnotation(widget, page));
        PdfSignatureField sig_field(annot.get());
        sig_field.EnsureSignatureObject();

        // The visible appearance: a new subset font (an embedded one can not gain
        // glyphs in an update), drawn into a form XObject that becomes /AP /N.
        std::unique_ptr<PdfXObject> xobj;
        PdfFont* font = nullptr;
        FT_Library ft = nullptr;
        FT_Face face = nullptr;
        if (!appearance.empty()) {
            const PdfObject* r = widget->GetDictionary().GetKey("Rect");
            double w = 240;
            double h = 40;
            if (r && r->IsArray() && r->GetArray().size() == 4) {
                const auto& a = r->GetArray();
                w = a[2].GetReal() - a[0].GetReal();
                h = a[3].GetReal() - a[1].GetReal();
            }
            if (!std::ifstream(font_path)) {
                throw Error(Errc::OutputUnwritable, "font file missing: " + font_path, {}, "typsnittsfilen saknas: " + font_path);
            }
            font = doc.CreateFontSubset("DejaVu Sans", false, false, false, new PdfIdentityEncoding(0, 0xffff, true), font_path.c_str());
            xobj = std::make_unique<PdfXObject>(PdfRect(0, 0, w, h), &doc);
            PdfPainter painter;
            painter.SetPage(xobj.get());
            const double size = std::min(8.0, (h - 4) / static_cast<double>(appearance.size()) / 1.2);
            font->SetFontSize(static_cast<float>(size));
            painter.SetFont(font);
            painter.SetColor(0.1, 0.1, 0.35);
            double y = h - size - 1;
            for (const auto& line : appearance) {
                painter.DrawText(2, y, utf8(line));
                y -= size * 1.2;
            }
            painter.FinishPage();
            sig_field.SetAppearanceStream(xobj.get());
            // Keep /AP to exactly /N (PDF/A 6.3.3).
            if (PdfObject* ap = widget->GetDictionary().GetKey("AP"); ap && ap->IsDictionary()) {
                for (const char* k : {"D", "R"}) ap->GetDictionary().RemoveKey(k);
            }
            doc.EmbedSubsetFonts();
            if (FT_Init_FreeType(&ft) == 0 && FT_New_Face(ft, font_path.c_str(), 0, &face) == 0) detail::rebuild_widths(doc, font, face);
            // Subset tags restart at AAAAAA in every process: give this font its own.
            std::string tag = "J";
            std::uint32_t hsh = 2166136261U;
            for (const char c : field) hsh = (hsh ^ static_cast<unsigned char>(c)) * 16777619U;
            hsh ^= static_cast<std::uint32_t>(epoch);
            for (int k = 0; k < 5; ++k) { tag.push_back(static_cast<char>('A' + hsh % 26)); hsh /= 26; }
            const auto retag = [&](PdfObject* o, const char* key) {
                if (!o) return;
                PdfObject* n = o->GetDictionary().GetKey(key);
                if (n && n->IsName()) {
                    std::string name = n->GetName().GetName();
                    if (name.size() > 7 && name[6] == '+') o->GetDictionary().AddKey(key, PdfName(tag + name.substr(6)));
                }
            };
            PdfObject* type0 = font->GetObject();
            retag(type0, "BaseFont");
            if (PdfObject* d = type0->GetDictionary().GetKey("DescendantFonts"); d && d->IsArray() && !d->GetArray().empty()) {
                PdfObject* cid = doc.GetObjects().GetObject(d->GetArray()[0].GetReference());
                retag(cid, "BaseFont");
                if (PdfObject* fd = cid ? cid->GetDictionary().GetKey("FontDescriptor") : nullptr; fd && fd->IsReference()) {
                    retag(doc.GetObjects().GetObject(fd->GetReference()), "FontName");
                }
            }
        }
        struct FtGuard {
            FT_Library& lib;
            FT_Face& f;
            ~FtGuard() {
                if (f) FT_Done_Face(f);
                if (lib) FT_Done_FreeType(lib);
            }
        } ft_guard{ft, face};

        PdfRefCountedBuffer buffer;
        PdfOutputDevice device(&buffer);
        device.Write(in.data(), static_cast<pdf_long>(in.size()));  // the update goes after every earlier byte
        PdfSignOutputDevice signer(&device);
        signer.SetSignatureSize(contents_bytes);
        if (epoch != 0) sig_field.SetSignatureDate(PdfDate(static_cast<time_t>(epoch)));
        sig_field.SetSignature(*signer.GetSignatureBeacon());
        // PAdES (ETSI EN 319 142-1): a CAdES detached signature, or an RFC 3161
        // document timestamp.
        PdfDictionary& sig = sig_field.GetSignatureObject()->GetDictionary();
        sig.AddKey("Type", PdfName(spec.type));
        sig.AddKey("SubFilter", PdfName(spec.sub_filter));
        if (spec.type == "DocTimeStamp") sig.RemoveKey("M");
        if (spec.lock_permissions > 0) {
            // The last signer locks the document: a FieldMDP reference in the
            // new signature with the PDF 2.0 /P (ISO 32000-2 12.8.2.4). The
            // field itself is left as it was (no /Lock added to it): a field
            // that gains keys besides /V and /AP is, to validators such as
            // pyHanko, a field changed after the earlier signatures.
            // /Reference sorts after /Contents, like /Reason and /Location.
            PdfDictionary params;
            params.AddKey("Type", PdfName("TransformParams"));
            params.AddKey("Action", PdfName("All"));
            params.AddKey("P", static_cast<pdf_int64>(spec.lock_permissions));
            params.AddKey("V", PdfName("1.2"));
            PdfDictionary ref;
            ref.AddKey("Type", PdfName("SigRef"));
            ref.AddKey("TransformMethod", PdfName("FieldMDP"));
            ref.AddKey("TransformParams", params);
            PdfArray refs;
            refs.push_back(ref);
            sig.AddKey("Reference", refs);
        }
        // /Reason and /Location sort after /Contents, so PoDoFo's ByteRange
        // adjustment still finds /ByteRange right before /Contents.
        const auto text = [](const std::string& t) {
            // PDFDocEncoding for ASCII, UTF-16 (with BOM) otherwise: ISO 32000-1 7.9.2.2.
            const bool ascii = std::all_of(t.begin(), t.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
            return ascii ? PdfString(t) : utf8(t);
        };
        if (!spec.reason.empty()) sig.AddKey("Reason", text(spec.reason));
        if (!spec.location.empty()) sig.AddKey("Location", text(spec.location));
        doc.WriteUpdate(&signer, false);
        if (!signer.HasSignaturePosition()) throw Error(Errc::Internal, "the signature placeholder was not written");
        signer.AdjustByteRange();
        signer.Seek(0);
        std::string covered;
        char chunk[65536];
        for (std::size_t n; (n = signer.ReadForSignature(chunk, sizeof chunk)) > 0;) covered.append(chunk, n);
        const std::string cms = make_cms(covered);
        if (cms.size() > contents_bytes) {
            throw Error(Errc::Internal, "the signature (" + std::to_string(cms.size()) + " bytes) is larger than its placeholder");
        }
        signer.SetSignature(PdfData(cms.data(), cms.size()));
        signer.Flush();
        return std::string(buffer.GetBuffer(), static_cast<std::size_t>(device.GetLength()));
    } catch (const PdfError& e) {
        throw Error(Errc::PdfMalformed, "cannot sign the PDF: " + detail::error_message(e), {},
                    "kan inte skriva under PDF-filen: " + detail::error_message(e));
    }
}

std::string add_dss(std::string_view in, const std::string& file, const std::vector<std::string>& certs,
                    const std::vector<std::string>& ocsps, const std::vector<std::string>& crls) {
    using namespace PoDoFo;
    detail::quiet_podofo();
    try {
        PdfMemDocument doc;
        doc.LoadFromBuffer(in.data(), static_cast<long>(in.size()), true);
        prepare_update(doc);
        PdfObject* catalog = doc.GetCatalog();
        PdfObject* dss = detail::resolve(doc, catalog->GetDictionary().GetKey("DSS"));
        if (dss && !dss->IsDictionary()) {
            throw Error(Errc::PdfMalformed, "the catalog's /DSS is not a dictionary", core::Where{file}, "/DSS i PDF-filens katalog är ingen ordlista");
        }
        if (!dss) {
            dss = doc.GetObjects().CreateObject();
            dss->GetDictionary().AddKey("Type", PdfName("DSS"));
            catalog->GetDictionary().AddKey("DSS", dss->Reference());
        }
        const auto extend = [&](const char* key, const std::vector<std::string>& items) {
            if (items.empty()) return;
            PdfObject* arr = detail::resolve(doc, dss->GetDictionary().GetKey(key));
            PdfArray fresh;
            PdfArray* target = &fresh;
            std::set<std::string> have;
            if (arr && arr->IsArray()) {
                target = &arr->GetArray();
                for (auto& e : *target) {
                    if (PdfObject* o = detail::resolve(doc, &e); o && o->HasStream()) {
                        have.insert(detail::stream_data(o, file + ": the DSS's /" + key));
                    }
                }
            }
            for (const auto& der : items) {
                if (!have.insert(der).second) continue;
                PdfObject* s = doc.GetObjects().CreateObject();
                s->GetStream()->Set(der.data(), static_cast<pdf_long>(der.size()));
                target->push_back(s->Reference());
            }
            if (target == &fresh) dss->GetDictionary().AddKey(key, fresh);
        };
        extend("Certs", certs);
        extend("OCSPs", ocsps);
        extend("CRLs", crls);
        PdfRefCountedBuffer buffer;
        PdfOutputDevice device(&buffer);
        device.Write(in.data(), static_cast<pdf_long>(in.size()));
        doc.WriteUpdate(&device, false);
        return std::string(buffer.GetBuffer(), static_cast<std::size_t>(device.GetLength()));
    } catch (const PdfError& e) {
        throw Error(Errc::PdfMalformed, "cannot add validation data to the PDF: " + detail::error_message(e),
                    core::Where{file}, "kan inte lägga till valideringsdata i PDF-filen: " + detail::error_message(e));
    }
}

}  // namespace justera::pdf
