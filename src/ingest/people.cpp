// SPDX-License-Identifier: GPL-3.0-or-later
#include "people.hpp"

#include <algorithm>
#include <cctype>
#include <array>

#include "justera/model/names.hpp"
#include "text_util.hpp"

namespace justera::ingest::people {

namespace {

using text::trim;

std::string clean_name(std::string_view s_in) {
    // A role taken out of parentheses leaves "()": "Jan-Erik Wallin (ordförande)".
    std::string owned(s_in);
    for (auto p = owned.find("()"); p != std::string::npos; p = owned.find("()")) owned.erase(p, 2);
    std::string_view s = trim(owned);
    const auto edge = [](char c) { return c == ',' || c == ':' || c == '-' || c == ';' || c == '.' || c == ' '; };
    while (!s.empty() && edge(s.front())) s.remove_prefix(1);
    while (!s.empty() && edge(s.back())) s.remove_suffix(1);
    // An en dash at either end.
    while (s.size() >= 3 && s.substr(s.size() - 3) == "\xE2\x80\x93") s = trim(s.substr(0, s.size() - 3));
    std::string out;
    bool space = false;
    for (const char c : s) {
        if (c == ' ' || c == '\t') { space = true; continue; }
        if (space && !out.empty()) out.push_back(' ');
        space = false;
        out.push_back(c);
    }
    return out;
}

/// Removes a "§10" / "§§ 1-5" / "(§ 12)" scope from the end of `s`.
std::vector<int> take_paragraph_scope(std::string& s, std::string* written) {
    const auto p = s.find("\xC2\xA7");
    if (p == std::string::npos) return {};
    std::size_t start = p;
    if (start > 0 && s[start - 1] == '(') --start;
    std::string scope = s.substr(p);
    auto numbers = text::expand_paragraph_list(scope, 10000);
    if (numbers.empty()) return {};
    std::string w = std::string(trim(scope));
    if (!w.empty() && w.back() == ')') w.pop_back();
    if (written) *written = std::string(trim(w));
    s = std::string(trim(std::string_view(s).substr(0, start)));
    return numbers;
}

/// Takes a note of when someone came or went out of an attendance line:
/// "Hugo Ståhl (L) (kom kl. 13:20)", "Linnea Strömberg, c, deltar från kl
/// 10.15", "Kerstin Hammarlund, s, lämnar mötet kl 14.20". The note is a
/// parenthesis or a comma-separated part that starts in lower case and
/// holds "kl" and a time.
std::string take_attendance_note(std::string& s) {
    const auto has_clock = [](std::string_view part) {
        const std::string l = text::lower(part);
        for (std::size_t at = l.find("kl"); at != std::string::npos; at = l.find("kl", at + 2)) {
            if (at > 0 && l[at - 1] != ' ' && l[at - 1] != '(') continue;
            std::size_t k = at + 2;
            while (k < l.size() && (l[k] == '.' || l[k] == ' ')) ++k;
            if (k < l.size() && std::isdigit(static_cast<unsigned char>(l[k])) != 0) return true;
        }
        return false;
    };
    // "(kom kl. 13:20)"
    for (std::size_t open = s.find('('); open != std::string::npos; open = s.find('(', open + 1)) {
        const std::size_t close = s.find(')', open);
        if (close == std::string::npos) break;
        const std::string inner(trim(std::string_view(s).substr(open + 1, close - open - 1)));
        if (inner.empty() || !text::is_lower_initial(inner) || !has_clock(inner)) continue;
        s.erase(open, close - open + 1);
        s = std::string(trim(s));
        return inner;
    }
    // ", deltar från kl 10.15": to the end, or to the next comma.
    for (std::size_t comma = s.find(','); comma != std::string::npos; comma = s.find(',', comma + 1)) {
        const std::size_t end = std::min(s.find(',', comma + 1), s.size());
        const std::string part(trim(std::string_view(s).substr(comma + 1, end - comma - 1)));
        if (part.empty() || !text::is_lower_initial(part) || !has_clock(part)) continue;
        s.erase(comma, end - comma);
        s = std::string(trim(s));
        return part;
    }
    return {};
}

/// The length of the § list at the start of `scope` ("§ 44", "§§ 12-14 och
/// 16"), up to the first word that is not part of it.
std::size_t paragraph_list_length(std::string_view scope) {
    std::size_t stop = 2;
    while (stop < scope.size() && (std::isdigit(static_cast<unsigned char>(scope[stop])) != 0 ||
                                   std::string_view(" ,-\xE2\x80\x93\xC2\xA7").find(scope[stop]) != std::string_view::npos ||
                                   scope.compare(stop, 4, "och ") == 0)) {
        stop += scope.compare(stop, 4, "och ") == 0 ? 4 : 1;
    }
    while (stop > 2 && (scope[stop - 1] == ' ' || scope[stop - 1] == ',')) --stop;
    return stop;
}

/// Takes an exception out of an attendance line: "Jesper Åkerlind (S), ej
/// § 44 på grund av jäv" leaves "Jesper Åkerlind (S)", gives 44 and the reason.
bool take_exception(std::string& s, std::vector<int>& paragraphs, std::string& reason) {
    const auto sign = s.find("\xC2\xA7");
    if (sign == std::string::npos) return false;
    std::string before(trim(std::string_view(s).substr(0, sign)));
    bool paren = false;
    if (!before.empty() && before.back() == '(') {
        before.pop_back();
        before = std::string(trim(before));
        paren = true;
    }
    const std::string lower = text::lower(before);
    std::size_t cut = std::string::npos;
    for (const std::string_view w : {"förutom", "utom", "ej i", "ej under", "inte i", "inte under", "ej", "inte"}) {
        if (lower.size() < w.size() || lower.compare(lower.size() - w.size(), w.size(), w) != 0) continue;
        const std::size_t at = lower.size() - w.size();
        if (at == 0) break;
        const char c = lower[at - 1];
        if (c != ' ' && c != ',' && c != '(') continue;
        cut = at;
        if (c == '(') paren = true;
        break;
    }
    if (cut == std::string::npos) return false;
    const std::string_view scope = std::string_view(s).substr(sign);
    const std::size_t len = paragraph_list_length(scope);
    auto numbers = text::expand_paragraph_list(scope.substr(0, len), 10000);
    if (numbers.empty()) return false;
    std::string rest(trim(scope.substr(len)));
    if (paren && !rest.empty() && rest.back() == ')') rest.pop_back();
    if (!rest.empty() && rest.front() == ')') rest.erase(0, 1);
    while (!rest.empty() && (rest.front() == ',' || rest.front() == ' ')) rest.erase(0, 1);
    while (!rest.empty() && (rest.back() == ' ' || rest.back() == '.')) rest.pop_back();
    std::string left = before.substr(0, cut);
    if (paren && !left.empty() && left.back() == '(') left.pop_back();
    left = std::string(trim(left));
    while (!left.empty() && left.back() == ',') left = std::string(trim(left.substr(0, left.size() - 1)));
    s = left;
    paragraphs = std::move(numbers);
    reason = std::move(rest);
    return true;
}

/// Takes the first "(S)"-style party out of `s`.

/// ", s" or ", kd," right after the name.
std::string take_comma_party(std::string& s) {
    const auto comma = s.find(',');
    if (comma == std::string::npos) return {};
    auto end = s.find(',', comma + 1);
    const std::string_view word = trim(std::string_view(s).substr(comma + 1, (end == std::string::npos ? s.size() : end) - comma - 1));
    if (!is_party_letters(word)) return {};
    std::string party(word);
    s.erase(comma, (end == std::string::npos ? s.size() : end) - comma);
    return party;
}

std::string take_party(std::string& s) {
    std::size_t from = 0;
    while (true) {
        const auto open = s.find('(', from);
        if (open == std::string::npos) return take_comma_party(s);
        const auto close = s.find(')', open);
        if (close == std::string::npos) return take_comma_party(s);
        const std::string inner = std::string(trim(std::string_view(s).substr(open + 1, close - open - 1)));
        const bool plausible = !inner.empty() && text::length(inner) <= 15 &&
                               inner.find_first_of("0123456789\xC2") == std::string::npos;
        if (plausible) {
            s.erase(open, close - open + 1);
            return inner;
        }
        from = close + 1;
    }
}

struct RoleWord {
    std::string_view word;
    model::MemberRole role;
};
constexpr std::array k_roles{
    RoleWord{"2:e vice ordförande", model::MemberRole::SecondViceChair},
    RoleWord{"andre vice ordförande", model::MemberRole::SecondViceChair},
    RoleWord{"1:e vice ordförande", model::MemberRole::FirstViceChair},
    RoleWord{"förste vice ordförande", model::MemberRole::FirstViceChair},
    RoleWord{"första vice ordförande", model::MemberRole::FirstViceChair},
    RoleWord{"vice ordförande", model::MemberRole::FirstViceChair},
    RoleWord{"vice ordf.", model::MemberRole::FirstViceChair},
    RoleWord{"ordförande", model::MemberRole::Chair},
    RoleWord{"ordf.", model::MemberRole::Chair},
    RoleWord{"ledamot", model::MemberRole::Member},  // "Karl Nordin (M), Ledamot": the role said, not a name
};

constexpr std::array<std::string_view, 10> k_replaces{
    "tjänstgörande ersättare för", "tjg. ersättare för", "tjg ersättare för", "ersättare för",
    "ersätter", "i stället för", "istället för", "tjänstgör för", "tjg för", "ersättning för"};

/// Job titles end in one of these: "Avdelningschef", "Nämndsekreterare", ...
constexpr std::array<std::string_view, 34> k_title_endings{
    "chef", "sekreterare", "företrädare", "direktör", "handläggare", "ansvarig", "ombud", "strateg",
    "controller", "ekonom", "jurist", "utredare", "revisor", "samordnare", "rådgivare", "specialist",
    "assistent", "registrator", "arkivarie", "notarie", "tjänsteman", "tjänsteperson", "sakkunnig",
    "kommunikatör", "ingenjör", "arkitekt", "planerare", "praktikant", "ledare", "medarbetare",
    "föredragande", "åhörare", "skyddsombud", "representant"};

bool is_title_word(std::string_view w) {
    const std::string l = text::lower(w);
    return std::any_of(k_title_endings.begin(), k_title_endings.end(), [&](std::string_view e) {
        return l.size() >= e.size() && l.compare(l.size() - e.size(), e.size(), e) == 0;
    });
}

std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ') ++i;
        const std::size_t b = i;
        while (i < s.size() && s[i] != ' ') ++i;
        if (i > b) out.push_back(s.substr(b, i - b));
    }
    return out;
}

}  // namespace

/// The parties' letters as lists write them after a comma: "Gunnel Wästberg, s, ordförande".
bool is_party_letters(std::string_view w) {
    static constexpr std::array<std::string_view, 11> k_parties{"s", "m", "c", "v", "l", "kd", "sd", "mp", "fp", "kds", "fi"};
    const std::string l = text::lower(trim(w));
    return std::find(k_parties.begin(), k_parties.end(), l) != k_parties.end();
}


model::PersonRef parse_person(std::string_view text_in) {
    std::string s(trim(text_in));
    model::PersonRef p;
    p.note = take_attendance_note(s);
    take_paragraph_scope(s, nullptr);
    p.party = take_party(s);
    // Drop a trailing title after a comma: "Magnus Hillborg, nämndsekreterare".
    if (const auto c = s.find(','); c != std::string::npos) s = s.substr(0, c);
    p.name = clean_name(s);
    return p;
}

model::Member parse_member(std::string_view line) {
    std::string s(trim(line));
    model::Member m;
    m.note = take_attendance_note(s);
    // "Mira Lund (L), tjänstgörande 150-151": served in those paragraphs.
    for (const std::string_view w : {", tjänstgörande ", ", tjg ", " tjänstgörande ", " tjg "}) {
        const std::string lower = text::lower(s);
        const auto at = lower.find(w);
        if (at == std::string::npos) continue;
        const std::string list(trim(std::string_view(s).substr(at + w.size())));
        if (list.empty() || !text::is_paragraph_list(list)) continue;
        m.paragraphs = text::expand_paragraph_list(list, 10000);
        s = std::string(trim(std::string_view(s).substr(0, at)));
        break;
    }
    if (m.paragraphs.empty() && !take_exception(s, m.except_paragraphs, m.except_reason)) m.paragraphs = take_paragraph_scope(s, nullptr);
    const std::string l = text::lower(s);
    for (const auto marker : k_replaces) {
        const auto p = l.find(marker);
        if (p == std::string::npos) continue;
        const bool boundary = p == 0 || l[p - 1] == ' ' || l[p - 1] == ',' || l[p - 1] == ')';
        if (!boundary) continue;
        std::string right = s.substr(p + marker.size());
        s = s.substr(0, p);
        model::PersonRef r;
        r.party = take_party(right);
        r.name = clean_name(right);
        if (!r.name.empty()) m.replaces = r;
        break;
    }
    const std::string lower_left = text::lower(s);
    for (const auto& rw : k_roles) {
        const auto p = lower_left.find(rw.word);
        if (p == std::string::npos) continue;
        m.role = rw.role;
        s.erase(p, rw.word.size());
        break;
    }
    m.party = take_party(s);
    m.name = clean_name(s);
    return m;
}

model::OtherPresent parse_other(std::string_view line) {
    std::string s(trim(line));
    model::OtherPresent o;
    o.paragraphs = take_paragraph_scope(s, &o.paragraphs_written);
    std::string party = take_party(s);
    if (const auto c = s.find(','); c != std::string::npos) {
        o.name = clean_name(s.substr(0, c));
        o.title = clean_name(s.substr(c + 1));
    } else {
        const auto ws = words(s);
        std::size_t split = ws.size();
        for (std::size_t k = 1; k < ws.size(); ++k) {
            if (text::is_lower_initial(ws[k]) || is_title_word(ws[k])) {
                split = k;
                break;
            }
        }
        std::string name;
        std::string title;
        for (std::size_t k = 0; k < ws.size(); ++k) {
            std::string& dst = k < split ? name : title;
            if (!dst.empty()) dst.push_back(' ');
            dst.append(ws[k]);
        }
        o.name = clean_name(name);
        o.title = clean_name(title);
    }
    if (!party.empty()) o.name += " (" + party + ")";
    return o;
}

bool looks_like_name(std::string_view name) {
    const std::string_view t = trim(name);
    if (t.empty() || t.size() > 80 || t.find_first_of("0123456789/§:;") != std::string_view::npos) return false;
    std::size_t words = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= t.size(); ++i) {
        if (i < t.size() && t[i] != ' ') continue;
        const std::string_view w = t.substr(start, i - start);
        start = i + 1;
        if (w.empty()) continue;
        // A party after the name: "Annika Borg (M)".
        if (words >= 2 && w.size() >= 3 && w.front() == '(' && w.back() == ')' && is_party_letters(w.substr(1, w.size() - 2))) {
            continue;
        }
        ++words;
        const std::string lw = text::lower(w);
        // Particles in names: "von", "af", "de", "van", "der", "la", "bin".
        const bool particle = lw == "von" || lw == "af" || lw == "de" || lw == "van" || lw == "der" || lw == "la" ||
                              lw == "bin" || lw == "al" || lw == "el" || lw == "da" || lw == "di";
        if (!particle && !text::is_upper_initial(w)) return false;
    }
    if (words < 2 || words > 5) return false;
    // An upper-case heading is not a name ("BEVIS ANSLAG"), nor a word of the vocabulary alone.
    const std::string folded = text::fold_key(t);
    const bool has_lower = std::any_of(t.begin(), t.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    return text::lower(t) != t && has_lower && !text::is_organ_name(t) &&
           !text::is_municipality_name(t) && folded.find("anslag") == std::string::npos;
}

std::vector<model::PersonRef> parse_person_list(std::string_view text_in) {
    std::vector<model::PersonRef> out;
    std::string s(text_in);
    // "Tomas Brink (L) med Liv Andrén (MP) som ersättare": the substitute for a
    // justerare is not one.
    {
        const std::string l = text::lower(s);
        const auto sub = l.find(" som ersättare");
        const auto med = sub != std::string::npos ? l.rfind(" med ", sub) : std::string::npos;
        if (med != std::string::npos) s.erase(med, sub + std::string_view(" som ersättare").size() - med);
    }
    // Normalise separators to commas.
    for (const std::string_view sep : {std::string_view(" och "), std::string_view(" samt "), std::string_view(";")}) {
        for (auto p = s.find(sep); p != std::string::npos; p = s.find(sep, p)) s.replace(p, sep.size(), ",");
    }
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i < s.size() && s[i] != ',') continue;
        std::string part = s.substr(start, i - start);
        start = i + 1;
        std::string work = part;
        const std::string l = text::lower(work);
        for (const auto& rw : k_roles) {
            if (const auto p = l.find(rw.word); p != std::string::npos) {
                work.erase(p, rw.word.size());
                break;
            }
        }
        auto p = parse_person(work);
        if (p.name.empty() || text::is_lower_initial(p.name)) continue;
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<std::string> split_member_list(std::string_view line) {
    // Columns two spaces apart hold separate people ("Britt Ohlsson (C), 2:e vice
    // ordförande  Ulla Sten (L)"); a lower-case column continues the one before.
    if (line.find("  ") != std::string_view::npos) {
        std::vector<std::string> cols;
        std::size_t start = 0;
        while (start < line.size()) {
            auto gap = line.find("  ", start);
            if (gap == std::string_view::npos) gap = line.size();
            const std::string_view col = trim(line.substr(start, gap - start));
            if (!col.empty()) {
                if (!cols.empty() && text::is_lower_initial(col)) cols.back() += " " + std::string(col);
                else cols.emplace_back(col);
            }
            start = gap + 2;
        }
        if (cols.size() > 1) {
            std::vector<std::string> out;
            for (const auto& c : cols) {
                for (auto& one : split_member_list(c)) out.push_back(std::move(one));
            }
            return out;
        }
    }
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] != ')') continue;
        std::size_t j = i + 1;
        std::size_t sep = 0;
        if (j < line.size() && line[j] == ',') sep = 1;
        else if (line.compare(j, 5, " och ") == 0) sep = 5;
        if (sep == 0) continue;
        const std::string_view next = trim(line.substr(j + sep));
        if (next.empty() || !text::is_upper_initial(next)) continue;
        const std::string nl = text::lower(next.substr(0, 24));
        if (nl.rfind("ordf", 0) == 0 || nl.rfind("vice", 0) == 0 || nl.rfind("ersätt", 0) == 0 ||
            nl.rfind("tjg", 0) == 0 || nl.rfind("1:e", 0) == 0 || nl.rfind("2:e", 0) == 0 || nl.rfind("ledamot", 0) == 0 ||
            nl.rfind("tjänstg", 0) == 0) {
            continue;
        }
        out.emplace_back(trim(line.substr(start, i + 1 - start)));
        start = j + sep;
    }
    const std::string_view tail = trim(line.substr(std::min(start, line.size())));
    if (!tail.empty()) out.emplace_back(tail);
    // "Mira Lund (L), tjänstgörande 150-151, Ulla Brink (M)": a note with
    // paragraphs ends one person; the next name starts after its comma.
    std::vector<std::string> split;
    for (const auto& piece : out) {
        std::size_t from = 0;
        for (std::size_t c = piece.find(", "); c != std::string::npos; c = piece.find(", ", c + 1)) {
            if (c == 0 || std::isdigit(static_cast<unsigned char>(piece[c - 1])) == 0) continue;
            const std::string_view next = trim(std::string_view(piece).substr(c + 2));
            if (next.empty() || !text::is_upper_initial(next) || text::lower(piece.substr(from, c - from)).find("tj") == std::string::npos) continue;
            split.push_back(piece.substr(from, c - from));
            from = c + 2;
        }
        split.push_back(piece.substr(from));
    }
    return split;
}

std::optional<model::RoleChange> parse_role_change(std::string_view sentence) {
    const std::string s(trim(sentence));
    const auto sign = s.find("\xC2\xA7");
    if (sign == std::string::npos) return std::nullopt;
    model::RoleChange rc;
    rc.sentence = s;
    // The paragraphs: the § list, up to the first word that is not part of it.
    const std::string scope = s.substr(sign);
    rc.paragraphs = text::expand_paragraph_list(std::string_view(scope).substr(0, paragraph_list_length(scope)), 10000);
    if (rc.paragraphs.empty()) return std::nullopt;
    const std::string l = text::lower(s);
    const auto cut_at = [&](std::string t) {
        const std::string lt = text::lower(t);
        std::size_t end = t.size();
        for (const std::string_view w : {" i stället för", " istället för", " på grund av", " pga", " under ", " för ", ".", " \xC2\xA7"}) {
            const auto p = lt.find(w);
            if (p != std::string::npos && p < end) end = p;
        }
        return t.substr(0, end);
    };
    if (const auto p = l.find("justeras av "); p != std::string::npos) {
        rc.role = model::ChangedRole::Adjuster;
        rc.person = parse_person(cut_at(s.substr(p + 12)));
        for (const std::string_view w : {"i stället för ", "istället för "}) {
            if (const auto q = l.find(w, p); q != std::string::npos) {
                rc.replaces = parse_person(cut_at(" " + s.substr(q + w.size())).substr(1));
                break;
            }
        }
    } else if (const auto q = l.find(" är ordförande"); q != std::string::npos) {
        rc.role = model::ChangedRole::Chair;
        auto m = parse_member(s.substr(0, q));
        rc.person = model::PersonRef{m.name, m.party, m.note};
    } else if (const auto r = l.find(" tjänstgör som ordförande"); r != std::string::npos) {
        rc.role = model::ChangedRole::Chair;
        auto m = parse_member(s.substr(0, r));
        rc.person = model::PersonRef{m.name, m.party, m.note};
    } else {
        return std::nullopt;
    }
    if (rc.person.name.empty() || text::is_lower_initial(rc.person.name) || rc.person.name.find("\xC2\xA7") != std::string::npos) {
        return std::nullopt;
    }
    return rc;
}

namespace {

/// The sentences of a paragraph of text, split after ". ".
std::vector<std::string> sentences_of(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(". ", start);
        end = end == std::string::npos ? text.size() : end + 1;
        out.emplace_back(trim(std::string_view(text).substr(start, end - start)));
        start = end + 1;
    }
    return out;
}

/// Every name the front page gives, for resolving a name read from running text.
std::vector<model::PersonRef> known_people(const model::Protocol& p) {
    std::vector<model::PersonRef> out;
    for (const auto& m : p.members) out.push_back({m.name, m.party, m.note});
    out.insert(out.end(), p.substitutes.begin(), p.substitutes.end());
    out.insert(out.end(), p.adjusters.begin(), p.adjusters.end());
    for (const auto& o : p.others) out.push_back({o.name, {}, {}});
    if (p.chair_signatory) out.push_back(*p.chair_signatory);
    return out;
}

/// A name read from running text as the attendance list writes it: a word
/// of margin debris before it ("Ks Sanna Lidgren") dropped when the words
/// after it are a person of the list.
model::PersonRef resolve(model::PersonRef who, const std::vector<model::PersonRef>& known) {
    const auto find = [&](const std::string& name) -> const model::PersonRef* {
        for (const auto& k : known) {
            if (!k.name.empty() && (model::same_printed_person(name, k.name) || model::same_printed_person(k.name, name))) return &k;
        }
        return nullptr;
    };
    std::string name = who.name;
    while (true) {
        if (const auto* k = find(name)) {
            who.name = k->name;
            if (who.party.empty()) who.party = k->party;
            return who;
        }
        const auto space = name.find(' ');
        if (space == std::string::npos || name.find(' ', space + 1) == std::string::npos) return who;
        name = name.substr(space + 1);
    }
}

}  // namespace

std::vector<std::pair<std::vector<model::PersonRef>, std::string>> declared_jav(const std::string& text) {
    std::vector<std::pair<std::vector<model::PersonRef>, std::string>> out;
    for (const auto& sentence : sentences_of(text)) {
        // Only the one who declares it: the name right before the verb, with
        // or without its party ("Jan Ovesson (SD) anmäler jäv", "Sanna
        // Lidgren anmäler jäv"); others the sentence names (who replaces
        // them, who noted it) are not jäviga.
        for (const char* verb : {" anmäler jäv", " anmält jäv", " anmälde jäv", " anmäler sig jävig", " anmälde sig jävig",
                                 " anmäler sig som jävig", " deklarerar jäv"}) {
            const std::size_t at = sentence.find(verb);
            if (at == std::string::npos) continue;
            // The subject may list several: "Per Holm (V), Carl Lönn (M) och
            // Erik Stjärna (C) anmäler jäv".
            std::string before = sentence.substr(0, at);
            std::vector<model::PersonRef> subject;
            while (true) {
                while (!before.empty() && before.back() == ' ') before.pop_back();
                std::string party;
                if (!before.empty() && before.back() == ')') {
                    // "Jan Ovesson (SD)": the party kept apart, the name before it.
                    const std::size_t open = before.rfind('(');
                    if (open != std::string::npos) party = before.substr(open + 1, before.size() - open - 2);
                    const bool letters = !party.empty() && party.size() <= 6 &&
                                         std::all_of(party.begin(), party.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
                    if (!letters) party.clear();
                    before.resize(open == std::string::npos ? 0 : open);
                    while (!before.empty() && before.back() == ' ') before.pop_back();
                }
                auto name = model::printed_name_before(before, before.size(), 4);
                if (!name) break;
                before.resize(before.size() - name->size());
                subject.insert(subject.begin(), model::PersonRef{std::move(*name), std::move(party), {}});
                while (!before.empty() && before.back() == ' ') before.pop_back();
                if (!before.empty() && before.back() == ',') before.pop_back();
                else if (before.size() >= 4 && before.compare(before.size() - 4, 4, " och") == 0) before.resize(before.size() - 4);
                else break;
            }
            if (!subject.empty()) out.push_back({std::move(subject), sentence});
            break;
        }
    }
    return out;
}

std::vector<model::JavDeclaration> jav_declarations(const model::Protocol& p) {
    const auto known = known_people(p);
    std::vector<model::JavDeclaration> out;
    for (const auto& para : p.paragraphs) {
        const auto take = [&](const std::string& text) {
            for (auto& [who, sentence] : declared_jav(text)) {
                for (auto& one : who) one = resolve(std::move(one), known);
                out.push_back({std::move(who), {para.number}, model::JavSource::Text, std::move(sentence)});
            }
        };
        for (const auto& pre : para.preamble) take(pre);
        for (const auto& pt : para.decision) take(pt.text);
        for (const auto& sec : para.sections) {
            if (sec.kind == model::SectionKind::Reservations) continue;
            for (const auto& b : sec.blocks) take(b.text);
        }
    }
    // "Jesper Åkerlind (S), ej § 44 på grund av jäv" in the attendance list.
    for (const auto& m : p.members) {
        if (m.except_paragraphs.empty() || text::lower(m.except_reason).find("j\xC3\xA4v") == std::string::npos) continue;
        out.push_back({{{m.name, m.party, m.note}}, m.except_paragraphs, model::JavSource::Attendance, m.except_reason});
    }
    return out;
}

std::vector<model::RoleChange> paragraph_role_changes(const model::Protocol& p) {
    std::vector<model::RoleChange> out;
    const auto known = known_people(p);
    for (const auto& para : p.paragraphs) {
        const auto scan = [&](const std::string& text) {
            for (const auto& sentence : sentences_of(text)) {
                const std::string l = text::lower(sentence);
                // Only what names a replacement for this paragraph: "Nils-Erik
                // Sundqvist är ordförande under paragrafen", "… justeras av
                // Anna Berg (M) i stället för Per Holm (V)".
                const bool chair = l.find(" är ordförande") != std::string::npos || l.find(" tjänstgör som ordförande") != std::string::npos;
                const bool adjuster = l.find("justeras av ") != std::string::npos &&
                                      (l.find("i stället för ") != std::string::npos || l.find("istället för ") != std::string::npos);
                if (!chair && !adjuster) continue;
                const bool here = l.find("under paragrafen") != std::string::npos || l.find("under denna paragraf") != std::string::npos ||
                                  l.find("för paragrafen") != std::string::npos || l.find("under ärendet") != std::string::npos ||
                                  l.find("i ärendet") != std::string::npos || l.find("paragrafen justeras av") != std::string::npos;
                std::optional<model::RoleChange> rc;
                if (sentence.find("\xC2\xA7") != std::string::npos) rc = parse_role_change(sentence);
                else if (here) rc = parse_role_change(sentence + " \xC2\xA7 " + std::to_string(para.number));
                if (!rc) continue;
                rc->sentence = sentence;
                rc->person = resolve(rc->person, known);
                if (rc->replaces) rc->replaces = resolve(*rc->replaces, known);
                out.push_back(std::move(*rc));
            }
        };
        for (const auto& pre : para.preamble) scan(pre);
        for (const auto& sec : para.sections) {
            for (const auto& b : sec.blocks) scan(b.text);
        }
    }
    return out;
}

void split_signature_name(std::string_view written, std::string& given, std::string& surname) {
    const std::string_view w = trim(written);
    if (const auto c = w.rfind(','); c != std::string_view::npos) {
        given = clean_name(w.substr(0, c));
        surname = clean_name(w.substr(c + 1));
        return;
    }
    const auto ws = words(w);
    given.clear();
    surname.clear();
    for (std::size_t k = 0; k < ws.size(); ++k) {
        if (k + 1 == ws.size()) surname = std::string(ws[k]);
        else given += (given.empty() ? "" : " ") + std::string(ws[k]);
    }
}

}  // namespace justera::ingest::people
