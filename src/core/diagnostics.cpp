// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/core/diagnostics.hpp"

#include <algorithm>

namespace justera::core {

std::string_view to_string(DiagCode code) noexcept {
    switch (code) {
        case DiagCode::MixedScript: return "mixed-script";
        case DiagCode::InvisibleCharacter: return "invisible-character";
        case DiagCode::NotNormalized: return "not-normalized";
        case DiagCode::UnplacedText: return "unplaced-text";
        case DiagCode::SchemaViolation: return "schema-violation";
        case DiagCode::ParagraphOrder: return "paragraph-order";
        case DiagCode::ParagraphListMismatch: return "paragraph-list-mismatch";
        case DiagCode::DateUnreadable: return "date-unreadable";
        case DiagCode::LayoutGuess: return "layout-guess";
        case DiagCode::PageFurnitureRemoved: return "page-furniture-removed";
        case DiagCode::ImmediateNegated: return "immediate-negated";
        case DiagCode::Consistency: return "consistency";
        case DiagCode::NotEstablished: return "not-established";
        case DiagCode::Corrected: return "corrected";
        case DiagCode::PdfTextOffPage: return "pdf-text-off-page";
        case DiagCode::PdfTextRearranged: return "pdf-text-rearranged";
        case DiagCode::DocxTrackedChanges: return "docx-tracked-changes";
        case DiagCode::DocxHiddenText: return "docx-hidden-text";
        case DiagCode::DocxNotRead: return "docx-not-read";
        case DiagCode::DocxPlaceholder: return "docx-placeholder";
        case DiagCode::PdfNotStrict: return "pdf-not-strict";
        case DiagCode::Unknown: break;
    }
    return "unknown";
}

void Diagnostics::add(Severity severity, DiagCode code, std::string message, Where where, std::string sv) {
    m_items.push_back(Diagnostic{severity, code, std::move(message), std::move(where), std::move(sv)});
}

std::size_t Diagnostics::count(Severity severity) const noexcept {
    return static_cast<std::size_t>(std::count_if(
        m_items.begin(), m_items.end(), [&](const Diagnostic& d) { return d.severity == severity; }));
}

}  // namespace justera::core
