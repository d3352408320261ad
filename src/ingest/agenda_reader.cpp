// SPDX-License-Identifier: GPL-3.0-or-later
// The agenda reader: items, their proposals and the proposals for immediate
// adjustment, from text scraped off a municipality's meeting page.

#include <algorithm>
#include <array>

#include "justera/core/error.hpp"
#include "reader.hpp"
#include "text_util.hpp"

namespace justera::ingest {

namespace {

using text::trim;

constexpr std::array<std::string_view, 24> k_noise_prefixes{
    "hoppa over navigering", "till innehallet", "meny", "sok", "vi anvander cookies", "vi anvander kakor",
    "det finns inga sammantraden att visa", "det finns ingen information att visa", "las mer om cookies",
    "godkann cookies", "logga in", "skriv ut", "dela", "tillbaka", "sidan uppdaterades", "senast uppdaterad",
    "kontakta oss", "folj oss", "tillganglighetsredogorelse", "om kakor", "om cookies",
    "behandling av personuppgifter", "telefon vaxel", "till toppen"};

constexpr std::array<std::string_view, 3> k_status_prefixes{
    "inget protokoll har publicerats", "protokollet ar inte publicerat", "protokoll saknas"};

bool starts_key(const std::string& key, std::string_view prefix) {
    if (key.rfind(prefix, 0) != 0) return false;
    return key.size() == prefix.size() || key[prefix.size()] == ' ';
}

/// Where a web page's footer begins: nothing after it belongs to the agenda.
bool is_footer_start(const std::string& key) {
    return starts_key(key, "sidan uppdaterades") || starts_key(key, "senast uppdaterad") || key == "kontakta oss";
}


bool is_noise(const std::string& key) {
    return std::any_of(k_noise_prefixes.begin(), k_noise_prefixes.end(), [&](std::string_view p) {
        // Short navigation words must be the whole line; sentences may go on.
        return p.size() <= 8 ? key == p : starts_key(key, p);
    });
}

bool is_status(const std::string& key) {
    return std::any_of(k_status_prefixes.begin(), k_status_prefixes.end(),
                       [&](std::string_view p) { return starts_key(key, p); });
}

bool is_attachments(const std::string& key) { return key == "bilagor" || key == "bilaga" || key == "handlingar"; }

bool is_proposal_heading(const std::string& key) {
    return key == "forslag till beslut" || key == "forvaltningens forslag till beslut" ||
           key == "forslag till beslut och sammanfattning";
}

bool title_like(std::string_view t) {
    t = trim(t);
    return !t.empty() && text::length(t) <= 160 && !text::ends_sentence(t) && !text::is_lower_initial(t);
}

std::optional<int> numbered(std::string_view t, std::string_view& rest) {
    std::size_t n = 0;
    while (n < t.size() && t[n] >= '0' && t[n] <= '9') ++n;
    if (n == 0 || n > 3) return std::nullopt;
    if (n == t.size()) {
        rest = {};
        return text::to_int(t.substr(0, n));
    }
    if ((t[n] != '.' && t[n] != ')') || n + 1 >= t.size() || t[n + 1] != ' ') return std::nullopt;
    rest = trim(t.substr(n + 2));
    return text::to_int(t.substr(0, n));
}

struct ItemBuilder {
    model::AgendaItem item;
    bool in_proposal = false;
    bool closed = false;  ///< "Bilagor" seen
    bool has_content = false;
};

void add_text(ItemBuilder& b, const Line& l, bool blank_before) {
    std::string_view rest;
    const auto n = numbered(l.text, rest);
    const std::string key = text::fold_key(l.text);
    if (is_proposal_heading(key)) {
        b.in_proposal = true;
        b.has_content = true;
        return;
    }
    if (n && !rest.empty()) {
        b.item.proposal.push_back(model::DecisionPoint{n, std::string(rest), {}});
        b.has_content = true;
        return;
    }
    if (b.in_proposal && !b.item.proposal.empty() && (l.bullet || !blank_before)) {
        if (l.bullet) b.item.proposal.back().items.push_back(l.text);
        else text::join_line(b.item.proposal.back().text, l.text);
        return;
    }
    if (!b.item.text.empty() && !blank_before && !l.bullet) {
        text::join_line(b.item.text.back(), l.text);
    } else {
        b.item.text.push_back(l.text);
    }
    b.has_content = true;
}

void finish_item(ItemBuilder& b, std::vector<model::AgendaItem>& out) {
    auto& it = b.item;
    if (it.title.empty() && it.text.empty() && it.proposal.empty() && !it.number) return;
    // Without numbered points, the administration's own sentence is the proposal.
    if (it.proposal.empty()) {
        for (const auto& t : it.text) {
            for (const auto& s : text::sentences(t)) {
                const std::string k = text::fold_key(s);
                if (k.find(" foreslar ") != std::string::npos && k.find(" att ") != std::string::npos &&
                    (k.rfind("forvaltningen", 0) == 0 || k.find("forvaltning") != std::string::npos ||
                     k.rfind("socialforvaltningen", 0) == 0)) {
                    it.proposal.push_back(model::DecisionPoint{std::nullopt, s, {}});
                }
            }
        }
    }
    for (const auto& point : it.proposal) {
        for (const auto& s : text::sentences(point.text)) {
            if (text::is_immediate_sentence(s)) { it.immediate_sentence = s; break; }
        }
        if (it.immediate_sentence) break;
    }
    out.push_back(std::move(it));
}

}  // namespace

model::Agenda read_agenda(const std::vector<Line>& lines_in, const ReadContext& ctx) {
    model::Agenda a;
    // Drop noise, keep status notes and meeting facts.
    std::vector<Line> lines;
    for (const auto& l : lines_in) {
        if (l.blank) { lines.push_back(l); continue; }
        const std::string key = text::fold_key(l.text);
        if (key.empty() && !l.bullet) continue;
        if (is_footer_start(key)) break;
        if (is_noise(key)) continue;
        if (is_status(key)) { a.notes.push_back(l.text); continue; }
        if (key == "foredragningslista" || key == "dagordning" || key == "kallelse") continue;
        const std::string lower = text::lower(l.text);
        if ((lower.find("sammanträde") != std::string::npos || lower.find("möte") != std::string::npos) &&
            text::find_date(l.text) && text::length(l.text) < 200 && !a.meeting_date) {
            std::size_t b = 0;
            std::size_t e = 0;
            a.meeting_date = text::find_date(l.text, &b, &e);
            if (auto t = text::find_times(l.text)) {
                a.start_time = t->start;
                e = std::max(e, t->stop);
            }
            std::string place(trim(std::string_view(l.text).substr(e)));
            while (!place.empty() && (place.front() == ',' || place.front() == ' ')) place.erase(0, 1);
            a.place = place;
            continue;
        }
        lines.push_back(l);
    }

    // Item starts: bullets at the outermost indentation, or numbered titles,
    // or (no markers at all) titles after "Bilagor".
    std::size_t min_bullet_indent = SIZE_MAX;
    for (const auto& l : lines) {
        if (l.bullet && !l.blank) min_bullet_indent = std::min<std::size_t>(min_bullet_indent, l.indent);
    }
    const bool bullet_mode = min_bullet_indent != SIZE_MAX;
    std::size_t min_number_indent = SIZE_MAX;
    std::size_t numbered_titles = 0;
    if (!bullet_mode) {
        for (const auto& l : lines) {
            std::string_view rest;
            if (!l.blank && numbered(l.text, rest) && title_like(rest) && !rest.empty()) {
                min_number_indent = std::min<std::size_t>(min_number_indent, l.indent);
                ++numbered_titles;
            }
        }
    }
    const bool number_mode = !bullet_mode && numbered_titles >= 2;

    std::vector<model::AgendaItem> items;
    std::optional<ItemBuilder> cur;
    bool blank_before = false;
    bool expect_title = false;
    int last_number = 0;
    bool previous_ended_sentence = false;
    bool previous_colon = false;
    for (const auto& l : lines) {
        if (l.blank) { blank_before = true; continue; }
        const std::string key = text::fold_key(l.text);
        const bool was_sentence = previous_ended_sentence;
        const bool was_colon = previous_colon;
        {
            const std::string_view t = text::trim(l.text);
            previous_colon = !t.empty() && t.back() == ':';
            previous_ended_sentence = text::ends_sentence(t) && !previous_colon;
        }
        bool starts = false;
        std::optional<int> number;
        std::string title;
        std::string first_text;
        if (bullet_mode && l.bullet && l.indent == min_bullet_indent) {
            starts = true;
            std::string_view rest;
            if (auto n = numbered(l.text, rest); n && rest.empty()) number = n;
            else first_text = l.text;
        } else if (number_mode && l.indent == min_number_indent) {
            std::string_view rest;
            auto n = numbered(l.text, rest);
            const bool in_proposal = cur && cur->in_proposal && !cur->closed;
            if (n && title_like(rest) && (!in_proposal || *n > last_number) && *n > last_number) {
                starts = true;
                number = n;
                title = std::string(rest);
            }
        } else if (!bullet_mode && !number_mode) {
            // An item ends at "Bilagor"; a title line right after a finished
            // sentence also starts a new one (the last items often have no "Bilagor").
            const bool after_sentence = cur && cur->has_content && was_sentence && title_like(l.text) && !was_colon;
            const bool boundary = !cur || cur->closed || (!cur->has_content && !cur->item.title.empty()) || after_sentence;
            if (boundary && !is_attachments(key)) {
                starts = true;
                if (title_like(l.text)) title = l.text;
                else first_text = l.text;
            }
        }
        if (starts) {
            if (cur) finish_item(*cur, items);
            cur.emplace();
            cur->item.number = number;
            if (number) last_number = *number;
            cur->item.title = title;
            expect_title = number.has_value() && title.empty();
            if (!first_text.empty()) {
                Line t = l;
                t.text = first_text;
                t.bullet = false;
                add_text(*cur, t, false);
            }
            blank_before = false;
            continue;
        }
        if (!cur) {
            if (a.organ.empty() && title_like(l.text) && text::is_organ_name(l.text)) {
                a.organ = text::organ_display(l.text);
            }
            blank_before = false;
            continue;
        }
        if (is_attachments(key)) {
            cur->closed = true;
            blank_before = false;
            continue;
        }
        if (expect_title && title_like(l.text) && !cur->has_content) {
            cur->item.title = l.text;
            expect_title = false;
            blank_before = false;
            continue;
        }
        expect_title = false;
        Line t = l;
        if (bullet_mode && l.bullet && l.indent > min_bullet_indent) t.bullet = true;
        add_text(*cur, t, blank_before);
        blank_before = false;
    }
    if (cur) finish_item(*cur, items);
    if (items.empty()) {
        throw core::Error(core::Errc::IngestNoParagraphs, "no agenda items found", core::Where{ctx.file},
                          "inga punkter på föredragningslistan hittades");
    }
    if (items.size() > ctx.limits->max_paragraphs) {
        throw core::Error(core::Errc::IngestTooManyParagraphs,
                          std::to_string(items.size()) + " agenda items, over the limit of " + std::to_string(ctx.limits->max_paragraphs) +
                              " (--max-paragraphs)",
                          core::Where{ctx.file},
                          std::to_string(items.size()) + " punkter på föredragningslistan, över gränsen på " +
                              std::to_string(ctx.limits->max_paragraphs) + " (--max-paragraphs)");
    }
    a.items = std::move(items);
    return a;
}

}  // namespace justera::ingest
