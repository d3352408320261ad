// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Word documents (DOCX, Office Open XML) as input: the document's text, in
/// the Markdown that the protocol reader reads best (Layout::Docx), with
/// warnings for what is not plain, current text. docs/ingest.md, "DOCX",
/// says what is read, how, and what is left out.

#include <cstdint>
#include <string>
#include <string_view>

#include "justera/core/diagnostics.hpp"
#include "justera/core/limits.hpp"

namespace justera::ingest {

/// A zip archive: a local file header ("PK\3\4") or an empty archive's end
/// record ("PK\5\6") first.
bool looks_like_zip(std::string_view bytes) noexcept;
/// An OLE compound file (D0 CF 11 E0 A1 B1 1A E1): Word 97-2003 (.doc), or
/// an Office file protected with a password.
bool looks_like_ole(std::string_view bytes) noexcept;

enum class DocxMarkup : std::uint8_t {
    Unknown = 0,
    Markdown,  ///< headings "## ", bold lines "**...**", tables "| a | b |", escapes: for Layout::Docx
    Plain,     ///< no markup, table cells separated by tabs: for Layout::PdfText and Layout::Agenda
};

/// Bounds of the zip container with no option: nothing legitimate comes near
/// them (docs/limits.md). The unpacked size is bounded by
/// Limits::max_input_bytes.
inline constexpr std::size_t k_docx_max_entries = 10'000;
inline constexpr std::uint64_t k_docx_max_ratio = 200;  ///< unpacked : packed, over the whole archive

struct DocxOptions {
    std::string file_name;  ///< for messages: "FILE:word/document.xml:LINE:COL"
    core::Limits limits;
    DocxMarkup markup = DocxMarkup::Markdown;
};

/// The text of a Word document: the body with tracked changes accepted, its
/// page headers and footers at the edges of each page (page furniture, which
/// the reader recognises by repetition), footnotes after their paragraph,
/// page breaks as form feeds. Recoverable oddities go to `diags` as warnings
/// (tracked changes, hidden text, comments, images and objects, placeholders).
///
/// Throws core::Error:
/// - InputDocxOverLimit: the archive unpacks to more than
///   Limits::max_input_bytes, has more than k_docx_max_entries entries or a
///   ratio over k_docx_max_ratio, or its text with the page furniture is
///   over Limits::max_input_bytes;
/// - InputDocxMalformed: the zip is damaged (truncated, bad CRC, sizes that
///   disagree, compression libzip cannot read);
/// - InputDocxEncrypted, InputDocLegacy: an OLE compound file (say which);
/// - InputZipNotDocx: a zip without word/document.xml;
/// - XmlMalformed, XmlDoctypeForbidden, XmlTooDeep, XmlTooManyNodes: a part's
///   XML (named "FILE:PART" with its line and column), read as the XML
///   loader reads any XML: no network, no DTD, no entities.
std::string docx_text(std::string_view bytes, const DocxOptions& options, core::Diagnostics& diags);

}  // namespace justera::ingest
