// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/pdf/embedded.hpp"

#include "justera/core/error.hpp"

namespace justera::pdf {

using core::Errc;
using core::Error;
using Type = raw::Object::Type;

std::optional<AssociatedXml> associated_xml(const raw::File& f, std::size_t rev, const raw::Object& catalog) {
    const raw::Object* af_ref = catalog.get("AF");
    if (!af_ref) return std::nullopt;
    const raw::Object af = f.resolve(*af_ref, rev);
    for (const auto& e : af.array) {
        const raw::Object fs = f.resolve(e, rev);
        const raw::Object* ef_ref = fs.get("EF");
        if (!ef_ref) continue;
        const raw::Object ef = f.resolve(*ef_ref, rev);
        const raw::Object* s_ref = ef.get("UF") ? ef.get("UF") : ef.get("F");
        if (!s_ref) continue;
        raw::Object stream = f.resolve(*s_ref, rev);
        const raw::Object* sub = stream.get("Subtype");
        if (!sub || (sub->text != "text/xml" && sub->text != "application/xml")) continue;
        AssociatedXml out;
        out.stream = std::move(stream);
        const raw::Object* name = fs.get("UF") ? fs.get("UF") : fs.get("F");
        out.name = name && name->type == Type::String ? name->text : "";
        if (const raw::Object* r = fs.get("AFRelationship"); r && r->type == Type::Name) out.relationship = r->text;
        return out;
    }
    return std::nullopt;
}

Embedded read_embedded(std::string_view pdf, const std::string& file, const core::Limits& limits) {
    try {
        const raw::File f(pdf, limits);
        const std::size_t last = f.revisions().size() - 1;
        const raw::Object* root = f.revisions()[last].trailer.get("Root");
        if (!root) throw Error(Errc::PdfMalformed, "the PDF has no catalog (/Root)", {}, "PDF-filen har ingen katalog (/Root)");
        const raw::Object catalog = f.resolve(*root, last);
        const auto found = associated_xml(f, last, catalog);
        if (!catalog.get("AF")) {
            throw Error(Errc::PdfNoEmbeddedXml, "no associated files (/AF): this PDF does not carry a protocol XML", {},
                        "inga associerade filer (/AF): den här PDF-filen bär ingen protokoll-XML");
        }
        if (!found || found->stream.type != Type::Stream) {
            throw Error(Errc::PdfNoEmbeddedXml, "no XML among the associated files: this PDF does not carry a protocol XML", {},
                        "ingen XML bland de associerade filerna: den här PDF-filen bär ingen protokoll-XML");
        }
        Embedded out;
        out.xml = f.stream_data(found->stream, last);
        if (const raw::Object* md = catalog.get("Metadata")) out.xmp = f.stream_data(f.resolve(*md, last), last);
        out.file_name = raw::text_string(found->name);
        out.af_relationship = found->relationship;
        return out;
    } catch (const Error& e) {
        if (!e.where().file.empty()) throw;
        const core::Where& w = e.where();
        throw Error(e.code(), e.message(), core::Where{file, w.line, w.column, w.object}, e.said(true));
    }
}

}  // namespace justera::pdf
