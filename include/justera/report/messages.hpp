// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The words of verification, in one place: every sentence a check or a
/// finding says (verify::Msg), in Swedish and English, and the labels of
/// the text panel. The JSON report keeps the English sentences
/// (docs/report.md); the panel and the page choose.

#include <cstdint>
#include <string>
#include <string_view>

#include "justera/core/language.hpp"
#include "justera/verify/result.hpp"

namespace justera::report {

/// The sentence pattern of `m`: "{0}" a fact, "{p0}" a part, "{*}" all parts
/// joined by "; ".
std::string_view pattern(verify::Msg m, core::Language lang) noexcept;

/// The words of the text panel (`justera verify`).
enum class Label : std::uint8_t {
    Revision, Revisions, SignatureOrTimestamp, SignaturesAndTimestamps, Signature, DocumentTimestamp, InField, Result, Signer, Issuer,
    Role, NoRole, NameInUse, CaseDiffers, ClaimedRole, Time, TimeUnknown, ByTimestamp, ClaimedOnly, Level, Locks, Changes, NoChanges,
    ChangesAllowed, ChangesDisallowed, CheckFailed, CheckWarning, CheckOther, FindingError, FindingWarning, ProtocolSigners, RoleSigned,
    RoleMissing, Document, Passed, Failed, Indeterminate, SummarySignatures, SummarySigners
};
std::string_view label(Label l, core::Language lang) noexcept;

/// `said` as a sentence in `lang`. A fact or part the pattern names but the
/// message lacks is left empty.
std::string words(const verify::Said& said, core::Language lang);

}  // namespace justera::report
