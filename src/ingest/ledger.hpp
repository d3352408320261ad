// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// No silent loss: every word of the input is in the model, in the list of
// removed page furniture, or on a source line kept whole as unplaced text.

#include <cstdint>
#include <string>
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

/// The source's lines as the ledger reads them: each line's cells and their
/// content words. Made apart from the comparison so that it can be made while
/// the protocol is read (it needs only the text and the furniture lines).
struct SourceWords {
    struct Unit {
        std::vector<std::string> words;
    };
    struct Line {
        std::uint32_t number = 0;
        std::string_view text;  ///< into the source, which must outlive this
        std::vector<Unit> units;
        bool hyphen_end = false;
        bool soft_hyphen_end = false;  ///< U+00AD: the word goes on on the next line, joined in the model
    };
    std::vector<Line> lines;  ///< lines with content words, not furniture
    std::size_t words = 0;
    std::size_t furniture_words = 0;
};
SourceWords source_words(std::string_view source, const std::vector<model::SourceLine>& furniture);

/// Compares the source's words with the words of `p`; a line whose content
/// words are not all found is appended to `p.unplaced` whole, with a warning
/// naming its line. Furniture lines are accounted for by the furniture list.
LedgerResult account_words(SourceWords source, model::Protocol& p, const std::string& file, core::Diagnostics& diags);

/// Both steps at once.
LedgerResult account_words(std::string_view source, const std::vector<model::SourceLine>& furniture,
                           model::Protocol& p, const std::string& file, core::Diagnostics& diags);

}  // namespace justera::ingest
