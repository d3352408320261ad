// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// What the verification page knows about one uploaded PDF: the report of
/// `justera verify`, the findings and dates of `justera check`, the
/// protocol's organ, day and paragraphs, a verdict in plain words, and the
/// embedded XML. One JSON value (docs/serve.md), made in a worker process.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "justera/rules/deadlines.hpp"
#include "justera/verify/verify.hpp"

namespace justera::serve {

/// The verdict in plain words: one key, and its sentence in Swedish and English.
struct Plain {
    std::string key;  ///< justerat, changed, not_all_signed, secretary_unsigned, unsigned, untrusted, revoked, failed, unreadable, indeterminate
    std::string sv;
    std::string en;
};
Plain plain_verdict(const verify::Report& report);

/// Verifies `pdf` and checks its protocol. Throws core::Error only when the
/// file is refused (not a PDF, over a limit).
nlohmann::ordered_json analyse(std::string_view pdf, const std::string& name, std::optional<rules::Date> anslag, const verify::Context& context,
                               const std::string& tool_version);

}  // namespace justera::serve
