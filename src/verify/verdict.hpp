// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The verdicts: where an indication is lowered, for a signature and for
// the document. Internal to justera_verify.

#include <ctime>

#include "justera/verify/verify.hpp"

namespace justera::verify {

constexpr Outcome k_format_failure{Indication::TotalFailed, SubIndication::FormatFailure};

struct Verdict {
    Indication ind = Indication::TotalPassed;
    SubIndication sub = SubIndication::None;
};

/// The one place an indication is lowered: TOTAL_FAILED stays, and the
/// first reason for it is kept.
void lower(Verdict& v, Outcome o);

/// Times that cannot be, across the signatures (docs/verify.md, "Times").
void check_times(Report& rep, std::time_t now);

/// The document's verdict from its signatures, checks and findings (and
/// the finding that it is unsigned).
void judge_document(Report& rep);

/// A signature whose dictionary the reader could not make sense of:
/// TOTAL_FAILED/FORMAT_FAILURE, with why.
SignatureReport unreadable_signature(std::string id, std::string field, Said why);
/// A file whose structure could not be read: the same for the document.
void unreadable_document(Report& rep, Said why);

}  // namespace justera::verify
