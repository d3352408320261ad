// SPDX-License-Identifier: GPL-3.0-or-later
#include "passage_language.hpp"

#include <array>
#include <cstddef>
#include <set>
#include <unordered_map>
#include <vector>

#include "justera/core/utf8.hpp"

namespace justera::pdf::detail {
namespace {

struct Language {
    const char* tag;
    std::vector<std::string_view> words;  ///< frequent function words no other list here has
};

/// Function words of the languages a Swedish municipality's protocol may
/// quote or be written in beside Swedish. No foreign list has a word that is
/// also a Swedish word or a common Swedish name ("ja" and "se" in Finnish,
/// "dem" and "von" in German, "be", "by", "is" and "it" (IT) in English,
/// "den" and "an"), so Swedish text never counts as foreign; "on" is both
/// English and Finnish and counts as Finnish (an English passage has far
/// more English words).
const std::array<Language, 4>& languages() {
    static const std::array<Language, 4> all{{
        {"sv", {"och", "att", "det", "som", "en", "på", "är", "för", "med", "till", "av", "har", "om", "ett", "inte", "de", "ska",
                "eller", "vid", "från", "under", "enligt", "samt", "detta", "denna", "efter", "också", "skall", "kan", "sig", "sina",
                "där", "när", "vara", "får", "än"}},
        {"en", {"the", "and", "of", "to", "for", "with", "that", "this", "are", "from", "which", "will", "have",
                "has", "was", "were", "at", "not", "or", "their", "been", "would", "should", "shall", "into", "its"}},
        {"fi", {"on", "että", "ei", "joka", "tai", "sekä", "ovat", "oli", "myös", "kuin", "mukaan", "tämä", "kunnan", "niin", "jos",
                "mutta", "kanssa", "vuoden", "tulee", "jotka", "voi", "kun", "siitä", "sitä", "koska", "vain", "kaikki", "olla"}},
        {"de", {"und", "der", "die", "das", "ist", "nicht", "mit", "für", "zu", "auf", "ein", "eine", "des", "sich",
                "wird", "werden", "auch", "nach", "bei", "oder", "sind", "wir"}},
    }};
    return all;
}

/// A letter in lower case: ASCII and the Latin-1 letters of Nordic and
/// German text; anything else is returned as it is.
char32_t lower(char32_t c) {
    if (c >= U'A' && c <= U'Z') return c + 32;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
    return c;
}

bool is_letter(char32_t c) {
    return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

}  // namespace

std::optional<std::string> passage_language(std::string_view text, std::string_view document) {
    // The words, in lower case.
    std::vector<std::string> words;
    std::string word;
    for (std::size_t i = 0; i < text.size();) {
        const char32_t c = core::utf8::decode(text, i);
        if (is_letter(c)) {
            core::utf8::append(word, lower(c));
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    if (words.size() < 8) return std::nullopt;

    const std::string_view own = document.substr(0, document.find('-'));
    // Each function word and its language, once.
    static const auto by_word = [] {
        std::unordered_map<std::string_view, std::size_t> m;
        for (std::size_t l = 0; l < languages().size(); ++l) {
            for (const auto w : languages()[l].words) m.emplace(w, l);
        }
        return m;
    }();
    struct Count {
        std::set<std::string_view> distinct;
        std::size_t occurrences = 0;
    };
    std::unordered_map<std::string_view, Count> counts;
    for (const auto& w : words) {
        const auto hit = by_word.find(w);
        if (hit == by_word.end()) continue;
        Count& c = counts[languages()[hit->second].tag];
        c.distinct.insert(hit->first);
        ++c.occurrences;
    }
    const std::size_t own_distinct = counts.count(own) ? counts[own].distinct.size() : 0;
    const char* best = nullptr;
    std::size_t best_distinct = 0;
    for (const auto& lang : languages()) {
        if (own == lang.tag) continue;
        const Count& c = counts[lang.tag];
        if (c.distinct.size() > best_distinct) {
            best = lang.tag;
            best_distinct = c.distinct.size();
        }
    }
    if (!best || best_distinct < 3 || best_distinct <= 2 * own_distinct) return std::nullopt;
    if (counts[best].occurrences * 8 < words.size()) return std::nullopt;
    return std::string(best);
}

}  // namespace justera::pdf::detail
