// SPDX-License-Identifier: GPL-3.0-or-later
#include "text_util.hpp"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <memory>
#include <mutex>

#include "justera/core/utf8.hpp"

namespace justera::ingest::text {

namespace {

constexpr std::array<std::string_view, 12> k_months{
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december"};

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

using core::utf8::decode;

void encode(std::string& out, char32_t cp) { core::utf8::append(out, cp); }

/// The transliterator is expensive to build and not thread-safe: one per thread.
icu::Transliterator& folder() {
    thread_local std::unique_ptr<icu::Transliterator> t = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::Transliterator> p(icu::Transliterator::createInstance(
            "Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
        return U_SUCCESS(status) ? std::move(p) : nullptr;
    }();
    return *t;
}

int month_index(std::string_view word) {
    const std::string w = lower(word);
    for (std::size_t k = 0; k < k_months.size(); ++k) {
        if (w == k_months[k]) return static_cast<int>(k) + 1;
    }
    // Common abbreviations: "jan", "feb", "sept", "okt", "dec."
    static constexpr std::array<std::string_view, 12> k_abbr{
        "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"};
    std::string a = w;
    if (!a.empty() && a.back() == '.') a.pop_back();
    if (a == "sept") a = "sep";
    for (std::size_t k = 0; k < k_abbr.size(); ++k) {
        if (a == k_abbr[k]) return static_cast<int>(k) + 1;
    }
    return 0;
}

std::optional<model::Date> make_date(int y, int m, int d) {
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
    const model::Date date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                           std::chrono::day{static_cast<unsigned>(d)}};
    if (!date.ok()) return std::nullopt;
    return date;
}

std::size_t digits_at(std::string_view s, std::size_t i) {
    std::size_t n = 0;
    while (i + n < s.size() && is_digit(s[i + n])) ++n;
    return n;
}

bool word_boundary_before(std::string_view s, std::size_t i) {
    if (i == 0) return true;
    const auto c = static_cast<unsigned char>(s[i - 1]);
    return !(is_digit(static_cast<char>(c)) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
             c >= 0x80);
}

}  // namespace

std::string_view trim(std::string_view s) noexcept {
    for (;;) {
        if (!s.empty() && is_space(s.front())) s.remove_prefix(1);
        else if (s.size() >= 2 && s.substr(0, 2) == "\xC2\xA0") s.remove_prefix(2);  // NO-BREAK SPACE
        else break;
    }
    return trim_right(s);
}

std::string_view trim_right(std::string_view s) noexcept {
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    // U+00A0 NO-BREAK SPACE at the ends counts as space.
    while (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") {
        s.remove_suffix(2);
        while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    }
    return s;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    return lower(s.substr(0, prefix.size())) == lower(prefix);
}

std::string lower(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        char32_t cp = decode(s, i);
        if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)) cp += 0x20;
        encode(out, cp);
    }
    return out;
}

const char* fold_latin1(char32_t cp) {
    static constexpr const char* k_table[64] = {
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // C0-CF
        "d", "n", "o", "o", "o", "o", "o", nullptr, "o", "u", "u", "u", "u", "y", "th", "ss",  // D0-DF
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // E0-EF
        "d", "n", "o", "o", "o", "o", "o", nullptr, "o", "u", "u", "u", "u", "y", "th", "y"};  // F0-FF
    return (cp >= 0xC0 && cp <= 0xFF) ? k_table[cp - 0xC0] : nullptr;
}

std::string fold_key(std::string_view s) {
    std::string out;
    fold_key_into(s, out);
    return out;
}

namespace {

/// The fold for Swedish text: ASCII, Latin-1 letters and punctuation, without
/// ICU. False (with `out` unspecified) at the first character it does not know.
bool fold_fast(std::string_view s, std::string& out) {
    out.clear();
    out.reserve(s.size());
    bool space = false;
    for (std::size_t i = 0; i < s.size();) {
        const char32_t cp = decode(s, i);
        const char* letters = nullptr;
        char one = 0;
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
            one = static_cast<char>(cp);
        } else if (cp >= 'A' && cp <= 'Z') {
            one = static_cast<char>(cp + 32);
        } else if (cp >= 0xC0 && cp <= 0xFF) {
            letters = fold_latin1(cp);
            if (!letters) continue;  // × and ÷ are punctuation here
        } else if (cp == ' ' || cp == '\t' || cp == '-' || cp == '/' || cp == '_' || cp == 0xA0 ||
                   (cp >= 0x2010 && cp <= 0x2015)) {
            space = true;
            continue;
        } else if (cp < 0x80 || (cp >= 0xA1 && cp <= 0xBF) || (cp >= 0x2016 && cp <= 0x206F)) {
            continue;  // punctuation and symbols
        } else {
            return false;
        }
        if (space && !out.empty()) out.push_back(' ');
        space = false;
        if (one != 0) {
            out.push_back(one);
        } else {
            out.append(letters);
        }
    }
    return true;
}

/// The fold for any script: ICU's transliterator to Latin and ASCII.
void fold_icu(std::string_view s, std::string& out) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
    if (auto* t = &folder()) t->transliterate(u);
    std::string utf8;
    u.toUTF8String(utf8);
    out.clear();
    bool space = false;
    for (const char c : utf8) {
        if ((c >= 'a' && c <= 'z') || is_digit(c)) {
            if (space && !out.empty()) out.push_back(' ');
            space = false;
            out.push_back(c);
        } else if (c >= 'A' && c <= 'Z') {
            if (space && !out.empty()) out.push_back(' ');
            space = false;
            out.push_back(static_cast<char>(c + 32));
        } else if (is_space(c) || c == '-' || c == '/' || c == '_') {
            space = true;
        }
    }
}

}  // namespace

void fold_key_into(std::string_view s, std::string& out) {
    // Swedish text folds without ICU.
    if (fold_fast(s, out)) return;
    // Otherwise word by word (runs between spaces and tabs): ICU only for the
    // words that need it. ICU rewrites a string in place, moving the rest of
    // it at every replacement, so a long line in another script given whole
    // took time growing with the square of its length (a second for one line
    // of 240 KB).
    out.clear();
    std::string piece;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i < s.size() && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') continue;
        if (i > start) {
            const std::string_view word = s.substr(start, i - start);
            if (!fold_fast(word, piece)) fold_icu(word, piece);
            if (!piece.empty()) {
                if (!out.empty()) out.push_back(' ');
                out += piece;
            }
        }
        start = i + 1;
    }
}

bool is_calendar_word(std::string_view folded) {
    // The longest is "september"; none starts with a digit.
    if (folded.size() < 3 || folded.size() > 9 || (folded.front() >= '0' && folded.front() <= '9')) return false;
    if (month_index(folded) > 0) return true;
    static constexpr std::array<std::string_view, 7> k_days{"mandag", "tisdag", "onsdag", "torsdag", "fredag", "lordag", "sondag"};
    for (const auto d : k_days) {
        if (folded == d || (folded.size() == d.size() + 2 && folded.substr(0, d.size()) == d && folded.substr(d.size()) == "en")) return true;
    }
    return false;
}

std::optional<std::string> to_nfc(std::string_view s) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) return std::nullopt;
    // Checked on the UTF-8 as it is, without converting it to UTF-16 first.
    if (nfc->isNormalizedUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), status) &&
        U_SUCCESS(status)) {
        return std::nullopt;
    }
    status = U_ZERO_ERROR;
    const icu::UnicodeString in =
        icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
    if (nfc->isNormalized(in, status) && U_SUCCESS(status)) return std::nullopt;
    status = U_ZERO_ERROR;
    const icu::UnicodeString out = nfc->normalize(in, status);
    if (U_FAILURE(status)) return std::nullopt;
    std::string result;
    out.toUTF8String(result);
    return result;
}

namespace {

/// ICU's script name ("Cyrillic") as a Swedish adjective in the plural
/// ("kyrilliska"), for the scripts a Swedish text is mixed with; others as ICU names them.
std::string script_name_sv(const std::string& icu) {
    static const std::pair<const char*, const char*> k_names[] = {
        {"Latin", "latinska"}, {"Cyrillic", "kyrilliska"}, {"Greek", "grekiska"}, {"Armenian", "armeniska"},
        {"Hebrew", "hebreiska"}, {"Arabic", "arabiska"}, {"Cherokee", "cherokesiska"}, {"Georgian", "georgiska"}};
    for (const auto& [from, to] : k_names) {
        if (icu == from) return to;
    }
    return icu;
}

}  // namespace

void scan_confusables(std::string_view text, const std::string& file, core::Diagnostics& diags) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<USpoofChecker, decltype(&uspoof_close)> sc(uspoof_open(&status), &uspoof_close);
    if (U_FAILURE(status)) return;
    uspoof_setChecks(sc.get(), USPOOF_RESTRICTION_LEVEL | USPOOF_INVISIBLE | USPOOF_MIXED_NUMBERS,
                     &status);
    uspoof_setRestrictionLevel(sc.get(), USPOOF_SINGLE_SCRIPT_RESTRICTIVE);
    if (U_FAILURE(status)) return;

    std::uint32_t line = 1;
    std::uint32_t col = 1;
    std::size_t i = 0;
    while (i < text.size()) {
        // Find the next word: a run of code points that are not white space.
        const std::size_t start = i;
        const std::uint32_t start_col = col;
        // Words of ASCII and Latin-1 only (most Swedish text) are one script
        // with no invisible characters but the soft hyphen: no check needed.
        bool latin1_only = true;
        while (i < text.size() && !is_space(text[i]) && text[i] != '\n') {
            const char32_t cp = decode(text, i);
            if (cp >= 0x100) latin1_only = false;
            // Zero-width and direction-changing characters hide or reorder
            // what a reader sees (U+200B..U+200F, U+202A..U+202E, U+2066..U+2069, U+FEFF).
            if (cp >= 0x100 &&
                (u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_DEFAULT_IGNORABLE_CODE_POINT) != 0 ||
                 u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_BIDI_CONTROL) != 0)) {
                char hex[16];
                std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(cp));
                diags.warn(core::DiagCode::InvisibleCharacter,
                           std::string("invisible character ") + hex +
                               " (zero-width or text-direction control): it can hide or reorder what a reader sees; kept as written",
                           core::Where{file, line, col},
                           std::string("osynligt tecken ") + hex +
                               " (utan bredd eller styr textens riktning): det kan dölja eller kasta om det en läsare ser; behålls som skrivet");
            }
            ++col;
        }
        if (i > start && !latin1_only) {
            const std::string_view word = text.substr(start, i - start);
            status = U_ZERO_ERROR;
            const int32_t r = uspoof_checkUTF8(sc.get(), word.data(), static_cast<int32_t>(word.size()),
                                               nullptr, &status);
            if (U_SUCCESS(status) && r != 0) {
                // Name the scripts that were mixed, for a message people understand.
                std::vector<std::string> scripts;
                std::string odd;
                for (std::size_t k = 0; k < word.size();) {
                    const char32_t cp = decode(word, k);
                    UErrorCode st = U_ZERO_ERROR;
                    const UScriptCode sc_code = uscript_getScript(static_cast<UChar32>(cp), &st);
                    if (sc_code == USCRIPT_COMMON || sc_code == USCRIPT_INHERITED) continue;
                    std::string name = uscript_getName(sc_code);
                    if (std::find(scripts.begin(), scripts.end(), name) == scripts.end()) scripts.push_back(name);
                    if (sc_code != USCRIPT_LATIN) {
                        if (!odd.empty()) odd += ' ';
                        encode(odd, cp);
                    }
                }
                std::string msg;
                if ((r & USPOOF_INVISIBLE) != 0) {
                    msg = "word \"" + std::string(word) + "\" contains invisible characters; kept as written";
                    diags.warn(core::DiagCode::InvisibleCharacter, msg, core::Where{file, line, start_col},
                               "ordet \"" + std::string(word) + "\" innehåller osynliga tecken; behålls som skrivet");
                } else {
                    std::string joined;
                    std::string joined_sv;
                    for (const auto& n : scripts) {
                        joined += (joined.empty() ? "" : " and ") + n;
                        joined_sv += (joined_sv.empty() ? "" : " och ") + script_name_sv(n);
                    }
                    msg = "word \"" + std::string(word) + "\" mixes " + (joined.empty() ? "scripts" : joined) +
                          " letters" + (odd.empty() ? "" : " (" + odd + " are not Latin)") +
                          "; it looks like \"" + fold_key(word) + "\" but is not the same text; kept as written";
                    diags.warn(core::DiagCode::MixedScript, msg, core::Where{file, line, start_col},
                               "ordet \"" + std::string(word) + "\" blandar " + (joined_sv.empty() ? "skriftsystem" : joined_sv + " bokstäver") +
                                   (odd.empty() ? "" : " (" + odd + " är inte latinska)") + "; det ser ut som \"" + fold_key(word) +
                                   "\" men är inte samma text; behålls som skrivet");
                }
            }
        }
        if (i < text.size()) {
            if (text[i] == '\n') { ++line; col = 1; } else { ++col; }
            ++i;
        }
    }
}

std::size_t length(std::string_view s) noexcept {
    std::size_t n = 0;
    for (const char c : s) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    }
    return n;
}

bool is_upper_initial(std::string_view s) {
    s = trim(s);
    if (s.empty()) return false;
    std::size_t i = 0;
    const char32_t cp = decode(s, i);
    return u_isupper(static_cast<UChar32>(cp)) != 0;
}

bool is_lower_initial(std::string_view s) {
    s = trim(s);
    if (s.empty()) return false;
    std::size_t i = 0;
    const char32_t cp = decode(s, i);
    return u_islower(static_cast<UChar32>(cp)) != 0;
}

bool ends_sentence(std::string_view s) {
    s = trim(s);
    while (!s.empty() && (s.back() == '*' || s.back() == '"' || s.back() == ')' || s.back() == '\'')) {
        s.remove_suffix(1);
    }
    if (s.size() >= 3 && (s.substr(s.size() - 3) == "\xE2\x80\x9D" || s.substr(s.size() - 3) == "\xE2\x80\x99")) {
        s.remove_suffix(3);
    }
    if (s.empty()) return false;
    const char c = s.back();
    return c == '.' || c == '!' || c == '?' || c == ':' || c == ';';
}

std::vector<Cell> cells(std::string_view line) {
    std::vector<Cell> out;
    std::size_t i = 0;
    std::size_t col = 0;
    std::string cur;
    std::size_t cur_col = 0;
    std::size_t spaces = 0;
    const auto flush = [&] {
        const std::string_view t = trim(cur);
        if (!t.empty()) out.push_back(Cell{std::string(t), cur_col});
        cur.clear();
    };
    while (i < line.size()) {
        const char c = line[i];
        if (c == '\t' || c == '|') {
            flush();
            spaces = 0;
            ++i;
            ++col;
            continue;
        }
        if (c == ' ') {
            ++spaces;
            if (spaces == 3) flush();
            ++i;
            ++col;
            continue;
        }
        if (spaces > 0 && spaces < 3 && !cur.empty()) cur.append(spaces, ' ');
        if (cur.empty()) cur_col = col;
        spaces = 0;
        const std::size_t before = i;
        decode(line, i);
        cur.append(line.substr(before, i - before));
        ++col;
    }
    flush();
    return out;
}

std::string_view last_cell(std::string_view line) {
    std::size_t end = line.size();
    for (;;) {
        std::size_t e = end;
        while (e > 0 && (line[e - 1] == ' ' || line[e - 1] == '\t' || line[e - 1] == '|')) --e;
        if (e == 0) return {};
        // Back to the separator before: a tab, '|' or a third space in a row.
        std::size_t b = e;
        while (b > 0 && line[b - 1] != '\t' && line[b - 1] != '|' &&
               !(b >= 3 && line[b - 1] == ' ' && line[b - 2] == ' ' && line[b - 3] == ' ')) {
            --b;
        }
        const std::string_view cell = trim(line.substr(b, e - b));
        if (!cell.empty()) return cell;
        end = b;
    }
}

std::optional<model::Date> find_date(std::string_view s, std::size_t* begin, std::size_t* end) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (!is_digit(s[i]) || !word_boundary_before(s, i)) continue;
        const std::size_t n = digits_at(s, i);
        // ISO: 2024-03-19
        if (n == 4 && i + 10 <= s.size() && s[i + 4] == '-' && digits_at(s, i + 5) == 2 &&
            s[i + 7] == '-' && digits_at(s, i + 8) == 2) {
            auto d = make_date(to_int(s.substr(i, 4)), to_int(s.substr(i + 5, 2)), to_int(s.substr(i + 8, 2)));
            if (d) {
                if (begin) *begin = i;
                if (end) *end = i + 10;
                return d;
            }
        }
        // "19 mars 2024", "19:e mars 2024", "1 jan. 2024"
        if (n <= 2) {
            std::size_t j = i + n;
            if (j + 2 < s.size() && s[j] == ':' && (s[j + 1] == 'e' || s[j + 1] == 'a')) j += 2;
            if (j < s.size() && s[j] == ' ') {
                ++j;
                std::size_t k = j;
                while (k < s.size() && !is_space(s[k]) && s[k] != ',') ++k;
                const int m = month_index(s.substr(j, k - j));
                if (m > 0) {
                    std::size_t y = k;
                    while (y < s.size() && s[y] == ' ') ++y;
                    if (digits_at(s, y) == 4) {
                        auto d = make_date(to_int(s.substr(y, 4)), m, to_int(s.substr(i, n)));
                        if (d) {
                            if (begin) *begin = i;
                            if (end) *end = y + 4;
                            return d;
                        }
                    }
                }
            }
            // 19/3 2024 or 19.3.2024
            if (j = i + n; j < s.size() && (s[j] == '/' || s[j] == '.')) {
                const char sep = s[j];
                const std::size_t mn = digits_at(s, j + 1);
                if (mn >= 1 && mn <= 2) {
                    std::size_t y = j + 1 + mn;
                    if (y < s.size() && (s[y] == ' ' || s[y] == sep)) ++y;
                    if (digits_at(s, y) == 4) {
                        auto d = make_date(to_int(s.substr(y, 4)), to_int(s.substr(j + 1, mn)), to_int(s.substr(i, n)));
                        if (d) {
                            if (begin) *begin = i;
                            if (end) *end = y + 4;
                            return d;
                        }
                    }
                }
            }
        }
        i += n - 1;
    }
    return std::nullopt;
}

namespace {

/// A time at `k` ("17", "17:00", "17.00"); `minutes` requires the minutes.
std::optional<model::TimeOfDay> time_at(std::string_view l, std::size_t& k, bool minutes) {
    const std::size_t hn = digits_at(l, k);
    if (hn < 1 || hn > 2 || (k > 0 && is_digit(l[k - 1]))) return std::nullopt;
    const int h = to_int(l.substr(k, hn));
    int m = 0;
    std::size_t e = k + hn;
    if (e < l.size() && (l[e] == ':' || l[e] == '.') && digits_at(l, e + 1) == 2) {
        m = to_int(l.substr(e + 1, 2));
        e += 3;
    } else if (minutes) {
        return std::nullopt;
    }
    if (e < l.size() && is_digit(l[e])) return std::nullopt;
    if (h > 24 || m > 59) return std::nullopt;
    k = e;
    return model::TimeOfDay{static_cast<std::uint8_t>(h == 24 ? 0 : h), static_cast<std::uint8_t>(m)};
}

/// A dash between two times, with spaces around it or not.
std::size_t dash_at(std::string_view l, std::size_t e) {
    while (e < l.size() && l[e] == ' ') ++e;
    std::size_t n = 0;
    if (e < l.size() && l[e] == '-') n = (e + 1 < l.size() && l[e + 1] == '-') ? 2 : 1;
    else if (l.compare(e, 3, "\xE2\x80\x93") == 0 || l.compare(e, 3, "\xE2\x80\x94") == 0) n = 3;
    if (n == 0) return 0;
    e += n;
    while (e < l.size() && l[e] == ' ') ++e;
    return e;
}

/// From `k`: a time, then maybe a dash and a second time; with `spaced`, a
/// second time after a space too ("Tid 18.00 20.25").
std::optional<TimeSpan> span_at(std::string_view l, std::size_t begin, std::size_t k, bool minutes, bool spaced) {
    auto start = time_at(l, k, minutes);
    if (!start) return std::nullopt;
    TimeSpan span;
    span.start = start;
    span.begin = begin;
    span.stop = k;
    std::size_t e = dash_at(l, k);
    if (e == 0 && spaced) {
        e = k;
        while (e < l.size() && l[e] == ' ') ++e;
        if (e == k) e = 0;
    }
    if (e > 0) {
        if (auto stop = time_at(l, e, minutes || spaced)) {
            span.end = stop;
            span.stop = e;
        }
    }
    return span;
}

}  // namespace

std::optional<TimeSpan> find_times(std::string_view s) {
    const std::string l = lower(s);
    std::optional<TimeSpan> span;
    // After "kl", "kl.", "klockan" or "tid": "kl. 17:00-17:20", "kl 18", "Tid 18.00 20.25".
    for (std::size_t pos = 0; !span && pos < l.size();) {
        // After "tid" the first time needs its minutes too ("Tid 18 ledamöter"
        // is no time); a second time after a space needs them always
        // ("Klockan 18:00 22:35", its dash lost in the text layer).
        std::size_t i = std::string::npos;
        bool tid = false;
        if (l.compare(pos, 7, "klockan") == 0 && word_boundary_before(l, pos)) i = pos + 7;
        else if (l.compare(pos, 2, "kl") == 0 && word_boundary_before(l, pos) && (pos + 2 >= l.size() || l[pos + 2] == ' ' || l[pos + 2] == '.')) i = pos + 2;
        else if (l.compare(pos, 3, "tid") == 0 && word_boundary_before(l, pos) && pos + 3 < l.size() && (l[pos + 3] == ' ' || l[pos + 3] == ':')) {
            i = pos + 3;
            tid = true;
        }
        if (i == std::string::npos) { ++pos; continue; }
        while (i < l.size() && (l[i] == '.' || l[i] == ':' || l[i] == ' ')) ++i;
        span = span_at(l, pos, i, tid, true);
        pos = i;
    }
    // Without a word before it, only a range with minutes on both sides
    // ("08.30-11.45"); "2024-03" or "14-19" are no times.
    for (std::size_t pos = 0; !span && pos < l.size(); ++pos) {
        if (!is_digit(l[pos]) || !word_boundary_before(l, pos)) continue;
        if (auto sp = span_at(l, pos, pos, true, false); sp && sp->end) span = sp;
    }
    if (!span) return std::nullopt;
    // More ranges after the first: "kl 08.30 - 12.00, 13.00 - 15.45" ends at 15.45.
    for (;;) {
        std::size_t e = span->stop;
        while (e < l.size() && (l[e] == ' ' || l[e] == ',')) ++e;
        if (l.compare(e, 4, "och ") == 0) e += 4;
        const auto more = span_at(l, e, e, true, false);
        if (!more || !more->end) break;
        span->end = more->end;
        span->stop = more->stop;
    }
    return span;
}

bool is_paragraph_list(std::string_view s) {
    s = trim(s);
    bool digit = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c >= '0' && c <= '9') digit = true;
        else if (s.compare(i, 2, "\xC2\xA7") == 0) ++i;
        else if (s.compare(i, 3, "\xE2\x80\x93") == 0 || s.compare(i, 3, "och") == 0) i += 2;
        else if (c != '-' && c != ',' && c != ' ') return false;
    }
    return digit;
}

std::vector<int> expand_paragraph_list(std::string_view s, std::size_t max_count) {
    std::vector<int> out;
    std::size_t i = 0;
    int pending = -1;
    bool range = false;
    while (i < s.size()) {
        if (is_digit(s[i])) {
            const std::size_t n = digits_at(s, i);
            if (n > 4) return {};  // § numbers have at most four digits (schema: 0-9999)
            const int v = to_int(s.substr(i, n));
            i += n;
            if (range && pending >= 0) {
                if (v < pending || static_cast<std::size_t>(v - pending) > max_count) return {};
                for (int k = pending + 1; k <= v; ++k) out.push_back(k);
                range = false;
                pending = -1;
            } else {
                out.push_back(v);
                pending = v;
            }
            continue;
        }
        if (s[i] == '-') { range = true; ++i; continue; }
        if (s.compare(i, 3, "\xE2\x80\x93") == 0) { range = true; i += 3; continue; }
        if (s[i] == ',' || s[i] == ' ' || s[i] == ';') { if (s[i] != ' ') range = false; ++i; continue; }
        if (s.compare(i, 2, "\xC2\xA7") == 0) { i += 2; continue; }  // §
        // "och", "samt" separate items; anything else ends the list.
        if (s.compare(i, 3, "och") == 0) { range = false; i += 3; continue; }
        if (s.compare(i, 4, "samt") == 0) { range = false; i += 4; continue; }
        break;
    }
    if (out.size() > max_count) return {};
    return out;
}

namespace {
bool is_upper_ascii_or_swedish(std::string_view s, std::size_t& i) {
    if (i >= s.size()) return false;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 'A' && c <= 'Z') { ++i; return true; }
    if (s.compare(i, 2, "\xC3\x85") == 0 || s.compare(i, 2, "\xC3\x84") == 0 || s.compare(i, 2, "\xC3\x96") == 0) {
        i += 2;
        return true;
    }
    return false;
}
}  // namespace

namespace {

/// Letters of a case-number prefix at `i`: "KS", "KFKS", "RJL", "Ks", "Kfm",
/// "MBN"; an upper-case first letter, at most six letters. Returns the byte length.
std::size_t prefix_letters_at(std::string_view s, std::size_t i) {
    std::size_t j = i;
    if (!is_upper_ascii_or_swedish(s, j)) return 0;
    std::size_t letters = 1;
    for (;;) {
        std::size_t k = j;
        if (is_upper_ascii_or_swedish(s, k)) { j = k; ++letters; continue; }
        if (k < s.size() && s[k] >= 'a' && s[k] <= 'z') { j = k + 1; ++letters; continue; }
        if (s.compare(k, 2, "\xC3\xA5") == 0 || s.compare(k, 2, "\xC3\xA4") == 0 || s.compare(k, 2, "\xC3\xB6") == 0) {
            j = k + 2;
            ++letters;
            continue;
        }
        break;
    }
    if (letters > 6) return 0;
    // A capitalised word ("Ks", "Kfm", "Au") is a register only when short and
    // not a word that often stands before a number ("Dnr 2024/12", "Maj 2024").
    const std::string_view w = s.substr(i, j - i);
    if (std::any_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; }) ||
        w.find("\xC3\xA5") != std::string_view::npos || w.find("\xC3\xA4") != std::string_view::npos ||
        w.find("\xC3\xB6") != std::string_view::npos) {
        static constexpr std::array<std::string_view, 26> k_words{
            "dnr", "nr", "kl", "den", "maj", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
            "okt", "nov", "dec", "sid", "ca", "st", "kap", "bil", "tel", "art", "och", "vid", "per"};
        const std::string l = lower(w);
        if (letters > 3 || std::find(k_words.begin(), k_words.end(), l) != k_words.end()) return 0;
    }
    return j - i;
}

/// Official series that look like case numbers but cite publications: SOU 2025:71, SFS 2017:725.
bool is_publication_series(std::string_view prefix) {
    const std::string p = lower(prefix);
    return p == "sou" || p == "sfs" || p == "ds" || p == "prop" || p == "bet" || p == "rskr" || p == "kom" ||
           p == "eu" || p == "eg" || p == "ees" || p == "celex" || p == "dir" || p == "fi" || p == "ku";
}

bool ends_token(std::string_view s, std::size_t i) {
    if (i >= s.size()) return true;
    const auto c = static_cast<unsigned char>(s[i]);
    return !(is_digit(static_cast<char>(c)) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80);
}

int full_year(int yy, std::size_t digits) { return digits == 4 ? yy : (yy <= 69 ? 2000 + yy : 1900 + yy); }

/// The number part: YEAR SEP SERIAL [-SUFFIX], at `i`. Years of two digits
/// only with a prefix. Returns the end, or npos.
std::size_t case_core_at(std::string_view s, std::size_t i, bool has_prefix, int& year, std::string& serial) {
    const std::size_t yd = digits_at(s, i);
    if (yd != 4 && !(yd == 2 && has_prefix)) return std::string_view::npos;
    year = full_year(to_int(s.substr(i, yd)), yd);
    if (year < 1950 || year > 2200) return std::string_view::npos;
    std::size_t j = i + yd;
    if (j >= s.size()) return std::string_view::npos;
    const char sep = s[j];
    if (sep != '/' && sep != ':' && sep != '.' && sep != '-') return std::string_view::npos;
    if ((sep == '.' || sep == '-') && !has_prefix) return std::string_view::npos;
    const std::size_t sn = digits_at(s, j + 1);
    if (sn == 0 || sn > 7) return std::string_view::npos;
    std::size_t end = j + 1 + sn;
    // "2024-03-19" is a date; "17.00" a time.
    if (sep == '-' && sn == 2 && end < s.size() && s[end] == '-') return std::string_view::npos;
    serial = std::string(s.substr(j + 1, sn));
    // A register suffix: "KFKS 2015/15-002", "KS-2017-00064".
    if (end + 1 < s.size() && s[end] == '-' && digits_at(s, end + 1) >= 3 && ends_token(s, end + 1 + digits_at(s, end + 1))) {
        end += 1 + digits_at(s, end + 1);
    }
    if (!ends_token(s, end)) return std::string_view::npos;
    // "SOF 2024/116-2" is a document of the matter, not the matter's number.
    if (end + 1 < s.size() && (s[end] == '-' || s[end] == '/' || s[end] == '.') && is_digit(s[end + 1])) {
        return std::string_view::npos;
    }
    return end;
}

bool dnr_before(std::string_view s, std::size_t i) {
    const std::string before = lower(s.substr(i >= 14 ? i - 14 : 0, i >= 14 ? 14 : i));
    const std::string t(trim(before));
    return t.size() >= 3 && (t.compare(t.size() - 3, 3, "dnr") == 0 || (t.size() >= 4 && t.compare(t.size() - 4, 4, "dnr.") == 0) ||
                             (t.size() >= 12 && t.compare(t.size() - 12, 12, "diarienummer") == 0) ||
                             (t.size() >= 13 && t.compare(t.size() - 13, 13, "diarienummer:") == 0) ||
                             (t.size() >= 4 && t.compare(t.size() - 4, 4, "dnr:") == 0));
}

}  // namespace

std::vector<model::CaseNumber> find_case_numbers(std::string_view s) {
    std::vector<model::CaseNumber> out;
    const auto add = [&](std::size_t b, std::size_t e, std::string prefix, int year, std::string serial) {
        model::CaseNumber cn;
        cn.written = std::string(trim(s.substr(b, e - b)));
        cn.prefix = std::move(prefix);
        cn.year = year;
        cn.serial = std::move(serial);
        out.push_back(std::move(cn));
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (!word_boundary_before(s, i)) continue;
        int year = 0;
        std::string serial;
        // Prefix first: "KS 2024/123", "KS-2017/64", "RJL2017/101", "KSKF/2024:1",
        // "KS KF/2025:6", "KS 25/12", "MHN 2025:118".
        if (const std::size_t pl = prefix_letters_at(s, i); pl > 0 && !is_publication_series(s.substr(i, pl))) {
            std::size_t j = i + pl;
            std::string prefix(s.substr(i, pl));
            if (j + 1 < s.size() && s[j] == ' ') {
                if (const std::size_t p2 = prefix_letters_at(s, j + 1); p2 > 0 && j + 1 + p2 < s.size() && s[j + 1 + p2] == '/') {
                    prefix += " " + std::string(s.substr(j + 1, p2));
                    j += 1 + p2;
                }
            }
            std::size_t k = j;
            if (k < s.size() && (s[k] == ' ' || s[k] == '-' || s[k] == '/')) ++k;
            if (k < s.size() && is_digit(s[k]) && (k > j || std::all_of(prefix.begin(), prefix.end(), [](char c) { return c < 'a' || c > 'z'; }))) {
                if (const std::size_t e = case_core_at(s, k, true, year, serial); e != std::string_view::npos) {
                    add(i, e, prefix, year, serial);
                    i = e - 1;
                    continue;
                }
            }
        }
        if (!is_digit(s[i])) continue;
        const std::size_t yd = digits_at(s, i);
        // Year, then the register: "2025/KS0123", "24/Ks 310".
        if ((yd == 4 || yd == 2) && i + yd + 1 < s.size() && s[i + yd] == '/') {
            const std::size_t pl = prefix_letters_at(s, i + yd + 1);
            if (pl > 0) {
                std::size_t k = i + yd + 1 + pl;
                if (k < s.size() && s[k] == ' ') ++k;
                const std::size_t sn = digits_at(s, k);
                year = full_year(to_int(s.substr(i, yd)), yd);
                if (sn > 0 && sn <= 7 && ends_token(s, k + sn) && year >= 1950 && year <= 2200) {
                    add(i, k + sn, std::string(s.substr(i + yd + 1, pl)), year, std::string(s.substr(k, sn)));
                    i = k + sn - 1;
                    continue;
                }
            }
        }
        // The register after the number: "2026.209 KS".
        if (yd == 4 && i + 5 < s.size() && s[i + 4] == '.') {
            const std::size_t sn = digits_at(s, i + 5);
            const std::size_t k = i + 5 + sn;
            if (sn > 0 && sn <= 7 && k + 1 < s.size() && s[k] == ' ') {
                const std::size_t pl = prefix_letters_at(s, k + 1);
                const std::string_view pre = s.substr(k + 1, pl);
                year = to_int(s.substr(i, 4));
                if (pl > 0 && ends_token(s, k + 1 + pl) && std::all_of(pre.begin(), pre.end(), [](char c) { return c < 'a' || c > 'z'; }) &&
                    year >= 1950 && year <= 2200) {
                    add(i, k + 1 + pl, std::string(pre), year, std::string(s.substr(i + 5, sn)));
                    i = k + pl;
                    continue;
                }
            }
        }
        // No register: "2021/105"; after "Dnr" also "8-2015".
        if (const std::size_t e = case_core_at(s, i, false, year, serial); e != std::string_view::npos) {
            add(i, e, "", year, serial);
            i = e - 1;
            continue;
        }
        if (dnr_before(s, i) && yd >= 1 && yd <= 5 && i + yd + 5 <= s.size() && s[i + yd] == '-' && digits_at(s, i + yd + 1) == 4 &&
            ends_token(s, i + yd + 5)) {
            year = to_int(s.substr(i + yd + 1, 4));
            if (year >= 1950 && year <= 2200) {
                add(i, i + yd + 5, "", year, std::string(s.substr(i, yd)));
                i = i + yd + 4;
                continue;
            }
        }
        i += yd > 0 ? yd - 1 : 0;
    }
    return out;
}

bool is_case_number_line(std::string_view s) {
    const auto found = find_case_numbers(s);
    if (found.empty()) return false;
    std::string rest(s);
    for (const auto& cn : found) {
        const auto p = rest.find(cn.written);
        if (p != std::string::npos) rest.erase(p, cn.written.size());
    }
    const std::string key = fold_key(rest);
    return key.empty() || key == "dnr" || key == "diarienummer" || key == "dnr dnr" || key == "diarienr" ||
           key == "arendenummer" || key == "arende nr" || key == "arendenr" || key == "diarienummer dnr" ||
           key == "referens" || key == "beteckning";
}

bool is_immediate_sentence(std::string_view sentence, bool* negated) {
    const std::string k = " " + fold_key(sentence) + " ";
    if (negated) *negated = false;
    const bool has_now = k.find(" omedelbar") != std::string::npos;
    const bool has_adjust = k.find(" juster") != std::string::npos;
    if (!has_now || !has_adjust) return false;
    // The object must be the paragraph, the decision or the protocol, or the
    // sentence is the bare "justeras omedelbart".
    const bool object = k.find("paragraf") != std::string::npos || k.find("beslut") != std::string::npos ||
                        k.find("protokoll") != std::string::npos || k.find(" denna ") != std::string::npos ||
                        k.find("arendet") != std::string::npos || k.find(" justeras omedelbart ") != std::string::npos ||
                        k.find(" omedelbart justerad") != std::string::npos ||
                        k.find(" omedelbar justering") != std::string::npos;
    if (!object) return false;
    if (k.find(" inte ") != std::string::npos || k.find(" ej ") != std::string::npos ||
        k.find(" icke ") != std::string::npos || k.find(" avslag ") != std::string::npos ||
        k.find(" avsla ") != std::string::npos) {
        if (negated) *negated = true;
        return false;
    }
    return true;
}

std::vector<std::string> sentences(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c != '.' && c != '!' && c != '?') continue;
        // End of sentence: punctuation followed by space + capital, or end of text.
        const bool at_end = i + 1 == text.size();
        const bool next_space = !at_end && text[i + 1] == ' ';
        if (!at_end && !(next_space && is_upper_initial(text.substr(i + 2)))) continue;
        // "m.fl. (S)" and "bl.a. Kalle" are abbreviations, not sentence ends.
        if (c == '.' && i >= 2 && text[i - 2] == '.') continue;
        const std::string_view t = trim(text.substr(start, i + 1 - start));
        if (!t.empty()) out.emplace_back(t);
        start = i + 1;
    }
    const std::string_view tail = trim(text.substr(std::min(start, text.size())));
    if (!tail.empty()) out.emplace_back(tail);
    return out;
}

void join_line(std::string& text, std::string_view next) {
    next = trim(next);
    if (next.empty()) return;
    while (!text.empty() && is_space(text.back())) text.pop_back();
    if (text.empty()) {
        text = next;
        return;
    }
    // A soft hyphen (U+00AD) where a line breaks says the word goes on: "kommun\u00AD" + "styrelsen".
    if (text.size() >= 2 && text.compare(text.size() - 2, 2, "\xC2\xAD") == 0) {
        text.erase(text.size() - 2);
        text.append(next);
        return;
    }
    // A hyphen that ends a line right after a letter or digit belongs to the
    // word: "1970-" + "talet", "FINSAM-" + "organisationen", "2025-02-" + "13".
    if (text.back() == '-' && text.size() >= 2 && text[text.size() - 2] != ' ' &&
        (is_lower_initial(next) || is_digit(next.front()))) {
        text.append(next);
        return;
    }
    text.push_back(' ');
    text.append(next);
}

std::optional<model::ProtocolNumber> find_protocol_number(std::string_view s, std::size_t max_offset) {
    const std::string l = lower(s);
    const auto p = l.find("protokoll");
    if (p == std::string::npos || p > max_offset) return std::nullopt;
    std::size_t i = p + 9;
    while (i < l.size() && (l[i] == ' ' || l[i] == ':')) ++i;
    if (l.compare(i, 2, "nr") == 0) {
        i += 2;
        while (i < l.size() && (l[i] == '.' || l[i] == ' ')) ++i;
    }
    const std::size_t n = digits_at(l, i);
    if (n == 0 || n > 4 || i + n + 5 > l.size() || l[i + n] != '/' || digits_at(l, i + n + 1) != 4) return std::nullopt;
    const int number = to_int(std::string_view(l).substr(i, n));
    const int year = to_int(std::string_view(l).substr(i + n + 1, 4));
    if (number < 1 || year < 1900 || year > 2200) return std::nullopt;
    return model::ProtocolNumber{number, year};
}

bool is_organ_name(std::string_view s) {
    const std::string k = fold_key(s);
    if (k.empty() || k.size() > 60 || k.find_first_of("0123456789") != std::string::npos) return false;
    if (std::count(k.begin(), k.end(), ' ') > 4) return false;
    // "Nämnden för individ- och familjeomsorg", "Nämnden för Individ & Familjeomsorg".
    if (k.rfind("namnden for ", 0) == 0 || k.rfind("namnd for ", 0) == 0) return true;  // "Nämnd för folkhälsa och sjukvård"
    // The meeting itself is not an organ: "sammanträdet" ends like "rådet".
    if (k.size() >= 7 && k.compare(k.size() - 7, 7, "tradet") == 0) return false;
    static constexpr std::array<std::string_view, 16> k_suffix{
        "namnden", "namnd", "styrelsen", "styrelse", "fullmaktige", "utskottet", "utskott", "beredningen",
        "beredning", "radet", "direktionen", "forbundet", "revisorerna", "delegationen", "revisionen", "presidiet"};
    return std::any_of(k_suffix.begin(), k_suffix.end(), [&](std::string_view suf) {
        return k.size() >= suf.size() && k.compare(k.size() - suf.size(), suf.size(), suf) == 0;
    });
}

bool is_municipality_name(std::string_view s) {
    const std::string k = fold_key(s);
    if (k.empty() || k.size() > 50 || k.find_first_of("0123456789") != std::string::npos) return false;
    const auto words = std::count(k.begin(), k.end(), ' ') + 1;
    if (words < 2 || words > 4) return false;
    return (k.size() > 7 && k.compare(k.size() - 7, 7, " kommun") == 0) || k.rfind("region ", 0) == 0;
}

std::string municipality_display(std::string_view s) {
    s = trim(s);
    const std::string shown = organ_display(s);
    if (shown == s) return shown;  // mixed case: as written
    // Each word of a place name starts with a capital; "kommun", "och", "i" do not.
    std::string out;
    std::size_t i = 0;
    while (i < shown.size()) {
        const std::size_t b = i;
        while (i < shown.size() && shown[i] != ' ') ++i;
        std::string word = shown.substr(b, i - b);
        const std::string lw = lower(word);
        if (lw != "kommun" && lw != "och" && lw != "i" && !word.empty()) {
            std::size_t first = 0;
            const char32_t cp = decode(word, first);
            std::string cap;
            encode(cap, static_cast<char32_t>(u_toupper(static_cast<UChar32>(cp))));
            word = cap + lw.substr(first);
        } else {
            word = lw;
        }
        out += word;
        while (i < shown.size() && shown[i] == ' ') out.push_back(shown[i++]);
    }
    return out;
}

std::string organ_display(std::string_view s) {
    s = trim(s);
    const std::string low = lower(s);
    bool has_upper = false;
    bool has_lower = false;
    for (std::size_t i = 0; i < s.size();) {
        const char32_t cp = decode(s, i);
        if (u_isupper(static_cast<UChar32>(cp)) != 0) has_upper = true;
        if (u_islower(static_cast<UChar32>(cp)) != 0) has_lower = true;
    }
    if (!has_upper && has_lower) {
        // all lower case ("vård- och omsorgsnämnden"): a name starts with a capital.
        std::size_t first = 0;
        const char32_t cp = decode(s, first);
        std::string out;
        encode(out, static_cast<char32_t>(u_toupper(static_cast<UChar32>(cp))));
        return out + std::string(s.substr(first));
    }
    if (!has_upper || has_lower) return std::string(s);
    // ALL CAPS: keep the first letter, lower the rest.
    std::size_t first = 0;
    decode(s, first);
    return std::string(s.substr(0, first)) + low.substr(first);
}

int to_int(std::string_view digits, int fallback) noexcept {
    int v = 0;
    const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    return (r.ec == std::errc{} && r.ptr == digits.data() + digits.size()) ? v : fallback;
}

}  // namespace justera::ingest::text
