// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Modification analysis: what each revision after a signed one changed, and
// whether the policy allows it (docs/verify.md). Reject by default: every
// object a later revision defines must be explained by signing a field that
// was there and empty, by validation data (DSS) or by a document timestamp.

#include <vector>

#include "justera/verify/verify.hpp"
#include "raw_pdf.hpp"

namespace justera::verify {

struct RevisionDiff {
    std::vector<Change> changes;  ///< every object the revision defines, classified
    bool allowed = true;          ///< no "disallowed" change
    bool only_validation_data = true;  ///< only DSS and document timestamps (what any lock permits)
};

/// The changes revision `rev` (>= 1) makes to revision `rev - 1`.
RevisionDiff diff_revision(const raw::File& file, std::size_t rev);

}  // namespace justera::verify
