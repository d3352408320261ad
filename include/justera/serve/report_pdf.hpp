// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The verification report as a PDF to keep: the page's result in one
/// language, as tagged PDF/A-3a (PDF/UA-1), with the report's JSON attached.
/// Made by a worker (the PDF writer is never loaded into the server).

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "justera/pdf/render.hpp"

namespace justera::serve {

struct ReportRequest {
    nlohmann::ordered_json analysis;        ///< serve::public_analysis of the result
    std::string name;                       ///< the file's name, as the visitor gave it
    bool english = false;
    std::vector<std::string> trust_roots;   ///< whom the service trusts (their subjects)
    std::string version;                    ///< justera's
};

/// The report's text and structure, in the request's language.
pdf::Outline report_outline(const ReportRequest& r);
/// The PDF; its dates are the verification's time (the same result gives
/// the same bytes).
std::string report_pdf(const ReportRequest& r);

/// The worker job that makes the PDF: the request is a JSON object
/// {"analysis", "name", "english"}, the answer {"pdf": base64}.
inline constexpr std::string_view k_report_job = "\x01report";

}  // namespace justera::serve
