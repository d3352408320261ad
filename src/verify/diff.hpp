// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Modification analysis: what each revision after a signed one changed, and
// whether the policy allows it (docs/verify.md). Reject by default: every
// object a later revision defines must be explained by signing a field that
// was there and empty, by validation data (DSS) or by a document timestamp.

#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include "justera/verify/verify.hpp"
#include "justera/pdf/raw.hpp"

namespace justera::verify {

/// The strict PDF reader (justera/pdf/raw.hpp) under its short name.
namespace raw = pdf::raw;

struct RevisionDiff {
    std::vector<Change> changes;  ///< every object the revision defines, classified
    bool allowed = true;          ///< no "disallowed" change
    bool only_validation_data = true;  ///< only DSS and document timestamps (what any lock permits)
};

/// Where the file's bytes (and its object streams) say "N G R": built once
/// per file, when a revision adds an object that nothing explains.
struct RefIndex {
    struct At {
        std::size_t pos;       ///< byte offset, or k_in_object_stream
        std::size_t revision;  ///< for object streams: the revision that defines the stream
    };
    static constexpr std::size_t k_in_object_stream = SIZE_MAX / 2;
    std::multimap<std::uint32_t, At> refs;
};
RefIndex build_ref_index(const raw::File& file);

/// The changes revision `rev` (>= 1) makes to revision `rev - 1`. `refs`
/// gives the file's reference index (built on first use).
RevisionDiff diff_revision(const raw::File& file, std::size_t rev, const std::function<const RefIndex&()>& refs);

}  // namespace justera::verify
