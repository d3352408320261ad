// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Presenting a protocol or agenda summary (`justera info`): human text and a
/// stable JSON shape documented in docs/cli.md. Decides nothing.

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "justera/core/language.hpp"

#include "justera/core/diagnostics.hpp"
#include "justera/model/protocol.hpp"

namespace justera::report {

using Document = model::Document;

struct InfoInput {
    const Document* document = nullptr;
    std::string source;       ///< file name
    std::string input_kind;   ///< "text" or "xml"
    std::string layout;       ///< for text: the layout read
    std::string fingerprint;  ///< SHA-256 of the canonical XML
    const std::vector<core::Diagnostic>* diagnostics = nullptr;
    /// For text: page furniture left out, and the word ledger (docs/ingest.md).
    const std::vector<model::SourceLine>* furniture = nullptr;
    std::size_t words = 0;
    std::size_t unplaced_words = 0;
    /// For a PDF: its signature fields (name, signed), read from the file.
    const std::vector<std::pair<std::string, bool>>* pdf_fields = nullptr;
    /// The panel's labels (info_text); the protocol's own words stay as written.
    core::Language language = core::Language::Swedish;
};

nlohmann::ordered_json info_json(const InfoInput& in);
std::string info_text(const InfoInput& in);

/// A PDF's signature fields (name, signed) with whose each is by the
/// protocol `p` (`justera fields`, and `info` of a PDF): JSON objects
/// {name, role, person, signed}; or one line per field.
nlohmann::ordered_json fields_json(const model::Protocol& p, const std::vector<std::pair<std::string, bool>>& fields);
std::string fields_text(const model::Protocol& p, const std::vector<std::pair<std::string, bool>>& fields, core::Language language);

/// One diagnostic as "file:line:col: warning: message".
std::string format_diagnostic(const core::Diagnostic& d, core::Language lang = core::Language::English);
nlohmann::ordered_json diagnostics_json(const std::vector<core::Diagnostic>& diags);

}  // namespace justera::report
