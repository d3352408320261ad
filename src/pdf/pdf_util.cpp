// SPDX-License-Identifier: GPL-3.0-or-later
#include "pdf_util.hpp"

#include <memory>

#include "justera/core/error.hpp"
#include "justera/pdf/raw.hpp"

namespace justera::pdf::detail {

using core::Errc;
using core::Error;

void quiet_podofo() {
    PoDoFo::PdfError::EnableDebug(false);
    PoDoFo::PdfError::EnableLogging(false);
}

void throw_unreadable(const PoDoFo::PdfError& e, const std::string& file) {
    if (e.GetError() == PoDoFo::ePdfError_InvalidPassword) {
        throw Error(Errc::PdfEncrypted, "the PDF is encrypted and needs a password to be opened; justera reads only unencrypted PDFs",
                    core::Where{file},
                    "PDF-filen är krypterad och behöver ett lösenord för att öppnas; justera läser bara okrypterade PDF-filer");
    }
    throw Error(Errc::PdfMalformed, "cannot read the PDF: " + error_message(e), core::Where{file},
                "kan inte läsa PDF-filen: " + error_message(e));
}

std::string error_message(const PoDoFo::PdfError& e) {
    const char* m = PoDoFo::PdfError::ErrorMessage(e.GetError());
    return m ? std::string(m) : "PoDoFo error " + std::to_string(static_cast<int>(e.GetError()));
}

PoDoFo::PdfObject* resolve(PoDoFo::PdfMemDocument& doc, PoDoFo::PdfObject* o) {
    return (o && o->IsReference()) ? doc.GetObjects().GetObject(o->GetReference()) : o;
}

std::string stream_data(const PoDoFo::PdfObject* o, const std::string& what, std::size_t max) {
    using namespace PoDoFo;
    if (!o || !o->HasStream()) return {};
    // Which filter: none, or exactly FlateDecode without predictor parameters.
    const PdfObject* f = o->GetDictionary().GetKey("Filter");
    std::string filter;
    if (f && f->IsName()) filter = f->GetName().GetName();
    else if (f && f->IsArray() && f->GetArray().size() == 1 && f->GetArray()[0].IsName()) filter = f->GetArray()[0].GetName().GetName();
    else if (f && !(f->IsArray() && f->GetArray().empty())) filter = "?";
    if (!filter.empty() && (filter != "FlateDecode" || o->GetDictionary().HasKey("DecodeParms"))) {
        throw Error(Errc::PdfMalformed, what + " uses the filter " + filter + ", which justera does not read", {},
                    what + " använder filtret " + filter + ", som justera inte läser");
    }
    char* stored = nullptr;
    pdf_long raw_len = 0;
    o->GetStream()->GetCopy(&stored, &raw_len);  // the stream as stored, still encoded
    std::unique_ptr<char, void (*)(void*)> guard(stored, podofo_free);
    if (raw_len < 0 || static_cast<std::size_t>(raw_len) > max) {
        throw Error(Errc::PdfMalformed, what + " is larger than justera reads", {}, what + " är större än justera läser");
    }
    if (filter.empty()) return std::string(stored, static_cast<std::size_t>(raw_len));
    // The one inflater (the strict reader's): the same cap, the same errors.
    try {
        return raw::inflate(std::string_view(stored, static_cast<std::size_t>(raw_len)), max);
    } catch (const Error& e) {
        throw Error(e.code(), what + ": " + e.message(), {}, what + ": " + e.said(true));
    }
}

PoDoFo::PdfString utf8(const std::string& s) { return PoDoFo::PdfString(reinterpret_cast<const PoDoFo::pdf_utf8*>(s.c_str())); }

}  // namespace justera::pdf::detail
