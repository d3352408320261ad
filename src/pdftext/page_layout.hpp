// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The lines of a PDF page from poppler's words (justera-pdftext). Kept apart
// from poppler so that it can be tested with words made by hand: poppler's
// part is to find the words, their boxes and fonts; this part decides the
// lines, the spaces and columns between words, and which lines are headings.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace justera::pdftext {

/// One word as poppler's text layer gives it: points, y downwards, on the
/// page as shown (its /Rotate applied).
struct Word {
    std::string text;  ///< UTF-8
    double x0 = 0;
    double y0 = 0;
    double x1 = 0;
    double y1 = 0;
    double baseline = 0;        ///< y of the baseline (x for text turned a quarter)
    double size = 0;            ///< font size
    bool bold = false;          ///< a bold font, by its name or its descriptor's flag
    bool space_after = false;   ///< poppler saw a space after the word
    std::uint8_t rotation = 0;  ///< quarter turns clockwise, 0-3
};

/// A page's words and what poppler's text layer was not given: text set at
/// a slant (a watermark), as runs in content-stream order.
struct PageWords {
    double height = 0;  ///< the page's height as shown, in points (0: unknown)
    std::vector<Word> words;
    std::vector<std::string> slanted;
};

enum class Marks : std::uint8_t {
    Unknown = 0,
    None,      ///< plain lines (the visible-text check of verify)
    Headings,  ///< heading lines as **text** (what the parser reads)
};

/// What the pages so far tell about the document: the body font size is the
/// size most of its characters have.
class DocumentStyle final {
public:
    void count(const std::vector<Word>& words);
    /// The most common size so far (characters counted), 0 when none.
    [[nodiscard]] double body_size() const;

private:
    std::map<int, std::size_t> m_chars_by_half_point;
};

struct PageText {
    std::string text;                ///< lines, each ending in '\n'
    std::size_t turned_lines = 0;    ///< lines of rotated or slanted text, placed at the page's end
    std::size_t doubled_words = 0;   ///< words drawn twice over themselves (fake bold), read once
    std::size_t heading_lines = 0;   ///< lines marked as headings
};

/// Lays out one page: words grouped into lines by baseline and ordered by x;
/// one space between words, three or more (up to the word's column) where
/// the gap is a column's; a blank line where the page leaves a gap; a word
/// drawn twice over itself read once; ligatures spelt out, soft hyphens
/// dropped but at a line's end (where the word goes on on the next line:
/// the reader joins it). With Marks::Headings, a line whose
/// words are all bold or clearly larger than the body, starting in the left
/// half of the text, is written **line** (not in runs of more than three
/// lines: that is emphasis, not a heading). Rotated lines and slanted runs
/// come after the body, each rotation read in its own direction, between
/// blank lines and before the footer (the last lines when they stand in the
/// page's bottom tenth).
/// Work is O(n log n) in the page's words.
PageText lay_out(PageWords page, const DocumentStyle& style, Marks marks);

/// Whether a font name says bold ("Arial-BoldMT", "Calibri,Bold",
/// "ABCDEF+Myriad-Black", "Garamond-Semibold", "Frutiger-B"), the subset
/// prefix ignored.
bool is_bold_font_name(std::string_view name);

/// A word's text as the lines carry it: ligatures (U+FB00-FB06) spelt out,
/// control characters and line separators as spaces, soft hyphens removed
/// but a final one when `keep_final_soft_hyphen` (the word ends a line).
std::string clean_word(std::string_view utf8, bool keep_final_soft_hyphen);

/// Appends a code point as UTF-8 (poppler hands out UCS-4).
void append_code_point(std::string& out, std::uint32_t cp);

}  // namespace justera::pdftext
