// SPDX-License-Identifier: GPL-3.0-or-later
#include "ledger.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <set>
#include <unordered_map>

#include "justera/core/utf8.hpp"
#include "text_util.hpp"
#include "vocabulary.hpp"

namespace justera::ingest {

namespace {

/// The model's texts as sequences of word numbers.
struct Strings {
    WordIds& words;
    std::vector<std::vector<std::uint32_t>> texts;
};

template <class F>
void for_each_word(std::string_view text, F&& f);

/// The content words of `s` as numbers in `ids`.
std::vector<std::uint32_t> content_ids(WordIds& ids, std::string_view s) {
    std::vector<std::uint32_t> out;
    for_each_word(s, [&](std::string_view w) {
        const std::uint32_t i = ids.id(w);
        if (!ids.exempt(i)) out.push_back(i);
    });
    return out;
}

void add_words(Strings& c, std::string_view s) {
    auto ids = content_ids(c.words, s);
    if (!ids.empty()) c.texts.push_back(std::move(ids));
}

/// A date as the ledger may meet it written: 2024-03-19, "19 mars 2024"
/// (the month name is not counted), 19/3 2024.
void add_date(Strings& c, const std::optional<model::Date>& d) {
    if (!d) return;
    const std::string y = std::to_string(static_cast<int>(d->year()));
    const std::string m = std::to_string(static_cast<unsigned>(d->month()));
    const std::string day = std::to_string(static_cast<unsigned>(d->day()));
    add_words(c, y + " " + m + " " + day);
    add_words(c, day + " " + y);
    add_words(c, day + " " + m + " " + y);
}

/// A time or a span of times: "17:00", "17.00-17.20".
void add_times(Strings& c, const std::optional<model::TimeOfDay>& a, const std::optional<model::TimeOfDay>& b) {
    // "kl. 17" is 17:00.
    if (a && a->minute == 0) add_words(c, std::to_string(a->hour));
    if (a) add_words(c, model::format_time(*a));
    if (b) add_words(c, model::format_time(*b));
    if (a && b) add_words(c, model::format_time(*a) + " " + model::format_time(*b));
}

/// A person as written in lists: "Anna Berg (M)".
void add_person(Strings& c, const model::PersonRef& p) { add_words(c, p.name + " " + p.party + " " + p.note); }

void add_paragraph_list(Strings& c, const std::vector<int>& ps) {
    for (const int n : ps) add_words(c, std::to_string(n));
}

/// Every word the model holds, as the XML will.
Strings model_words(const model::Protocol& p, WordIds& ids) {
    Strings c{ids, {}};
    add_words(c, p.municipality);
    add_words(c, p.organ);
    if (p.number) {
        add_words(c, std::to_string(p.number->number));
        add_words(c, std::to_string(p.number->year));
    }
    add_date(c, p.meeting_date);
    add_times(c, p.start_time, p.end_time);
    for (const auto& a : p.adjournments) add_times(c, a.start, a.end);
    add_words(c, p.place);
    for (const auto& m : p.members) {
        add_words(c, m.name + " " + m.party + " " + m.note);
        if (m.replaces) add_person(c, *m.replaces);
        add_paragraph_list(c, m.paragraphs);
        add_paragraph_list(c, m.except_paragraphs);
        add_words(c, m.except_reason);
        // "1:e vice ordförande", "2:e vice ordförande": the role, as the XML names it.
        if (m.role == model::MemberRole::FirstViceChair) add_words(c, "1");
        if (m.role == model::MemberRole::SecondViceChair) add_words(c, "2");
    }
    for (const auto& s : p.substitutes) add_person(c, s);
    for (const auto& o : p.others) {
        add_words(c, o.name);
        add_words(c, o.title);
        add_words(c, o.paragraphs_written);
    }
    for (const auto& a : p.adjusters) add_person(c, a);
    add_date(c, p.adjustment_date);
    add_times(c, p.adjustment_time, std::nullopt);
    add_words(c, p.adjustment_place);
    add_words(c, p.paragraph_range_written);
    if (p.secretary) add_person(c, *p.secretary);
    if (p.chair_signatory) add_person(c, *p.chair_signatory);
    for (const auto& rc : p.role_changes) add_words(c, rc.sentence);
    for (const auto& j : p.jav) add_words(c, j.written);
    for (const auto& para : p.paragraphs) {
        add_words(c, std::to_string(para.number));
        add_words(c, para.title);
        for (const auto& s : para.preamble) add_words(c, s);
        for (const auto& cn : para.case_numbers) add_words(c, cn.written);
        add_words(c, para.decision_heading);
        for (const auto& pt : para.decision) {
            if (pt.number) add_words(c, std::to_string(*pt.number));
            add_words(c, pt.text);
            for (const auto& it : pt.items) add_words(c, it);
        }
        for (const auto& s : para.sections) {
            add_words(c, s.heading);
            for (const auto& b : s.blocks) {
                if (b.number) add_words(c, std::to_string(*b.number));
                add_words(c, b.text);
            }
        }
    }
    if (p.signature_table) {
        add_words(c, p.signature_table->heading);
        for (const auto& e : p.signature_table->entries) {
            add_words(c, e.written);
            add_date(c, e.date);
        }
    }
    if (p.notice) {
        add_date(c, p.notice->posted);
        add_date(c, p.notice->removed);
        add_words(c, p.notice->storage_place);
    }
    for (const auto& f : p.free_text) add_words(c, f);
    return c;
}

/// The model's words twice: in order, string by string (to find a line as
/// written), and as a set (to find a line's words when the reader rearranged
/// them: names into lists, dates into ISO form).
class ModelIndex {
public:
    explicit ModelIndex(const Strings& strings) : m_ids(strings.words) {
        m_positions.resize(m_ids.size());
        for (const auto& words : strings.texts) {
            for (const auto w : words) {
                m_positions[w].push_back(static_cast<std::uint32_t>(m_words.size()));
                m_words.push_back(w);
            }
            m_words.push_back(k_boundary);  // a boundary between strings
        }
    }

    /// Whether the model holds the word numbered `w`.
    [[nodiscard]] bool holds(std::uint32_t w) const { return w < m_positions.size() && !m_positions[w].empty(); }

    /// Whether the model holds `w`, or the word `w` is the genitive of
    /// ("Socialnämndens sammanträde").
    [[nodiscard]] bool has_word(std::string_view w) const {
        if (const auto i = m_ids.find(w); i && holds(*i)) return true;
        if (w.size() <= 3 || w.back() != 's') return false;
        const auto base = m_ids.find(w.substr(0, w.size() - 1));
        return base && holds(*base);
    }

    [[nodiscard]] bool has(std::uint32_t w) const { return holds(w) || has_word(m_ids.word(w)); }

    /// True when `run` stands in one model string, word after word.
    [[nodiscard]] bool verbatim(const std::vector<std::uint32_t>& run, std::size_t from = 0, std::size_t to = std::string::npos) const {
        to = std::min(to, run.size());
        if (from >= to) return true;
        // Anchor on the rarest word of the run.
        std::size_t anchor = 0;
        std::size_t best = std::numeric_limits<std::size_t>::max();
        for (std::size_t k = from; k < to; ++k) {
            if (!holds(run[k])) return false;
            if (m_positions[run[k]].size() < best) { best = m_positions[run[k]].size(); anchor = k - from; }
        }
        const std::size_t n = to - from;
        // Bounded: a hostile text of a few words repeated everywhere must not
        // make every line try every position. Past the budget a run counts as
        // found when all its words are (and the result says so).
        if (m_work > k_budget) {
            m_bounded = true;
            return true;
        }
        const auto first = run.begin() + static_cast<std::ptrdiff_t>(from);
        for (const std::uint32_t pos : m_positions[run[from + anchor]]) {
            m_work += n;
            if (pos < anchor || pos - anchor + n > m_words.size()) continue;
            const std::size_t start = pos - anchor;
            if (std::equal(first, first + static_cast<std::ptrdiff_t>(n), m_words.begin() + static_cast<std::ptrdiff_t>(start))) return true;
        }
        return false;
    }

    /// Whether the work budget ran out (later lines were checked word by word).
    [[nodiscard]] bool bounded() const noexcept { return m_bounded; }

private:
    static constexpr std::uint32_t k_boundary = std::numeric_limits<std::uint32_t>::max();
    static constexpr std::size_t k_budget = 200'000'000;  // word comparisons, about a second
    mutable std::size_t m_work = 0;
    mutable bool m_bounded = false;
    const WordIds& m_ids;
    std::vector<std::uint32_t> m_words;
    std::vector<std::vector<std::uint32_t>> m_positions;
};

bool is_markup_at(std::string_view text, std::size_t i, std::size_t& close) {
    if (text[i] != '<' || i + 1 >= text.size()) return false;
    const auto n = static_cast<unsigned char>(text[i + 1]);
    if (std::isalpha(n) == 0 && n != '/' && n != '!') return false;
    close = text.find('>', i);
    return close != std::string_view::npos;
}

/// The ledger's text in two passes, correct for every script: markup, ASCII
/// punctuation and soft hyphens become spaces (and an organ's abbreviation
/// before "§" goes), then text::fold_key folds case and diacritics.
void fold_for_words(std::string_view text, std::string& folded) {
    thread_local std::string spaced;  // reused: a protocol has tens of thousands of lines
    spaced.clear();
    for (std::size_t i = 0; i < text.size(); ++i) {
        // Markup, not words: an HTML tag a converter left ("<a id=\"_Toc12\"></a>", "<br>").
        if (std::size_t close = 0; is_markup_at(text, i, close)) {
            spaced.push_back(' ');
            i = close;
            continue;
        }
        // An organ's abbreviation before a § heading ("KS § 45") names no content.
        if (text.compare(i, 2, "\xC2\xA7") == 0) {
            std::size_t e = spaced.size();
            while (e > 0 && spaced[e - 1] == ' ') --e;
            std::size_t b = e;
            while (b > 0 && spaced[b - 1] >= 'A' && spaced[b - 1] <= 'Z') --b;
            if (e > b && e - b <= 6 && (b == 0 || spaced[b - 1] == ' ')) spaced.erase(b);
        }
        // A soft hyphen breaks a word where a line breaks; it is not a letter.
        if (text.compare(i, 2, "\xC2\xAD") == 0) {
            spaced.push_back(' ');
            ++i;
            continue;
        }
        const auto u = static_cast<unsigned char>(text[i]);
        const bool keep = u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
        spaced.push_back(keep ? text[i] : ' ');
    }
    text::fold_key_into(spaced, folded);
}

/// The same in one pass, for text in ASCII, Latin-1 and general punctuation
/// (Swedish protocols): false, with `folded` unspecified, for anything else
/// (another script, a C1 control, malformed UTF-8), which takes the two
/// passes. Equal to fold_for_words wherever it returns true (a unit test
/// compares the two on generated text): the abbreviation rule works on the
/// tokens that the first pass would have made (runs between its spaces).
bool fold_for_words_fast(std::string_view text, std::string& folded) {
    // Never longer than the text: a letter comes from at least one byte
    // ("æ" two bytes, "ae" two letters), a space only after a separator
    // that wrote nothing, and "KS §" removes at least one letter.
    folded.resize(text.size() + 16);
    char* const begin = folded.data();
    char* out = begin;
    bool space = false;  // a separator is pending
    // The last run of the first pass's non-spaces: whether the next
    // character continues it, whether it is ASCII capitals only, its length
    // and where in folded it began.
    bool in_token = false;
    bool token_upper = false;
    std::size_t token_len = 0;
    char* token_out = begin;
    const auto letter = [&](char c) {
        if (space && out != begin) *out++ = ' ';
        space = false;
        *out++ = c;
    };
    const auto token_char = [&](bool upper) {
        if (!in_token) {
            in_token = true;
            token_upper = true;
            token_len = 0;
            token_out = out;
        }
        token_upper = token_upper && upper;
        ++token_len;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                token_char(false);
                letter(static_cast<char>(c));
            } else if (c >= 'A' && c <= 'Z') {
                token_char(true);
                letter(static_cast<char>(c + 32));
            } else if (std::size_t close = 0; c == '<' && is_markup_at(text, i, close)) {
                in_token = false;
                space = true;
                i = close;
            } else {
                in_token = false;
                space = true;
            }
            continue;
        }
        const std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (len == 0 || i + len > text.size()) return false;
        for (std::size_t k = 1; k < len; ++k) {
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
        }
        std::size_t at = i;
        const char32_t cp = core::utf8::decode(text, at);
        i += len - 1;
        if (cp == 0xAD) {  // soft hyphen: a space in the first pass
            in_token = false;
            space = true;
            continue;
        }
        if (cp == 0xA7 && token_upper && token_len <= 6) {  // "KS §", "KS§": the run goes, its spaces too
            out = token_out;
            space = true;
            in_token = false;
        }
        // The first pass keeps every other non-ASCII character in its run.
        if (!in_token) {
            in_token = true;
            token_len = 0;
            token_out = out;
        }
        token_upper = false;
        if (cp >= 0xC0 && cp <= 0xFF) {
            if (const char* l = text::fold_latin1(cp)) {
                for (; *l != 0; ++l) letter(*l);
            }
        } else if (cp == 0xA0 || (cp >= 0x2010 && cp <= 0x2015)) {
            space = true;
        } else if ((cp >= 0xA1 && cp <= 0xBF) || (cp >= 0x2016 && cp <= 0x206F)) {
            // punctuation and symbols: dropped
        } else {
            return false;
        }
    }
    folded.resize(static_cast<std::size_t>(out - begin));
    return true;
}

/// Calls `f` with each word of `text` as the ledger counts it (see ledger_words).
template <class F>
void for_each_word(std::string_view text, F&& f) {
    thread_local std::string folded;
    if (!fold_for_words_fast(text, folded)) fold_for_words(text, folded);
    std::size_t start = 0;
    for (std::size_t i = 0; i <= folded.size(); ++i) {
        if (i < folded.size() && folded[i] != ' ') continue;
        if (i > start) {
            std::string_view w = std::string_view(folded).substr(start, i - start);
            if (std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; })) {
                const auto nz = w.find_first_not_of('0');
                w = nz == std::string_view::npos ? std::string_view("0") : w.substr(nz);
            }
            f(w);
        }
        start = i + 1;
    }
}

using Unit = SourceWords::Unit;

/// Words of one cell not accounted for; empty when the cell is placed.
std::vector<std::string> unplaced_in(const Unit& u, const ModelIndex& index, const WordIds& ids,
                                     std::optional<std::uint32_t> next_first, bool hyphen_end) {
    std::vector<std::uint32_t> run = u.words;
    std::vector<std::string> missing;
    const auto digits = [&](std::uint32_t w) {
        const std::string_view s = ids.word(w);
        return std::isdigit(static_cast<unsigned char>(s.front())) != 0 &&
               std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    // A list number ("1.", "2)") is an attribute in the model, not text.
    if (run.size() > 1 && digits(run.front())) {
        if (!index.has(run.front())) missing.emplace_back(ids.word(run.front()));
        run.erase(run.begin());
    }
    if (index.verbatim(run)) return missing;
    // A word broken at the line end: "kommun-" + "styrelsen".
    if (hyphen_end && next_first && !run.empty()) {
        if (index.verbatim(run, 0, run.size() - 1) &&
            index.has_word(std::string(ids.word(run.back())) + std::string(ids.word(*next_first)))) {
            return missing;
        }
    }
    // Rearranged by the reader (a name into a list, a date into ISO form): a
    // short cell whose every word the model holds.
    constexpr std::size_t k_short = 8;
    std::vector<std::string> absent;
    for (const auto w : run) {
        if (!index.has(w)) absent.emplace_back(ids.word(w));
    }
    if (absent.empty() && run.size() <= k_short) return missing;
    // A longer line the reader took apart (a meeting sentence into organ, date,
    // times and place): a few runs, each as written in the model. A lost line
    // of running text whose words merely recur elsewhere breaks into many.
    if (absent.empty()) {
        std::size_t runs = 0;
        for (std::size_t i = 0; i < run.size();) {
            std::size_t j = i + 1;
            // Runs are grown a word at a time; capped, so that a cell of tens
            // of thousands of words costs linear time, not quadratic.
            while (j < run.size() && j - i < 64 && index.verbatim(run, i, j + 1)) ++j;
            ++runs;
            i = j;
        }
        if (runs <= 1 + run.size() / 3) return missing;
        absent.emplace_back("(not as written)");
    }
    missing.insert(missing.end(), absent.begin(), absent.end());
    return missing;
}

}  // namespace

std::vector<std::string> ledger_words(std::string_view text) {
    std::vector<std::string> out;
    for_each_word(text, [&](std::string_view w) { out.emplace_back(w); });
    return out;
}

std::optional<std::string> ledger_fold_fast(std::string_view text) {
    std::string out;
    if (!fold_for_words_fast(text, out)) return std::nullopt;
    return out;
}

std::string ledger_fold_reference(std::string_view text) {
    std::string out;
    fold_for_words(text, out);
    return out;
}

std::size_t WordIds::slot_of(std::string_view w, std::size_t hash) const {
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        const std::uint32_t s = m_slots[i];
        if (s == 0 || (m_hashes[s - 1] == hash && m_words[s - 1] == w)) return i;
    }
}

std::uint32_t WordIds::id(std::string_view w) {
    const std::size_t hash = std::hash<std::string_view>{}(w);
    if (m_slots.empty()) m_slots.assign(1024, 0);
    std::size_t slot = slot_of(w, hash);
    if (m_slots[slot] != 0) return m_slots[slot] - 1;
    const auto n = static_cast<std::uint32_t>(m_words.size());
    m_words.emplace_back(m_store.emplace_back(w));
    m_hashes.push_back(hash);
    // Structure, not content: labels, role and function words, calendar words.
    m_exempt.push_back(vocabulary::is_structure_word(w) || text::is_calendar_word(w) || w == "br" ? 1 : 0);  // <br>: a converter's line break
    if (2 * m_words.size() > m_slots.size()) {  // at most half full
        m_slots.assign(m_slots.size() * 2, 0);
        for (std::uint32_t k = 0; k < m_words.size(); ++k) m_slots[slot_of(m_words[k], m_hashes[k])] = k + 1;
    } else {
        m_slots[slot] = n + 1;
    }
    return n;
}

std::optional<std::uint32_t> WordIds::find(std::string_view w) const {
    if (m_slots.empty()) return std::nullopt;
    const std::uint32_t s = m_slots[slot_of(w, std::hash<std::string_view>{}(w))];
    if (s == 0) return std::nullopt;
    return s - 1;
}

SourceWords source_words(std::string_view source, const std::vector<model::SourceLine>& furniture) {
    SourceWords out;
    std::set<std::uint32_t> furniture_lines;
    for (const auto& f : furniture) furniture_lines.insert(f.line);
    out.lines.reserve(static_cast<std::size_t>(std::count(source.begin(), source.end(), '\n')) + 1);
    std::uint32_t number = 1;
    std::size_t start = 0;
    while (start <= source.size()) {
        std::size_t end = source.find('\n', start);
        if (end == std::string_view::npos) end = source.size();
        const std::string_view line = source.substr(start, end - start);
        start = end + 1;
        SourceWords::Line s;
        s.number = number++;
        s.text = line;
        std::size_t n = 0;
        for (const auto& c : text::cells(line)) {
            Unit u{content_ids(out.ids, c.text)};
            n += u.words.size();
            if (!u.words.empty()) s.units.push_back(std::move(u));
        }
        const std::string_view t = text::trim(line);
        s.soft_hyphen_end = t.size() >= 3 && t.compare(t.size() - 2, 2, "\xC2\xAD") == 0;
        s.hyphen_end = s.soft_hyphen_end || (t.size() >= 2 && t.back() == '-' && t[t.size() - 2] != ' ' && t[t.size() - 2] != '-');
        out.words += n;
        if (furniture_lines.count(s.number) > 0) {
            out.furniture_words += n;
        } else if (n > 0) {
            out.lines.push_back(std::move(s));
        }
        if (end == source.size()) break;
    }
    return out;
}

LedgerResult account_words(std::string_view source, const std::vector<model::SourceLine>& furniture,
                           model::Protocol& p, const std::string& file, core::Diagnostics& diags) {
    return account_words(source_words(source, furniture), p, file, diags);
}

LedgerResult account_words(SourceWords source, model::Protocol& p, const std::string& file, core::Diagnostics& diags) {
    LedgerResult result;
    result.words = source.words;
    result.furniture_words = source.furniture_words;
    const Strings strings = model_words(p, source.ids);
    const ModelIndex index(strings);
    WordIds& ids = source.ids;
    // Checks one line, given the first word of the next (a word broken at the
    // line end continues there).
    const auto check = [&](const SourceWords::Line& s, std::optional<std::uint32_t> next_first) {
        std::vector<std::string> missing;
        for (std::size_t c = 0; c < s.units.size(); ++c) {
            const bool last = c + 1 == s.units.size();
            auto m = unplaced_in(s.units[c], index, ids, last ? next_first : std::nullopt, last && s.hyphen_end);
            missing.insert(missing.end(), m.begin(), m.end());
        }
        if (missing.empty()) return;
        std::string which;
        for (std::size_t w = 0; w < missing.size() && w < 5; ++w) which += (w ? ", " : "") + missing[w];
        if (missing.size() > 5) which += ", …";
        model::SourceLine u;
        u.line = s.number;
        u.text = std::string(text::trim(s.text));
        for (const auto& unit : s.units) result.unplaced_words += unit.words.size();
        diags.warn(core::DiagCode::UnplacedText,
                   "line kept whole as unplaced text (" + which + " not placed elsewhere): \"" + u.text.substr(0, 80) +
                       (u.text.size() > 80 ? "…" : "") + "\"",
                   core::Where{file, s.number, std::nullopt},
                   "raden behålls hel som oplacerad text (" + which + " placerades inte någon annanstans): \"" + u.text.substr(0, 80) +
                       (u.text.size() > 80 ? "…" : "") + "\"");
        p.unplaced.push_back(std::move(u));
    };
    for (std::size_t k = 0; k < source.lines.size(); ++k) {
        auto& line = source.lines[k];
        // "kommun" U+00AD / "styrelsen": where the model holds the word
        // joined, the next line's first word belongs to this line's last.
        if (line.soft_hyphen_end && !line.units.empty() && k + 1 < source.lines.size() && !source.lines[k + 1].units.empty()) {
            auto& next = source.lines[k + 1];
            const std::string joined =
                std::string(ids.word(line.units.back().words.back())) + std::string(ids.word(next.units.front().words.front()));
            if (index.has_word(joined)) {
                line.units.back().words.back() = ids.id(joined);
                next.units.front().words.erase(next.units.front().words.begin());
                if (next.units.front().words.empty()) next.units.erase(next.units.begin());
            }
        }
        const std::optional<std::uint32_t> next_first =
            k + 1 < source.lines.size() && !source.lines[k + 1].units.empty() ? std::optional(source.lines[k + 1].units.front().words.front())
                                                                               : std::nullopt;
        check(line, next_first);
    }
    if (index.bounded()) {
        diags.info(core::DiagCode::UnplacedText,
                   "the text repeats the same few words so often that, past a point, lines were checked word by word "
                   "and not as written",
                   core::Where{file},
                   "texten upprepar samma få ord så ofta att raderna efter en viss punkt kontrollerades ord för ord "
                   "och inte som de skrevs");
    }
    return result;
}

}  // namespace justera::ingest
