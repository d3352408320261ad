// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Helpers shared by the PDF writer, reader and self-check (private to pdf).

#include <podofo/podofo.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include <cstddef>
#include <string>

namespace justera::pdf::detail {

/// The largest decoded stream justera reads from a PDF (an embedded XML, XMP,
/// a font program): a compression bomb stops here instead of filling memory.
inline constexpr std::size_t k_max_stream_bytes = 32U * 1024U * 1024U;

/// PoDoFo logs trailers and warnings to the standard streams by default.
void quiet_podofo();

/// The core::Error for a PDF PoDoFo could not open: PdfEncrypted when it
/// needs a password, PdfMalformed naming PoDoFo's reason otherwise.
[[noreturn]] void throw_unreadable(const PoDoFo::PdfError& e, const std::string& file);

/// PoDoFo's words for an error code: PdfError::ErrorMessage returns NULL
/// for some codes (InvalidDataType among them), which must never reach a
/// std::string.
std::string error_message(const PoDoFo::PdfError& e);

/// Follows an indirect reference; nullptr stays nullptr.
PoDoFo::PdfObject* resolve(PoDoFo::PdfMemDocument& doc, PoDoFo::PdfObject* o);

/// A stream's decoded bytes, for unfiltered and FlateDecode streams only, and
/// never more than `max` bytes. Throws core::Error(PdfMalformed) naming `what`
/// for other filters, corrupt data or a stream that decodes past the limit.
std::string stream_data(const PoDoFo::PdfObject* o, const std::string& what, std::size_t max = k_max_stream_bytes);

/// A text string from UTF-8 (PoDoFo writes it as UTF-16BE with BOM).
PoDoFo::PdfString utf8(const std::string& s);

/// Exact /W of a subset Type0 font from its font program, and no /CIDSet
/// (render.cpp; also used for the appearance font of a signature).
void rebuild_widths(PoDoFo::PdfMemDocument& doc, PoDoFo::PdfFont* font, FT_Face face);

}  // namespace justera::pdf::detail
