// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Resource limits for untrusted input, passed explicitly (never global).
/// Defaults are documented in docs/cli.md.

#include <cstddef>
#include <cstdint>

namespace justera::core {

struct Limits {
    std::size_t max_input_bytes = 32U * 1024U * 1024U;  ///< any input file
    std::size_t max_lines = 500'000;                     ///< lines of a text input
    std::size_t max_line_bytes = 256U * 1024U;           ///< one line of a text input
    std::size_t max_paragraphs = 10'000;                 ///< § paragraphs or agenda items
    std::uint32_t max_xml_depth = 64;                    ///< element nesting in XML input
    std::size_t max_xml_nodes = 2'000'000;               ///< nodes in XML input
};

}  // namespace justera::core
