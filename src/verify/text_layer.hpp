// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The text a reader of the PDF sees, read from the content streams through
// the fonts' ToUnicode maps (enough for the PDFs justera renders: Type0
// fonts with Identity-H and a ToUnicode CMap), so that verification can
// check that what people saw is what the embedded XML says.

#include <string>
#include <vector>

#include "justera/pdf/raw.hpp"

namespace justera::verify {

/// The strict PDF reader (justera/pdf/raw.hpp) under its short name.
namespace raw = pdf::raw;

/// The lines of text of every page (UTF-8), in content-stream order, as
/// revision `rev` defines the pages. Throws core::Error(PdfMalformed) for
/// pages or fonts it cannot read (a font without ToUnicode, say).
std::vector<std::vector<std::string>> page_lines(const raw::File& file, std::size_t rev);

}  // namespace justera::verify
