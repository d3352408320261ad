// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// What the visitor of the verification page takes away: the result without
/// the server's own parts, and the names the downloads are offered under.

#include <string>

#include <nlohmann/json.hpp>

namespace justera::serve {

/// The analysis as the visitor gets it for download: without the server's
/// "recheck" and without the text of the embedded XML (it has a link of its own).
nlohmann::ordered_json public_analysis(const nlohmann::ordered_json& analysis);

/// A plain stem for the files offered for download, from the name the
/// visitor's file had: no directory, no ".pdf", letters (any script),
/// digits, '-', '_' and spaces, the rest '_'; "protokoll" when nothing is left.
std::string download_stem(const std::string& name);
/// The name the PDF report is offered under: the stem and
/// "-verifieringsrapport.pdf" / "-verification-report.pdf".
std::string report_file_name(const std::string& upload_name, bool english);

}  // namespace justera::serve
