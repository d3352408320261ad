// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/serve/downloads.hpp"

#include <cctype>

namespace justera::serve {

using nlohmann::ordered_json;

ordered_json public_analysis(const ordered_json& a) {
    // Copied member by member, so that the XML's text is not copied too.
    ordered_json out = ordered_json::object();
    for (const auto& [k, v] : a.items()) {
        if (k == "embedded_xml" && v.is_object()) out[k] = {{"name", v.value("name", "")}};
        else if (k != "recheck") out[k] = v;  // the server's own
    }
    return out;
}

std::string download_stem(const std::string& name) {
    std::string s = name;
    const auto slash = s.find_last_of("/\\");
    if (slash != std::string::npos) s = s.substr(slash + 1);
    if (s.size() > 4 && (s.compare(s.size() - 4, 4, ".pdf") == 0 || s.compare(s.size() - 4, 4, ".PDF") == 0)) s.resize(s.size() - 4);
    // A plain name for the downloads: letters (any script), digits, - _ and
    // spaces; the rest becomes "_".
    for (char& c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (!(u >= 0x80 || std::isalnum(u) || c == '-' || c == '_' || c == ' ')) c = '_';
    }
    return s.empty() ? std::string("protokoll") : s;
}

std::string report_file_name(const std::string& upload_name, bool english) {
    return download_stem(upload_name) + (english ? "-verification-report.pdf" : "-verifieringsrapport.pdf");
}

}  // namespace justera::serve
