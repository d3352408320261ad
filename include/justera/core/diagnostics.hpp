// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// A sink for problems a reader recovered from (qpdf's warn() pattern): the
/// reader goes on, the caller decides whether warnings are fatal (--strict).

#include <cstdint>
#include <string>
#include <vector>

#include "justera/core/error.hpp"

namespace justera::core {

enum class Severity : std::uint8_t { Unknown = 0, Info, Warning, Error };

enum class DiagCode : std::uint16_t {
    Unknown = 0,
    MixedScript = 1,          ///< a word mixes scripts (Latin + Cyrillic look-alikes)
    InvisibleCharacter = 2,   ///< zero-width or bidi control characters
    NotNormalized = 3,        ///< input was not NFC; it was normalised
    UnplacedText = 4,         ///< text kept as free text because its place was unclear
    SchemaViolation = 5,      ///< validate --json: the document is not valid against the XSD
    ParagraphOrder = 6,       ///< § numbers out of order or repeated
    ParagraphListMismatch = 7,///< header paragraph list differs from the body
    DateUnreadable = 8,
    LayoutGuess = 9,          ///< which layout --format auto chose
    PageFurnitureRemoved = 10,
    ImmediateNegated = 11,    ///< "omedelbart" + "justera" in a negated sentence
    Consistency = 12,         ///< validate: facts contradict each other
    NotEstablished = 13,      ///< parse: a fact the reader could not establish (no justerare, ...)
    Corrected = 14,           ///< parse: a fact set by a correction (--set, a corrections file)
    PdfTextOffPage = 15,      ///< a PDF made elsewhere: text outside a page's visible area, not read
    PdfTextRearranged = 16,   ///< a PDF made elsewhere: rotated text moved to its page's end, doubled words read once
    DocxTrackedChanges = 17,  ///< a DOCX with unaccepted revisions: read with the changes accepted
    DocxHiddenText = 18,      ///< a DOCX with hidden text: left out, its words named
    DocxNotRead = 19,         ///< a DOCX part whose content is not text (comments, images, objects, charts, unknown symbols)
    DocxPlaceholder = 20,     ///< a DOCX content control that still shows its placeholder text
    PdfNotStrict = 21,        ///< a PDF whose structure the strict reader refuses: no XML taken from it, its text read
};

std::string_view to_string(DiagCode code) noexcept;

struct Diagnostic {
    Severity severity = Severity::Warning;
    DiagCode code = DiagCode::Unknown;
    std::string message;     ///< in English (as --json and the logs keep it)
    Where where;
    std::string message_sv;  ///< the same in Swedish, where the reader wrote one
    /// The message in Swedish when asked for and written, else in English.
    [[nodiscard]] const std::string& said(bool swedish) const noexcept { return swedish && !message_sv.empty() ? message_sv : message; }
};

class Diagnostics final {
public:
    /// `message` in English; `sv` the same in Swedish (for --lang sv).
    void add(Severity severity, DiagCode code, std::string message, Where where = {}, std::string sv = {});
    void info(DiagCode code, std::string message, Where where = {}, std::string sv = {}) {
        add(Severity::Info, code, std::move(message), std::move(where), std::move(sv));
    }
    void warn(DiagCode code, std::string message, Where where = {}, std::string sv = {}) {
        add(Severity::Warning, code, std::move(message), std::move(where), std::move(sv));
    }
    [[nodiscard]] const std::vector<Diagnostic>& items() const noexcept { return m_items; }
    [[nodiscard]] std::size_t count(Severity severity) const noexcept;
    [[nodiscard]] bool has_warnings() const noexcept { return count(Severity::Warning) + count(Severity::Error) > 0; }

private:
    std::vector<Diagnostic> m_items;
};

}  // namespace justera::core
