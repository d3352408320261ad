// SPDX-License-Identifier: GPL-3.0-or-later
#include "page_layout.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>
#include <unordered_map>

namespace justera::pdftext {

namespace {

/// A word in its own reading frame: x along its line, y down the lines.
struct Item {
    std::string text;
    double x0 = 0;
    double x1 = 0;
    double base = 0;
    double size = 0;
    bool bold = false;
    bool space_after = false;
};

/// A word's box turned into the frame its text is read in (quarter turns clockwise).
Item in_frame(Word&& w) {
    Item it;
    it.text = std::move(w.text);
    it.size = w.size;
    it.bold = w.bold;
    it.space_after = w.space_after;
    switch (w.rotation & 3U) {
        case 1:  // running down the page; the next line is to its left
            it.x0 = w.y0;
            it.x1 = w.y1;
            it.base = -w.baseline;
            break;
        case 2:  // upside down
            it.x0 = -w.x1;
            it.x1 = -w.x0;
            it.base = -w.baseline;
            break;
        case 3:  // running up the page; the next line is to its right
            it.x0 = -w.y1;
            it.x1 = -w.y0;
            it.base = w.baseline;
            break;
        default:
            it.x0 = w.x0;
            it.x1 = w.x1;
            it.base = w.baseline;
            break;
    }
    return it;
}

std::size_t code_points(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

/// A word with a letter or digit in it (not a bullet, dash or § alone):
/// such words decide whether a line is set as a heading.
bool has_content(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return true;
        if (c >= 0xC3 && c <= 0xC5) return true;  // Latin-1 and Latin Extended-A letters: å, ä, ö, é, ł
    }
    return false;
}

double median(std::vector<double> v, double fallback) {
    if (v.empty()) return fallback;
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

/// The next code point of `s` at `i` (advanced); an invalid sequence is U+FFFD.
std::uint32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    if (b0 >= 0xC2 && b0 <= 0xDF) { n = 1; cp = b0 & 0x1FU; }
    else if (b0 >= 0xE0 && b0 <= 0xEF) { n = 2; cp = b0 & 0x0FU; }
    else if (b0 >= 0xF0 && b0 <= 0xF4) { n = 3; cp = b0 & 0x07U; }
    else {
        ++i;
        return 0xFFFD;
    }
    if (i + n >= s.size()) {  // cut short
        ++i;
        return 0xFFFD;
    }
    for (std::size_t k = 1; k <= n; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0U) != 0x80U) {
            ++i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (b & 0x3FU);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    static constexpr std::uint32_t k_min[] = {0, 0x80, 0x800, 0x10000};
    if (cp < k_min[n] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
        ++i;
        return 0xFFFD;
    }
    i += n + 1;
    return cp;
}

/// Pieces of one line, and how the page sets it.
struct Built {
    std::string text;
    double base = 0;
    double x0 = 0;
    double x1 = 0;
    double first_word = 0;  ///< the width of its first word
    double size = 0;        ///< the median size of its words
    bool styled = false;  ///< every word with letters or digits is bold or large
};

/// The page's lines in one frame: grouped by baseline, each ordered by x.
std::vector<std::vector<Item>> group_lines(std::vector<Item>& items) {
    std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
        if (a.base != b.base) return a.base < b.base;
        return a.x0 < b.x0;
    });
    std::vector<std::vector<Item>> lines;
    double anchor = 0;
    double anchor_size = 0;
    for (auto& it : items) {
        if (lines.empty() || std::abs(it.base - anchor) > 0.4 * std::min(it.size, anchor_size)) {
            lines.emplace_back();
            anchor = it.base;
            anchor_size = it.size;
        }
        lines.back().push_back(std::move(it));
    }
    for (auto& l : lines) {
        std::stable_sort(l.begin(), l.end(), [](const Item& a, const Item& b) { return a.x0 < b.x0; });
    }
    return lines;
}

/// One frame's lines as text: words one space apart, columns three or more.
std::vector<Built> build_lines(std::vector<Item> items, double body) {
    std::vector<Built> out;
    if (items.empty()) return out;
    double left = items.front().x0;
    for (const auto& it : items) left = std::min(left, it.x0);
    // The width of a character in this page's body text: the unit of the
    // columns (pdftotext -layout places words the same way).
    std::vector<double> widths;
    for (const auto& it : items) {
        const std::size_t n = code_points(it.text);
        if (n >= 2 && std::abs(it.size - body) <= 0.15 * body) widths.push_back((it.x1 - it.x0) / static_cast<double>(n));
    }
    const double pitch = std::clamp(median(std::move(widths), 0.5 * body), 0.25 * body, 1.0 * body);
    const auto column = [&](double x) { return static_cast<std::size_t>(std::max(0.0, std::round((x - left) / pitch))); };

    for (auto& line : group_lines(items)) {
        std::vector<double> sizes;
        for (const auto& it : line) sizes.push_back(it.size);
        const double size = median(sizes, body);
        // A gap of more than 1.2 em is a column's, unless the line is set
        // justified: four words or more, spaced alike and at most 2.5 em
        // apart (a table's cells stand further apart).
        double min_gap = std::numeric_limits<double>::max();
        double max_gap = 0;
        std::size_t gaps = 0;
        for (std::size_t k = 1; k < line.size(); ++k) {
            const double g = line[k].x0 - line[k - 1].x1;
            if (g <= 0.12 * size) continue;
            min_gap = std::min(min_gap, g);
            max_gap = std::max(max_gap, g);
            ++gaps;
        }
        const bool justified = gaps >= 3 && max_gap <= 2 * min_gap && max_gap <= 2.5 * size;
        const double column_gap = justified ? std::numeric_limits<double>::max() : 1.2 * size;
        Built b;
        b.size = size;
        b.base = line.front().base;
        b.x0 = line.front().x0;
        b.x1 = line.back().x1;
        b.first_word = line.front().x1 - line.front().x0;
        std::size_t len = 0;  // code points written
        std::size_t indent = std::min<std::size_t>(column(line.front().x0), 200);  // a box far off still makes a short line
        if (indent < 2) indent = 0;  // a point or two off the margin is the margin (and one space would read as a lost bullet)
        b.text.append(indent, ' ');
        len = indent;
        bool any_content = false;
        bool all_styled = true;
        for (std::size_t k = 0; k < line.size(); ++k) {
            Item& it = line[k];
            if (k > 0) {
                const Item& prev = line[k - 1];
                const double g = it.x0 - prev.x1;
                std::size_t spaces = 0;
                if (g >= column_gap) {
                    const std::size_t target = std::min<std::size_t>(column(it.x0), len + 200);
                    spaces = std::max<std::size_t>(3, target > len ? target - len : 0);
                } else if (g > 0.12 * size || prev.space_after) {
                    spaces = 1;
                }
                b.text.append(spaces, ' ');
                len += spaces;
            }
            std::string t = clean_word(it.text, k + 1 == line.size());
            if (has_content(t)) {
                any_content = true;
                if (!(it.bold || (it.size >= 1.15 * body && it.size >= body + 0.8))) all_styled = false;
            }
            len += code_points(t);
            b.text += t;
        }
        while (!b.text.empty() && b.text.back() == ' ') b.text.pop_back();
        b.styled = any_content && all_styled;
        if (!b.text.empty()) out.push_back(std::move(b));
    }
    return out;
}

/// The most common distance between the baselines of neighbouring lines of
/// body text: the page's line spacing.
double line_pitch(const std::vector<Built>& lines, double body) {
    std::map<long, std::size_t> count;
    const auto is_body = [&](const Built& b) { return std::abs(b.size - body) < 0.06 * body; };
    for (std::size_t k = 1; k < lines.size(); ++k) {
        const double d = lines[k].base - lines[k - 1].base;
        if (is_body(lines[k]) && is_body(lines[k - 1]) && d >= 0.9 * body && d <= 2.2 * body) ++count[std::lround(d * 2)];
    }
    long best = 0;
    std::size_t best_n = 0;
    for (const auto& [d, n] : count) {
        if (n > best_n) {
            best = d;
            best_n = n;
        }
    }
    return best_n > 0 ? static_cast<double>(best) / 2 : 1.2 * body;
}

}  // namespace

void DocumentStyle::count(const std::vector<Word>& words) {
    for (const auto& w : words) {
        if (w.rotation != 0 || !(w.size > 0) || w.size > 1000) continue;
        m_chars_by_half_point[static_cast<int>(std::lround(w.size * 2))] += code_points(w.text);
    }
}

double DocumentStyle::body_size() const {
    int best = 0;
    std::size_t best_n = 0;
    for (const auto& [s, n] : m_chars_by_half_point) {
        if (n > best_n) {
            best = s;
            best_n = n;
        }
    }
    return static_cast<double>(best) / 2;
}

void append_code_point(std::string& out, std::uint32_t cp) {
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;  // not a character (a broken ToUnicode map)
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0U | (cp >> 6)));
        out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0U | (cp >> 12)));
        out.push_back(static_cast<char>(0x80U | ((cp >> 6) & 0x3FU)));
        out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
    } else {
        out.push_back(static_cast<char>(0xF0U | (cp >> 18)));
        out.push_back(static_cast<char>(0x80U | ((cp >> 12) & 0x3FU)));
        out.push_back(static_cast<char>(0x80U | ((cp >> 6) & 0x3FU)));
        out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
    }
}

bool is_bold_font_name(std::string_view name) {
    // "ABCDEF+": a subset's tag, six capitals and a plus.
    if (name.size() > 7 && name[6] == '+' &&
        std::all_of(name.begin(), name.begin() + 6, [](char c) { return c >= 'A' && c <= 'Z'; })) {
        name.remove_prefix(7);
    }
    std::string l(name);
    for (char& c : l) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    for (const std::string_view w : {"bold", "black", "heavy", "demi", "semibd", "extrabd", "ultra"}) {
        if (l.find(w) != std::string::npos) return true;
    }
    // A style given as a short suffix: "Frutiger-B", "Helvetica-Bd", "Univers,BdIt".
    const auto sep = l.find_last_of("-,");
    if (sep != std::string::npos) {
        const std::string_view style = std::string_view(l).substr(sep + 1);
        if (style == "b" || style == "bd" || style == "bdit" || style == "bi" || style == "bdi") return true;
    }
    return false;
}

std::string clean_word(std::string_view s, bool keep_final_soft_hyphen) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const std::uint32_t cp = next_code_point(s, i);
        switch (cp) {
            case 0xFB00: out += "ff"; continue;
            case 0xFB01: out += "fi"; continue;
            case 0xFB02: out += "fl"; continue;
            case 0xFB03: out += "ffi"; continue;
            case 0xFB04: out += "ffl"; continue;
            case 0xFB05:
            case 0xFB06: out += "st"; continue;
            case 0x00AD:  // a soft hyphen is seen only where a line breaks, and says the word goes on
                if (keep_final_soft_hyphen && i == s.size()) out += "\xC2\xAD";
                continue;
            case 0x2028:
            case 0x2029: out.push_back(' '); continue;
            default: break;
        }
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
            out.push_back(' ');
            continue;
        }
        append_code_point(out, cp);
    }
    return out;
}

PageText lay_out(PageWords page, const DocumentStyle& style, Marks marks) {
    PageText result;
    // Frames by rotation; words with a box that cannot be placed go last in
    // the upright frame rather than nowhere.
    std::vector<Item> frames[4];
    std::vector<double> sizes;
    for (auto& w : page.words) {
        if (w.text.empty()) continue;
        if (!std::isfinite(w.x0) || !std::isfinite(w.x1) || !std::isfinite(w.y0) || !std::isfinite(w.y1) || !std::isfinite(w.baseline)) {
            w.x0 = w.x1 = w.y0 = w.y1 = w.baseline = 1e9;
        }
        if (!(w.size >= 0.5) || w.size > 1000) w.size = std::clamp(std::abs(w.y1 - w.y0), 1.0, 1000.0);
        sizes.push_back(w.size);
        const std::uint8_t r = w.rotation & 3U;
        frames[r].push_back(in_frame(std::move(w)));
    }
    double body = style.body_size();
    if (!(body > 0)) body = median(sizes, 10);

    // Drawn twice over itself (fake bold, a shadow): read once, and bold.
    // Kept words are looked up by text in a grid of font-size cells, so this
    // stays linear however many words repeat.
    for (auto& items : frames) {
        std::unordered_map<std::string, std::vector<std::size_t>> grid;
        std::vector<Item> kept;
        kept.reserve(items.size());
        const auto key = [](const Item& it, long dx, long dy) {
            const double cell = std::max(it.size, 1.0);
            return it.text + '\x1F' + std::to_string(static_cast<long>(std::floor(it.x0 / cell)) + dx) + ',' +
                   std::to_string(static_cast<long>(std::floor(it.base / cell)) + dy);
        };
        for (auto& it : items) {
            const double tol = 0.2 * it.size;
            std::size_t twin = kept.size();
            for (long dx = -1; dx <= 1 && twin == kept.size(); ++dx) {
                for (long dy = -1; dy <= 1 && twin == kept.size(); ++dy) {
                    const auto found = grid.find(key(it, dx, dy));
                    if (found == grid.end()) continue;
                    for (const std::size_t k : found->second) {
                        const Item& o = kept[k];
                        if (std::abs(o.x0 - it.x0) <= tol && std::abs(o.x1 - it.x1) <= tol && std::abs(o.base - it.base) <= tol) {
                            twin = k;
                            break;
                        }
                    }
                }
            }
            if (twin < kept.size()) {
                kept[twin].bold = true;
                ++result.doubled_words;
                continue;
            }
            grid[key(it, 0, 0)].push_back(kept.size());
            kept.push_back(std::move(it));
        }
        items = std::move(kept);
    }

    double left = 0;
    double right = 0;
    if (!frames[0].empty()) {
        left = frames[0].front().x0;
        right = frames[0].front().x1;
        for (const auto& it : frames[0]) {
            left = std::min(left, it.x0);
            right = std::max(right, it.x1);
        }
    }
    std::vector<Built> lines = build_lines(std::move(frames[0]), body);
    const double pitch = line_pitch(lines, body);
    // Heading lines: set bold or large, starting in the left half of the text.
    std::vector<bool> heading(lines.size(), false);
    std::vector<bool> gap_before(lines.size(), false);
    for (std::size_t k = 0; k < lines.size(); ++k) {
        gap_before[k] = k > 0 && lines[k].base - lines[k - 1].base > 1.45 * pitch;
        heading[k] = marks == Marks::Headings && lines[k].styled && lines[k].x0 <= left + 0.5 * (right - left);
    }
    for (std::size_t k = 0; k < lines.size();) {
        if (!heading[k]) {
            ++k;
            continue;
        }
        std::size_t e = k + 1;
        while (e < lines.size() && heading[e] && !gap_before[e]) ++e;
        if (e - k > 3) std::fill(heading.begin() + static_cast<std::ptrdiff_t>(k), heading.begin() + static_cast<std::ptrdiff_t>(e), false);
        k = e;
    }
    // A heading broken where its next word would not fit, and going on in
    // the same size, is one heading, written as one line: "... regional
    // transportplan" / "2026-2037". One that ends short of that, or is
    // followed by another size, is whole ("§ 62 Skattesats 2025" over
    // "Paragrafen justeras omedelbart").
    const auto wraps = [&](std::size_t k) {
        return heading[k] && heading[k + 1] && !gap_before[k + 1] && std::abs(lines[k].size - lines[k + 1].size) < 0.5 &&
               lines[k].x1 + 0.3 * lines[k].size + lines[k + 1].first_word > right - 0.5 * lines[k].size;
    };
    for (std::size_t k = 0; k + 1 < lines.size(); ++k) {
        while (k + 1 < lines.size() && wraps(k)) {
            std::string& t = lines[k].text;
            const std::string_view next = std::string_view(lines[k + 1].text).substr(std::min(lines[k + 1].text.find_first_not_of(' '), lines[k + 1].text.size()));
            if (t.size() >= 2 && t.compare(t.size() - 2, 2, "\xC2\xAD") == 0) {
                t.erase(t.size() - 2);
            } else {
                t += ' ';
            }
            t += next;
            lines[k].x1 = lines[k + 1].x1;
            lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(k) + 1);
            heading.erase(heading.begin() + static_cast<std::ptrdiff_t>(k) + 1);
            gap_before.erase(gap_before.begin() + static_cast<std::ptrdiff_t>(k) + 1);
        }
    }
    // The footer: the last lines, when they stand in the page's bottom tenth.
    std::size_t footer = lines.size();
    while (page.height > 0 && footer > 0 && lines[footer - 1].base >= 0.9 * page.height) --footer;
    const auto write_line = [&](std::size_t k) {
        if (gap_before[k]) result.text += '\n';
        if (heading[k]) {
            const std::size_t first = lines[k].text.find_first_not_of(' ');
            result.text.append(lines[k].text, 0, first);
            result.text += "**";
            result.text.append(lines[k].text, first);
            result.text += "**";
            ++result.heading_lines;
        } else {
            result.text += lines[k].text;
        }
        result.text += '\n';
    };
    for (std::size_t k = 0; k < footer; ++k) write_line(k);

    // Turned and slanted text (margin notes, stamps, watermarks): visible,
    // so kept, but out of the page's flow: after the body, before the
    // footer, so that a note repeated on every page stands at the page's
    // edge with the footer and a single one does not hide the footer.
    std::vector<std::string> aside;
    for (std::size_t r = 1; r < 4; ++r) {
        for (auto& b : build_lines(std::move(frames[r]), body)) {
            const std::size_t first = b.text.find_first_not_of(' ');
            aside.push_back(b.text.substr(first == std::string::npos ? 0 : first));
        }
    }
    for (const auto& run : page.slanted) {
        std::string t = clean_word(run, false);
        const auto a = t.find_first_not_of(' ');
        if (a == std::string::npos) continue;
        aside.push_back(t.substr(a, t.find_last_not_of(' ') - a + 1));
    }
    if (!aside.empty()) {
        if (!result.text.empty()) result.text += '\n';
        for (const auto& t : aside) {
            result.text += t;
            result.text += '\n';
        }
        result.turned_lines = aside.size();
        if (footer < lines.size()) result.text += '\n';
    }
    for (std::size_t k = footer; k < lines.size(); ++k) {
        if (k == footer && !aside.empty()) gap_before[k] = false;  // the blank line is written
        write_line(k);
    }
    return result;
}

}  // namespace justera::pdftext
