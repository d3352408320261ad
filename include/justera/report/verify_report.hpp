// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Presenting a verification report (`justera verify`): a signature panel in
/// text, and the stable JSON shape of docs/report.md
/// (schemas/verify-report.schema.json). Decides nothing.

#include <string>

#include <nlohmann/json.hpp>

#include "justera/core/language.hpp"
#include "justera/verify/verify.hpp"

namespace justera::report {

inline constexpr const char* k_verify_report_version = "1";

nlohmann::ordered_json verify_json(const verify::Report& r, const std::string& tool_version);
/// The report's sentences in `lang`, in the report's order:
/// {"signatures": [{"checks": [...], "changes": [...]}], "document":
/// {"checks": [...]}, "findings": [...]} (the page shows them beside the
/// English of verify_json).
nlohmann::ordered_json verify_words(const verify::Report& r, core::Language lang);
/// The panel, Swedish unless asked otherwise (report/messages.hpp).
std::string verify_text(const verify::Report& r, core::Language lang = core::Language::Swedish);
/// One line: "TOTAL_PASSED  file.pdf  4 signature(s), 3/3 signers of the
/// protocol", English unless asked otherwise.
std::string verify_summary_line(const verify::Report& r, core::Language lang = core::Language::English);

}  // namespace justera::report
