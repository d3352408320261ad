// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// No silent loss: every word of the input is in the model, in the list of
// removed page furniture, or on a source line kept whole as unplaced text.

#include <string_view>
#include <vector>

#include "justera/core/diagnostics.hpp"
#include "justera/model/protocol.hpp"

namespace justera::ingest {

struct LedgerResult {
    std::size_t words = 0;           ///< content words in the input
    std::size_t furniture_words = 0; ///< of them, on removed furniture lines
    std::size_t unplaced_words = 0;  ///< of them, only on lines kept as unplaced
};

/// Splits a text into the words the ledger counts: case and diacritics
/// folded, punctuation as separators, numbers without leading zeros.
std::vector<std::string> ledger_words(std::string_view text);

/// Compares the words of `source` (NFC text as read, line by line) with the
/// words of `p`; a line whose content words are not all found is appended to
/// `p.unplaced` whole, with a warning naming its line. `furniture` lines are
/// accounted for by the furniture list and skipped.
LedgerResult account_words(std::string_view source, const std::vector<model::SourceLine>& furniture,
                           model::Protocol& p, const std::string& file, core::Diagnostics& diags);

}  // namespace justera::ingest
