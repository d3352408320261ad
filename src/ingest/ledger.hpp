// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// No silent loss: every word of the input is in the model, in the list of
// removed page furniture, or on a source line kept whole as unplaced text.

#include <cstdint>
#include <deque>
#include <optional>
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

/// The folded text ledger_words splits, made in one pass (nullopt where that
/// pass does not apply) and in the two reference passes; for the test that
/// holds them equal.
std::optional<std::string> ledger_fold_fast(std::string_view text);
std::string ledger_fold_reference(std::string_view text);

/// The words the ledger has met, each stored once and named by a number, with
/// whether it is structure (a label, a role or calendar word) rather than content.
class WordIds {
public:
    std::uint32_t id(std::string_view w);
    [[nodiscard]] std::optional<std::uint32_t> find(std::string_view w) const;
    [[nodiscard]] std::string_view word(std::uint32_t id) const { return m_words[id]; }
    [[nodiscard]] bool exempt(std::uint32_t id) const { return m_exempt[id] != 0; }
    [[nodiscard]] std::size_t size() const noexcept { return m_words.size(); }

private:
    /// Open addressing over a power of two: a protocol's hundreds of
    /// thousands of lookups without a node per word or a division per lookup.
    [[nodiscard]] std::size_t slot_of(std::string_view w, std::size_t hash) const;
    std::vector<std::uint32_t> m_slots;   ///< a word's number + 1; 0 is free
    std::vector<std::size_t> m_hashes;    ///< by word number
    std::deque<std::string> m_store;      ///< the words; a deque's elements do not move
    std::vector<std::string_view> m_words;  ///< into m_store
    std::vector<std::uint8_t> m_exempt;
};

/// The source's lines as the ledger reads them: each line's cells and their
/// content words. Made apart from the comparison so that it can be made while
/// the protocol is read (it needs only the text and the furniture lines).
struct SourceWords {
    struct Unit {
        std::vector<std::uint32_t> words;  ///< in `ids`
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
    WordIds ids;  ///< the source's words; the model's are added to them
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
