// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The label vocabulary of protocols' front pages, read from one data file
// (src/ingest/vocabulary.tsv, compiled in) so that a new municipality's words
// are a line of data, not a new rule.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace justera::ingest::vocabulary {

enum class Field : std::uint8_t {
    None = 0, Members, ServingSubstitutes, Substitutes, Others, Adjusters, AdjustmentDate,
    AdjustmentPlaceTime, Paragraphs, Secretary, Chair, PlaceTime, Place, Date, Time,
    Signatures, SignedBy, Adjournment, Notice, NoticeOrgan, NoticePosted, NoticeRemoved, NoticeStorage, Ignore,
    Word,  ///< not a label: a role or function word that names structure
};

struct Label {
    std::string key;      ///< text::fold_key of the words
    std::string written;  ///< as in the data file
    Field field = Field::None;
    std::size_t words = 0;
};

/// Every label (classes other than `word`), longest key first.
const std::vector<Label>& labels();

/// True when the folded word is a label word or a `word` of the vocabulary:
/// structure, not content (the ledger does not require it in the XML).
bool is_structure_word(std::string_view folded_word);

/// The data file's text (for tests and docs).
std::string_view data();

}  // namespace justera::ingest::vocabulary
