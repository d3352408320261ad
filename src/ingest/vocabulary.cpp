// SPDX-License-Identifier: GPL-3.0-or-later
#include "vocabulary.hpp"

#include <algorithm>
#include <array>
#include <unordered_set>

#include "text_util.hpp"

namespace justera::ingest::vocabulary {

extern const std::string_view k_vocabulary_tsv;

namespace {

struct ClassName {
    std::string_view name;
    Field field;
};

constexpr std::array k_classes{
    ClassName{"members", Field::Members},
    ClassName{"serving-substitutes", Field::ServingSubstitutes},
    ClassName{"substitutes", Field::Substitutes},
    ClassName{"others", Field::Others},
    ClassName{"adjusters", Field::Adjusters},
    ClassName{"adjustment-date", Field::AdjustmentDate},
    ClassName{"adjustment-place-time", Field::AdjustmentPlaceTime},
    ClassName{"paragraphs", Field::Paragraphs},
    ClassName{"secretary", Field::Secretary},
    ClassName{"chair", Field::Chair},
    ClassName{"place-time", Field::PlaceTime},
    ClassName{"place", Field::Place},
    ClassName{"date", Field::Date},
    ClassName{"time", Field::Time},
    ClassName{"signatures", Field::Signatures},
    ClassName{"signed-by", Field::SignedBy},
    ClassName{"adjournment", Field::Adjournment},
    ClassName{"notice", Field::Notice},
    ClassName{"notice-organ", Field::NoticeOrgan},
    ClassName{"notice-posted", Field::NoticePosted},
    ClassName{"notice-removed", Field::NoticeRemoved},
    ClassName{"notice-storage", Field::NoticeStorage},
    ClassName{"ignore", Field::Ignore},
    ClassName{"word", Field::Word},
};

struct WordHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

struct Loaded {
    std::vector<Label> labels;
    std::unordered_set<std::string, WordHash, std::equal_to<>> words;
};

Loaded load() {
    Loaded out;
    std::size_t start = 0;
    const std::string_view all = k_vocabulary_tsv;
    while (start < all.size()) {
        std::size_t end = all.find('\n', start);
        if (end == std::string_view::npos) end = all.size();
        const std::string_view line = all.substr(start, end - start);
        start = end + 1;
        if (line.empty() || line.front() == '#') continue;
        const auto tab = line.find('\t');
        if (tab == std::string_view::npos) continue;
        const std::string_view cls = line.substr(0, tab);
        const std::string_view words = text::trim(line.substr(tab + 1));
        const auto it = std::find_if(k_classes.begin(), k_classes.end(), [&](const ClassName& c) { return c.name == cls; });
        if (it == k_classes.end() || words.empty()) continue;  // a unit test checks every line is known
        const std::string key = text::fold_key(words);
        std::size_t start_word = 0;
        for (std::size_t i = 0; i <= key.size(); ++i) {
            if (i == key.size() || key[i] == ' ') {
                if (i > start_word) out.words.insert(key.substr(start_word, i - start_word));
                start_word = i + 1;
            }
        }
        if (it->field == Field::Word) continue;
        Label l;
        l.key = key;
        l.written = std::string(words);
        l.field = it->field;
        l.words = static_cast<std::size_t>(std::count(key.begin(), key.end(), ' ')) + 1;
        out.labels.push_back(std::move(l));
    }
    std::stable_sort(out.labels.begin(), out.labels.end(),
                     [](const Label& a, const Label& b) { return a.key.size() > b.key.size(); });
    return out;
}

const Loaded& loaded() {
    static const Loaded l = load();
    return l;
}

}  // namespace

const std::vector<Label>& labels() { return loaded().labels; }

bool is_structure_word(std::string_view folded_word) {
    const auto& w = loaded().words;
    return w.find(folded_word) != w.end();
}

std::string_view data() { return k_vocabulary_tsv; }

}  // namespace justera::ingest::vocabulary
