// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Resource limits for untrusted input, passed explicitly (never global).
/// Defaults and the options that change them: docs/limits.md.

#include <cstddef>
#include <cstdint>

namespace justera::core {

struct Limits {
    // Every input
    std::size_t max_input_bytes = 32U * 1024U * 1024U;  ///< any input file (--max-input-bytes)
    // Text
    std::size_t max_lines = 500'000;                     ///< lines of a text input (--max-lines)
    std::size_t max_line_bytes = 256U * 1024U;           ///< one line of a text input (--max-line-bytes)
    std::size_t max_paragraphs = 10'000;                 ///< § paragraphs or agenda items (--max-paragraphs)
    // XML
    std::uint32_t max_xml_depth = 64;                    ///< element nesting in XML input (--max-xml-depth)
    std::size_t max_xml_nodes = 2'000'000;               ///< nodes in XML input (--max-xml-nodes)
    // PDF, as the verifier reads it
    std::size_t max_pdf_objects = 1'000'000;             ///< xref entries over all revisions (--max-pdf-objects)
    std::size_t max_pdf_revisions = 1'000;               ///< incremental updates, the first version included (--max-revisions)
    std::uint32_t max_pdf_nesting = 64;                  ///< arrays and dictionaries nested in one object (--max-nesting)
    std::size_t max_stream_bytes = 32U * 1024U * 1024U;  ///< one stream, decoded (--max-stream-bytes)
    std::size_t max_signatures = 100;                    ///< signatures and document timestamps in one file (--max-signatures)
    std::size_t max_cms_bytes = 1024U * 1024U;           ///< one signature's CMS or timestamp token (--max-cms-bytes)
    std::size_t max_chain_length = 10;                   ///< certificates one CMS or token carries, and a built chain's depth (--max-chain)
};

}  // namespace justera::core
