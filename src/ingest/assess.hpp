// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Self-assessment: what the reader could not establish, as warnings with
// lines, so that a secretary sees it before anyone signs (parse --strict
// refuses it).

#include <string>

#include "justera/core/diagnostics.hpp"
#include "justera/model/protocol.hpp"

namespace justera::ingest {

/// Warns about a protocol without justerare, sekreterare or meeting date, a
/// paragraph without a decision where the others have one (numbers that skip
/// and a header list that disagrees are found by the reader, with lines).
void assess(const model::Protocol& p, const std::string& file, core::Diagnostics& diags);

}  // namespace justera::ingest
