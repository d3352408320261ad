// SPDX-License-Identifier: GPL-3.0-or-later
#include "justera/model/names.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <vector>

namespace justera::model {

namespace {

/// A name for comparison: Unicode NFC (a decomposed "Jönsson" is the same
/// name), then case folded. Diacritics stay: in Swedish å, ä and ö are
/// letters of their own, so "Jonsson" is not "Jönsson".
std::string normalized(std::string_view s, bool fold_case) {
    UErrorCode err = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(err);
    if (U_FAILURE(err)) return std::string(s);
    icu::UnicodeString u = n->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<std::int32_t>(s.size()))), err);
    // Folding can leave a sequence that is not NFC: normalised again.
    if (fold_case) u = n->normalize(u.foldCase(), err);
    std::string out;
    u.toUTF8String(out);
    return U_FAILURE(err) ? std::string(s) : out;
}
std::string nfc(std::string_view s) { return normalized(s, false); }
std::string fold(std::string_view s) { return normalized(s, true); }

}  // namespace

std::vector<std::string> name_words(std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    for (const char c : s) {
        if (c == ' ' || c == '-' || c == ',') {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else {
            cur.push_back(c);
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

bool name_matches(const std::string& protocol_name, const PersonName& who) {
    const auto pw = name_words(fold(protocol_name));
    const auto sw = name_words(fold(who.surname));
    const auto gw = name_words(fold(who.given_names));
    if (pw.size() < 2 || sw.empty() || gw.empty() || pw.size() <= sw.size()) return false;
    // The protocol name ends with the surname (which may have several words).
    if (!std::equal(sw.begin(), sw.end(), pw.end() - static_cast<std::ptrdiff_t>(sw.size()))) return false;
    return std::find(gw.begin(), gw.end(), pw.front()) != gw.end();
}

NameMatch name_match(const std::string& protocol_name, const PersonName& who) {
    if (!name_matches(protocol_name, who)) return NameMatch::None;
    const std::string full = who.given_names + " " + who.surname;
    if (name_words(nfc(protocol_name)) == name_words(nfc(full))) return NameMatch::Exact;
    if (name_words(fold(protocol_name)) == name_words(fold(full))) return NameMatch::Case;
    return NameMatch::NameInUse;
}

std::string_view to_string(NameMatch m) noexcept {
    switch (m) {
        case NameMatch::Exact: return "exact";
        case NameMatch::Case: return "case";
        case NameMatch::NameInUse: return "name_in_use";
        case NameMatch::None: break;
    }
    return "none";
}

PersonName split_printed_name(const std::string& name) {
    const auto sp = name.rfind(' ');
    if (sp == std::string::npos) return PersonName{{}, name};
    return PersonName{name.substr(0, sp), name.substr(sp + 1)};
}

bool same_printed_person(const std::string& a, const std::string& b) {
    return a == b || name_matches(a, split_printed_name(b));
}

namespace {
/// Starts with a capital letter: A-Z, or Å, Ä, Ö, É and the other Latin-1
/// capitals (U+00C0-U+00DE).
bool capitalised(std::string_view w) {
    if (w.empty()) return false;
    const auto c = static_cast<unsigned char>(w[0]);
    return (c >= 'A' && c <= 'Z') ||
           (c == 0xC3 && w.size() > 1 && static_cast<unsigned char>(w[1]) >= 0x80 && static_cast<unsigned char>(w[1]) <= 0x9E);
}
}  // namespace

std::optional<std::string> printed_name_before(const std::string& text, std::size_t end, std::size_t most) {
    std::vector<std::string> words;
    while (end > 0 && words.size() < most) {
        std::size_t start = text.rfind(' ', end - 1);
        start = start == std::string::npos ? 0 : start + 1;
        const std::string w = text.substr(start, end - start);
        if (!capitalised(w) || w.back() == ',' || w.back() == '.') break;
        words.insert(words.begin(), w);
        if (start == 0) break;
        end = start - 1;
    }
    if (words.size() < 2) return std::nullopt;
    std::string name;
    for (const auto& w : words) name += (name.empty() ? "" : " ") + w;
    return name;
}

}  // namespace justera::model
