// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The text of PDFs that justera did not make. justera reads the text of
/// its own PDFs straight from the content streams through the fonts'
/// ToUnicode maps; anyone else's fonts and layouts are read by poppler, in
/// the helper program justera-pdftext, so that poppler's start-up cost is
/// paid only when it is needed and a crash or hang in it cannot take
/// justera down.

#include <string>
#include <string_view>
#include <vector>

#include "justera/core/diagnostics.hpp"

namespace justera::pdf {

struct ForeignTextOptions {
    int timeout_seconds = 60;                      ///< wall-clock bound on the helper
    std::size_t max_output_bytes = 64U * 1024U * 1024U;  ///< bound on the text it returns
};

/// The path of justera-pdftext: $JUSTERA_PDFTEXT when set, else next to
/// the running justera, else in the installed libexec directory.
std::string pdftext_helper();

/// Each page's text (UTF-8, lines separated by '\n'), as justera-pdftext
/// lays it out (docs/ingest.md, "PDF input") without heading marks: what a
/// reader of the pages sees. `file` names the input in messages. Throws
/// core::Error: PdfTextUnreadable when poppler cannot read the PDF, crashes
/// or times out on it (naming which), PdfEncrypted for a password-protected
/// PDF, HelperMissing when the helper is absent.
std::vector<std::string> foreign_page_text(std::string_view pdf, const std::string& file, const ForeignTextOptions& opts = {});

/// The pages as one text, each ending in a line break, with heading lines
/// marked **like this** by their fonts: what the text ingest reads for a PDF
/// made elsewhere (with ingest::TextSource::PdfLayout). What the helper set
/// aside goes to `diags`: text outside the pages' visible area (a warning,
/// pdf-text-off-page, quoting it), rotated or slanted text placed at its
/// page's end and words drawn twice read once (info, pdf-text-rearranged).
/// Throws as foreign_page_text.
std::string foreign_text(std::string_view pdf, const std::string& file, core::Diagnostics& diags, const ForeignTextOptions& opts = {});

}  // namespace justera::pdf
