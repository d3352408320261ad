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
    out.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
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

/// The escapes of justera's own DOCX reader (src/ingest/docx.cpp): a
/// backslash takes the next character as written, whatever it is.
std::string unescape_docx(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        out.push_back(s[i]);
    }
    return out;
}

/// A table row's text with its escaped bars ("\|", text in a cell) held as
/// a byte that no checked text contains, so that only the cell borders split
/// it; restore_bars gives them back, still escaped.
std::string hold_escaped_bars(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) {
            if (s[i + 1] == '|') out.push_back('\x01');
            else out.append(s.substr(i, 2));
            ++i;
            continue;
        }
        out.push_back(s[i]);
    }
    return out;
}

std::string restore_bars(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        if (c == '\x01') out += "\\|";
        else out.push_back(c);
    }
    return out;
}

/// An aligned DOCX table row (escaped bars held, see hold_escaped_bars) as
/// text with its columns: borders as spaces, escapes as the characters.
std::string table_columns(std::string_view row) {
    std::string out;
    out.reserve(row.size());
    for (std::size_t i = 0; i < row.size(); ++i) {
        if (row[i] == '|') out.push_back(' ');
        else if (row[i] == '\x01') out.push_back('|');
        else if (row[i] == '\\' && i + 1 < row.size()) out.push_back(row[++i]);
        else out.push_back(row[i]);
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
    // Markers are ASCII: compared without case, on the line's first bytes only.
    const auto is = [&](std::string_view marker, bool whole) {
        if (s.size() < marker.size() || (whole && s.size() != marker.size())) return false;
        for (std::size_t i = 0; i < marker.size(); ++i) {
            if (std::tolower(static_cast<unsigned char>(s[i])) != marker[i]) return false;
        }
        return true;
    };
    return is("[page", false) || is("[sida", false) || is("\\pagebreak", true) || is("<pagebreak>", true);
}

/// "Sida 3 av 12", "Sida 21 (54)", "Page 2 of 9", "3 (12)", "- 4 -".
bool is_page_number(std::string_view s) {
    s = trim(s);
    if (s.size() > 24) return false;  // "Sida 123 av 456", "Page 12 of 300": short
    const std::string l = text::lower(s);
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
    if (raw.find_first_of("0123456789") == std::string_view::npos) return false;
    const std::string_view last = text::last_cell(raw);
    return !last.empty() && is_page_number(last);
}


/// Footer labels that carry no content even on a single page: the boxes for
/// initials at the foot of every page.
bool is_signature_box(std::string_view s) {
    const std::string k = text::fold_key(s);
    return k == "justerandes sign" || k == "justerandes signatur" || k == "justerares sign" ||
           k == "justerandes signaturer" || k == "justerandes sign utdragsbestyrkande" ||
           k == "justerandes signatur utdragsbestyrkande" || k == "sign" || k == "justerare utdragsbestyrkande";
}

/// A line compared across pages: case and diacritics folded, every run of
/// digits one '#', so that "Sida 3 av 12" and "Sida 4 av 12", or a header
/// with the page's own date, are the same line.
std::string furniture_key(std::string_view s) {
    const std::string k = text::fold_key(s);
    std::string out;
    out.reserve(k.size());
    for (std::size_t i = 0; i < k.size(); ++i) {
        if (k[i] >= '0' && k[i] <= '9') {
            if (out.empty() || out.back() != '#') out.push_back('#');
            continue;
        }
        out.push_back(k[i]);
    }
    return out;
}

/// "§ 12 Title", "KS § 45": a paragraph heading is content, even at a page's top.
bool is_heading_like(std::string_view s) {
    const auto sign = s.find("\xC2\xA7");
    if (sign == std::string_view::npos || sign > 8) return false;
    std::string_view rest = trim(s.substr(sign + 2));
    std::size_t n = 0;
    while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
    if (n == 0) return false;
    rest = rest.substr(n);
    return rest.empty() || rest.front() == ' ' || rest.front() == '\t';
}

/// "Justering ........ 2", "Arena AB …… 5": a dot leader and a page number.
bool dot_leader_end(std::string_view t) {
    t = trim(t);
    std::size_t d = 0;
    while (d < t.size() && d < 4 && t[t.size() - 1 - d] >= '0' && t[t.size() - 1 - d] <= '9') ++d;
    if (d == 0 || d > 3) return false;
    std::string_view before = trim(t.substr(0, t.size() - d));
    std::size_t dots = 0;
    while (!before.empty() && (before.back() == '.' || before.back() == ' ' ||
                               (before.size() >= 3 && before.substr(before.size() - 3) == "\xE2\x80\xA6"))) {
        if (before.back() == '.') ++dots;
        if (before.back() == ' ' || before.back() == '.') before.remove_suffix(1);
        else { before.remove_suffix(3); dots += 3; }
    }
    return dots >= 4;
}

/// "§ 21  Justering", "KS § 45": a line that starts with a paragraph number.
bool starts_with_paragraph(std::string_view t) {
    t = trim(t);
    const auto sign = t.find("\xC2\xA7");
    if (sign == std::string_view::npos || sign > 8) return false;
    std::string_view rest = trim(t.substr(sign + 2));
    return !rest.empty() && rest.front() >= '0' && rest.front() <= '9';
}

bool is_bare_page_number(std::string_view t) {
    t = trim(t);
    return !t.empty() && t.size() <= 3 && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// A table of contents: two or more § entries in a row, each ending (on its
/// line or one or two lines below) in a dot leader and a page number, or
/// followed by a page number alone; its heading ("Ärendelista", "Innehåll")
/// and column header ("Sid nr") go with it.
/// "§ 41" and nothing else on the line.
bool is_bare_paragraph(std::string_view t) {
    t = trim(t);
    if (!starts_with_paragraph(t)) return false;
    const auto sign = t.find("\xC2\xA7");
    const std::string_view rest = trim(t.substr(sign + 2));
    return std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// "3", "6 - 7", "10-11": a page or a range of pages in a contents column.
bool is_page_cell(std::string_view t) {
    t = trim(t);
    if (t.empty() || t.size() > 9) return false;
    return std::all_of(t.begin(), t.end(), [](char c) { return (c >= '0' && c <= '9') || c == ' ' || c == '-'; }) &&
           t.front() >= '0' && t.front() <= '9';
}

/// The heading of a table of contents or of one of its columns.
bool is_contents_heading(const Line& l) {
    for (const auto& c : text::cells(l.raw.empty() ? l.text : l.raw)) {
        const std::string ck = text::fold_key(c.text);
        if (ck == "arendelista" || ck == "innehall" || ck == "innehallsforteckning" || ck == "arendeforteckning" ||
            ck == "arenden" || ck == "sid nr" || ck == "sida" || ck == "sid" || ck == "paragrafer" || ck == "paragraf") {
            return true;
        }
    }
    return false;
}

/// A table of contents extracted column by column: three or more "§ N" lines
/// in a row, then the column of titles and the column of pages. The block
/// ends with the last line of the page column.
void mark_contents_columns(const std::vector<Line>& lines, std::vector<bool>& remove) {
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].blank) continue;  // a block starts at a "§ N" line
        std::size_t j = i;
        std::size_t count = 0;
        while (j < lines.size() && (lines[j].blank || is_bare_paragraph(lines[j].text))) {
            if (!lines[j].blank) ++count;
            ++j;
        }
        if (count < 3) {
            // Any start inside this run sees fewer "§ N" lines: go past it
            // (linear however many blank lines there are).
            if (j > i + 1) i = j - 1;
            continue;
        }
        // The pages: a run of page cells after the titles, within reach.
        std::size_t end = j;
        std::size_t pages = 0;
        for (std::size_t k = j; k < lines.size() && k < j + 3 * count + 6; ++k) {
            if (lines[k].blank) continue;
            if (is_page_cell(lines[k].text)) {
                ++pages;
                end = k + 1;
            } else if (pages > 0) {
                break;
            }
        }
        if (pages * 2 < count) end = j;  // no page column: only the § column goes
        for (std::size_t k = i; k < end; ++k) remove[k] = true;
        for (std::size_t k = i, seen = 0; k-- > 0 && seen < 4;) {
            if (lines[k].blank) continue;
            ++seen;
            if (!is_contents_heading(lines[k])) break;
            remove[k] = true;
        }
        i = end;
    }
}

void mark_contents(const std::vector<Line>& lines, std::vector<bool>& remove) {
    mark_contents_columns(lines, remove);
    for (std::size_t i = 0; i < lines.size();) {
        std::vector<std::size_t> run;
        std::size_t entries = 0;
        std::size_t j = i;
        while (j < lines.size()) {
            while (j < lines.size() && lines[j].blank) ++j;
            if (j >= lines.size() || !starts_with_paragraph(lines[j].text)) break;
            std::size_t end = std::string::npos;
            for (std::size_t k = j; k < lines.size() && k <= j + 2 && !lines[k].blank; ++k) {
                if (k > j && starts_with_paragraph(lines[k].text)) break;
                if (dot_leader_end(lines[k].text)) { end = k; break; }
                if (k + 1 < lines.size() && is_bare_page_number(lines[k + 1].text)) { end = k + 1; break; }
            }
            if (end == std::string::npos) break;
            for (std::size_t k = j; k <= end; ++k) run.push_back(k);
            ++entries;
            j = end + 1;
        }
        if (entries >= 2) {
            for (const std::size_t k : run) remove[k] = true;
            // The list's heading and column header, right above it.
            for (std::size_t k = run.front(), seen = 0; k-- > 0 && seen < 3;) {
                if (lines[k].blank) continue;
                ++seen;
                if (!is_contents_heading(lines[k])) break;
                remove[k] = true;
            }
            i = j;
        } else {
            i = std::max(i + 1, j);
        }
    }
}

/// Removes page furniture, keeping what it tells about the document. Found by
/// repetition, never by a page's length: a line (modulo numbers) that stands
/// at the top or the bottom of two or more pages and nowhere else, page
/// numbers, and the boxes for initials; a line between such a line and the
/// page edge goes with it only when it is furniture too.
/// The names a running header's cell may hold, with its date and page number
/// set apart: text extracted without columns runs them together ("NORRBYDA
/// KOMMUN PROTOKOLL 1 (9)", "Personalnämnden 2024-10-15").
std::vector<std::string> header_parts(std::string_view cell) {
    std::vector<std::string> out{std::string(trim(cell))};
    std::string rest(trim(cell));
    std::size_t b = 0;
    std::size_t e = 0;
    if (text::find_date(rest, &b, &e)) rest.erase(b, e - b);
    // The document's kind and what follows it (the page number).
    const std::string l = text::lower(rest);
    for (const std::string_view w : {"sammanträdesprotokoll", "protokollsutdrag", "protokoll", "sida "}) {
        const auto k = l.find(w);
        if (k != std::string::npos && (k == 0 || l[k - 1] == ' ')) {
            if (k > 0) out.emplace_back(trim(std::string_view(rest).substr(0, k)));
            rest.clear();
            break;
        }
    }
    if (!rest.empty() && trim(rest) != trim(cell)) out.emplace_back(trim(rest));
    return out;
}

bool is_page_number_line(const Line& l) { return !l.blank && (is_page_number(l.text) || has_page_number_cell(l.raw)); }

/// Marks the lines at page edges that repeat on most pages (see remove_furniture).
void mark_page_edges(const std::vector<Line>& lines, const std::vector<std::size_t>& edges, std::vector<bool>& remove) {
    constexpr std::size_t k_zone = 6;  // non-blank lines at a page's top or bottom
    const auto page_number_line = [](const Line& l) { return is_page_number_line(l); };
    // The zones: the first and last lines of the document and the lines on
    // either side of each edge. Zone ids count distinct page edges.
    std::vector<std::vector<std::size_t>> zones;
    const auto zone_from = [&](std::size_t start, bool forward) {
        std::vector<std::size_t> z;
        if (forward) {
            for (std::size_t i = start; i < lines.size() && z.size() < k_zone && i < start + 40; ++i) {
                if (!lines[i].blank) z.push_back(i);
            }
        } else {
            for (std::size_t i = start; i-- > 0 && z.size() < k_zone && i + 40 > start;) {
                if (!lines[i].blank) z.push_back(i);
            }
        }
        return z;
    };
    zones.push_back(zone_from(0, true));
    for (const std::size_t e : edges) {
        zones.push_back(zone_from(e, false));
        zones.push_back(zone_from(e, true));
    }
    zones.push_back(zone_from(lines.size(), false));

    // "Nowhere else" is judged on the exact text: a date alone in a signature
    // block does not make the page header's date content.
    std::map<std::string, std::size_t> total;
    for (const auto& l : lines) {
        if (!l.blank) ++total[text::fold_key(l.text)];
    }
    std::map<std::string, std::size_t> in_zones;
    std::map<std::string, std::set<std::size_t>> zones_of;     // key -> zones it stands in
    std::map<std::string, std::set<std::size_t>> lines_in_zone; // key -> its lines in zones
    for (std::size_t z = 0; z < zones.size(); ++z) {
        for (const std::size_t i : zones[z]) {
            if (text::length(lines[i].text) > 160) continue;
            const std::string key = furniture_key(lines[i].text);
            zones_of[key].insert((z + 1) / 2);  // the two sides of an edge count once
            if (lines_in_zone[key].insert(i).second) ++in_zones[text::fold_key(lines[i].text)];
        }
    }
    const auto is_furniture = [&](std::size_t i) {
        const Line& l = lines[i];
        if (l.blank) return true;
        if (page_number_line(l) || is_signature_box(l.text)) return true;
        if (is_heading_like(l.text)) return false;
        const std::string key = furniture_key(l.text);
        if (key.empty() || key == "#") return false;
        // A finished sentence is content even when two pages end alike
        // ("Informationen läggs till handlingarna.").
        if (text::ends_sentence(l.text)) return false;
        const auto it = zones_of.find(key);
        // Two lines (a line at the foot of a short last page is in two zones)
        // at two page edges, and nowhere but at page edges.
        const std::string exact = text::fold_key(l.text);
        // Furniture is on most pages: at least half of the page edges.
        const std::size_t needed = std::max<std::size_t>(2, (edges.size() + 2) / 2);
        return it != zones_of.end() && it->second.size() >= needed && lines_in_zone[key].size() >= 2 &&
               in_zones[exact] == total[exact];
    };
    // A short line that repeats at most page edges but also stands elsewhere
    // ("Justerare" in a footer box, and as a label on the front page): furniture
    // only where it continues a run of furniture from the page's edge.
    const auto repeats_at_edges = [&](std::size_t i) {
        const Line& l = lines[i];
        if (l.blank || is_heading_like(l.text) || text::ends_sentence(l.text)) return false;
        if (std::count(l.text.begin(), l.text.end(), ' ') > 2) return false;
        const std::string key = furniture_key(l.text);
        const auto it = zones_of.find(key);
        const std::size_t needed = std::max<std::size_t>(2, (edges.size() + 2) / 2);
        return !key.empty() && key != "#" && it != zones_of.end() && it->second.size() >= needed &&
               lines_in_zone[key].size() >= 2;
    };
    for (const auto& z : zones) {
        // From the edge inwards, while the lines are furniture.
        bool any = false;
        for (const std::size_t i : z) {
            if (is_furniture(i)) {
                any = any || !lines[i].blank;
            } else if (!(any && repeats_at_edges(i))) {
                break;
            }
            remove[i] = true;
        }
    }
    // A bare page number ("2") as the first or last line of a page.
    for (const auto& z : zones) {
        for (const std::size_t i : z) {
            if (remove[i]) continue;
            const std::string_view t = trim(lines[i].text);
            if (!t.empty() && t.size() <= 3 && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
                text::to_int(t) >= 1 && static_cast<std::size_t>(text::to_int(t)) <= edges.size() + 2) {
                remove[i] = true;
            }
            break;
        }
    }
}

void remove_furniture(std::vector<Line>& lines, Furniture& found) {
    // Page edges: form feeds and page markers; without them, page-number lines.
    std::vector<std::size_t> edges;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].page_break) edges.push_back(i);
    }
    if (edges.empty()) {
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (is_page_number_line(lines[i])) edges.push_back(i);
        }
    }
    std::vector<bool> remove(lines.size(), false);
    mark_contents(lines, remove);
    if (!edges.empty()) mark_page_edges(lines, edges, remove);
    std::vector<Line> kept;
    kept.reserve(lines.size());
    bool carry_break = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (remove[i] && !lines[i].blank) {
            const std::string& t = lines[i].text;
            if (auto n = text::find_protocol_number(t, std::string::npos); n && !found.number) found.number = n;
            std::size_t b = 0;
            std::size_t e = 0;
            if (auto d = text::find_date(t, &b, &e); d && !found.date) found.date = d;
            if (!found.start_time) {
                if (const auto times = text::find_times(t); times && times->start) {
                    found.start_time = times->start;
                    found.end_time = times->end;
                }
            }
            for (const auto& c : text::cells(lines[i].raw)) {
                const std::string ck = text::fold_key(c.text);
                // "PROTOKOLLSUTDRAG 1(2)": the page number may stand beside it.
                const auto starts = [&](std::string_view w) {
                    return ck.rfind(w, 0) == 0 && (ck.size() == w.size() ||
                                                 (ck.size() > w.size() + 1 && ck[w.size()] == ' ' && ck[w.size() + 1] >= '0' &&
                                                  ck[w.size() + 1] <= '9'));
                };
                if (starts("protokollsutdrag") || starts("utdrag ur protokoll") || starts("utdrag")) found.extract = true;
                for (const auto& part : header_parts(c.text)) {
                    if (found.organ.empty() && text::is_organ_name(part)) found.organ = text::organ_display(part);
                    if (found.municipality.empty() && text::is_municipality_name(part)) {
                        found.municipality = text::municipality_display(part);
                    }
                }
            }
            ++found.removed_lines;
            found.lines.push_back(model::SourceLine{lines[i].source_line, t});
            if (lines[i].page_break) carry_break = true;
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
    result.lines.reserve(raw.size());

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

    // Justera's DOCX reader writes Markdown of its own (docs/ingest.md, DOCX):
    // headings, bold lines, tables and bullets as Markdown, page breaks as
    // form feeds, and every other character as written, escaped where it
    // would read as markup. No converter leftovers (tags, rules, page
    // markers, single-asterisk emphasis) are looked for in it.
    const bool markdown = layout == Layout::Markdown || layout == Layout::Docx;
    const bool docx = layout == Layout::Docx;
    const auto unescape = [docx](std::string_view s) { return docx ? unescape_docx(s) : unescape_markdown(s); };

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
        if (markdown && body.front() == '|' ) {
            // A table row: cells become a layout line, separator rows vanish.
            const std::string row = docx ? hold_escaped_bars(body) : std::string(body);
            const auto cs = text::cells(row);
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
                joined += docx ? restore_bars(c.text) : strip_emphasis(std::string(c.text));
            }
            std::string cleaned;
            for (std::size_t k = 0; k < joined.size(); ++k) {
                if (joined.compare(k, 2, "**") == 0) { ++k; continue; }
                cleaned.push_back(joined[k]);
            }
            base.text = unescape(cleaned);
            // Justera's DOCX tables are aligned: the row keeps its columns, as
            // a page's text does, so that values pair with the labels above.
            base.raw = docx ? table_columns(row) : base.text;
            base.table_row = true;
            result.lines.push_back(std::move(base));
            previous_blank = false;
            previous_ended_sentence = text::ends_sentence(result.lines.back().text);
            continue;
        }

        bool heading = false;
        if (markdown) {
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
        // Outside Markdown the raw line keeps its columns for the cells; its
        // bold marks (justera-pdftext's heading lines) are not part of them.
        if (layout != Layout::Markdown && !segments.empty()) {
            for (auto p = base.raw.find("**"); p != std::string::npos; p = base.raw.find("**", p)) base.raw.erase(p, 2);
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
        // The last (or only) line made from this source line takes `base` over.
        const auto finish = [&](std::string s, bool is_heading, bool last) {
            Line l = last ? std::move(base) : base;
            if (!docx && s.find('*') != std::string::npos) s = strip_emphasis(s);
            if (s.find('\\') != std::string::npos) s = unescape(s);
            l.text = std::move(s);
            const std::string_view trimmed = trim(l.text);
            if (trimmed.size() != l.text.size()) l.text = std::string(trimmed);
            // Markdown's columns are its tables; elsewhere the raw line keeps
            // its spacing for layout columns.
            if (markdown) l.raw = l.text;
            l.heading = is_heading;
            l.bullet = bullet;
            if (l.text.empty()) return;
            result.lines.push_back(std::move(l));
        };
        if (split) {
            for (std::size_t k = 0; k < segments.size(); ++k) {
                finish(segments[k].first, heading || (segments[k].second && !bullet), k + 1 == segments.size());
            }
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
            finish(std::move(s), heading || pdf_heading, true);
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
                       core::Where{file},
                       std::to_string(result.furniture.removed_lines) + " rader sidhuvud och sidfot kändes igen och utelämnades");
        }
    }
    return result;
}

}  // namespace justera::ingest
