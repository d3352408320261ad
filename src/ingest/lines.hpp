// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Front ends: turn raw text of one layout into logical lines that the common
// reader understands. Markup is removed here and only here.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "justera/core/diagnostics.hpp"
#include "justera/ingest/ingest.hpp"
#include "justera/model/protocol.hpp"

namespace justera::ingest {

struct Line {
    std::string text;         ///< markup removed, trimmed
    std::string raw;          ///< the source line without its line end (layout columns intact)
    std::uint32_t source_line = 0;
    std::uint32_t indent = 0; ///< leading spaces in the source
    bool blank = false;
    bool heading = false;     ///< marked as a heading: #, bold-only, or a heading run in PDF text
    bool bullet = false;      ///< a bullet item (explicit marker or a bullet lost to a space)
    bool page_break = false;  ///< a form feed or page marker preceded this line
    bool table_row = false;   ///< a row of a Markdown table ("| a | b |")
};

/// What the front end learnt from page furniture before removing it.
struct Furniture {
    std::string municipality;
    std::string organ;
    std::optional<model::ProtocolNumber> number;
    std::optional<model::Date> date;
    /// The meeting's hours when a running header repeats them ("Tid: 2025-09-09 kl 09.00-15.30").
    std::optional<model::TimeOfDay> start_time;
    std::optional<model::TimeOfDay> end_time;
    bool extract = false;  ///< a running header says "Protokollsutdrag"
    std::size_t removed_lines = 0;
    /// The removed lines (running headers and footers, page numbers and
    /// markers, tables of contents), for the parse report.
    std::vector<model::SourceLine> lines;
};

struct FrontEndResult {
    std::vector<Line> lines;
    Furniture furniture;
};

/// Splits and cleans `text` for `layout` (Markdown, Docx, PdfText or Agenda).
FrontEndResult front_end(std::string_view text, Layout layout, const std::string& file,
                         core::Diagnostics& diags);

}  // namespace justera::ingest
