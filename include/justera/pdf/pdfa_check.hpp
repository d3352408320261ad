// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// A structural PDF/A-3 and PDF/UA-1 self-check for the files justera writes.
/// It tests the rules of ISO 19005-3 that can be tested without a full
/// validator (no veraPDF in Debian): file structure, fonts, annotations,
/// actions, XMP metadata and associated files; for a file that claims level A
/// or PDF/UA-1 also the tagged structure, reading the content streams' marked
/// content (ISO 14289-1, the Matterhorn Protocol's machine-checkable failure
/// conditions that apply to these files).

#include <string>
#include <string_view>
#include <vector>

namespace justera::pdf {

struct RuleResult {
    std::string id;       ///< ISO 19005-3 clause, e.g. "6.2.11.5", plus a short name
    std::string name;     ///< "font-widths"
    bool passed = false;
    std::string message;  ///< what was found, naming the object when one failed
};

/// Runs every rule. Throws core::Error(PdfMalformed) when the file cannot be read.
std::vector<RuleResult> pdfa_check(std::string_view pdf, const std::string& file);

}  // namespace justera::pdf
