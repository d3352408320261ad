// SPDX-License-Identifier: GPL-3.0-or-later
#include "lines.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <array>
#include <cctype>
#include <map>
#include <set>

#include "text_util.hpp"

namespace justera::ingest {

namespace {

using text::trim;

struct RawLine {
    std::string text;
    std::uint32_t number = 0;
    bool page_break = false;
};

std::size_t count_of(std::string_view s, std::string_view what) {
    std::size_t n = 0;
    for (std::size_t p = s.find(what); p != std::string_view::npos; p = s.find(what, p + what.size())) ++n;
    return n;
}

/// Splits into lines; form feeds start a new line marked as a page break.
std::vector<RawLine> split_lines(std::string_view text) {
    std::vector<RawLine> out;
    std::uint32_t number = 1;
    std::size_t start = 0;
    bool pending_break = false;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] != '\n' && text[i] != '\f') continue;
        std::string_view line = text.substr(start, i - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty() || i < text.size() || start < text.size()) {
            out.push_back(RawLine{std::string(line), number, pending_break});
        }
        pending_break = false;
        if (i < text.size() && text[i] == '\f') {
            pending_break = true;
            // A form feed at the start of a line does not end that line.
            if (line.empty() && !out.empty()) out.pop_back();
        } else {
            ++number;
        }
        start = i + 1;
    }
    return out;
}

/// Joins lines while a ** opened on one line is closed only on a later one
/// (bold titles broken over lines, "**§ 29  \nÖvrigt****Beslut**").
std::vector<RawLine> join_bold_spans(std::vector<RawLine> lines) {
    std::vector<RawLine> out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        RawLine cur = std::move(lines[i]);
        std::size_t joined = 0;
        while (count_of(cur.text, "**") % 2 == 1 && i + 1 < lines.size() && joined < 4 &&
               !trim(lines[i + 1].text).empty()) {
            cur.text = std::string(text::trim_right(cur.text)) + " " + std::string(trim(lines[i + 1].text));
            ++i;
            ++joined;
        }
        out.push_back(std::move(cur));
    }
    return out;
}

bool is_paragraph_token(std::string_view s) {
    s = trim(s);
    if (s.rfind("\xC2\xA7", 0) != 0) return false;
    s.remove_prefix(2);
    s = trim(s);
    if (s.empty()) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// Removes single-asterisk emphasis at word edges: "*text*" -> "text".
std::string strip_emphasis(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '*') {
            const bool edge_before = i == 0 || s[i - 1] == ' ';
            const bool edge_after = i + 1 == s.size() || s[i + 1] == ' ' || s[i + 1] == '*';
            if (edge_before || edge_after) continue;
        }
        out.push_back(s[i]);
    }
    return out;
}

/// Removes HTML tags a converter leaves behind ("<a id=\"_Toc1\"></a>", "<span>").
std::string strip_html_tags(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '<' && i + 1 < s.size() &&
            (std::isalpha(static_cast<unsigned char>(s[i + 1])) != 0 || s[i + 1] == '/')) {
            const auto close = s.find('>', i);
            if (close != std::string_view::npos && close - i <= 200 && s.substr(i, close - i).find('<', 1) == std::string_view::npos) {
                // A line break inside a table cell separates values: keep it as a column gap.
                const std::string tag = text::lower(s.substr(i, close - i + 1));
                if (tag.rfind("<br", 0) == 0) out += "   ";
                i = close;
                continue;
            }
        }
        out.push_back(s[i]);
    }
    return out;
}

std::string unescape_markdown(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size() && std::string_view("-.*_#()[]!+|`").find(s[i + 1]) != std::string_view::npos) {
            continue;
        }
        out.push_back(s[i]);
    }
    return out;
}

/// Bullet markers a writer or a converter uses; returns the marker length.
std::size_t bullet_marker(std::string_view s) {
    static constexpr std::array<std::string_view, 9> k_markers{
        "- ", "* ", "+ ", "\xE2\x80\xA2", "\xC2\xB7", "\xE2\x80\x93 ", "\xEF\x82\xB7", "\xE2\x96\xAA", "\xE2\x97\xA6"};
    for (const auto m : k_markers) {
        if (s.rfind(m, 0) == 0) return m.size();
    }
    return 0;
}

bool is_markdown_rule(std::string_view s) {
    s = trim(s);
    if (s.size() < 3) return false;
    const char c = s.front();
    if (c != '-' && c != '*' && c != '_' && c != '=') return false;
    return std::all_of(s.begin(), s.end(), [c](char x) { return x == c || x == ' '; });
}

bool is_page_marker(std::string_view s) {
    s = trim(s);
    if (s.rfind("<!--", 0) == 0) return true;
    const std::string l = text::lower(s);
    return l.rfind("[page", 0) == 0 || l.rfind("[sida", 0) == 0 || l == "\\pagebreak" || l == "<pagebreak>";
}

/// "Sida 3 av 12", "Sida 21 (54)", "Page 2 of 9", "3 (12)", "- 4 -".
bool is_page_number(std::string_view s) {
    const std::string l = text::lower(trim(s));
    std::size_t i = 0;
    if (l.rfind("sida", 0) == 0) i = 4;
    else if (l.rfind("page", 0) == 0) i = 4;
    else if (l.rfind("- ", 0) == 0) i = 2;
    while (i < l.size() && l[i] == ' ') ++i;
    const std::size_t d = [&] { std::size_t n = 0; while (i + n < l.size() && l[i + n] >= '0' && l[i + n] <= '9') ++n; return n; }();
    if (d == 0 || d > 4) return false;
    std::string rest = std::string(trim(std::string_view(l).substr(i + d)));
    if (rest.empty()) return i > 0;  // "Sida 3"; a bare number is not enough
    if (rest == "-") return true;
    const auto strip = [&](std::string_view p) {
        if (rest.rfind(p, 0) == 0) { rest = std::string(trim(std::string_view(rest).substr(p.size()))); return true; }
        return false;
    };
    if (strip("av") || strip("of") || strip("/") || strip("(")) {
        std::size_t n = 0;
        while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
        if (n == 0 || n > 4) return false;
        // The page can not be beyond the total: "2022/21" is a case number.
        const int page = text::to_int(std::string_view(l).substr(i, d));
        const int total = text::to_int(std::string_view(rest).substr(0, n));
        if (page < 1 || page > total) return false;
        rest = rest.substr(n);
        return rest.empty() || rest == ")";
    }
    return false;
}

/// A layout line whose last cell is a page number ("SAMMANTRÄDESPROTOKOLL   Sida 3 av 12").
bool has_page_number_cell(std::string_view raw) {
    const auto cs = text::cells(raw);
    return !cs.empty() && is_page_number(cs.back().text);
}


/// Lines a page header or footer typically holds.
bool is_known_furniture(std::string_view s) {
    const std::string k = text::fold_key(s);
    if (k.empty()) return false;
    if (is_page_number(s)) return true;
    static constexpr std::array<std::string_view, 8> k_starts{
        "sammantradesprotokoll", "sammantradesdatum", "justerandes sign", "justerandes signatur",
        "utdragsbestyrkande", "protokoll", "motesprotokoll", "sammantradesprotokoll utdrag"};
    for (const auto st : k_starts) {
        if (k.rfind(st, 0) == 0 && k.size() <= st.size() + 24) return true;
    }
    // A date alone on a line.
    std::size_t b = 0;
    std::size_t e = 0;
    if (text::find_date(s, &b, &e) && trim(s.substr(0, b)).empty() && trim(s.substr(e)).empty()) return true;
    return false;
}

std::string furniture_key(std::string_view s) { return text::lower(trim(s)); }

/// Removes running headers and footers around page numbers and page breaks,
/// keeping what they tell about the document.
void remove_furniture(std::vector<Line>& lines, Furniture& found) {
    std::vector<std::size_t> anchors;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (!lines[i].blank && (is_page_number(lines[i].text) || has_page_number_cell(lines[i].raw))) {
            anchors.push_back(i);
        } else if (lines[i].page_break) {
            anchors.push_back(i);
        }
    }
    if (anchors.empty()) return;
    constexpr std::size_t k_window = 6;
    // Anchors a few lines apart ("---" then "<!-- page 2 -->") are one page break.
    std::vector<std::size_t> group(anchors.size(), 0);
    for (std::size_t a = 1; a < anchors.size(); ++a) {
        group[a] = anchors[a] - anchors[a - 1] <= 3 ? group[a - 1] : group[a - 1] + 1;
    }
    // A running header recurs at several page breaks and nowhere else.
    std::map<std::string, std::size_t> total;
    for (const auto& l : lines) {
        if (!l.blank && text::length(l.text) <= 80) ++total[furniture_key(l.text)];
    }
    std::map<std::string, std::set<std::size_t>> near;
    std::map<std::string, std::set<std::size_t>> near_lines;
    for (std::size_t a = 0; a < anchors.size(); ++a) {
        const auto visit = [&](std::size_t i) {
            if (!lines[i].blank && text::length(lines[i].text) <= 80) {
                near[furniture_key(lines[i].text)].insert(group[a]);
                near_lines[furniture_key(lines[i].text)].insert(i);
            }
        };
        std::size_t seen = 0;
        for (std::size_t i = anchors[a]; i < lines.size() && seen <= k_window && i <= anchors[a] + 24; ++i) {
            if (!lines[i].blank) { visit(i); ++seen; }
        }
        seen = 0;
        for (std::size_t i = anchors[a]; i-- > 0 && seen < k_window && i + 24 >= anchors[a];) {
            if (!lines[i].blank) { visit(i); ++seen; }
        }
    }
    const auto is_furniture = [&](const Line& l) {
        if (l.blank) return true;
        // A paragraph heading is never a running header, even on a page's first line.
        if (l.text.find("\xC2\xA7") != std::string::npos && !has_page_number_cell(l.raw)) return false;
        if (is_known_furniture(l.text) || has_page_number_cell(l.raw)) return true;
        const std::string key = furniture_key(l.text);
        const auto it = near.find(key);
        return it != near.end() && it->second.size() >= 2 && near_lines[key].size() == total[key] &&
               text::length(l.text) <= 80;
    };
    std::vector<bool> remove(lines.size(), false);
    for (const std::size_t a : anchors) {
        const bool page_number_anchor = !lines[a].blank && (is_page_number(lines[a].text) || has_page_number_cell(lines[a].raw));
        if (page_number_anchor) remove[a] = true;
        // Headers and footers are a few lines: the scan is bounded so that a
        // file of blank lines and form feeds costs linear time, not quadratic.
        constexpr std::size_t k_reach = 24;
        for (std::size_t i = a + (page_number_anchor ? 1 : 0); i < lines.size() && i <= a + k_reach && is_furniture(lines[i]); ++i) {
            if (!lines[i].blank) remove[i] = true;
        }
        for (std::size_t i = a; i-- > 0 && i + k_reach >= a && is_furniture(lines[i]);) {
            if (!lines[i].blank) remove[i] = true;
        }
    }
    std::vector<Line> kept;
    kept.reserve(lines.size());
    bool carry_break = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (remove[i]) {
            const std::string& t = lines[i].text;
            if (auto n = text::find_protocol_number(t, std::string::npos); n && !found.number) found.number = n;
            std::size_t b = 0;
            std::size_t e = 0;
            if (auto d = text::find_date(t, &b, &e); d && !found.date) found.date = d;
            for (const auto& c : text::cells(lines[i].raw)) {
                if (found.organ.empty() && text::is_organ_name(c.text)) found.organ = text::organ_display(c.text);
                if (found.municipality.empty() && text::is_municipality_name(c.text)) {
                    found.municipality = text::municipality_display(c.text);
                }
            }
            if (std::getenv("JUSTERA_DEBUG_FURNITURE")) std::fprintf(stderr, "furniture: %u: %s\n", lines[i].source_line, t.c_str());
            ++found.removed_lines;
            found.lines.push_back(model::SourceLine{lines[i].source_line, t});
            carry_break = true;
            continue;
        }
        Line l = std::move(lines[i]);
        if (carry_break) l.page_break = true;
        if (!l.blank) carry_break = false;
        kept.push_back(std::move(l));
    }
    lines = std::move(kept);
}

}  // namespace

FrontEndResult front_end(std::string_view text_in, Layout layout, const std::string& file,
                         core::Diagnostics& diags) {
    FrontEndResult result;
    std::vector<RawLine> raw = join_bold_spans(split_lines(text_in));

    // In PDF text, a line that ends in two or more spaces marks a heading run
    // (bold text) when most lines do not: measure before trusting it.
    std::size_t nonblank = 0;
    std::size_t double_trailing = 0;
    for (const auto& r : raw) {
        if (trim(r.text).empty()) continue;
        ++nonblank;
        const std::string_view t = r.text;
        if (t.size() >= 2 && t[t.size() - 1] == ' ' && t[t.size() - 2] == ' ') ++double_trailing;
    }
    const bool trailing_marks_heading =
        layout == Layout::PdfText && double_trailing > 0 && double_trailing * 4 < nonblank;

    bool previous_ended_sentence = true;
    bool previous_blank = true;
    for (auto& r : raw) {
        Line base;
        base.raw = r.text;
        base.source_line = r.number;
        base.page_break = r.page_break;
        std::string md_clean;
        if (layout == Layout::Markdown) {
            // A trailing backslash is a hard line break; tags are a converter's leftovers.
            md_clean = strip_html_tags(r.text);
            std::string_view tr = text::trim_right(md_clean);
            if (!tr.empty() && tr.back() == '\\') md_clean = std::string(text::trim_right(tr.substr(0, tr.size() - 1)));
        }
        std::string_view t = layout == Layout::Markdown ? std::string_view(md_clean) : std::string_view(r.text);
        while (base.indent < t.size() && t[base.indent] == ' ') ++base.indent;
        std::string_view body = trim(t);

        if (layout == Layout::Markdown && (is_markdown_rule(body) || is_page_marker(body))) {
            if (is_page_marker(body)) result.furniture.lines.push_back(model::SourceLine{r.number, std::string(body)});
            Line marker = base;
            marker.blank = true;
            marker.page_break = true;
            marker.text.clear();
            result.lines.push_back(std::move(marker));
            previous_blank = true;
            continue;
        }
        if (body.empty() || body == "\xC2\xA0") {
            base.blank = true;
            result.lines.push_back(std::move(base));
            previous_blank = true;
            continue;
        }
        if (layout == Layout::Markdown && body.front() == '|' ) {
            // A table row: cells become a layout line, separator rows vanish.
            const auto cs = text::cells(body);
            const bool separator = std::all_of(cs.begin(), cs.end(), [](const text::Cell& c) {
                return std::all_of(c.text.begin(), c.text.end(), [](char x) { return x == '-' || x == ':' || x == ' '; });
            });
            if (separator) continue;
            std::string joined;
            for (auto c : cs) {
                // A converter's line break inside a cell separates values.
                for (const std::string_view br : {"<br>", "<br/>", "<br />"}) {
                    for (auto p = c.text.find(br); p != std::string::npos; p = c.text.find(br)) c.text.replace(p, br.size(), "   ");
                }
                if (!joined.empty()) joined += "   ";
                joined += strip_emphasis(std::string(c.text));
            }
            std::string cleaned;
            for (std::size_t k = 0; k < joined.size(); ++k) {
                if (joined.compare(k, 2, "**") == 0) { ++k; continue; }
                cleaned.push_back(joined[k]);
            }
            base.text = unescape_markdown(cleaned);
            base.raw = base.text;
            result.lines.push_back(std::move(base));
            previous_blank = false;
            previous_ended_sentence = text::ends_sentence(result.lines.back().text);
            continue;
        }

        bool heading = false;
        if (layout == Layout::Markdown) {
            std::size_t h = 0;
            while (h < body.size() && body[h] == '#') ++h;
            if (h > 0 && h <= 6 && h < body.size() && body[h] == ' ') {
                heading = true;
                body = trim(body.substr(h));
            }
        }
        // Bullets before bold handling: "- **Text**" is a bullet.
        bool bullet = false;
        if (const std::size_t m = bullet_marker(body); m > 0 && !(body.size() > 1 && body[0] == '*' && body[1] == '*')) {
            bullet = true;
            body = trim(body.substr(m));
        }

        // Bold segments: split glued runs ("**§ 3****Title****Section**",
        // "§ 10**Title**", "SOF 2024/107**Beslut**") into lines of their own.
        std::vector<std::pair<std::string, bool>> segments;  // text, bold
        if (body.find("**") != std::string_view::npos) {
            bool bold = false;
            std::size_t start = 0;
            for (std::size_t p = 0; p <= body.size(); ++p) {
                if (p == body.size() || body.compare(p, 2, "**") == 0) {
                    const std::string_view seg = trim(body.substr(start, p - start));
                    if (!seg.empty()) segments.emplace_back(std::string(seg), bold);
                    bold = !bold;
                    start = p + 2;
                    ++p;
                }
            }
        }
        bool split = false;
        if (!segments.empty()) {
            std::size_t bold_count = 0;
            bool plain_ok = true;
            for (const auto& [seg, b] : segments) {
                if (b) ++bold_count;
                else if (!is_paragraph_token(seg) && !text::is_case_number_line(seg)) plain_ok = false;
            }
            split = bold_count >= 1 && plain_ok && (segments.size() >= 2 || bold_count == 1);
        }
        const auto finish = [&](std::string s, bool is_heading) {
            Line l = base;
            l.text = unescape_markdown(strip_emphasis(s));
            l.text = std::string(trim(l.text));
            // Markdown's columns are its tables; elsewhere the raw line keeps
            // its spacing for layout columns.
            if (layout == Layout::Markdown) l.raw = l.text;
            l.heading = is_heading;
            l.bullet = bullet;
            if (l.text.empty()) return;
            result.lines.push_back(std::move(l));
        };
        if (split) {
            for (const auto& [seg, b] : segments) finish(seg, heading || (b && !bullet));
        } else {
            std::string s(body);
            for (std::size_t p = s.find("**"); p != std::string::npos; p = s.find("**", p)) s.erase(p, 2);
            const bool pdf_heading = trailing_marks_heading && t.size() >= 2 && t[t.size() - 1] == ' ' && t[t.size() - 2] == ' ';
            // A bullet lost to a leading space in PDF text: " Text" after a
            // finished sentence or a blank line.
            if (layout == Layout::PdfText && !bullet && base.indent == 1 && t.size() > 1 &&
                (previous_blank || previous_ended_sentence) && !text::is_lower_initial(body) &&
                body.rfind("\xC2\xA7", 0) != 0) {
                bullet = true;
            }
            finish(std::move(s), heading || pdf_heading);
        }
        if (!result.lines.empty() && !result.lines.back().blank) {
            previous_ended_sentence = text::ends_sentence(result.lines.back().text);
        }
        previous_blank = false;
    }

    if (layout != Layout::Agenda) {
        remove_furniture(result.lines, result.furniture);
        if (result.furniture.removed_lines > 0) {
            diags.info(core::DiagCode::PageFurnitureRemoved,
                       std::to_string(result.furniture.removed_lines) +
                           " lines of page headers and footers were recognised and left out",
                       core::Where{file});
        }
    }
    return result;
}

}  // namespace justera::ingest
