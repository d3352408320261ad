// SPDX-License-Identifier: GPL-3.0-or-later
#include "pdf_util.hpp"

#include <zlib.h>

#include <memory>

#include "justera/core/error.hpp"

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
                    core::Where{file});
    }
    throw Error(Errc::PdfMalformed, std::string("cannot read the PDF: ") + PoDoFo::PdfError::ErrorMessage(e.GetError()), core::Where{file});
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
        throw Error(Errc::PdfMalformed, what + " uses the filter " + filter + ", which justera does not read");
    }
    char* raw = nullptr;
    pdf_long raw_len = 0;
    o->GetStream()->GetCopy(&raw, &raw_len);  // the stream as stored, still encoded
    std::unique_ptr<char, void (*)(void*)> guard(raw, podofo_free);
    if (raw_len < 0 || static_cast<std::size_t>(raw_len) > max) throw Error(Errc::PdfMalformed, what + " is larger than justera reads");
    if (filter.empty()) return std::string(raw, static_cast<std::size_t>(raw_len));
    z_stream z{};
    if (inflateInit(&z) != Z_OK) throw Error(Errc::Internal, "zlib did not start");
    z.next_in = reinterpret_cast<Bytef*>(raw);
    z.avail_in = static_cast<uInt>(raw_len);
    std::string out;
    char chunk[65536];
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        z.next_out = reinterpret_cast<Bytef*>(chunk);
        z.avail_out = sizeof chunk;
        rc = inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) break;
        out.append(chunk, sizeof chunk - z.avail_out);
        if (out.size() > max) {
            inflateEnd(&z);
            throw Error(Errc::PdfMalformed, what + " decompresses to more than " + std::to_string(max) + " bytes: refused");
        }
        if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) break;  // truncated stream: keep what decoded
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END && rc != Z_OK) throw Error(Errc::PdfMalformed, what + " is not valid compressed data");
    return out;
}

PoDoFo::PdfString utf8(const std::string& s) { return PoDoFo::PdfString(reinterpret_cast<const PoDoFo::pdf_utf8*>(s.c_str())); }

}  // namespace justera::pdf::detail
