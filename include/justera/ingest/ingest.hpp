// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Reading protocols and agendas as people have them: one tolerant reader with
/// layout-specific front ends (Markdown exports, text extracted from PDFs,
/// agenda web pages).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "justera/core/diagnostics.hpp"
#include "justera/core/limits.hpp"
#include "justera/model/protocol.hpp"

namespace justera::ingest {

enum class Layout : std::uint8_t {
    Unknown = 0,
    Auto,      ///< detect
    Markdown,  ///< Markdown-like exports: ##/** headings, tables, page markers
    PdfText,   ///< plain text, including pdftotext (with or without -layout)
    Agenda,    ///< a föredragningslista scraped from a web page
    Docx,      ///< the text justera's DOCX reader writes (ingest/docx.hpp): Markdown without a converter's leftovers
};

std::string_view to_string(Layout layout) noexcept;
std::optional<Layout> layout_from(std::string_view name) noexcept;

/// Where a text comes from, when the caller knows more than the text says.
enum class TextSource : std::uint8_t {
    Unknown = 0,  ///< a text as given: a file, standard input
    /// justera-pdftext's text of a PDF made elsewhere: lines placed by their
    /// position (columns kept, a blank line where the page leaves a gap),
    /// heading lines marked **like this** by their fonts. Never Markdown,
    /// and a "§ 12" starts a paragraph only where the page sets it as a
    /// heading (docs/ingest.md, "PDF input").
    PdfLayout,
};

struct ParseOptions {
    Layout layout = Layout::Auto;
    TextSource source = TextSource::Unknown;
    std::string file_name;  ///< for messages
    core::Limits limits;
    /// Facts the secretary sets over what the reader found (docs/ingest.md).
    std::vector<model::Correction> corrections;
};

using Document = model::Document;

struct ParseResult {
    Layout layout = Layout::Unknown;  ///< the layout used (the detected one for Auto)
    Document document;
    /// Page furniture left out of the document (running headers and footers,
    /// page numbers and markers), each with its line: reported, not lost.
    std::vector<model::SourceLine> furniture;
    std::size_t words = 0;            ///< content words of the input (docs/ingest.md)
    std::size_t unplaced_words = 0;   ///< of them, kept only as unplaced lines
};

/// Detects the layout of a text. Never throws.
Layout detect_layout(std::string_view text);

/// Parses UTF-8 text into a protocol or an agenda. Recoverable problems go to
/// `diags` (with line and column); the text is never rewritten except for NFC
/// normalisation. Throws core::Error for input that is not UTF-8 text, is over a
/// limit, or has no paragraphs (protocol) / no items (agenda).
ParseResult parse_text(std::string_view text, const ParseOptions& options, core::Diagnostics& diags);

/// "FIELD=VALUE" as given to --set.
model::Correction correction_from_arg(std::string_view arg);
/// A corrections file: lines "FIELD = VALUE", blank lines and # comments.
std::vector<model::Correction> read_corrections(std::string_view text, const std::string& file);
/// Applies corrections in order and records each in `p.corrections`. Throws
/// core::Error (usage) naming the field for an unknown field, a value that
/// does not read (a date, a name) or a paragraph the protocol does not have.
void apply_corrections(model::Protocol& p, const std::vector<model::Correction>& corrections, core::Diagnostics& diags);

}  // namespace justera::ingest
