// SPDX-License-Identifier: GPL-3.0-or-later
// The protocol reader: finds the § paragraphs, reads the header fields before
// them, the sections inside them and the signature trailer after them.

#include <algorithm>
#include <array>
#include <map>

#include "justera/core/error.hpp"
#include "people.hpp"
#include "reader.hpp"
#include "text_util.hpp"
#include "vocabulary.hpp"

namespace justera::ingest {

namespace {

using model::SectionKind;
using text::trim;

constexpr std::string_view k_section_sign = "\xC2\xA7";

// ---------------------------------------------------------------- headings

struct HeadingCandidate {
    std::size_t index = 0;  ///< into lines
    int number = 0;
    std::string rest;       ///< text after the number on the same line
    std::vector<std::string> notes;  ///< other text of the heading line (a register heading's margin and references)
};

// ---------------------------------------------------------------- register headings
// Some protocols number their paragraphs without "§", by the organ's register:
// "Ks 151   Au 201   Dnr 24/Ks 310" is Kommunstyrelsen's paragraph 151 (and
// the matter's earlier numbers in the arbetsutskott), with the recipients of
// the decision in the left margin ("Revisorerna", "Kfm").

struct RegisterLine {
    std::string margin;               ///< a left-margin cell, or empty
    std::string reg;                  ///< "Ks"
    int number = 0;                   ///< 151
    std::vector<std::string> others;  ///< "Au 201"
    std::vector<std::string> cases;   ///< "Dnr 24/Ks 310"
};

/// "Ks 151": a register of one to four letters (the first upper case) and a number.
std::optional<std::pair<std::string, int>> register_pair(std::string_view cell) {
    cell = trim(cell);
    const auto sp = cell.find(' ');
    if (sp == std::string_view::npos || sp == 0 || text::length(cell.substr(0, sp)) > 4) return std::nullopt;
    const std::string_view reg = cell.substr(0, sp);
    const std::string_view num = trim(cell.substr(sp + 1));
    if (!text::is_upper_initial(reg) || reg.find_first_of("0123456789.,:;") != std::string_view::npos) return std::nullopt;
    if (num.empty() || num.size() > 4 || !std::all_of(num.begin(), num.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    return std::make_pair(std::string(reg), text::to_int(num));
}

std::optional<RegisterLine> register_line(std::string_view raw) {
    const auto cs = text::cells(raw);
    std::size_t f = 0;
    while (f < cs.size() && !register_pair(cs[f].text)) ++f;
    if (f == cs.size() || f > 1) return std::nullopt;
    RegisterLine r;
    if (f == 1) {
        const std::string& m = cs[0].text;
        if (text::length(m) > 25 || m.find_first_of("0123456789") != std::string::npos || cs[1].column < 12) return std::nullopt;
        r.margin = m;
    }
    const auto first = register_pair(cs[f].text);
    r.reg = first->first;
    r.number = first->second;
    for (std::size_t k = f + 1; k < cs.size(); ++k) {
        if (register_pair(cs[k].text)) r.others.push_back(cs[k].text);
        else if (text::is_case_number_line(cs[k].text)) r.cases.push_back(cs[k].text);
        else return std::nullopt;
    }
    // A lone pair ("Kfm 65") is a heading only with a case number or among others.
    return r;
}

/// The register headings of a text without § headings: the register whose
/// numbers rise over the most heading lines.
std::vector<HeadingCandidate> register_headings(const std::vector<Line>& lines) {
    std::map<std::string, std::vector<std::pair<std::size_t, RegisterLine>>> by_reg;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].blank) continue;
        if (auto r = register_line(lines[i].raw.empty() ? lines[i].text : lines[i].raw)) by_reg[r->reg].emplace_back(i, std::move(*r));
    }
    std::vector<HeadingCandidate> best;
    for (auto& [reg, found] : by_reg) {
        std::vector<HeadingCandidate> run;
        for (auto& [i, r] : found) {
            if (!run.empty() && r.number <= run.back().number) continue;
            if (found.size() == 1 && r.cases.empty()) continue;
            HeadingCandidate c;
            c.index = i;
            c.number = r.number;
            for (const auto& cn : r.cases) c.rest += (c.rest.empty() ? "" : "   ") + cn;
            if (!r.margin.empty()) c.notes.push_back(r.margin);
            for (const auto& o : r.others) c.notes.push_back(o);
            run.push_back(std::move(c));
        }
        if (run.size() > best.size()) best = std::move(run);
    }
    return best;
}

bool looks_like_toc(std::string_view rest, std::string_view raw) {
    if (rest.find("....") != std::string_view::npos || rest.find(". . .") != std::string_view::npos ||
        rest.find("\xE2\x80\xA6\xE2\x80\xA6") != std::string_view::npos) {
        return true;
    }
    const auto cs = text::cells(raw);
    if (cs.size() >= 2) {
        const std::string_view last = cs.back().text;
        if (!last.empty() && last.size() <= 3 &&
            std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return true;
        }
    }
    return false;
}

std::optional<HeadingCandidate> heading_candidate(const Line& line, std::size_t index) {
    if (line.blank || line.bullet) return std::nullopt;
    std::string_view t = line.text;
    // An organ prefix: "KS § 45", "BUN §12".
    const auto sign = t.find(k_section_sign);
    if (sign == std::string_view::npos || sign > 8) return std::nullopt;
    if (sign > 0) {
        const std::string_view prefix = trim(t.substr(0, sign));
        if (prefix.empty() || prefix.size() > 6 ||
            !std::all_of(prefix.begin(), prefix.end(), [](char c) { return (c >= 'A' && c <= 'Z') || c < 0; })) {
            return std::nullopt;
        }
    }
    t.remove_prefix(sign + k_section_sign.size());
    if (t.rfind(k_section_sign, 0) == 0) return std::nullopt;  // "§§1-29" is a list
    t = trim(t);
    std::size_t n = 0;
    while (n < t.size() && t[n] >= '0' && t[n] <= '9') ++n;
    if (n == 0 || n > 4) return std::nullopt;
    HeadingCandidate c;
    c.index = index;
    c.number = text::to_int(t.substr(0, n));
    std::string_view rest = t.substr(n);
    if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t') {
        // "§10, §§22-23", "§ 5-7", "§ 12:" are lists or references.
        return std::nullopt;
    }
    rest = trim(rest);
    if (!rest.empty()) {
        if (text::is_lower_initial(rest)) return std::nullopt;  // "§ 23 justeras av ..."
        const char f = rest.front();
        // A digit may start a case number before the title ("§ 99 2026.209 KS Budget").
        const auto starts_with_case = [&] {
            const auto found = text::find_case_numbers(rest);
            return !found.empty() && rest.rfind(found.front().written, 0) == 0;
        };
        if (f == ',' || f == '-' || f == ';' || f == ':' || f == '/' || (f >= '0' && f <= '9' && !starts_with_case())) {
            return std::nullopt;
        }
        if (rest.rfind("\xE2\x80\x93", 0) == 0 || rest.rfind(k_section_sign, 0) == 0) return std::nullopt;
        if (looks_like_toc(rest, line.raw)) return std::nullopt;
    }
    c.rest = std::string(rest);
    return c;
}

std::optional<std::pair<vocabulary::Field, std::string>> match_label(std::string_view cell);

bool is_trailer_start(const Line& line) {
    if (line.blank) return false;
    const std::string k = text::fold_key(line.text);
    // A signature block after the last paragraph: "Vid protokollet", "Justeras",
    // "Sekreterare ......", "Rätt utdraget betygar:".
    if (text::length(line.text) <= 60) {
        const auto cs = text::cells(line.text);
        if (const auto lab = match_label(cs.empty() ? std::string_view(line.text) : std::string_view(cs.front().text))) {
            using vocabulary::Field;
            const Field f = lab->first;
            // "Justeras  2024-04-02" on a front page is the day of justering.
            const bool dated = f == Field::SignedBy && text::find_date(lab->second).has_value();
            if ((f == Field::Secretary || f == Field::SignedBy || f == Field::Signatures || f == Field::Notice ||
                 f == Field::Chair) && !dated) {
                return true;
            }
            // "Justerare" alone on its line, the name below: an extract's signatures.
            if (f == Field::Adjusters && lab->second.empty() && cs.size() <= 1) return true;
        }
        if (k.rfind("ratt utdraget", 0) == 0 || k.rfind("utdraget bestyrks", 0) == 0) return true;
    }
    return k == "digitala signaturer" || k.rfind("detta dokument har signerats digitalt", 0) == 0 ||
           k.rfind("detta dokument har undertecknats digitalt", 0) == 0 || k == "underskrifter" ||
           k == "anslag bevis" || k.rfind("justeringen har tillkannagivits", 0) == 0 ||
           k == "utdragsbestyrkande" || k.rfind("utdragsbestyrkande ", 0) == 0;
}

/// In a PDF read with its layout (TextSource::PdfLayout), the "§ 12" lines
/// that are running text, not headings. A line marked as a heading (bold or
/// large) is a heading. An unmarked one is running text when it starts off
/// its page's left margin (the indent most of the page's lines start at,
/// with a few columns' slack for a first-line indent), or when the document
/// sets its headings apart (most candidates, lists of § lines aside, stand
/// after a blank line, at a page's top or under a heading line) and this one
/// does not: a sentence wrapped so that "§ 98" starts a line.
std::vector<bool> running_text_lines(const std::vector<Line>& lines) {
    constexpr std::uint32_t k_margin_slack = 4;
    std::vector<bool> out(lines.size(), false);
    std::vector<std::uint32_t> margin(lines.size(), 0);
    for (std::size_t a = 0; a < lines.size();) {
        std::size_t b = a + 1;
        while (b < lines.size() && !lines[b].page_break) ++b;
        std::map<std::uint32_t, std::size_t> count;
        for (std::size_t k = a; k < b; ++k) {
            if (!lines[k].blank) ++count[lines[k].indent];
        }
        std::uint32_t m = 0;
        std::size_t best = 0;
        for (const auto& [indent, n] : count) {
            if (n > best) {
                m = indent;
                best = n;
            }
        }
        std::fill(margin.begin() + static_cast<std::ptrdiff_t>(a), margin.begin() + static_cast<std::ptrdiff_t>(b), m);
        a = b;
    }
    const auto set_apart = [&](std::size_t i) {
        return lines[i].heading || i == 0 || lines[i].page_break || lines[i - 1].blank || lines[i - 1].heading;
    };
    std::vector<std::size_t> candidates;
    std::vector<bool> is_candidate(lines.size(), false);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (!heading_candidate(lines[i], i)) continue;
        candidates.push_back(i);
        is_candidate[i] = true;
    }
    // Whether headings are set apart is judged without lists of § lines one
    // under the other (a table of contents without dot leaders).
    std::size_t judged = 0;
    std::size_t apart = 0;
    for (const std::size_t i : candidates) {
        if ((i > 0 && is_candidate[i - 1]) || (i + 1 < lines.size() && is_candidate[i + 1])) continue;
        ++judged;
        if (set_apart(i)) ++apart;
    }
    const bool headings_set_apart = judged >= 2 && apart * 2 > judged;
    for (const std::size_t i : candidates) {
        if (lines[i].heading) continue;
        out[i] = lines[i].indent > margin[i] + k_margin_slack || (headings_set_apart && !set_apart(i));
    }
    return out;
}

/// Chooses the real paragraph headings among the candidates: numbers rise;
/// a run of bodiless candidates that restarts (a table of contents) is
/// dropped; lines `running` marks (running_text_lines) are never headings.
std::vector<HeadingCandidate> choose_headings(const std::vector<Line>& lines, std::size_t end, const std::vector<bool>& running = {}) {
    std::vector<HeadingCandidate> chosen;
    // What stands between two entries of a table of contents: nothing, a page
    // number, or a title's second line and then a page number.
    const auto contents_gap = [&](std::size_t from, std::size_t to) {
        std::vector<std::string_view> gap;
        for (std::size_t i = from + 1; i < to && i < lines.size(); ++i) {
            if (!lines[i].blank) gap.emplace_back(lines[i].text);
        }
        if (gap.size() <= 1) return true;
        if (gap.size() > 3) return false;
        const std::string_view last = trim(gap.back());
        if (last.size() <= 3 && std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; })) return true;
        // A case number and a title without page numbers ("§ 61" / "DNR KFKS
        // 2011/24-000" / "ANMÄLNINGAR"): no sentence, no section of a body.
        return std::none_of(gap.begin(), gap.end(), [](std::string_view g) {
            return text::ends_sentence(g) || text::length(g) > 90 || text::fold_key(g) == "beslut";
        });
    };
    for (std::size_t i = 0; i < end; ++i) {
        if (i < running.size() && running[i]) continue;
        auto c = heading_candidate(lines[i], i);
        if (!c) continue;
        if (chosen.empty() || c->number > chosen.back().number) {
            chosen.push_back(std::move(*c));
            continue;
        }
        // A restart: were the earlier ones a table of contents (no bodies)?
        auto first = std::find_if(chosen.begin(), chosen.end(),
                                  [&](const HeadingCandidate& h) { return h.number >= c->number; });
        bool bodiless = true;
        for (auto it = first; it != chosen.end(); ++it) {
            const std::size_t next = (it + 1 != chosen.end()) ? (it + 1)->index : c->index;
            if (!contents_gap(it->index, next)) { bodiless = false; break; }
        }
        if (bodiless) {
            chosen.erase(first, chosen.end());
            chosen.push_back(std::move(*c));
        }
    }
    return chosen;
}

// ---------------------------------------------------------------- sections

struct SectionName {
    std::string_view key;
    SectionKind kind;
    bool decision;
};

constexpr std::array k_section_names{
    SectionName{"beslut", SectionKind::Unknown, true},
    SectionName{"sammanfattning av arendet", SectionKind::Summary, false},
    SectionName{"sammanfattning", SectionKind::Summary, false},
    SectionName{"arendebeskrivning", SectionKind::Summary, false},
    SectionName{"beskrivning av arendet", SectionKind::Summary, false},
    SectionName{"arendet", SectionKind::Summary, false},
    SectionName{"bakgrund", SectionKind::Summary, false},
    SectionName{"yrkande", SectionKind::Motions, false},
    SectionName{"yrkanden", SectionKind::Motions, false},
    SectionName{"propositionsordning", SectionKind::VotingOrder, false},
    SectionName{"proposition", SectionKind::VotingOrder, false},
    SectionName{"beslutsgang", SectionKind::VotingOrder, false},
    SectionName{"omrostning", SectionKind::Votes, false},
    SectionName{"omrostningar", SectionKind::Votes, false},
    SectionName{"omrostningsresultat", SectionKind::Votes, false},
    SectionName{"reservation", SectionKind::Reservations, false},
    SectionName{"reservationer", SectionKind::Reservations, false},
    SectionName{"sarskilt uttalande", SectionKind::SpecialStatement, false},
    SectionName{"sarskilda uttalanden", SectionKind::SpecialStatement, false},
    SectionName{"sarskilt yttrande", SectionKind::SpecialStatement, false},
    SectionName{"sarskilda yttranden", SectionKind::SpecialStatement, false},
    SectionName{"protokollsanteckning", SectionKind::ProtocolNote, false},
    SectionName{"protokollsanteckningar", SectionKind::ProtocolNote, false},
    SectionName{"ersattaryttrande", SectionKind::SubstituteStatement, false},
    SectionName{"ersattaryttranden", SectionKind::SubstituteStatement, false},
    SectionName{"handlingar i arendet", SectionKind::Documents, false},
    SectionName{"beslutsunderlag", SectionKind::Documents, false},
    SectionName{"underlag for beslut", SectionKind::Documents, false},
    SectionName{"handlingar", SectionKind::Documents, false},
    SectionName{"anmalda handlingar", SectionKind::ReportedDocuments, false},
    SectionName{"anmalda beslut", SectionKind::ReportedDocuments, false},
    SectionName{"anmalda delegationsbeslut", SectionKind::ReportedDocuments, false},
    SectionName{"forslag till beslut", SectionKind::Text, false},
    SectionName{"forvaltningens forslag till beslut", SectionKind::Text, false},
    SectionName{"beslutet skickas till", SectionKind::Text, false},
    SectionName{"beslutet expedieras till", SectionKind::Text, false},
    SectionName{"expedieras till", SectionKind::Text, false},
    SectionName{"expedieras", SectionKind::Text, false},
    SectionName{"jav", SectionKind::Text, false},
};

struct SectionHit {
    SectionKind kind = SectionKind::Unknown;
    bool decision = false;
    std::string heading;  ///< as written
    std::string inline_text;
};

std::optional<SectionHit> section_heading(const Line& line) {
    if (line.blank || line.bullet || text::length(line.text) > 60) {
        // "Beslut: Nämnden godkänner ..." has its text inline.
        if (!line.blank && !line.bullet) {
            const auto colon = line.text.find(':');
            if (colon != std::string::npos && colon < 30 && text::fold_key(line.text.substr(0, colon)) == "beslut") {
                return SectionHit{SectionKind::Unknown, true, line.text.substr(0, colon),
                                  std::string(trim(std::string_view(line.text).substr(colon + 1)))};
            }
        }
        return std::nullopt;
    }
    std::string_view t = trim(line.text);
    std::string_view heading = t;
    std::string inline_text;
    if (const auto colon = t.find(':'); colon != std::string_view::npos) {
        heading = trim(t.substr(0, colon));
        inline_text = std::string(trim(t.substr(colon + 1)));
    }
    const std::string k = text::fold_key(heading);
    // "Arbetsutskottets förslag till kommunstyrelsen", "Förvaltningens förslag
    // till beslut": a proposal, never the decision.
    {
        const auto fp = k.find("forslag till ");
        const bool owner_ok = fp == 0 || (fp != std::string::npos && fp >= 2 && k[fp - 2] == 's' &&
                                          k.substr(0, fp - 1).find(' ') == std::string::npos);
        const std::size_t words = static_cast<std::size_t>(std::count(k.begin(), k.end(), ' ')) + 1;
        if (owner_ok && words <= 6 && text::is_upper_initial(heading) && !text::ends_sentence(heading) &&
            inline_text.empty()) {
            return SectionHit{SectionKind::Text, false, std::string(heading), {}};
        }
    }
    for (const auto& n : k_section_names) {
        if (k == n.key) {
            if (!inline_text.empty() && !n.decision) return std::nullopt;
            return SectionHit{n.kind, n.decision, std::string(heading), inline_text};
        }
    }
    // "Socialnämndens beslut", "Kommunfullmäktiges beslut", "Miljö- och
    // byggnadsnämndens beslut": an organ's genitive and "beslut".
    if (k.size() > 7 && k.compare(k.size() - 7, 7, " beslut") == 0 && k[k.size() - 8] == 's' && inline_text.empty()) {
        const std::string_view owner = trim(heading.substr(0, heading.size() - 7));
        if (k.find(' ') == k.size() - 7 ||
            (owner.size() > 1 && owner.back() == 's' && text::is_organ_name(owner.substr(0, owner.size() - 1)))) {
            return SectionHit{SectionKind::Unknown, true, std::string(heading), {}};
        }
    }
    // "Kommunstyrelsen beslutar:", "KOMMUNSTYRELSEN BESLUTAR", "Nämnden beslutar":
    // the organ's decision follows, on the line or below it.
    for (const std::string_view verb : {" beslutar", " beslutade", " beslöt"}) {
        const std::string fv = text::fold_key(verb);
        if (k.size() > fv.size() && k.compare(k.size() - fv.size(), fv.size(), fv) == 0) {
            const std::string organ(trim(heading.substr(0, heading.size() - verb.size())));
            const std::string ko = text::fold_key(organ);
            if (text::is_organ_name(organ) || ko == "namnden" || ko == "styrelsen" || ko == "utskottet") {
                return SectionHit{SectionKind::Unknown, true, std::string(heading), inline_text};
            }
        }
    }
    return std::nullopt;
}

/// Parses "3. Text" / "3) Text"; returns the number and sets `rest`.
std::optional<int> numbered_item(std::string_view t, std::string_view& rest) {
    std::size_t n = 0;
    while (n < t.size() && t[n] >= '0' && t[n] <= '9') ++n;
    if (n == 0 || n > 3 || n + 1 >= t.size()) return std::nullopt;
    if ((t[n] != '.' && t[n] != ')') || t[n + 1] != ' ') return std::nullopt;
    rest = trim(t.substr(n + 2));
    if (rest.empty()) return std::nullopt;
    return text::to_int(t.substr(0, n));
}

/// Adds one line to a list of blocks, continuing the last block when the text
/// runs on (line broken mid-sentence, or across a page break).
void add_to_blocks(std::vector<model::Block>& blocks, const Line& line, bool blank_before, bool decision = false) {
    std::string_view rest;
    // "Nämnden beslutar / att ... / att ...": each att-clause is a decision point.
    const auto clause_ended = [&] {
        if (blocks.empty()) return true;
        const std::string l = text::lower(text::trim(blocks.back().text));
        if (text::ends_sentence(l) || (!l.empty() && l.back() == ',')) return true;
        for (const std::string_view end : {" samt", " och", "beslutar", "beslutade", "föreslår", "yrkar"}) {
            if (l.size() >= end.size() && l.compare(l.size() - end.size(), end.size(), end) == 0) return true;
        }
        return false;
    };
    if (decision && line.text.rfind("att ", 0) == 0 && clause_ended()) {
        blocks.push_back(model::Block{model::BlockKind::Item, std::nullopt, line.text});
        return;
    }
    if (auto n = numbered_item(line.text, rest)) {
        blocks.push_back(model::Block{model::BlockKind::Item, n, std::string(rest)});
        return;
    }
    if (line.bullet) {
        blocks.push_back(model::Block{model::BlockKind::Item, std::nullopt, line.text});
        return;
    }
    if (line.heading) {
        blocks.push_back(model::Block{model::BlockKind::Heading, std::nullopt, line.text});
        return;
    }
    if (!blocks.empty() && blocks.back().kind != model::BlockKind::Heading) {
        const bool runs_on = !text::ends_sentence(blocks.back().text) &&
                             (text::is_lower_initial(line.text) || (line.text[0] >= '0' && line.text[0] <= '9'));
        if (!blank_before || runs_on) {
            text::join_line(blocks.back().text, line.text);
            return;
        }
    }
    blocks.push_back(model::Block{model::BlockKind::Text, std::nullopt, line.text});
}

/// Turns the blocks of a Beslut section into decision points; blocks that are
/// not part of the decision are returned as free text.
std::vector<model::Block> make_decision(const std::vector<model::Block>& blocks, std::vector<model::DecisionPoint>& out) {
    std::vector<model::Block> leftover;
    const bool has_numbers = std::any_of(blocks.begin(), blocks.end(), [](const model::Block& b) {
        return b.kind == model::BlockKind::Item && b.number.has_value();
    });
    bool in_points = true;
    bool seen_number = false;
    for (const auto& b : blocks) {
        if (!in_points) { leftover.push_back(b); continue; }
        if (has_numbers) {
            if (b.kind == model::BlockKind::Item && b.number) {
                out.push_back(model::DecisionPoint{b.number, b.text, {}});
                seen_number = true;
            } else if (b.kind == model::BlockKind::Item && !out.empty()) {
                out.back().items.push_back(b.text);
            } else if (!seen_number && b.kind == model::BlockKind::Text) {
                out.push_back(model::DecisionPoint{std::nullopt, b.text, {}});
            } else {
                in_points = false;
                leftover.push_back(b);
            }
        } else {
            if (out.empty() && b.kind == model::BlockKind::Text) {
                out.push_back(model::DecisionPoint{std::nullopt, b.text, {}});
            } else if (!out.empty() && b.kind == model::BlockKind::Item) {
                out.back().items.push_back(b.text);
            } else if (out.empty() && b.kind == model::BlockKind::Item) {
                out.push_back(model::DecisionPoint{std::nullopt, b.text, {}});
            } else {
                in_points = false;
                leftover.push_back(b);
            }
        }
    }
    return leftover;
}

std::optional<std::string> immediate_in(std::string_view text, const ReadContext& ctx, std::uint32_t line) {
    for (const auto& s : text::sentences(text)) {
        bool negated = false;
        if (text::is_immediate_sentence(s, &negated)) return s;
        if (negated) {
            ctx.diags->warn(core::DiagCode::ImmediateNegated,
                            "the sentence \"" + s + "\" mentions immediate adjustment but negates it; "
                            "the paragraph is not marked as immediately adjusted",
                            core::Where{ctx.file, line, std::nullopt});
        }
    }
    return std::nullopt;
}

// ---------------------------------------------------------------- paragraphs

/// "Svar på remiss från kommunstyrelsen, Dnr KS 2024/1023": the line under a
/// title that says what the matter answers; preamble, never the title's end.
bool answers_line(std::string_view line) {
    const std::string l = text::lower(trim(line));
    return l.rfind("svar p\xC3\xA5 ", 0) == 0;
}

bool title_runs_on(std::string_view title, std::string_view next) {
    if (text::is_lower_initial(next)) return true;
    static constexpr std::array<std::string_view, 29> k_connectives{
        " och", " av", " för", " om", " i", " till", " med", " eller", " på", " vid", " samt", " från", " mot", " inom",
        " inför", " under", " efter", " enligt", " mellan", " över", " genom", " hos", " avseende", " gällande",
        " angående", " rörande", " kring", " ur", " \xC2\xA7"};
    const std::string l = " " + text::lower(trim(title));
    for (const auto c : k_connectives) {
        if (l.size() >= c.size() && l.compare(l.size() - c.size(), c.size(), c) == 0) return true;
    }
    const std::string_view t = trim(title);
    return !t.empty() && (t.back() == ',' || t.back() == '-' || (t.size() >= 3 && t.substr(t.size() - 3) == "\xE2\x80\x93"));
}

/// A case number's label, folded: "Dnr", "Diarienummer", "Diarienr",
/// "Ärendenr", "Ärendenummer".
bool is_case_label(std::string_view folded) {
    return folded == "dnr" || folded == "diarienummer" || folded == "diarienr" || folded == "arendenr" || folded == "arendenummer";
}

/// A line that starts with a case number's label ("Diarienummer: RJL2025/118").
bool starts_with_case_label(std::string_view line) {
    const std::string key = text::fold_key(line);
    return is_case_label(std::string_view(key).substr(0, key.find(' ')));
}

/// Takes case numbers out of a title, where layouts put them: before it
/// ("KS 2025/0301 Riktlinjer för sponsring", "Dnr KS 2024/12 – Budget"), after
/// it ("Budget (dnr KS 2008/377)", "Budget, Dnr KS 2024/12"); and a table of
/// contents' dot leader and page number ("Budget ........ 5").
void split_title(std::string& title, std::vector<model::CaseNumber>& out) {
    const auto strip_edges = [](std::string& s) {
        const auto edge = [](char c) { return c == ' ' || c == ',' || c == ';' || c == ':' || c == '\t'; };
        while (!s.empty() && edge(s.front())) s.erase(0, 1);
        while (!s.empty() && edge(s.back())) s.pop_back();
        for (const std::string_view dash : {"\xE2\x80\x93", "\xE2\x80\x94", "-"}) {
            if (s.rfind(dash, 0) == 0) s = std::string(trim(std::string_view(s).substr(dash.size())));
            if (s.size() >= dash.size() && s.compare(s.size() - dash.size(), dash.size(), dash) == 0) {
                s = std::string(trim(std::string_view(s).substr(0, s.size() - dash.size())));
            }
        }
    };
    // A dot leader and a page number.
    if (const auto dots = title.find("...."); dots != std::string::npos) {
        std::string_view after = trim(std::string_view(title).substr(dots));
        while (!after.empty() && (after.front() == '.' || after.front() == ' ')) after.remove_prefix(1);
        if (after.size() <= 4 && std::all_of(after.begin(), after.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            title = std::string(trim(std::string_view(title).substr(0, dots)));
        }
    }
    const auto found = text::find_case_numbers(title);
    if (found.empty()) return;
    const auto label_before = [&](std::size_t pos) {
        // "Dnr", "dnr.", "Diarienummer:" right before the number goes with it.
        std::size_t b = pos;
        while (b > 0 && (title[b - 1] == ' ' || title[b - 1] == ':' || title[b - 1] == '.' || title[b - 1] == '(')) --b;
        std::size_t w = b;
        while (w > 0 && std::isalpha(static_cast<unsigned char>(title[w - 1])) != 0) --w;
        if (is_case_label(text::fold_key(std::string_view(title).substr(w, b - w)))) return w;
        return pos;
    };
    // Leading.
    {
        const auto& cn = found.front();
        const auto pos = title.find(cn.written);
        if (pos != std::string::npos) {
            const std::size_t from = label_before(pos);
            if (trim(std::string_view(title).substr(0, from)).empty() && pos + cn.written.size() < title.size()) {
                out.push_back(cn);
                title = title.substr(pos + cn.written.size());
                strip_edges(title);
                if (found.size() == 1) return;
            }
        }
    }
    // Trailing, maybe in parentheses.
    const auto again = text::find_case_numbers(title);
    if (again.empty()) return;
    const auto& cn = again.back();
    const auto pos = title.rfind(cn.written);
    if (pos == std::string::npos || pos == 0) return;
    std::string_view tail = trim(std::string_view(title).substr(pos + cn.written.size()));
    const bool paren = !tail.empty() && tail.front() == ')';
    if (!tail.empty() && !(paren && tail.size() == 1)) return;
    std::size_t from = label_before(pos);
    if (paren) {
        const auto open = title.rfind('(', pos);
        if (open == std::string::npos) return;
        const std::string_view inside = trim(std::string_view(title).substr(open + 1, from - open - 1));
        if (!inside.empty()) return;
        from = open;
    } else if (from == pos) {
        // A bare number at a title's end is part of it ("Detaljplan för kv. Tallen 2024/3"):
        // only "Dnr" or parentheses set a case number off.
        return;
    }
    out.push_back(cn);
    title = title.substr(0, from);
    strip_edges(title);
}

model::Paragraph read_paragraph(const std::vector<Line>& lines, const HeadingCandidate& h, std::size_t end,
                                const ReadContext& ctx) {
    model::Paragraph p;
    p.number = h.number;
    p.preamble = h.notes;
    std::size_t i = h.index + 1;
    const auto skip_blank = [&] { while (i < end && lines[i].blank) ++i; };

    // Title: on the heading line, or the next line(s).
    bool title_marked = lines[h.index].heading;
    if (!h.rest.empty()) {
        const auto cs = text::cells(h.rest);
        for (const auto& c : cs) {
            if (text::is_case_number_line(c.text)) {
                for (auto& cn : text::find_case_numbers(c.text)) p.case_numbers.push_back(std::move(cn));
            } else {
                if (!p.title.empty()) p.title += ' ';
                p.title += c.text;
            }
        }
    }
    skip_blank();
    while (i < end && !lines[i].blank && text::is_case_number_line(lines[i].text)) {
        for (auto& cn : text::find_case_numbers(lines[i].text)) p.case_numbers.push_back(std::move(cn));
        ++i;
        skip_blank();
    }
    if (p.title.empty() && i < end && !section_heading(lines[i]) && !heading_candidate(lines[i], i)) {
        p.title = lines[i].text;
        title_marked = lines[i].heading;
        ++i;
    }
    // A title broken over lines: in PDF text up to the line that ends the
    // heading run; otherwise while the words run on ("... inför" / "Festivalen").
    // In two-column layouts the case number shares a line with the title's
    // second line ("Dnr BN 2025-000123   brygga, Ekudden 4:3").
    const auto case_cell_split = [&](const Line& l, std::string& rest) {
        // The case number is the first column: separated by two or more spaces or a tab.
        const std::string& t = l.text;
        std::size_t gap = t.find("  ");
        const std::size_t tab = t.find('\t');
        if (tab != std::string::npos && (gap == std::string::npos || tab < gap)) gap = tab;
        if (gap == std::string::npos || !text::is_case_number_line(t.substr(0, gap))) return false;
        rest = std::string(trim(std::string_view(t).substr(gap)));
        return !rest.empty();
    };
    if (!p.title.empty()) {
        // pdftotext's trailing spaces end a heading run; justera-pdftext marks every heading line instead.
        std::size_t marked_at = 0;
        if (!title_marked && ctx.layout == Layout::PdfText && ctx.source != TextSource::PdfLayout) {
            for (std::size_t k = i; k < end && k < i + 3 && !lines[k].blank; ++k) {
                if (section_heading(lines[k]) || text::is_case_number_line(lines[k].text)) break;
                if (lines[k].heading) { marked_at = k + 1; break; }
            }
        }
        // Plain text: a short run of lines right after the heading that ends at a
        // blank line or a section heading, none of them a finished sentence, is
        // the title ("... för väg 612" / "Tjärnåker-Rödvik").
        std::size_t run_end = i;
        std::string scratch;
        if (!title_marked && marked_at == 0 && ctx.layout == Layout::PdfText && !text::ends_sentence(p.title)) {
            std::size_t k = i;
            while (k < end && k < i + 2 && !lines[k].blank && !section_heading(lines[k]) && !lines[k].bullet &&
                   !text::is_case_number_line(lines[k].text) && !case_cell_split(lines[k], scratch) && !answers_line(lines[k].text) &&
                   !text::ends_sentence(lines[k].text) && text::length(lines[k].text) <= 100) {
                ++k;
            }
            const bool closed = k == end || lines[k].blank || section_heading(lines[k]) ||
                                text::is_case_number_line(lines[k].text) || answers_line(lines[k].text);
            if (k > i && closed) run_end = k;
        }
        if (marked_at > 0) {
            for (; i < marked_at; ++i) text::join_line(p.title, lines[i].text);
        } else if (run_end > i) {
            for (; i < run_end; ++i) text::join_line(p.title, lines[i].text);
        } else {
            while (i < end && !lines[i].blank && !section_heading(lines[i]) && !lines[i].bullet &&
                   text::length(p.title) < 300) {
                std::string rest;
                if (case_cell_split(lines[i], rest) && title_runs_on(p.title, rest)) {
                    for (auto& cn : text::find_case_numbers(lines[i].text)) p.case_numbers.push_back(std::move(cn));
                    text::join_line(p.title, rest);
                    ++i;
                    continue;
                }
                if (text::is_case_number_line(lines[i].text) || !title_runs_on(p.title, lines[i].text)) break;
                text::join_line(p.title, lines[i].text);
                ++i;
            }
        }
    }

    split_title(p.title, p.case_numbers);

    // Preamble: short lines before the first section ("Svar på remiss ...",
    // "Upphandlingsdokument", "SOF 2024/116").
    std::size_t preamble_lines = 0;
    while (i < end) {
        if (lines[i].blank) { ++i; continue; }
        const Line& l = lines[i];
        if (section_heading(l)) break;
        if (text::is_case_number_line(l.text)) {
            for (auto& cn : text::find_case_numbers(l.text)) p.case_numbers.push_back(std::move(cn));
            ++i;
            continue;
        }
        if (preamble_lines >= 4 || l.bullet || text::length(l.text) > 120 || text::ends_sentence(l.text)) break;
        for (auto& cn : text::find_case_numbers(l.text)) p.case_numbers.push_back(std::move(cn));
        p.preamble.push_back(l.text);
        ++preamble_lines;
        ++i;
    }

    // Sections.
    struct Pending {
        model::Section section;
        bool decision = false;
    };
    std::vector<Pending> pending;
    bool blank_before = false;
    for (; i < end; ++i) {
        const Line& l = lines[i];
        if (l.blank) { blank_before = true; continue; }
        auto hit = section_heading(l);
        // "Nämnden beslutar" under a "Beslut" heading introduces the points of
        // that decision; it opens no second one.
        if (hit && hit->decision && !pending.empty() && pending.back().decision) {
            const std::string hk = text::fold_key(hit->heading);
            if (hk.size() > 9 && (hk.compare(hk.size() - 9, 9, " beslutar") == 0 || hk.compare(hk.size() - 7, 7, " beslot") == 0 ||
                                  hk.compare(hk.size() - 10, 10, " beslutade") == 0)) {
                hit.reset();
            }
        }
        if (hit) {
            Pending s;
            s.decision = hit->decision;
            s.section.kind = hit->decision ? SectionKind::Text : hit->kind;
            s.section.heading = hit->heading;
            pending.push_back(std::move(s));
            if (!hit->inline_text.empty()) {
                Line inl = l;
                inl.text = hit->inline_text;
                inl.heading = false;
                add_to_blocks(pending.back().section.blocks, inl, false);
            }
            blank_before = false;
            continue;
        }
        // "Diarienummer: RJL2025/118" on a line of its own further down, in a
        // paragraph whose heading gave none: the paragraph's case number.
        if (p.case_numbers.empty() && text::is_case_number_line(l.text) && starts_with_case_label(l.text)) {
            for (auto& cn : text::find_case_numbers(l.text)) p.case_numbers.push_back(std::move(cn));
            continue;
        }
        if (pending.empty()) pending.push_back(Pending{});
        add_to_blocks(pending.back().section.blocks, l, blank_before, pending.back().decision);
        blank_before = false;
    }

    bool decided = false;
    for (auto& s : pending) {
        if (s.decision && !decided) {
            decided = true;
            p.sections_before_decision = p.sections.size();
            p.decision_heading = s.section.heading;
            auto leftover = make_decision(s.section.blocks, p.decision);
            if (!leftover.empty()) {
                p.sections.push_back(model::Section{SectionKind::Text, {}, std::move(leftover)});
            }
            continue;
        }
        if (s.section.blocks.empty() && s.section.heading.empty()) continue;
        p.sections.push_back(std::move(s.section));
    }

    // Immediate adjustment: only in the decision; without a Beslut heading,
    // only a free-standing sentence in untitled text counts.
    const std::uint32_t at = lines[h.index].source_line;
    for (const auto& point : p.decision) {
        if (auto s = immediate_in(point.text, ctx, at)) { p.immediate_sentence = s; break; }
        for (const auto& item : point.items) {
            if (auto s2 = immediate_in(item, ctx, at)) { p.immediate_sentence = s2; break; }
        }
        if (p.immediate_sentence) break;
    }
    // A sentence standing alone after the decision ("Paragrafen justeras
    // omedelbart." below "Kommunstyrelsen beslutar: ...") is part of it.
    if (!p.immediate_sentence) {
        for (const auto& s : p.sections) {
            if (s.kind != SectionKind::Text || !s.heading.empty()) continue;
            for (const auto& b : s.blocks) {
                if (text::sentences(b.text).size() != 1) continue;
                if (auto found = immediate_in(b.text, ctx, at)) { p.immediate_sentence = found; break; }
            }
        }
    }
    // A paragraph of several matters, each with its own decision heading
    // ("1. Fyllnadsval ... Kommunfullmäktiges beslut ... 2. Val ...
    // Kommunfullmäktiges beslut ... Paragrafen justeras omedelbart."): the
    // later decisions are decisions too.
    if (!p.immediate_sentence) {
        for (const auto& s : p.sections) {
            const std::string hk = text::fold_key(s.heading);
            const bool decision = hk == "beslut" || (hk.size() > 7 && hk.compare(hk.size() - 7, 7, " beslut") == 0) ||
                                  (hk.size() > 9 && hk.compare(hk.size() - 9, 9, " beslutar") == 0);
            if (!decision) continue;
            for (const auto& b : s.blocks) {
                if (auto found = immediate_in(b.text, ctx, at)) { p.immediate_sentence = found; break; }
            }
            if (p.immediate_sentence) break;
        }
    }
    return p;
}

// ---------------------------------------------------------------- header

using vocabulary::Field;

/// Matches a label at the start of a cell. Returns the field and the value
/// that follows the label in the same cell (after a colon, dots or a date).
std::optional<std::pair<Field, std::string>> match_label(std::string_view cell) {
    cell = trim(cell);
    const std::string whole = text::fold_key(cell);
    // Longest label first.
    const vocabulary::Label* best = nullptr;
    std::string value;
    for (const auto& l : vocabulary::labels()) {
        if (whole == l.key) {
            if (!best || l.key.size() > best->key.size()) { best = &l; value.clear(); }
            continue;
        }
        if (whole.size() <= l.key.size() || whole.compare(0, l.key.size(), l.key) != 0 || whole[l.key.size()] != ' ') {
            continue;
        }
        // Find where the label ends in the original text: the word count.
        const std::size_t words = l.words;
        std::size_t pos = 0;
        for (std::size_t w = 0; w < words && pos < cell.size(); ++w) {
            while (pos < cell.size() && (cell[pos] == ' ' || cell[pos] == '/')) ++pos;
            while (pos < cell.size() && cell[pos] != ' ' && cell[pos] != ':' && cell[pos] != '/' && cell[pos] != ',') ++pos;
        }
        std::string_view rest = cell.substr(pos);
        const bool colon = !trim(rest).empty() && trim(rest).front() == ':';
        rest = trim(rest);
        while (!rest.empty() && (rest.front() == ':' || rest.front() == '.' || rest.front() == '_' || rest.front() == ' ')) {
            rest.remove_prefix(1);
        }
        const bool dotted = cell.substr(pos).find("..") != std::string_view::npos ||
                            cell.substr(pos).find("__") != std::string_view::npos;
        const bool numeric = !rest.empty() && ((rest.front() >= '0' && rest.front() <= '9') || rest.rfind(k_section_sign, 0) == 0);
        const bool person_label = l.field == Field::Secretary || l.field == Field::Chair || l.field == Field::Adjusters;
        // A label of several words is distinctive enough to take a value after
        // one space ("Plats och tid Stadshuset, rum Lärkan"), as are the
        // labels of people and of lists of people ("Beslutande Jenny Holmqvist (S)").
        const bool list_label = l.field == Field::Members || l.field == Field::Substitutes ||
                                l.field == Field::ServingSubstitutes || l.field == Field::Others;
        // "Justerare, ej § 45" under a signature: the role with a note on it.
        const bool noted_role = person_label && !rest.empty() && rest.front() == ',';
        const bool accept = colon || dotted || numeric || noted_role ||
                            ((person_label || list_label || l.words >= 2) && text::is_upper_initial(rest));
        if (accept && (!best || l.key.size() > best->key.size())) {
            best = &l;
            value = std::string(rest);
        }
    }
    if (!best) return std::nullopt;
    return std::make_pair(best->field, value);
}

/// A value followed, after one space, by a paragraph label and its list:
/// ("Per-Ola Sjödin", "31-35") for "Per-Ola Sjödin Paragrafer 31-35".
std::pair<std::string, std::string> split_paragraphs_label(const std::string& value) {
    // A paragraph label and its list are short: only the last 64 bytes are
    // looked at, so a hostile line of many words stays linear.
    constexpr std::size_t k_tail = 64;
    const std::size_t from = value.size() > k_tail ? value.size() - k_tail : 0;
    for (std::size_t i = value.find(' ', from); i != std::string::npos; i = value.find(' ', i + 1)) {
        const std::string_view tail = trim(std::string_view(value).substr(i));
        if (tail.empty() || !text::is_upper_initial(tail)) continue;
        const auto lab = match_label(tail);
        if (lab && lab->first == Field::Paragraphs && !lab->second.empty() &&
            (std::isdigit(static_cast<unsigned char>(lab->second.front())) != 0 || lab->second.rfind(k_section_sign, 0) == 0)) {
            return {std::string(trim(std::string_view(value).substr(0, i))), lab->second};
        }
    }
    return {value, {}};
}

bool is_separator_cell(std::string_view s) {
    s = trim(s);
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c == '.' || c == '_' || c == ' ' || c == '-'; });
}

struct OpenField {
    Field field = Field::None;
    std::size_t label_column = 0;
    std::size_t value_column = 0;
    bool value_column_known = false;
    std::vector<std::string> values;
};

struct MeetingLine {
    std::string organ;
    std::optional<model::Date> date;
    std::optional<model::TimeOfDay> start;
    std::optional<model::TimeOfDay> end;
    std::string place;
};

/// Trims separators and a leading "i" from a place: ", i Kommunhuset, lokal Tjädern." -> "Kommunhuset, lokal Tjädern".
std::string clean_place(std::string_view s) {
    std::string place(trim(s));
    const auto edge = [](char c) { return c == ',' || c == ' ' || c == '.' || c == ';' || c == ':'; };
    while (!place.empty() && edge(place.front())) place.erase(0, 1);
    while (!place.empty() && edge(place.back())) place.pop_back();
    if (place.rfind("i ", 0) == 0) place.erase(0, 2);
    if (place.rfind("på ", 0) == 0) place.erase(0, 4);  // "på kansliet"
    // A break noted after the place ("ajournering kl. 14.45") is not part of it.
    const std::string l = text::lower(place);
    for (const std::string_view stop : {", ajournering", " ajournering", ", kl", ", ajourn"}) {
        if (const auto p = l.find(stop); p != std::string::npos) {
            place.erase(p);
            break;
        }
    }
    while (!place.empty() && edge(place.back())) place.pop_back();
    return place;
}

/// A trailing day and month without a year: "Rådhuset 20 mars" -> "Rådhuset".
std::string strip_day_and_month(const std::string& s) {
    const auto sp = s.rfind(' ');
    if (sp == std::string::npos || !text::is_calendar_word(text::fold_key(std::string_view(s).substr(sp + 1)))) return s;
    std::size_t d = sp;
    while (d > 0 && s[d - 1] >= '0' && s[d - 1] <= '9') --d;
    if (d == sp || (d > 0 && s[d - 1] != ' ')) return s;
    return std::string(trim(std::string_view(s).substr(0, d)));
}

/// The place before a date, without the weekday and "den": "Kommunkansliet, fredagen den" -> "Kommunkansliet".
std::string place_before(std::string_view s) {
    std::string before(trim(s));
    for (bool again = true; again;) {
        again = false;
        for (const std::string_view w : {"den", "måndagen", "tisdagen", "onsdagen", "torsdagen", "fredagen",
                                         "lördagen", "söndagen", "måndag", "tisdag", "onsdag", "torsdag",
                                         "fredag", "lördag", "söndag", ","}) {
            const std::string lb = text::lower(before);
            if (lb.size() >= w.size() && lb.compare(lb.size() - w.size(), w.size(), w) == 0 &&
                (lb.size() == w.size() || w == "," || lb[lb.size() - w.size() - 1] == ' ' || lb[lb.size() - w.size() - 1] == ',')) {
                before = std::string(trim(std::string_view(before).substr(0, before.size() - w.size())));
                again = true;
            }
        }
    }
    return clean_place(before);
}

std::string genitive_to_nominative(std::string organ) {
    if (organ.size() > 1 && organ.back() == 's') organ.pop_back();
    return organ;
}

/// "fört vid Socialnämndens sammanträde tisdagen den 19 mars 2024 kl. 17:00-17:20, Konferenscenter ..."
/// and "Rådhuset, Sessionssalen, tisdagen den 3 september 2024 kl. 18.00–20.15".
MeetingLine read_meeting_line(std::string_view s) {
    MeetingLine m;
    const std::string l = text::lower(s);
    if (const auto vid = l.find("vid "); vid != std::string::npos) {
        const auto sam = l.find("sammanträde", vid);
        if (sam != std::string::npos && sam > vid + 4) {
            m.organ = genitive_to_nominative(std::string(trim(s.substr(vid + 4, sam - vid - 4))));
        } else if (sam != std::string::npos) {
            const auto med = l.find(" med ", sam);
            if (med != std::string::npos) {
                std::string rest(trim(s.substr(med + 5)));
                const auto stop = rest.find_first_of(",");
                m.organ = std::string(trim(std::string_view(rest).substr(0, stop)));
            }
        }
    }
    std::size_t db = 0;
    std::size_t de = 0;
    m.date = text::find_date(s, &db, &de);
    const auto times = text::find_times(s);
    if (times) {
        m.start = times->start;
        m.end = times->end;
    }
    // The place: what precedes the date ("Rådhuset, Sessionssalen, tisdagen den
    // 3 september 2024 kl. 18.00"), else what follows the time ("fört vid ...
    // kl. 17:00-17:20, Konferenscenter rum Storfors").
    std::string place;
    if (m.date) {
        const std::string before = place_before(s.substr(0, db));
        const std::string lb = " " + text::lower(before) + " ";
        const bool sentence = lb.find(" sammanträde ") != std::string::npos || lb.find("s sammanträde") != std::string::npos ||
                              lb.find("fört vid") != std::string::npos;
        if (!sentence) place = before;
    }
    if (place.empty()) {
        const std::size_t after = times ? times->stop : (m.date ? de : std::string::npos);
        if (after != std::string::npos && after < s.size()) place = clean_place(s.substr(after));
    }
    m.place = place;
    return m;
}

bool is_extract_marker(std::string_view s) {
    const std::string k = text::fold_key(s);
    // "Utdragsbestyrkande" alone is a footer label on every page of many full
    // protocols; only these say that the document is an extract.
    return k.rfind("protokollsutdrag", 0) == 0 || k.rfind("utdrag ur protokoll", 0) == 0 ||
           k.rfind("ratt utdraget betygar", 0) == 0 || k.rfind("ratt utdraget intygar", 0) == 0 ||
           k.rfind("utdrag ur sammantradesprotokoll", 0) == 0 || k.rfind("utdraget bestyrks", 0) == 0 ||
           k.rfind("utdragsbestyrkande utdraget", 0) == 0;
}

bool is_label_prefix(std::string_view cell) {
    const std::string k = text::fold_key(cell);
    if (k.empty()) return false;
    return std::any_of(vocabulary::labels().begin(), vocabulary::labels().end(), [&](const vocabulary::Label& l) {
        return l.key.size() > k.size() && l.key.compare(0, k.size(), k) == 0 && l.key[k.size()] == ' ';
    });
}

/// Cells of a header line with separator runs ("……", "____") stripped from values.
std::vector<text::Cell> cells_of(const Line& line) {
    std::string raw = line.raw.empty() ? line.text : line.raw;
    auto cs = text::cells(raw);
    for (auto& c : cs) {
        std::string_view t = c.text;
        const auto sep = [](std::string_view v) {
            if (v.empty()) return std::size_t{0};
            if (v.front() == '.' || v.front() == '_' || v.front() == ' ') return std::size_t{1};
            if (v.size() >= 3 && v.substr(0, 3) == "\xE2\x80\xA6") return std::size_t{3};
            return std::size_t{0};
        };
        std::size_t n = 0;
        std::string_view probe = t;
        while (const std::size_t k = sep(probe)) { probe.remove_prefix(k); n += k; }
        if (n > 0 && n < t.size() && t.substr(0, n).find_first_of("._\xE2") != std::string_view::npos && n >= 3) {
            c.text = std::string(trim(t.substr(n)));
        }
    }
    return cs;
}

/// The sekreterare when the front page lists them among those present
/// ("Övriga deltagande  Karin Lejon, sekreterare") and names no one else as such.
/// A title that makes its bearer the one who keeps the protocol.
bool is_secretary_title(std::string_view title) {
    const std::string t = text::fold_key(title);
    return t == "sekreterare" || t == "namndsekreterare" || t == "kommunsekreterare" || t == "protokollforare" ||
           t == "styrelsesekreterare" || t == "utskottssekreterare";
}

std::optional<model::PersonRef> secretary_among_others(const model::Protocol& p) {
    std::optional<model::PersonRef> found;
    for (const auto& o : p.others) {
        if (!is_secretary_title(o.title) || !o.paragraphs.empty()) continue;
        if (found) return std::nullopt;  // two: which one kept the protocol cannot be told
        found = model::PersonRef{o.name, "", ""};
    }
    return found;
}

/// "Frånvarande följande paragrafer", "Frånvarande §§", "Ej tjänstgörande §":
/// the heading of an attendance table's column of paragraphs a member missed.
bool is_absence_heading(std::string_view cell) {
    const std::string k = text::fold_key(cell);
    const bool absent = k.rfind("franvarande", 0) == 0 || k.rfind("ej tjanstgorande", 0) == 0 || k.rfind("ej narvarande", 0) == 0;
    return absent && (k.find("paragraf") != std::string::npos || cell.find("\xC2\xA7") != std::string_view::npos);
}

/// "Marcus Edholm (S) § 156" -> "Marcus Edholm (S)" and "156".
std::pair<std::string, std::string> split_trailing_paragraphs(std::string_view cell) {
    std::string c(text::trim(cell));
    std::size_t cut = c.size();
    while (cut > 0) {
        const std::size_t space = c.rfind(' ', cut - 1);
        const std::size_t start = space == std::string::npos ? 0 : space + 1;
        const std::string_view token = std::string_view(c).substr(start, cut - start);
        if (!text::is_paragraph_list(token) && token != "\xC2\xA7" && token != "\xC2\xA7\xC2\xA7") break;
        cut = space == std::string::npos ? 0 : space;
    }
    std::string list(text::trim(std::string_view(c).substr(cut)));
    while (list.rfind("\xC2\xA7", 0) == 0) list = std::string(text::trim(std::string_view(list).substr(2)));
    return {std::string(text::trim(std::string_view(c).substr(0, cut))), list};
}

/// An attendance table with a column of absences, as Huddinge prints it:
///
///     Ledamöter            Frånvarande följande paragrafer   Tjänstgörande ersättare
///     Hugo Ståhl (L)       150-151                           Mira Lund (L)
///     Jäv                  Marcus Edholm (S) § 156           Kristina Wall (S) § 156
///
/// Each row is written again as the lines the reader knows: "Hugo Ståhl (L),
/// ej § 150-151" and "Mira Lund (L) ersätter Hugo Ståhl (L), § 150-151"; a
/// "Jäv" row adds its paragraphs to the member's exceptions, with the row's
/// label as the reason. Lines keep their source line numbers.
std::vector<Line> rewrite_attendance_grid(const std::vector<Line>& in) {
    std::vector<Line> out;
    std::size_t i = 0;
    while (i < in.size()) {
        const Line& head = in[i];
        const auto hc = text::cells(head.raw.empty() ? head.text : head.raw);
        std::size_t absent_at = 0;
        for (std::size_t k = 1; k < hc.size(); ++k) {
            if (is_absence_heading(hc[k].text)) absent_at = k;
        }
        const auto first_label = hc.empty() ? std::nullopt : match_label(hc.front().text);
        if (absent_at == 0 || !first_label || first_label->first != Field::Members || !first_label->second.empty()) {
            out.push_back(head);
            ++i;
            continue;
        }
        const std::size_t member_col = hc.front().column;
        const std::size_t absent_col = hc[absent_at].column;
        const std::size_t sub_col = absent_at + 1 < hc.size() ? hc[absent_at + 1].column : std::string::npos;
        Line label = head;
        label.text = hc.front().text;
        label.raw = std::string(member_col, ' ') + hc.front().text;
        out.push_back(label);
        struct Row {
            Line line;
            std::string member;
            std::string absent;
            std::string reason;
            std::string substitute;
            bool substitute_only = false;  ///< a "Jäv" row: the member's absence is added to their own row
        };
        std::vector<Row> rows;
        std::size_t j = i + 1;
        for (; j < in.size(); ++j) {
            const Line& l = in[j];
            if (l.blank) break;
            const auto cs = text::cells(l.raw.empty() ? l.text : l.raw);
            if (cs.empty() || cs.front().column + 2 < member_col || cs.front().column > member_col + 2) break;
            const auto lab = match_label(cs.front().text);
            const bool jav = text::fold_key(cs.front().text) == "jav";
            if (lab && !jav) break;
            Row r{l, {}, {}, {}, {}, false};
            std::string absent_cell;
            for (std::size_t k = 0; k < cs.size(); ++k) {
                const std::size_t col = cs[k].column;
                if (k == 0) r.member = cs[k].text;
                else if (sub_col != std::string::npos && col + 2 >= sub_col) r.substitute = cs[k].text;
                else if (col + 2 >= absent_col) absent_cell = cs[k].text;
                else r.member += " " + cs[k].text;
            }
            if (jav) {
                // "Jäv   Marcus Edholm (S) § 156   Kristina Wall (S) § 156"
                auto [who, list] = split_trailing_paragraphs(absent_cell);
                const std::string name = people::parse_member(who).name;
                auto it = std::find_if(rows.begin(), rows.end(), [&](const Row& x) { return !name.empty() && people::parse_member(x.member).name == name; });
                if (it == rows.end() || list.empty()) break;  // not the table's kind of row: read as before
                it->absent = it->absent.empty() ? list : it->absent + ", " + list;
                it->reason = r.member;
                if (!r.substitute.empty()) {
                    auto [sub, sub_list] = split_trailing_paragraphs(r.substitute);
                    r.member = who;
                    r.substitute = sub;
                    r.absent = sub_list.empty() ? list : sub_list;
                    r.substitute_only = true;
                    rows.push_back(std::move(r));
                }
                continue;
            }
            if (absent_cell.empty()) {
                // "Ahmed Rahimi (S) (gick kl. 15:40) 157-159": one space before the column.
                auto [member, list] = split_trailing_paragraphs(r.member);
                if (!list.empty() && !member.empty()) {
                    r.member = member;
                    absent_cell = list;
                }
            }
            if (!absent_cell.empty() && !text::is_paragraph_list(absent_cell)) break;
            r.absent = absent_cell;
            while (r.absent.rfind("\xC2\xA7", 0) == 0) r.absent = std::string(text::trim(std::string_view(r.absent).substr(2)));
            rows.push_back(std::move(r));
        }
        for (const auto& r : rows) {
            const auto m = people::parse_member(r.member);
            const std::string who = m.party.empty() ? m.name : m.name + " (" + m.party + ")";
            if (!r.substitute_only) {
                Line l = r.line;
                l.text = r.member + (r.absent.empty() ? "" : ", ej \xC2\xA7 " + r.absent + (r.reason.empty() ? "" : " " + r.reason));
                l.raw = std::string(member_col, ' ') + l.text;
                out.push_back(std::move(l));
            }
            if (!r.substitute.empty()) {
                Line l = r.line;
                l.text = r.substitute + " ers\xC3\xA4tter " + who + (r.absent.empty() ? "" : ", \xC2\xA7 " + r.absent);
                l.raw = std::string(member_col, ' ') + l.text;
                out.push_back(std::move(l));
            }
        }
        i = j;
    }
    return out;
}

/// Joins header lines that belong together before reading them: a label
/// broken over two lines ("Justeringens" / "plats och tid"), and a meeting
/// sentence whose date is on the next line.
std::vector<Line> prepare_header(const std::vector<Line>& lines) {
    const std::vector<Line> in = rewrite_attendance_grid(lines);
    std::vector<Line> out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        Line cur = in[i];
        if (!cur.blank && i + 1 < in.size() && !in[i + 1].blank) {
            const Line& next = in[i + 1];
            const auto a = text::cells(cur.raw.empty() ? cur.text : cur.raw);
            const auto b = text::cells(next.raw.empty() ? next.text : next.raw);
            if (!a.empty() && !b.empty() && a.front().column == b.front().column && is_label_prefix(a.front().text) &&
                !match_label(a.front().text)) {
                const std::string joined = a.front().text + " " + b.front().text;
                const auto lab = match_label(joined);
                if (lab && lab->second.empty()) {
                    // Put the whole label on the first line; keep the rest of the second.
                    std::string raw = cur.raw.empty() ? cur.text : cur.raw;
                    raw.replace(a.front().column, a.front().text.size(), joined + "  ");
                    cur.raw = raw;
                    cur.text = std::string(trim(raw));
                    Line rest = next;
                    std::string nraw = next.raw.empty() ? next.text : next.raw;
                    nraw.replace(b.front().column, b.front().text.size(), std::string(b.front().text.size(), ' '));
                    rest.raw = nraw;
                    rest.text = std::string(trim(nraw));
                    rest.blank = rest.text.empty();
                    out.push_back(std::move(cur));
                    out.push_back(std::move(rest));
                    ++i;
                    continue;
                }
            }
            // An organ's name broken over two lines: "Kommunstyrelsens" /
            // "arbetsutskott", "Miljö- och" / "byggnadsnämnden".
            if (a.size() == 1 && b.size() == 1 && !match_label(a.front().text) && !match_label(b.front().text) &&
                text::is_lower_initial(b.front().text) && !text::is_organ_name(a.front().text)) {
                std::string joined = a.front().text;
                text::join_line(joined, b.front().text);
                if (text::is_organ_name(joined)) {
                    cur.text = joined;
                    cur.raw = std::string(a.front().column, ' ') + joined;
                    out.push_back(std::move(cur));
                    ++i;
                    continue;
                }
            }
            const std::string l = text::lower(cur.text);
            // A row of labels ("Sammanträdesdatum   Anslaget sätts upp") is
            // no meeting sentence: its dates are in the row below, by column.
            const bool labels = std::any_of(a.begin(), a.end(), [](const text::Cell& c) { return match_label(c.text).has_value(); });
            if ((l.find("sammanträde") != std::string::npos || l.find("fört vid") != std::string::npos) &&
                !text::find_date(cur.text) && text::find_date(next.text) && !match_label(next.text) &&
                // "PROTOKOLL   Sammanträdesdatum": a label in a column of its own, not a sentence.
                !match_label(cur.text) && !labels) {
                text::join_line(cur.text, next.text);
                cur.raw = cur.text;
                out.push_back(std::move(cur));
                ++i;
                continue;
            }
        }
        out.push_back(std::move(cur));
    }
    return out;
}

/// "Siw Lundkvist (S), tjänstgörande ersättare för Ove" + "Kjellberg (KD)":
/// a person line that ends in the middle of a name or phrase goes on.
/// A line that is only (part of) a paragraph list: "§§ 97-", "98", "12, 14".
/// In a narrow attendance cell the list after a name wraps onto lines of its own.
bool is_paragraph_fragment(std::string_view v) {
    v = text::trim(v);
    if (v.empty()) return false;
    bool digit = false;
    std::size_t i = 0;
    while (v.compare(i, 2, "\xC2\xA7") == 0) i += 2;  // "§", "§§"
    const bool marked = i > 0;
    for (; i < v.size(); ++i) {
        const char c = v[i];
        if (c >= '0' && c <= '9') {
            digit = true;
        } else if (c == ' ' || c == ',' || c == '-' || c == '.') {
            continue;
        } else if (v.compare(i, 3, "\xE2\x80\x93") == 0) {  // en dash
            i += 2;
        } else if (v.compare(i, 3, "och") == 0) {
            i += 2;
        } else {
            return false;
        }
    }
    return digit && (marked || v.size() <= 12);
}

/// Joins each line that is only a paragraph list to the line before it.
void join_paragraph_fragments(std::vector<std::string>& values) {
    std::vector<std::string> out;
    for (auto& v : values) {
        if (!out.empty() && is_paragraph_fragment(v)) text::join_line(out.back(), v);
        else out.push_back(std::move(v));
    }
    values = std::move(out);
}

/// Others present written as one running list over several lines ("Linnea
/// Sand (V), Malin Lövgren (§ 90), Anna" / "Hägglund (§ 92), kommunchef Helena
/// Rask samt kommunsekreterare Johan Tegnér"): one entry per person, split at
/// the commas and "samt" outside parentheses, a title written before the name
/// moved after it ("Helena Rask, kommunchef").
void split_running_list(std::vector<std::string>& values) {
    std::string all;
    for (const auto& v : values) text::join_line(all, v);
    // A list when at least two commas outside parentheses start a new name.
    std::vector<std::string> parts;
    std::string cur;
    int depth = 0;
    std::size_t name_commas = 0;
    for (std::size_t i = 0; i < all.size(); ++i) {
        const char c = all[i];
        if (c == '(') ++depth;
        if (c == ')' && depth > 0) --depth;
        const bool samt = depth == 0 && all.compare(i, 6, " samt ") == 0;
        if ((c == ',' && depth == 0) || samt) {
            const std::string_view rest = trim(std::string_view(all).substr(i + (samt ? 6 : 1)));
            if (c == ',' && text::is_upper_initial(rest)) ++name_commas;
            parts.emplace_back(trim(cur));
            cur.clear();
            if (samt) i += 5;
            continue;
        }
        cur.push_back(c);
    }
    parts.emplace_back(trim(cur));
    if (name_commas < 2) return;
    std::vector<std::string> out;
    for (auto& part : parts) {
        if (part.empty()) continue;
        // A title alone after a comma belongs to the name before it ("Rask, kommunchef").
        if (!out.empty() && text::is_lower_initial(part) && part.find(' ') == std::string::npos) {
            out.back() += ", " + part;
            continue;
        }
        // "kommunchef Helena Rask": the title first.
        std::size_t k = 0;
        while (k < part.size() && text::is_lower_initial(std::string_view(part).substr(k))) {
            const auto sp = part.find(' ', k);
            if (sp == std::string::npos) break;
            k = sp + 1;
        }
        if (k > 0 && k < part.size()) part = part.substr(k) + ", " + std::string(trim(std::string_view(part).substr(0, k)));
        out.push_back(std::move(part));
    }
    values = std::move(out);
}

void join_broken_person_lines(std::vector<std::string>& values) {
    std::vector<std::string> out;
    for (auto& v : values) {
        if (!out.empty() && is_paragraph_fragment(v)) {
            text::join_line(out.back(), v);
            continue;
        }
        if (!out.empty()) {
            const std::string prev = " " + text::lower(text::trim(out.back()));
            bool open = false;
            for (const std::string_view end : {" för", " ersätter", " och", ",", " samt", " i stället", "-"}) {
                if (prev.size() >= end.size() && prev.compare(prev.size() - end.size(), end.size(), end) == 0) open = true;
            }
            // A replaced person whose party is still missing: "... ersättare för Ove".
            const bool replacing = prev.find("ersätt") != std::string::npos || prev.find(" för ") != std::string::npos;
            // ... unless the party closes it after a comma: "ersätter Lisa Frånberg, s".
            const auto last_comma = prev.rfind(',');
            const bool comma_party = last_comma != std::string::npos && people::is_party_letters(std::string_view(prev).substr(last_comma + 1));
            // ... or a paragraph list ends it: "... för Lisa Ek (KD) §§ 97-98".
            const bool list_end = !prev.empty() && prev.back() >= '0' && prev.back() <= '9';
            if (replacing && !prev.empty() && prev.back() != ')' && !comma_party && !list_end) open = true;
            if (open) {
                text::join_line(out.back(), v);
                continue;
            }
        }
        out.push_back(std::move(v));
    }
    values = std::move(out);
}

class HeaderReader {
public:
    HeaderReader(model::Protocol& p, const ReadContext& ctx) : m_p(p), m_ctx(ctx) {}

    void feed(const Line& line) {
        if (line.blank) { m_blank_run = true; return; }
        // In a Word document's text a table ends where its rows end: a line
        // after them that opens no field ends the fields the table opened.
        const bool leaves_table = m_ctx.layout == Layout::Docx && m_after_table && !line.table_row;
        m_after_table = line.table_row;
        if (is_extract_marker(line.text)) m_p.kind = model::DocumentKind::Extract;
        const auto cs = cells_of(line);
        for (const auto& c : cs) {
            if (auto n = text::find_protocol_number(c.text); n && !m_p.number) m_p.number = n;
        }
        // Label cells open fields; value cells go to the nearest open field.
        bool any_label = false;
        std::vector<std::pair<std::size_t, std::string>> values;  // column, text
        for (std::size_t k = 0; k < cs.size(); ++k) {
            const auto& c = cs[k];
            if (is_separator_cell(c.text)) {
                if (!m_open.empty() && !m_open.back().value_column_known) {
                    m_open.back().value_column = c.column;
                    m_open.back().value_column_known = true;
                }
                continue;
            }
            // "Anna Berg (S)<TAB>ordförande": a lower-case word after a value is
            // part of that value, even when it spells a label.
            const bool label_position = k == 0 || !text::is_lower_initial(c.text) || values.empty();
            if (auto lab = label_position ? match_label(c.text) : std::nullopt) {
                any_label = true;
                // Signatures printed name first, role below ("Mattias Lövgren" /
                // "Sekreterare"): a name line right after "Underskrifter" and
                // before any role says so; each role then takes the name above it.
                const bool role = lab->first == Field::Secretary || lab->first == Field::Chair ||
                                  lab->first == Field::Adjusters;
                std::optional<std::string> above;
                // "Justerare, ej § 45" under a name: the role, and a note on it.
                if (role && m_in_signatures && !lab->second.empty() && lab->second.front() == ',') {
                    m_signature_notes.push_back(std::string(trim(c.text)));
                    lab->second.clear();
                }
                if (role && m_in_signatures && lab->second.empty()) {
                    // Columns of signatures: the name straight above this role.
                    const auto hit = std::find_if(m_sig_row.begin(), m_sig_row.end(), [&](const auto& cv) {
                        const std::size_t d = cv.first > c.column ? cv.first - c.column : c.column - cv.first;
                        return d <= 4 && people::looks_like_name(cv.second);
                    });
                    if (hit != m_sig_row.end()) {
                        above = hit->second;
                        m_name_above = true;
                        for (auto& f : m_open) {
                            auto& vals = f.values;
                            if (const auto it = std::find(vals.rbegin(), vals.rend(), hit->second); it != vals.rend()) {
                                vals.erase(std::next(it).base());
                                break;
                            }
                        }
                        if (const auto it = std::find(m_pending_names.begin(), m_pending_names.end(), hit->second);
                            it != m_pending_names.end()) {
                            m_pending_names.erase(it);
                        }
                        m_sig_row.erase(hit);
                    }
                }
                if (role && m_in_signatures && lab->second.empty() && !above) {
                    if (!m_name_above && !m_open.empty() && m_open.back().field == Field::Signatures &&
                        !m_open.back().values.empty() && people::looks_like_name(m_open.back().values.back())) {
                        // Names stacked, then their roles in the same order:
                        // "Göran Westin" / "Therese Lundin" / "ordförande" /
                        // "sekreterare". The first name takes the first role;
                        // the others wait for theirs.
                        m_name_above = true;
                        auto& vals = m_open.back().values;
                        std::size_t first = vals.size();
                        while (first > 0 && people::looks_like_name(vals[first - 1])) --first;
                        above = vals[first];
                        m_pending_names.insert(m_pending_names.end(), vals.begin() + static_cast<std::ptrdiff_t>(first) + 1, vals.end());
                        vals.erase(vals.begin() + static_cast<std::ptrdiff_t>(first), vals.end());
                    } else if (m_name_above && !m_pending_names.empty()) {
                        above = m_pending_names.front();
                        m_pending_names.erase(m_pending_names.begin());
                    }
                }
                if (above && !m_signature_notes.empty() && lab->first == Field::Adjusters) {
                    // The note names its justerare: "Hussein Ali (S): Justerare, ej § 45".
                    m_p.free_text.push_back(*above + ": " + m_signature_notes.back());
                    m_named_notes.push_back(m_p.free_text.back());
                    m_signature_notes.pop_back();
                }
                // "Beslutande Närvarande ersättare": two labels run together by
                // text extracted without columns, stacked like labels one under
                // the other (the reader warns when their values come).
                if (!lab->second.empty()) {
                    if (const auto next = match_label(lab->second);
                        next && next->second.empty() && is_list_field(lab->first) && is_list_field(next->first)) {
                        open_field(lab->first, c.column);
                        if (next->first != lab->first) open_field(next->first, c.column);  // "Närvarande: Beslutande:" is one
                        continue;
                    }
                }
                open_field(lab->first, c.column);
                if (above) m_open.back().values.push_back(*above);
                if (!lab->second.empty()) {
                    // Text without columns runs two fields into one line:
                    // "Justerare Per-Ola Sjödin Paragrafer 31-35".
                    auto [value, paragraphs] = split_paragraphs_label(lab->second);
                    m_open.back().values.push_back(value);
                    m_open.back().value_column = c.column + 1;
                    m_open.back().value_column_known = true;
                    if (!paragraphs.empty()) {
                        OpenField f;
                        f.field = Field::Paragraphs;
                        f.values.push_back(paragraphs);
                        close(f);
                    }
                }
                continue;
            }
            if (!m_open.empty() && any_label && !m_open.back().value_column_known) {
                m_open.back().value_column = c.column;
                m_open.back().value_column_known = true;
            }
            values.emplace_back(c.column, c.text);
        }
        // A line without a label that starts clearly left of every open
        // field's values ends the fields: "Ordföranden tillkännager följande"
        // after a list of others in the value column.
        if (!any_label && !m_open.empty() && !values.empty() && m_ctx.layout == Layout::PdfText) {
            const std::size_t first_col = values.front().first;
            const bool left_of_all = std::all_of(m_open.begin(), m_open.end(), [&](const OpenField& f) {
                return f.value_column_known && f.value_column >= 8 && first_col + 4 < f.value_column;
            });
            if (left_of_all) {
                finish();
                take_unlabelled(line);
                m_blank_run = false;
                return;
            }
        }
        if (!any_label && leaves_table && !m_open.empty()) {
            finish();
            take_unlabelled(line);
            m_blank_run = false;
            return;
        }
        if (!any_label && m_open.empty()) {
            take_unlabelled(line);
            return;
        }
        if (!any_label && values.size() == 1 && m_open.size() == 1 && m_blank_run && is_meeting_line(line.text)) {
            take_unlabelled(line);
            return;
        }
        // "Anna Berg (S)<TAB>ordförande": a cell that starts in lower case
        // belongs to the cell before it.
        for (std::size_t k = values.size(); k-- > 1;) {
            if (text::is_lower_initial(values[k].second)) {
                values[k - 1].second += ", " + values[k].second;
                values.erase(values.begin() + static_cast<std::ptrdiff_t>(k));
            }
        }
        if (m_in_signatures) {
            // Only names side by side tell by their columns whose role is below.
            if (any_label || values.size() < 2) m_sig_row.clear();
            else m_sig_row = values;
        }
        for (auto& [col, v] : values) {
            OpenField* target = nullptr;
            if (m_open.size() == 1 || cs.size() == 1) {
                target = &m_open.back();
                if (!any_label && cs.size() == 1 && m_open.size() > 1) {
                    target = nearest(col);
                }
            } else {
                target = nearest(col);
            }
            // A value stands under or right of its label: a cell clearly left
            // of a label in a right-hand column is not its value ("PROTOKOLL
            // Sammanträdesdatum" / "Kommunstyrelsen  2026-03-10").
            if (target && m_ctx.layout == Layout::PdfText) {
                const std::size_t field_col = target->value_column_known ? target->value_column : target->label_column;
                if (field_col >= 8 && col + 4 < field_col && target->label_column >= 8) {
                    Line cell = line;
                    cell.text = v;
                    cell.raw = v;
                    take_unlabelled(cell);
                    continue;
                }
            }
            // Name-first signatures: a name waits for the role below it.
            if (m_name_above && target && (target->field == Field::Secretary || target->field == Field::Chair ||
                                           target->field == Field::Adjusters) &&
                !target->values.empty() && people::looks_like_name(v)) {
                m_pending_names.push_back(v);
                continue;
            }
            if (target && !m_role_queue.empty() && target == &m_open.back() && is_role_field(target->field) &&
                people::looks_like_name(v)) {
                // The first waiting role takes this name.
                OpenField waiting;
                waiting.field = m_role_queue.front();
                m_role_queue.erase(m_role_queue.begin());
                waiting.values.push_back(v);
                close(waiting);
                continue;
            }
            if (target && !m_stacked.empty() && target == &m_open.back()) {
                std::string names;
                for (const Field sf : m_stacked) names += (names.empty() ? "" : ", ") + std::string(field_name(sf));
                m_ctx.diags->warn(core::DiagCode::NotEstablished,
                                  "the labels " + names + " stand one after another without values; the names that follow are "
                                  "read as the first label's (correct the others with --set)",
                                  core::Where{m_ctx.file, line.source_line, std::nullopt});
                target->field = m_stacked.front();
                m_stacked.clear();
            }
            if (target) target->values.push_back(v);
        }
        m_blank_run = false;
    }

    void finish() {
        for (auto& n : m_signature_notes) m_p.free_text.push_back(std::move(n));
        m_signature_notes.clear();
        pair_signature_notes();
        for (auto& n : m_pending_names) {
            if (!m_open.empty()) m_open.back().values.push_back(std::move(n));
            else m_p.free_text.push_back(std::move(n));
        }
        m_pending_names.clear();
        for (auto& f : m_open) close(f);
        m_open.clear();
    }

private:

    /// Notes under two justerare's signatures that split the paragraphs
    /// between them ("Hussein Ali (S): Justerare, ej § 45" and "Kerstin
    /// Nyqvist (C): Justerare, § 45", as the reader keeps them): the second
    /// justerar, for those paragraphs, in the first one's place (jäv), a role
    /// change like "§ 45 justeras av … i stället för …". Unpaired notes stay
    /// free text.
    void pair_signature_notes() {
        struct Note {
            std::size_t index;
            model::PersonRef person;
            std::vector<int> paragraphs;
            bool excluded;
        };
        std::vector<Note> notes;
        for (std::size_t i = 0; i < m_p.free_text.size(); ++i) {
            const std::string& t = m_p.free_text[i];
            if (std::find(m_named_notes.begin(), m_named_notes.end(), t) == m_named_notes.end()) continue;  // only the signatures' notes
            const std::size_t colon = t.find(": ");
            if (colon == std::string::npos) continue;
            std::string_view role = trim(std::string_view(t).substr(colon + 2));
            if (role.rfind("Justerare,", 0) != 0 && role.rfind("justerare,", 0) != 0) continue;
            std::string_view rest = trim(role.substr(10));
            const bool excluded = rest.rfind("ej ", 0) == 0 || rest.rfind("utom ", 0) == 0;
            if (excluded) rest = trim(rest.substr(rest.find(' ') + 1));
            auto paragraphs = text::expand_paragraph_list(rest, 9999);
            if (paragraphs.empty()) continue;
            auto person = people::parse_person(std::string_view(t).substr(0, colon));
            if (person.name.empty()) continue;
            notes.push_back(Note{i, std::move(person), std::move(paragraphs), excluded});
        }
        std::vector<std::size_t> used;
        for (const auto& in : notes) {
            if (in.excluded) continue;
            for (const auto& out : notes) {
                if (!out.excluded) continue;
                std::vector<int> common;
                for (const int n : in.paragraphs) {
                    if (std::find(out.paragraphs.begin(), out.paragraphs.end(), n) != out.paragraphs.end()) common.push_back(n);
                }
                if (common.empty()) continue;
                m_p.role_changes.push_back(model::RoleChange{model::ChangedRole::Adjuster, in.person, out.person, std::move(common),
                                                             m_p.free_text[out.index] + "; " + m_p.free_text[in.index]});
                used.push_back(in.index);
                used.push_back(out.index);
            }
        }
        std::sort(used.begin(), used.end());
        used.erase(std::unique(used.begin(), used.end()), used.end());
        for (auto it = used.rbegin(); it != used.rend(); ++it) m_p.free_text.erase(m_p.free_text.begin() + static_cast<std::ptrdiff_t>(*it));
    }

    static bool is_meeting_line(std::string_view s) {
        // "sammanträde"/"sammanträdet" as a word; "Sammanträdesprotokoll" is a title.
        const std::string l = " " + text::lower(s) + " ";
        const bool word = l.find(" sammanträde ") != std::string::npos || l.find(" sammanträde,") != std::string::npos ||
                          l.find("s sammanträde") != std::string::npos || l.find(" sammanträdet") != std::string::npos ||
                          l.find("fört vid") != std::string::npos || l.find(" sammanträde:") != std::string::npos;
        return word && text::find_date(s).has_value();
    }

    OpenField* nearest(std::size_t col) {
        OpenField* best = nullptr;
        for (auto& f : m_open) {
            const std::size_t start = f.value_column_known ? f.value_column : f.label_column;
            if (start <= col + 2 && (!best || start >= (best->value_column_known ? best->value_column : best->label_column))) {
                best = &f;
            }
        }
        return best ? best : &m_open.front();
    }

    void open_field(Field f, std::size_t column) {
        // "Närvarande ej tjänstgörande" / "ersättare": the last word of a label
        // on the next line, read as a label of the same field, while the list
        // of the line above goes on after its comma: one field still.
        if (!m_open.empty() && m_open.back().field == f && is_list_field(f) && !m_open.back().values.empty() &&
            !m_open.back().values.back().empty() && m_open.back().values.back().back() == ',' &&
            (m_open.back().label_column > column ? m_open.back().label_column - column : column - m_open.back().label_column) <= 4) {
            return;
        }
        // A label at (about) the column of an open one replaces it.
        for (auto it = m_open.begin(); it != m_open.end();) {
            const std::size_t d = it->label_column > column ? it->label_column - column : column - it->label_column;
            if (d <= 4 || column == 0) {
                // Labels stacked without values ("Beslutande" / "Ej tjänstgörande
                // ersättare" / "Utses att justera", then the names): which name
                // belongs to which label cannot be told; the block is read as the
                // first label's, and the others stay empty.
                // "Beslutande" / "Ledamöter": two names of one field, nothing to tell apart.
                if (it->values.empty() && it->field == f && is_list_field(f) && !m_in_signatures) {
                    it = m_open.erase(it);
                    continue;
                }
                if (it->values.empty() && is_list_field(it->field) && is_list_field(f) && !m_in_signatures) {
                    if (m_stacked.empty()) m_stacked.push_back(it->field);
                    m_stacked.push_back(f);
                    it = m_open.erase(it);
                    continue;
                }
                // In a signature block, "Ordförande" / "Justerande" then the two
                // names under dotted lines: the names go to the roles in order.
                if (it->values.empty() && m_in_signatures && is_role_field(it->field) && is_role_field(f)) {
                    m_role_queue.push_back(it->field);
                    it = m_open.erase(it);
                    continue;
                }
                close(*it);
                it = m_open.erase(it);
            } else {
                ++it;
            }
        }
        // Bounded: a hostile header with labels in ever new columns must not
        // make every later value search a long list.
        while (m_open.size() >= 8) {
            close(m_open.front());
            m_open.erase(m_open.begin());
        }
        if (f == Field::Notice) m_in_notice = true;
        if (f == Field::Signatures) m_in_signatures = true;
        OpenField o;
        o.field = f;
        o.label_column = column;
        m_open.push_back(std::move(o));
    }

    void take_unlabelled(const Line& line) {
        const std::string& t = line.text;
        if (is_meeting_line(t) || text::lower(t).find("fört vid ") != std::string::npos) {
            apply_meeting(read_meeting_line(t));
            read_adjournments(t);
            return;
        }
        if (text::find_protocol_number(t) || is_extract_marker(t)) return;
        // A date alone under the title and the organ ("PROTOKOLLSUTDRAG" /
        // "Kommunstyrelsens arbetsutskott" / "2024-11-19"): the meeting's day.
        {
            std::size_t b = 0;
            std::size_t e = 0;
            if (auto d = text::find_date(t, &b, &e); d && trim(std::string_view(t).substr(0, b)).empty() &&
                                                     trim(std::string_view(t).substr(e)).empty()) {
                if (!m_p.meeting_date) m_p.meeting_date = d;
                else if (*m_p.meeting_date != *d) m_p.free_text.push_back(t);
                return;
            }
        }
        const std::string k = text::fold_key(t);
        if (k == "protokoll" || k == "sammantradesprotokoll" || k == "motesprotokoll") return;
        // A title line: "Socialnämndens individutskott", or cells of a layout
        // header "BYGGNADSNÄMNDEN   SAMMANTRÄDESPROTOKOLL   2025-04-09".
        const auto cs = cells_of(line);
        bool used = false;
        for (const auto& c : cs) {
            if (m_p.organ.empty() && text::is_organ_name(c.text)) {
                m_p.organ = text::organ_display(c.text);
                used = true;
            } else if (m_p.municipality.empty() && text::is_municipality_name(c.text)) {
                m_p.municipality = text::municipality_display(c.text);
                used = true;
            }
        }
        if (used) {
            for (const auto& c : cs) {
                std::size_t b = 0;
                std::size_t e = 0;
                if (auto d = text::find_date(c.text, &b, &e); d && trim(c.text.substr(0, b)).empty() && !m_p.meeting_date) {
                    m_p.meeting_date = d;
                }
            }
            return;
        }
        if (auto rc = people::parse_role_change(t)) {
            m_p.role_changes.push_back(std::move(*rc));
            return;
        }
        m_p.free_text.push_back(t);
        m_ctx.diags->info(core::DiagCode::UnplacedText, "header text kept as free text: \"" + t.substr(0, 80) + (t.size() > 80 ? "…" : "") + "\"",
                          core::Where{m_ctx.file, line.source_line, std::nullopt});
    }


    void apply_meeting(const MeetingLine& m) {
        if (!m.organ.empty() && m_p.organ.empty()) m_p.organ = m.organ;
        if (m.date && !m_p.meeting_date) m_p.meeting_date = m.date;
        if (m.start && !m_p.start_time) m_p.start_time = m.start;
        if (m.end && !m_p.end_time) m_p.end_time = m.end;
        if (!m.place.empty() && m_p.place.empty()) m_p.place = m.place;
    }

    void close(OpenField& f) {
        std::string joined;
        for (const auto& v : f.values) {
            // "Juneporten," / "Vätterstad"; a line that goes on in lower case
            // continues the one before ("... i samband med nämndens" / "internat").
            // "kl. 13:15 –" / "16:05": a range broken at its dash goes on too.
            const bool open_range = !joined.empty() && (joined.back() == '-' ||
                                    (joined.size() >= 3 && joined.compare(joined.size() - 3, 3, "\xE2\x80\x93") == 0));
            if (!joined.empty()) joined += joined.back() == ',' || open_range || text::is_lower_initial(v) ? " " : ", ";
            joined += v;
        }
        switch (f.field) {
            case Field::Members:
            case Field::ServingSubstitutes:
            case Field::Substitutes:
                join_broken_person_lines(f.values);
                for (const auto& v : f.values) {
                    for (std::string one : people::split_member_list(v)) {
                        // "Yngve Marklund, ej tjänstgörande ersättare" in the
                        // list of Beslutande: present, but did not serve.
                        bool not_serving = false;
                        for (const std::string_view phrase : {"ej tjänstgörande", "icke tjänstgörande", "inte tjänstgörande"}) {
                            const std::string lo = text::lower(one);
                            if (const auto at = lo.find(phrase); at != std::string::npos && !people::parse_member(one).replaces) {
                                std::size_t cut = at;
                                while (cut > 0 && (one[cut - 1] == ' ' || one[cut - 1] == ',')) --cut;
                                one.erase(cut);
                                not_serving = true;
                                break;
                            }
                        }
                        auto m = people::parse_member(one);
                        // "Vakant (M)": a seat without a member.
                        if (m.name.empty() || text::fold_key(m.name) == "vakant") continue;
                        if (not_serving) {
                            m_p.substitutes.push_back(model::PersonRef{m.name, m.party, m.note});
                            continue;
                        }
                        // "Mira Lund (L), tjänstgörande 150-151", "Elsa Brodd (S),
                        // § 44" among the substitutes: an ersättare present who
                        // served in those paragraphs, so also a member there
                        // (unless the list of members already has her).
                        // A politician, with a party: an official with paragraphs is present, not serving.
                        if (f.field == Field::Substitutes && !m.paragraphs.empty() && !m.replaces && !m.party.empty()) {
                            m_p.substitutes.push_back(model::PersonRef{m.name, m.party, m.note});
                            if (std::none_of(m_p.members.begin(), m_p.members.end(), [&](const model::Member& x) { return x.name == m.name; })) {
                                m_p.members.push_back(std::move(m));
                            }
                            continue;
                        }
                        if (f.field == Field::Members || m.replaces || m.role != model::MemberRole::Member) {
                            m_p.members.push_back(std::move(m));
                        } else {
                            m_p.substitutes.push_back(model::PersonRef{m.name, m.party, m.note});
                        }
                    }
                }
                break;
            case Field::Others:
                join_paragraph_fragments(f.values);
                split_running_list(f.values);
                for (const auto& v : f.values) {
                    auto o = people::parse_other(v);
                    if (o.name.empty()) continue;
                    // "Gert Alvby (M)" among others present: a politician with
                    // a party and no title, the substitutes who did not serve.
                    if (o.title.empty() && o.paragraphs.empty()) {
                        const auto person = people::parse_person(v);
                        if (!person.party.empty() && people::is_party_letters(person.party) && o.name.rfind(person.name, 0) == 0) {
                            m_p.substitutes.push_back(person);
                            continue;
                        }
                    }
                    m_p.others.push_back(std::move(o));
                }
                break;
            case Field::Adjusters:
                if (m_in_signatures) {
                    // Underskrifter: "Justerande ...... Name" lines name signatories.
                    for (const auto& v : f.values) {
                        for (auto& p : people::parse_person_list(v)) add_adjuster(std::move(p));
                    }
                } else {
                    for (const auto& v : f.values) {
                        // "§ 23 justeras av Anna Berg (M) i stället för ..." is a note, not a list.
                        if (text::ends_sentence(v) || v.find("\xC2\xA7") != std::string::npos) {
                            keep_note(v);
                            continue;
                        }
                        for (auto& p : people::parse_person_list(v)) add_adjuster(std::move(p));
                    }
                }
                break;
            case Field::AdjustmentDate:
                if (auto d = text::find_date(joined)) m_p.adjustment_date = d;
                else if (!joined.empty()) date_warning("Datum för justering", joined);
                break;
            case Field::AdjustmentPlaceTime: {
                std::size_t b = 0;
                std::size_t e = 0;
                if (const auto t = text::find_times(std::string_view(joined)); t && t->start && !m_p.adjustment_time) {
                    m_p.adjustment_time = t->start;
                }
                if (auto d = text::find_date(joined, &b, &e)) {
                    if (!m_p.adjustment_date) m_p.adjustment_date = d;
                    std::string place = place_before(std::string_view(joined).substr(0, b));
                    // A sentence about the justering is no place ("Att jämte ordföranden justera ... utses ...").
                    if (place.size() > 80 || text::lower(place).find(" utses ") != std::string::npos) {
                        keep_note(place);
                        place.clear();
                    }
                    if (place.empty()) {
                        std::string after(trim(std::string_view(joined).substr(e)));
                        if (const auto t = text::find_times(after)) after = std::string(trim(std::string_view(after).substr(t->stop)));
                        place = clean_place(after);
                        // Nor is the text that follows such a sentence (the next page).
                        if (place.size() > 80 || (text::ends_sentence(place) && std::count(place.begin(), place.end(), ' ') >= 6)) {
                            keep_note(after);
                            place.clear();
                        }
                    }
                    m_p.adjustment_place = place;
                } else if (!joined.empty() && ((text::ends_sentence(joined) && std::count(joined.begin(), joined.end(), ' ') >= 6) ||
                                               joined.size() > 80)) {
                    // A sentence is no place: "Att jämte ordföranden justera ... utses ...".
                    keep_note(joined);
                } else if (!joined.empty()) {
                    // A day without its year ("Kommunledningsförvaltningen 20 mars").
                    std::string place = joined;
                    if (const auto t = text::find_times(place)) place.erase(t->begin, t->stop - t->begin);
                    place = strip_day_and_month(place);
                    m_p.adjustment_place = clean_place(place);
                }
                break;
            }
            case Field::Paragraphs:
                if (!joined.empty() && m_p.paragraph_range_written.empty()) {
                    m_p.paragraph_range_written = f.values.front();
                    for (std::size_t k = 1; k < f.values.size(); ++k) m_p.paragraph_range_written += ", " + f.values[k];
                    m_p.paragraph_range = text::expand_paragraph_list(m_p.paragraph_range_written, m_ctx.limits->max_paragraphs);
                }
                break;
            case Field::Secretary:
                if (!f.values.empty() && !m_p.secretary) {
                    for (const auto& v : f.values) {
                        if (auto lab = match_label(v); lab && lab->first == Field::Paragraphs) continue;
                        auto p = people::parse_person(v);
                        if (!p.name.empty() && !text::is_lower_initial(p.name)) { m_p.secretary = p; break; }
                    }
                }
                break;
            case Field::Chair:
                if (!f.values.empty() && !m_p.chair_signatory) {
                    auto p = people::parse_person(f.values.front());
                    if (!p.name.empty()) m_p.chair_signatory = p;
                }
                break;
            case Field::SignedBy:
                // "Justeras  Ulrika Sandell   Henrik Dahl": the chair signs
                // too; a member marked chair, or "ordförande" beside the name.
                for (const auto& v : f.values) {
                    // "Justeras  2024-04-02": the day, not who.
                    std::size_t db = 0;
                    std::size_t de = 0;
                    if (auto d = text::find_date(v, &db, &de); d && trim(std::string_view(v).substr(0, db)).empty() &&
                                                              trim(std::string_view(v).substr(de)).empty()) {
                        if (!m_p.adjustment_date) m_p.adjustment_date = d;
                        continue;
                    }
                    for (const auto& cell : text::cells(v)) {
                        const std::string lc = text::lower(cell.text);
                        const bool says_chair = lc.find("ordf") != std::string::npos;
                        for (auto& person : people::parse_person_list(cell.text)) {
                            const bool chair = says_chair || std::any_of(m_p.members.begin(), m_p.members.end(), [&](const model::Member& m) {
                                return m.role == model::MemberRole::Chair && m.name == person.name;
                            });
                            if (chair) {
                                if (!m_p.chair_signatory) m_p.chair_signatory = person;
                            } else {
                                add_adjuster(std::move(person));
                            }
                        }
                    }
                }
                break;
            case Field::Adjournment:
                read_adjournments("ajournering " + joined);
                break;
            case Field::PlaceTime:
            case Field::Place:
            case Field::Date:
            case Field::Time:
                // "kl. 15.20, § 205-207": when someone came or left, from a
                // list above; the meeting's hours name no paragraphs.
                if ((f.field == Field::Time || f.field == Field::PlaceTime) &&
                    joined.find("\xC2\xA7") != std::string::npos && !text::find_date(joined)) {
                    keep_note(joined);
                    break;
                }
                read_adjournments(joined);
                // The notice repeats the meeting date; some layouts print it only there.
                if (m_in_notice && f.field == Field::Date) {
                    if (!m_p.meeting_date) {
                        m_p.meeting_date = text::find_date(joined);
                        if (m_p.meeting_date) m_p.meeting_date_source = "notice";
                    }
                    break;
                }
                if (f.field == Field::Place) {
                    if (m_p.place.empty()) m_p.place = joined;
                } else if (f.field == Field::Time) {
                    // "Tid  Måndagen den 26 januari 2026 kl. 13:00-15:40": the day too.
                    if (!m_p.meeting_date) m_p.meeting_date = text::find_date(joined);
                    // The meeting's hours, not a break noted after them.
                    std::string hours = joined;
                    if (const auto aj = text::lower(hours).find("ajourn"); aj != std::string::npos) hours.erase(aj);
                    auto t = text::find_times("kl " + hours);
                    if (!t) t = text::find_times(hours);
                    // "Klockan 13:00-16:20, A-salen": the place after the hours.
                    if (const auto span = text::find_times(hours); span && m_p.place.empty()) {
                        const std::string rest = clean_place(std::string_view(hours).substr(span->stop));
                        if (!rest.empty() && rest.find_first_of("0123456789") == std::string::npos) m_p.place = rest;
                    }
                    if (t) {
                        if (!m_p.start_time) m_p.start_time = t->start;
                        if (!m_p.end_time) m_p.end_time = t->end;
                    }
                } else {
                    const MeetingLine m = read_meeting_line(joined);
                    apply_meeting(m);
                    // "Kommunstyrelsens sessionssal, kl 14:00-17:05": a place with
                    // times but no date.
                    if (m.place.empty() && m_p.place.empty() && !m.date) {
                        std::string place = joined;
                        if (const auto t = text::find_times(place)) place.erase(t->begin, t->stop - t->begin);
                        const std::string l = text::lower(place);
                        if (const auto aj = l.find("ajourn"); aj != std::string::npos) place.erase(aj);
                        place = clean_place(place);
                        if (!place.empty() && !text::find_times(place)) m_p.place = place;
                    }
                }
                break;
            case Field::Notice:
            case Field::Signatures:
            case Field::Ignore:
                for (const auto& v : f.values) {
                    if (f.field == Field::Signatures && take_signatory(v)) continue;
                    m_p.free_text.push_back(v);
                }
                break;
            case Field::NoticeOrgan:
                if (m_p.organ.empty() && !joined.empty()) take_organ(joined);
                // "Organ och sammanträdesdatum: Kommunstyrelsen 2024-09-16".
                if (!m_p.meeting_date) {
                    m_p.meeting_date = text::find_date(joined);
                    if (m_p.meeting_date) m_p.meeting_date_source = "notice";
                }
                break;
            case Field::NoticePosted:
                if (auto d = text::find_date(joined)) notice().posted = d;
                break;
            case Field::NoticeRemoved:
                if (auto d = text::find_date(joined)) notice().removed = d;
                break;
            case Field::NoticeStorage:
                notice().storage_place = joined;
                break;
            case Field::None:
            case Field::Word:
                break;
        }
    }

    static bool is_role_field(Field f) { return f == Field::Secretary || f == Field::Chair || f == Field::Adjusters; }

    static bool is_list_field(Field f) {
        return f == Field::Members || f == Field::ServingSubstitutes || f == Field::Substitutes || f == Field::Others ||
               f == Field::Adjusters;
    }

    static std::string_view field_name(Field f) {
        switch (f) {
            case Field::Members: return "Beslutande";
            case Field::ServingSubstitutes: return "Tjänstgörande ersättare";
            case Field::Substitutes: return "Ersättare";
            case Field::Others: return "Övriga";
            case Field::Adjusters: return "Justerare";
            default: return "?";
        }
    }

    /// An organ as a notice or a header writes it: "Tångabo kommun, Kommunstyrelsen",
    /// "ÄLVLUNDA KOMMUN Valnämnden", "Tekniska nämnden §§ 141-150",
    /// "Kommunstyrelsen 2025-11-18"; the municipality goes to its own field.
    void take_organ(const std::string& value) {
        std::string v = value;
        if (const auto sect = v.find("\xC2\xA7"); sect != std::string::npos) v.erase(sect);
        std::size_t b = 0;
        std::size_t e = 0;
        if (text::find_date(v, &b, &e)) v.erase(b, e - b);
        std::vector<std::string> parts;
        std::size_t start = 0;
        for (std::size_t i = 0; i <= v.size(); ++i) {
            if (i < v.size() && v[i] != ',') continue;
            parts.emplace_back(trim(std::string_view(v).substr(start, i - start)));
            start = i + 1;
        }
        for (auto part : parts) {
            // "ÄLVLUNDA KOMMUN Valnämnden": a municipality's name before the organ.
            const std::string l = text::lower(part);
            for (const std::string_view word : {" kommun ", " region ", " stad "}) {
                if (const auto k = l.find(word); k != std::string::npos && text::is_organ_name(part.substr(k + word.size()))) {
                    if (m_p.municipality.empty()) m_p.municipality = text::municipality_display(part.substr(0, k + word.size() - 1));
                    part = part.substr(k + word.size());
                }
            }
            part = std::string(trim(part));
            if (text::is_municipality_name(part)) {
                if (m_p.municipality.empty()) m_p.municipality = text::municipality_display(part);
            } else if (text::is_organ_name(part) && m_p.organ.empty()) {
                m_p.organ = text::organ_display(part);
            }
        }
        if (m_p.organ.empty()) m_p.organ = std::string(trim(v));
    }

    /// Breaks noted with the meeting: "ajournering kl. 14.45–15.00", "ajournering 10.40-10.55".
    void read_adjournments(std::string_view s) {
        const std::string l = text::lower(s);
        for (auto pos = l.find("ajourn"); pos != std::string::npos; pos = l.find("ajourn", pos + 6)) {
            std::string rest(s.substr(pos));
            const auto sp = rest.find(' ');
            if (sp == std::string::npos) break;
            rest = rest.substr(sp);
            if (rest.find("kl") == std::string::npos) rest = " kl " + std::string(trim(rest));
            const auto t = text::find_times(rest);
            if (!t || !t->start) continue;
            model::Adjournment a{*t->start, t->end};
            if (std::find(m_p.adjournments.begin(), m_p.adjournments.end(), a) == m_p.adjournments.end()) {
                m_p.adjournments.push_back(a);
            }
        }
    }

    /// A note in the header: a role change for some paragraphs, or free text.
    void keep_note(const std::string& v) {
        if (auto rc = people::parse_role_change(v)) m_p.role_changes.push_back(std::move(*rc));
        else m_p.free_text.push_back(v);
    }

    /// "Peter Lindqvist, sekreterare" under a dotted line in a signature
    /// block (a cell of its own): the name and its role in one.
    bool take_signatory(const std::string& v) {
        const auto comma = v.rfind(',');
        if (comma == std::string::npos) return false;
        const std::string role = text::fold_key(v.substr(comma + 1));
        const std::string name(trim(std::string_view(v).substr(0, comma)));
        if (!people::looks_like_name(name)) return false;
        if (role == "sekreterare" && !m_p.secretary) {
            m_p.secretary = people::parse_person(name);
            return true;
        }
        if (role == "ordforande" && !m_p.chair_signatory) {
            m_p.chair_signatory = people::parse_person(name);
            return true;
        }
        if (role == "justerare" || role == "justerande") {
            add_adjuster(people::parse_person(name));
            return true;
        }
        return false;
    }

    void add_adjuster(model::PersonRef p) {
        // A field left open collects the next page's header, a notice, an
        // attendance list: what is not a name is not a justerare.
        if (!people::looks_like_name(p.name)) {
            m_p.free_text.push_back(p.party.empty() ? p.name : p.name + " (" + p.party + ")");
            return;
        }
        const bool known = std::any_of(m_p.adjusters.begin(), m_p.adjusters.end(),
                                       [&](const model::PersonRef& a) { return a.name == p.name; });
        if (!known) m_p.adjusters.push_back(std::move(p));
    }

    model::Notice& notice() {
        if (!m_p.notice) m_p.notice.emplace();
        return *m_p.notice;
    }

    void date_warning(std::string_view field, std::string_view value) {
        m_ctx.diags->warn(core::DiagCode::DateUnreadable,
                          "\"" + std::string(field) + "\" has no readable date: \"" + std::string(value) + "\"",
                          core::Where{m_ctx.file});
    }

    model::Protocol& m_p;
    const ReadContext& m_ctx;
    std::vector<OpenField> m_open;
    bool m_blank_run = false;
    bool m_after_table = false;  ///< the last line read was a table row
    bool m_in_notice = false;
    bool m_in_signatures = false;
    std::vector<Field> m_stacked;              ///< labels that followed each other without values
    std::vector<Field> m_role_queue;           ///< signature roles waiting for the names below them
    /// The last line of values in a signature block, with their columns: a
    /// role printed below takes the name in its own column.
    std::vector<std::pair<std::size_t, std::string>> m_sig_row;
    std::vector<std::string> m_signature_notes; ///< "Justerare, ej § 45": kept beside the name
    std::vector<std::string> m_named_notes;     ///< "Hussein Ali (S): Justerare, ej § 45", as kept in free_text
    bool m_name_above = false;                 ///< signatures print the name above the role
    std::vector<std::string> m_pending_names;  ///< in that layout: the names waiting for their roles, in order
};

// ---------------------------------------------------------------- trailer

/// Reads "Digitala signaturer" rows: "Johan Alexander Emanuel,Ojanne<TAB>2024-03-22",
/// "Namn: Anna-Karin, Berg  Datum: 2024-10-02".
std::optional<model::SignatureEntry> signature_row(const Line& line) {
    std::size_t b = 0;
    std::size_t e = 0;
    const auto date = text::find_date(line.text, &b, &e);
    if (!date) return std::nullopt;
    std::string name(trim(std::string_view(line.text).substr(0, b)));
    std::string after(trim(std::string_view(line.text).substr(e)));
    for (const std::string_view label : {"Namn:", "Namn", "Datum:", "Datum", "Underskrift:"}) {
        if (name.rfind(label, 0) == 0) name = std::string(trim(std::string_view(name).substr(label.size())));
        const std::string lname = text::lower(name);
        const std::string ll = text::lower(label);
        if (lname.size() >= ll.size() && lname.compare(lname.size() - ll.size(), ll.size(), ll) == 0) {
            name = std::string(trim(std::string_view(name).substr(0, name.size() - label.size())));
        }
    }
    if (name.empty() && !after.empty()) name = after;
    while (!name.empty() && (name.back() == '|' || name.back() == ' ' || name.back() == '\t')) name.pop_back();
    while (!name.empty() && (name.front() == '|' || name.front() == ' ')) name.erase(0, 1);
    if (name.empty() || text::is_lower_initial(name)) return std::nullopt;
    model::SignatureEntry s;
    s.written = name;
    people::split_signature_name(name, s.given_names, s.surname);
    s.date = *date;
    return s;
}

void read_trailer(model::Protocol& p, const std::vector<Line>& lines, std::size_t from, const ReadContext& ctx) {
    HeaderReader fields(p, ctx);
    bool in_signatures = false;
    for (std::size_t i = from; i < lines.size(); ++i) {
        const Line& l = lines[i];
        if (l.blank) { fields.feed(l); continue; }
        const std::string k = text::fold_key(l.text);
        if (k == "digitala signaturer" || k.rfind("detta dokument har signerats digitalt", 0) == 0 ||
            k.rfind("detta dokument har undertecknats digitalt", 0) == 0) {
            in_signatures = true;
            if (!p.signature_table) p.signature_table = model::SignatureTable{};
            // The first line is the heading; a second ("Detta dokument har
            // signerats digitalt av ...") is kept as free text.
            if (p.signature_table->heading.empty()) p.signature_table->heading = l.text;
            else p.free_text.push_back(l.text);
            continue;
        }
        // A name signed above the title "Sekreterare" after the last
        // paragraph (an extract's "Rätt utdraget intygar" / name / title).
        // Not the last of names stacked above their roles in order
        // ("Name" / "Name" / "Sekreterare" / "Ordförande"): those pair by order.
        const bool after_name = i > from && !lines[i - 1].blank && people::looks_like_name(lines[i - 1].text);
        if (!p.secretary && !in_signatures && !after_name && i + 1 < lines.size() && !lines[i + 1].blank &&
            is_secretary_title(lines[i + 1].text) && people::looks_like_name(l.text)) {
            p.secretary = model::PersonRef{l.text, "", ""};
            ++i;
            continue;
        }
        if (in_signatures) {
            if (k == "namn datum" || k == "namn" || k == "datum") continue;
            if (auto row = signature_row(l)) {
                p.signature_table->entries.push_back(std::move(*row));
                continue;
            }
        }
        fields.feed(l);
    }
    fields.finish();
}

/// The justering as the paragraph appointing the justerare announces it:
/// "Protokollet justeras torsdagen den 2 maj 2024 i kommunsekreterarens
/// tjänsterum", in its decision or, failing that, in its other text.
struct Announced {
    std::optional<model::Date> date;
    std::string place;  ///< "kommunsekreterarens tjänsterum", when the sentence names one
};
Announced announced_adjustment(const model::Protocol& p) {
    const auto read = [](std::string_view text, Announced& out) {
        for (const auto& s : text::sentences(text)) {
            if (text::fold_key(s).find("juster") == std::string::npos) continue;
            std::size_t begin = 0, end = 0;
            const auto d = text::find_date(s, &begin, &end);
            if (!d) continue;
            out.date = d;
            // "... 2024 i kommunsekreterarens tjänsterum i Rådhuset." / "... på kansliet"
            std::string_view rest = trim(std::string_view(s).substr(end));
            if (const auto t = text::find_times(rest); t && t->begin == 0) rest = trim(rest.substr(t->stop));
            for (const std::string_view prep : {"i ", "på "}) {
                if (rest.rfind(prep, 0) != 0) continue;
                std::string place(trim(rest.substr(prep.size())));
                // "i enlighet med arbetsordningen", "i samband med ...": no place.
                const std::string lp = text::lower(place);
                if (lp.rfind("enlighet", 0) == 0 || lp.rfind("samband", 0) == 0 || lp.rfind("anslutning", 0) == 0 ||
                    lp.rfind("digital", 0) == 0 || lp.rfind("elektronisk", 0) == 0) {
                    continue;
                }
                while (!place.empty() && (place.back() == '.' || place.back() == ',')) place.pop_back();
                if (!place.empty() && text::length(place) <= 80 && !text::find_date(place)) out.place = place;
            }
            return true;
        }
        return false;
    };
    for (const auto& para : p.paragraphs) {
        const std::string k = text::fold_key(para.title);
        if (k.find("justera") == std::string::npos && k.find("justering") == std::string::npos) continue;
        Announced out;
        for (const auto& point : para.decision) {
            if (read(point.text, out)) return out;
        }
        // The preamble's lines and the sections' text as one: the sentence
        // may run from a preamble line into the text below it.
        std::string rest;
        for (const auto& line : para.preamble) rest += line + " ";
        for (const auto& section : para.sections) {
            for (const auto& b : section.blocks) rest += b.text + " ";
        }
        if (read(rest, out)) return out;
    }
    return {};
}

/// All running text of a paragraph: decision points and their items, sections
/// (with the headings: "Kommunstyrelsen beslutar:" is one).
std::vector<std::string> paragraph_texts(const model::Paragraph& para) {
    std::vector<std::string> out;
    if (!para.decision_heading.empty()) out.push_back(para.decision_heading);
    for (const auto& s : para.sections) {
        if (!s.heading.empty()) out.push_back(s.heading);
    }
    for (const auto& pt : para.decision) {
        out.push_back(pt.text);
        for (const auto& it : pt.items) out.push_back(it);
    }
    for (const auto& s : para.sections) {
        for (const auto& b : s.blocks) out.push_back(b.text);
    }
    return out;
}

/// When no header names the organ: the organ that decides in the paragraphs
/// ("Kommunstyrelsen beslutar", "Nämnden beslutade"), the most frequent.
std::string organ_of_decisions(const model::Protocol& p) {
    std::map<std::string, std::size_t> seen;
    for (const auto& para : p.paragraphs) {
        // A decision heading in the genitive: "Kommunfullmäktiges beslut".
        const std::string heading(trim(para.decision_heading));
        if (heading.size() > 8 && heading.compare(heading.size() - 8, 8, "s beslut") == 0) {
            const std::string cand = heading.substr(0, heading.size() - 8);
            if (text::is_organ_name(cand) && text::is_upper_initial(cand)) ++seen[cand];
        }
        for (const auto& t : paragraph_texts(para)) {
            const std::string l = text::lower(t);
            for (const std::string_view verb : {" beslutar", " beslöt", " beslutade"}) {
                for (auto pos = l.find(verb); pos != std::string::npos; pos = l.find(verb, pos + 1)) {
                    // The organ is the word (or words) right before the verb.
                    std::size_t b = pos;
                    for (int words = 0; words < 4 && b > 0; ++words) {
                        std::size_t w = b;
                        while (w > 0 && t[w - 1] != ' ' && t[w - 1] != '\n') --w;
                        const std::string cand(trim(std::string_view(t).substr(w, pos - w)));
                        if (text::is_organ_name(cand) && text::is_upper_initial(cand)) {
                            ++seen[cand];
                            break;
                        }
                        if (w == 0) break;
                        b = w - 1;
                    }
                }
            }
        }
    }
    std::string best;
    std::size_t n = 0;
    for (const auto& [organ, count] : seen) {
        if (count > n) { best = organ; n = count; }
    }
    return best;
}

/// When no header names the justerare: the paragraph that appoints them ("Val
/// av justerare", "Justering"): the people its sentences about justering name,
/// not a substitute ("med Maria Ljung (MP) som ersättare") nor the chair.
std::vector<model::PersonRef> adjusters_of_paragraph(const model::Protocol& p) {
    std::vector<model::PersonRef> out;
    for (const auto& para : p.paragraphs) {
        const std::string k = text::fold_key(para.title);
        if (k.find("juster") == std::string::npos) continue;
        for (const auto& t : paragraph_texts(para)) {
            for (auto s : text::sentences(t)) {
                if (text::fold_key(s).find("juster") == std::string::npos) continue;
                // Leave out named substitutes for the justerare.
                std::string l = text::lower(s);
                for (const std::string_view stop : {" som ersättare", " som ersättare för", " med ersättare", "ersättare:", "ersättare är"}) {
                    if (const auto e = l.find(stop); e != std::string::npos) {
                        const auto med = l.rfind(" med ", e);
                        const std::size_t cut = med != std::string::npos ? med : e;
                        s = s.substr(0, cut);
                        l = l.substr(0, cut);
                    }
                }
                const auto add = [&](model::PersonRef person) {
                    const bool known = std::any_of(out.begin(), out.end(), [&](const auto& a) { return a.name == person.name; });
                    if (!known) out.push_back(std::move(person));
                };
                // Names with a party: "Kjell Ahrén (S)".
                for (std::size_t open = s.find(" ("); open != std::string::npos; open = s.find(" (", open + 2)) {
                    const auto close = s.find(')', open);
                    if (close == std::string::npos || close - open > 8) continue;
                    std::size_t b = open;
                    int words = 0;
                    while (b > 0 && words < 4) {
                        std::size_t w = b;
                        while (w > 0 && s[w - 1] != ' ') --w;
                        const std::string_view word = std::string_view(s).substr(w, b - w);
                        // "Ordföranden Alexander Ojanne (S)": a role is not a name.
                        if (!text::is_upper_initial(word) || vocabulary::is_structure_word(text::fold_key(word))) break;
                        b = w > 0 ? w - 1 : 0;
                        ++words;
                        if (w == 0) { b = 0; break; }
                    }
                    if (words < 2) continue;
                    const std::size_t from = b == 0 && text::is_upper_initial(s) ? 0 : b + 1;
                    auto person = people::parse_person(s.substr(from, close + 1 - from));
                    if (!person.name.empty() && !text::is_organ_name(person.name)) add(std::move(person));
                }
                // Members named without a party.
                for (const auto& m : p.members) {
                    if (m.role == model::MemberRole::Chair || m.name.size() < 5) continue;
                    if (s.find(m.name) != std::string::npos) add(model::PersonRef{m.name, m.party, m.note});
                }
            }
        }
        if (!out.empty()) break;
    }
    return out;
}

}  // namespace

bool looks_like_register_heading(std::string_view raw) {
    const auto r = register_line(raw);
    return r && (!r->cases.empty() || !r->others.empty());
}

std::size_t count_paragraph_headings(const std::vector<Line>& lines) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (heading_candidate(lines[i], i)) ++n;
    }
    return n;
}

model::Protocol read_protocol(const FrontEndResult& input, const ReadContext& ctx) {
    const auto& lines = input.lines;
    model::Protocol p;
    std::size_t trailer = lines.size();
    auto headings = choose_headings(lines, lines.size(), ctx.source == TextSource::PdfLayout ? running_text_lines(lines) : std::vector<bool>{});
    if (headings.empty()) headings = register_headings(lines);
    // The trailer starts at the first trailer heading after the last paragraph heading.
    const std::size_t last_heading = headings.empty() ? 0 : headings.back().index;
    for (std::size_t i = last_heading + 1; i < lines.size(); ++i) {
        if (is_trailer_start(lines[i])) { trailer = i; break; }
    }
    if (headings.empty()) {
        throw core::Error(core::Errc::IngestNoParagraphs,
                          "no § paragraph found: this does not look like a protocol (use --format agenda for an agenda)",
                          core::Where{ctx.file},
                          "ingen §-paragraf hittades: det här ser inte ut som ett protokoll (använd --format agenda för en föredragningslista)");
    }
    if (headings.size() > ctx.limits->max_paragraphs) {
        throw core::Error(core::Errc::IngestTooManyParagraphs,
                          std::to_string(headings.size()) + " paragraphs, over the limit of " +
                              std::to_string(ctx.limits->max_paragraphs) + " (--max-paragraphs)",
                          core::Where{ctx.file},
                          std::to_string(headings.size()) + " paragrafer, över gränsen på " +
                              std::to_string(ctx.limits->max_paragraphs) + " (--max-paragraphs)");
    }

    // Header: everything before the first paragraph. Header sections that
    // appear after the body (Underskrifter, ANSLAG/BEVIS) are read the same way.
    // A case number on the line(s) right above a heading ("KSKF/2024:388" over
    // "§ 183 Title") belongs to that paragraph, not to the one before it.
    std::vector<std::size_t> starts(headings.size());
    std::vector<std::vector<model::CaseNumber>> above(headings.size());
    for (std::size_t k = 0; k < headings.size(); ++k) {
        const std::size_t floor = k == 0 ? 0 : headings[k - 1].index + 1;
        std::size_t j = headings[k].index;
        starts[k] = j;
        while (j > floor) {
            --j;
            if (lines[j].blank) continue;
            if (!text::is_case_number_line(lines[j].text)) break;
            auto found = text::find_case_numbers(lines[j].text);
            above[k].insert(above[k].begin(), found.begin(), found.end());
            starts[k] = j;
        }
    }
    HeaderReader header(p, ctx);
    const std::vector<Line> head(lines.begin(), lines.begin() + static_cast<std::ptrdiff_t>(starts.front()));
    for (const auto& l : prepare_header(head)) header.feed(l);
    header.finish();

    for (std::size_t k = 0; k < headings.size(); ++k) {
        const std::size_t end = k + 1 < headings.size() ? starts[k + 1] : trailer;
        p.paragraphs.push_back(read_paragraph(lines, headings[k], end, ctx));
        auto& cases = p.paragraphs.back().case_numbers;
        cases.insert(cases.begin(), above[k].begin(), above[k].end());
    }
    // A page header's case number (a "Diarienummer" column) is the case of
    // the paragraph that starts on that page, when it names none of its own;
    // one that the headers give to several paragraphs is the protocol's own.
    {
        std::vector<std::vector<model::CaseNumber>> from_header(headings.size());
        std::map<std::string, std::size_t> given;
        for (std::size_t k = 0; k < headings.size(); ++k) {
            const std::uint32_t at = lines[headings[k].index].source_line;
            const std::uint32_t previous = k == 0 ? 0 : lines[headings[k - 1].index].source_line;
            for (auto it = input.furniture.lines.rbegin(); it != input.furniture.lines.rend(); ++it) {
                if (it->line >= at) continue;
                // The header of the page the paragraph starts on stands a few
                // lines above it; a case number pages earlier is another page's.
                if (it->line < previous || it->line + 12 < at) break;
                auto found = text::find_case_numbers(it->text);
                if (!found.empty()) {
                    for (const auto& c : found) ++given[c.written];
                    from_header[k] = std::move(found);
                    break;
                }
            }
        }
        for (std::size_t k = 0; k < headings.size(); ++k) {
            const bool own = std::all_of(from_header[k].begin(), from_header[k].end(),
                                         [&](const model::CaseNumber& c) { return given[c.written] == 1; });
            if (!from_header[k].empty() && own && p.paragraphs[k].case_numbers.empty()) {
                p.paragraphs[k].case_numbers = std::move(from_header[k]);
            }
        }
    }
    read_trailer(p, lines, trailer, ctx);

    // What the page furniture told, where the header did not.
    if (p.organ.empty()) p.organ = input.furniture.organ;
    if (p.organ.empty()) p.organ = organ_of_decisions(p);
    if (input.furniture.extract) p.kind = model::DocumentKind::Extract;
    // A whole protocol opens with a front page (who attended, who justerar,
    // where and when). One to three paragraphs with none of it are pages
    // taken out of a protocol, whatever their running header calls the
    // document; a longer body without it is a protocol whose front page is
    // missing (a PDF's text from its second page), and stays one.
    if (p.kind == model::DocumentKind::Protocol && !p.paragraphs.empty() && p.paragraphs.size() <= 3 && p.members.empty() &&
        p.substitutes.empty() && p.others.empty() && p.adjusters.empty() && !p.secretary && !p.chair_signatory &&
        p.place.empty() && !p.start_time && p.adjustment_place.empty() && !p.adjustment_date) {
        p.kind = model::DocumentKind::Extract;
        ctx.diags->info(core::DiagCode::LayoutGuess,
                        "no front page (attendance, justerare, place or time): read as an extract of a protocol",
                        core::Where{ctx.file, lines[headings.front().index].source_line, std::nullopt});
    }
    if (p.adjusters.empty()) p.adjusters = adjusters_of_paragraph(p);
    if (!p.secretary) p.secretary = secretary_among_others(p);
    if (p.municipality.empty()) p.municipality = input.furniture.municipality;
    if (!p.number) p.number = input.furniture.number;
    if (!p.meeting_date && input.furniture.date) {
        p.meeting_date = input.furniture.date;
        p.meeting_date_source = "page-header";
    }
    // "Plats och tid" printed without its value, which stands lower down on
    // its own ("Kommunstyrelsens sammanträdesrum, Stadshuset, kl. 13.00-16.40",
    // a column read after the signatures): a line of the header's free text
    // with a place and the meeting's hours, and no date or paragraphs.
    if (p.place.empty() && !p.start_time && !p.end_time) {
        for (auto it = p.free_text.begin(); it != p.free_text.end(); ++it) {
            const auto t = text::find_times(*it);
            if (!t || !t->start || !t->end || it->find("\xC2\xA7") != std::string::npos || text::find_date(*it)) continue;
            std::string place = *it;
            place.erase(t->begin, t->stop - t->begin);
            place = clean_place(place);
            if (place.empty() || place.find_first_of("0123456789") != std::string::npos || text::ends_sentence(place)) continue;
            p.place = place;
            p.start_time = t->start;
            p.end_time = t->end;
            p.free_text.erase(it);
            break;
        }
    }
    if (!p.start_time && !p.end_time) {
        p.start_time = input.furniture.start_time;
        p.end_time = input.furniture.end_time;
    }
    const Announced announced = announced_adjustment(p);
    p.announced_adjustment_date = announced.date;
    // Jäv and who stood in for whom, as the paragraphs and the attendance say.
    for (auto& rc : people::paragraph_role_changes(p)) {
        if (std::find(p.role_changes.begin(), p.role_changes.end(), rc) == p.role_changes.end()) p.role_changes.push_back(std::move(rc));
    }
    p.jav = people::jav_declarations(p);
    if (p.adjustment_place.empty() && !announced.place.empty()) p.adjustment_place = announced.place;

    // Consistency notes a secretary wants to see at once.
    for (std::size_t k = 1; k < p.paragraphs.size(); ++k) {
        if (p.paragraphs[k].number != p.paragraphs[k - 1].number + 1 && p.paragraph_range.empty()) {
            ctx.diags->warn(core::DiagCode::ParagraphOrder,
                            "paragraph numbers jump from § " + std::to_string(p.paragraphs[k - 1].number) + " to § " +
                                std::to_string(p.paragraphs[k].number) + ": a paragraph may not have been recognised",
                            core::Where{ctx.file, lines[headings[k].index].source_line, std::nullopt});
        }
    }
    if (!p.paragraph_range.empty()) {
        std::vector<int> present;
        for (const auto& para : p.paragraphs) present.push_back(para.number);
        if (present != p.paragraph_range) {
            ctx.diags->warn(core::DiagCode::ParagraphListMismatch,
                            "the header lists paragraphs \"" + p.paragraph_range_written +
                                "\" but the text holds " +
                                (present.size() == 1 ? "only § " + std::to_string(present.front())
                                                     : std::to_string(present.size()) + " paragraphs (§ " +
                                                           std::to_string(present.front()) + "–§ " + std::to_string(present.back()) + ")"),
                            core::Where{ctx.file});
        }
    }
    return p;
}

}  // namespace justera::ingest
