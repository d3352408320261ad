// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// A structural PDF/A-3b self-check for the files justera writes. It tests the
/// rules of ISO 19005-3 that can be tested without a full validator (no
/// veraPDF in Debian): file structure, fonts, annotations, actions, XMP
/// metadata and associated files. It does not interpret content streams.

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
