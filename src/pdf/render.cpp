// SPDX-License-Identifier: GPL-3.0-or-later
// Tagged PDF/A-3a (PDF/UA-1) rendering with PoDoFo 0.9.8 (and FreeType, for exact glyph
// widths). PoDoFo stays inside src/pdf: an upgrade to PoDoFo 0.10+ touches
// only this module.

#include "justera/pdf/render.hpp"

#include <podofo/podofo.h>

#include <ft2build.h>
#include <zlib.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <unordered_map>

#include "justera/core/error.hpp"
#include "justera/core/io.hpp"
#include "passage_language.hpp"
#include "pdf_util.hpp"
#include "tags.hpp"

namespace justera::pdf {

namespace {

using core::Errc;
using core::Error;


// ------------------------------------------------------------------ page geometry (points)

constexpr double k_page_w = 595.276;  // A4
constexpr double k_page_h = 841.890;
constexpr double k_left = 62;
constexpr double k_right = 62;
constexpr double k_top = 78;       // first baseline area starts below the running header
constexpr double k_bottom = 66;    // footer below this
constexpr double k_width = k_page_w - k_left - k_right;

struct Rgb {
    double r = 0;
    double g = 0;
    double b = 0;
};
constexpr Rgb k_black{0, 0, 0};
constexpr Rgb k_grey{0.35, 0.35, 0.35};
constexpr Rgb k_mark{0.62, 0.09, 0.09};  // immediate justering

enum class Face : std::uint8_t { Regular = 0, Bold = 1 };

struct Style {
    Face face = Face::Regular;
    double size = 10.5;
    double leading = 14;
    Rgb color = k_black;
};

const Style k_body{Face::Regular, 10.5, 14.2, k_black};
const Style k_small{Face::Regular, 8.5, 11, k_grey};
const Style k_meta{Face::Regular, 9.5, 12.5, k_grey};
const Style k_label{Face::Bold, 10, 13.5, k_black};
const Style k_value{Face::Regular, 10, 13.5, k_black};
const Style k_title{Face::Bold, 20, 26, k_black};
const Style k_subtitle{Face::Bold, 14, 19, k_black};
const Style k_para_heading{Face::Bold, 13, 17, k_black};
const Style k_section{Face::Bold, 10.5, 14.5, k_black};
const Style k_mark_style{Face::Bold, 10, 14, k_mark};

using detail::StructTree;
using detail::Tag;
using detail::passage_language;
using Profile = justera::pdf::Style;  ///< the municipality's style (style.hpp); Style below is a text style

/// A line of text, and the marked content it is in the structure tree.
struct TextOp {
    std::size_t page = 0;
    double x = 0;
    double y = 0;
    Style style;
    std::string text;
    Tag tag = Tag::P;  ///< the structure type of its element (the BDC tag)
    int mcid = 0;      ///< its marked-content id on its page
};
/// Where an empty signature field goes: one per signer the protocol names.
struct SignatureSlot {
    std::size_t page = 0;
    double x = 0;
    double y = 0;
    double w = 0;
    double h = 0;
    std::string field;    ///< stable field name, e.g. "justera_justerare_1"
    std::string tooltip;  ///< what a screen reader says: "Underskrift: justerare Alexander Ojanne (S)"
};

struct RectOp {
    std::size_t page = 0;
    double x = 0;
    double y = 0;
    double w = 0;
    double h = 0;
    Rgb color;
};


char32_t decode(std::string_view s, std::size_t& i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) { ++i; return c; }
    const std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    char32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += len;
    return cp;
}

// ------------------------------------------------------------------ fonts

double glyph_advance(FT_Face face, FT_UInt gid) {
    if (FT_Load_Glyph(face, gid, FT_LOAD_NO_SCALE) != 0) return 0;
    return static_cast<double>(face->glyph->metrics.horiAdvance) * 1000.0 / static_cast<double>(face->units_per_EM);
}

}  // namespace

namespace detail {

/// After subsetting: exact /W from the font program, and no /CIDSet (optional
/// in PDF/A-3 and easy to get wrong). PoDoFo 0.9.8 rounds neighbouring widths
/// together in /W, which PDF/A 6.2.11.5 forbids.
void rebuild_widths(PoDoFo::PdfMemDocument& doc, PoDoFo::PdfFont* font, FT_Face face) {
    PoDoFo::PdfObject* type0 = font->GetObject();
    PoDoFo::PdfObject* desc_arr = type0->GetDictionary().GetKey("DescendantFonts");
    if (!desc_arr || !desc_arr->IsArray() || desc_arr->GetArray().empty()) return;
    PoDoFo::PdfObject* cid = doc.GetObjects().GetObject(desc_arr->GetArray()[0].GetReference());
    if (!cid) return;
    PoDoFo::PdfObject* w = cid->GetDictionary().GetKey("W");
    std::vector<long> gids;
    if (w && w->IsArray()) {
        const auto& a = w->GetArray();
        for (std::size_t k = 0; k < a.size();) {
            const long first = static_cast<long>(a[k].GetNumber());
            if (k + 1 < a.size() && a[k + 1].IsArray()) {
                for (std::size_t j = 0; j < a[k + 1].GetArray().size(); ++j) gids.push_back(first + static_cast<long>(j));
                k += 2;
            } else if (k + 2 < a.size()) {
                const long last = static_cast<long>(a[k + 1].GetNumber());
                for (long g = first; g <= last; ++g) gids.push_back(g);
                k += 3;
            } else {
                break;
            }
        }
    }
    std::sort(gids.begin(), gids.end());
    gids.erase(std::unique(gids.begin(), gids.end()), gids.end());
    PoDoFo::PdfArray rebuilt;
    for (std::size_t k = 0; k < gids.size();) {
        std::size_t j = k;
        PoDoFo::PdfArray widths;
        while (j < gids.size() && gids[j] == gids[k] + static_cast<long>(j - k)) {
            widths.push_back(PoDoFo::PdfVariant(static_cast<PoDoFo::pdf_int64>(std::lround(glyph_advance(face, static_cast<FT_UInt>(gids[j]))))));
            ++j;
        }
        rebuilt.push_back(PoDoFo::PdfVariant(static_cast<PoDoFo::pdf_int64>(gids[k])));
        rebuilt.push_back(widths);
        k = j;
    }
    cid->GetDictionary().AddKey("W", rebuilt);
    if (PoDoFo::PdfObject* fd = cid->GetDictionary().GetKey("FontDescriptor"); fd && fd->IsReference()) {
        if (PoDoFo::PdfObject* d = doc.GetObjects().GetObject(fd->GetReference())) d->GetDictionary().RemoveKey("CIDSet");
    }
}

}  // namespace detail

namespace {

/// A PoDoFo subset font plus FreeType for exact advance widths (PoDoFo 0.9.8
/// rounds neighbouring widths together in /W, which PDF/A 6.2.11.5 forbids).
struct Font {
    PoDoFo::PdfFont* pdf = nullptr;
    FT_Face face = nullptr;
    std::unordered_map<std::string, double> width_cache;  // word -> width at size 1
    std::unordered_map<char32_t, double> char_cache;      // code point -> width at size 1
};

class Fonts {
public:
    Fonts(PoDoFo::PdfMemDocument& doc, const RenderOptions& o) {
        if (FT_Init_FreeType(&m_ft) != 0) throw Error(Errc::Internal, "FreeType did not start");
        load(doc, m_fonts[0], "DejaVu Sans", false, o.font_regular);
        load(doc, m_fonts[1], "DejaVu Sans Bold", true, o.font_bold);
    }
    ~Fonts() {
        for (auto& f : m_fonts) {
            if (f.face) FT_Done_Face(f.face);
        }
        if (m_ft) FT_Done_FreeType(m_ft);
    }
    Fonts(const Fonts&) = delete;
    Fonts& operator=(const Fonts&) = delete;

    Font& operator[](Face f) { return m_fonts[static_cast<std::size_t>(f)]; }

    /// Width of `text` at `size` points.
    double width(Face f, const std::string& text, double size) {
        Font& font = (*this)[f];
        auto it = font.width_cache.find(text);
        if (it == font.width_cache.end()) {
            double units = 0;
            for (std::size_t i = 0; i < text.size();) {
                const char32_t cp = decode(text, i);
                const FT_UInt gid = FT_Get_Char_Index(font.face, cp);
                units += advance(font, gid);
            }
            it = font.width_cache.emplace(text, units / 1000.0).first;
        }
        return it->second * size;
    }

    /// Width of one code point at size 1 (cached per code point).
    double char_width(Face f, char32_t cp) {
        Font& font = (*this)[f];
        auto it = font.char_cache.find(cp);
        if (it == font.char_cache.end()) {
            it = font.char_cache.emplace(cp, advance(font, FT_Get_Char_Index(font.face, cp)) / 1000.0).first;
        }
        return it->second;
    }

    /// Advance of a glyph in 1/1000 em (the unit of /W).
    static double advance(Font& font, FT_UInt gid) { return glyph_advance(font.face, gid); }

    /// Characters the font has no glyph for are drawn as U+FFFD (never as .notdef,
    /// PDF/A 6.2.11.8); the embedded XML keeps the text as written.
    std::string drawable(Face f, std::string_view text, std::size_t& replaced) {
        Font& font = (*this)[f];
        std::string out;
        out.reserve(text.size());
        for (std::size_t i = 0; i < text.size();) {
            const std::size_t b = i;
            const char32_t cp = decode(text, i);
            if (cp == '\t') { out.push_back(' '); continue; }
            if (cp < 0x20) continue;
            if (cp > 0xFFFF || FT_Get_Char_Index(font.face, cp) == 0) {
                ++replaced;
                out += "\xEF\xBF\xBD";
                continue;
            }
            out.append(text.substr(b, i - b));
        }
        return out;
    }

    void fix_after_subsetting(PoDoFo::PdfMemDocument& doc) {
        for (auto& font : m_fonts) detail::rebuild_widths(doc, font.pdf, font.face);
    }

private:
    void load(PoDoFo::PdfMemDocument& doc, Font& f, const char* name, bool bold, const std::string& path) {
        if (!std::ifstream(path)) {
            throw Error(Errc::OutputUnwritable, "font file missing: " + path + " (install fonts-dejavu-core)", {},
                        "typsnittsfilen saknas: " + path + " (installera fonts-dejavu-core)");
        }
        if (FT_New_Face(m_ft, path.c_str(), 0, &f.face) != 0) throw Error(Errc::Internal, "FreeType cannot read " + path);
        f.pdf = doc.CreateFontSubset(name, bold, false, false, new PoDoFo::PdfIdentityEncoding(0, 0xffff, true), path.c_str());
        if (!f.pdf) throw Error(Errc::Internal, "PoDoFo cannot embed " + path);
    }

    FT_Library m_ft = nullptr;
    Font m_fonts[2];
};

// ------------------------------------------------------------------ layout

/// How a label given to Layout::text is tagged: a list item's Lbl beside its
/// LBody, or a heading's Lbl inside the heading ("§ 12").
enum class LabelAs : std::uint8_t { ListItem, Heading };

class Layout {
public:
    /// `lang`: the document's language; a passage clearly in another gets its own /Lang.
    Layout(Fonts& fonts, StructTree& tree, std::string lang) : m_fonts(fonts), m_tree(tree), m_lang(std::move(lang)) { new_page(); }

    void new_page() {
        ++m_pages;
        m_y = k_page_h - k_top;
    }
    [[nodiscard]] std::size_t page() const { return m_pages - 1; }
    [[nodiscard]] std::size_t pages() const { return m_pages; }
    [[nodiscard]] double room() const { return m_y - k_bottom; }
    void space(double pt) { m_y -= pt; }
    void ensure(double needed) {
        if (room() < needed) new_page();
    }

    // ---- the structure the text goes into

    /// Opens a structure element inside the current one; text goes into it
    /// until close().
    StructTree::Id open(Tag tag) {
        m_current = m_tree.add(tag, m_current);
        return m_current;
    }
    void close() { m_current = m_tree.parent(m_current); }
    /// Makes `e` (an element opened earlier) the current one again.
    void enter(StructTree::Id e) { m_current = e; }
    [[nodiscard]] StructTree::Id current() const { return m_current; }
    /// The LBody the last labelled list text went into (for a nested list).
    [[nodiscard]] StructTree::Id last_body() const { return m_last_body; }
    StructTree& tree() { return m_tree; }

    /// Word-wrapped text in the current element. `label` (a list number or
    /// bullet, or a heading's "§ 12") hangs left of the text at
    /// `indent - label_gap`, tagged as `label_as` says. Returns the number of lines.
    std::size_t text(const std::string& raw, const Style& st, double indent = 0, const std::string& label = {},
                     double label_gap = 14, double width = 0, LabelAs label_as = LabelAs::ListItem) {
        const std::string s = m_fonts.drawable(st.face, raw, m_replaced);
        const double max_w = width > 0 ? width : k_width - indent;
        std::vector<std::string> words;
        {
            std::istringstream in(s);
            std::string w;
            while (in >> w) {
                // "unga- konsulentstödda": a line must not end in a hyphen that is
                // followed by a space, or text extractors join the words across it.
                if (!words.empty() && words.back().size() > 1 && words.back().back() == '-') {
                    words.back() += "\xC2\xA0" + w;  // NO-BREAK SPACE keeps the pair on one line
                } else {
                    words.push_back(w);
                }
            }
        }
        m_last_body = StructTree::k_none;  // never the body of an earlier text
        if (words.empty()) return 0;
        StructTree::Id label_el = StructTree::k_none;
        StructTree::Id body_el = m_current;
        if (!label.empty()) {
            label_el = m_tree.add(Tag::Lbl, m_current);
            if (label_as == LabelAs::ListItem) body_el = m_last_body = m_tree.add(Tag::LBody, m_current);
        }
        const Tag body_tag = m_tree.tag(body_el);
        // A passage in another language than the document's is marked as such
        // where its element holds this text alone.
        // Inside an element marked so (a sub-list in a foreign list item),
        // the language it inherits is that element's, and a passage in the
        // document's language says so again.
        if (words.size() >= 8 && (body_tag == Tag::P || body_tag == Tag::LBody || body_tag == Tag::H1 || body_tag == Tag::H2 || body_tag == Tag::H3)) {
            std::string inherited = m_lang;
            for (StructTree::Id a = m_tree.parent(body_el); a != StructTree::k_none; a = a == StructTree::root() ? StructTree::k_none : m_tree.parent(a)) {
                if (!m_tree.lang(a).empty()) {
                    inherited = m_tree.lang(a);
                    break;
                }
            }
            if (auto other = passage_language(s, inherited)) m_tree.set_lang(body_el, *other);
        }
        const double space_w = m_fonts.width(st.face, " ", st.size);
        std::size_t lines = 0;
        std::string line;
        double line_w = 0;
        std::size_t previous_line = static_cast<std::size_t>(-1);  ///< index in m_text of this text's last line
        bool inside_word = false;  ///< the last line ended inside a word that was too long for it
        m_last_marked = StructTree::k_none;  // one marked-content sequence never spans two texts
        const auto flush = [&] {
            ensure(st.leading);
            m_y -= st.leading;
            if (lines == 0 && label_el != StructTree::k_none) {
                m_text.push_back(TextOp{page(), k_left + indent - label_gap, m_y, st, label, Tag::Lbl, mark(label_el)});
            }
            // The pair glued above is drawn with an ordinary space again.
            for (std::size_t p = line.find("\xC2\xA0"); p != std::string::npos; p = line.find("\xC2\xA0", p)) line.replace(p, 2, " ");
            // A wrapped line ends in the space it was broken at, so that text
            // extractors and screen readers, which join a paragraph's lines,
            // keep the words apart ("för protokollet", not "förprotokollet").
            // Not inside a word broken across lines: its parts are one word.
            if (previous_line < m_text.size() && !inside_word) m_text[previous_line].text.push_back(' ');
            inside_word = false;
            previous_line = m_text.size();
            m_text.push_back(TextOp{page(), k_left + indent, m_y, st, line, body_tag, mark(body_el)});
            m_last_y = m_y;
            m_last_page = page();
            ++lines;
            line.clear();
            line_w = 0;
        };
        for (auto& w : words) {
            double ww = m_fonts.width(st.face, w, st.size);
            // A word longer than the line is broken where it must be, measured
            // one character at a time (linear in the word's length).
            if (ww > max_w) {
                if (!line.empty()) flush();
                std::size_t start = 0;
                double acc = 0;
                for (std::size_t i = 0; i < w.size();) {
                    std::size_t next = i;
                    const double cw = m_fonts.char_width(st.face, decode(w, next)) * st.size;
                    if (acc + cw > max_w && i > start) {
                        line = w.substr(start, i - start);
                        flush();
                        inside_word = true;
                        start = i;
                        acc = 0;
                    }
                    acc += cw;
                    i = next;
                }
                w = w.substr(start);
                ww = acc;
            }
            if (w.empty()) continue;
            if (!line.empty() && line_w + space_w + ww > max_w) flush();
            if (!line.empty()) {
                line.push_back(' ');
                line_w += space_w;
            }
            line += w;
            line_w += ww;
        }
        if (!line.empty()) flush();
        return lines;
    }

    /// Ends the last line drawn with a space: the next text of the same
    /// element (a heading's second line in another size) is a separate word.
    void end_with_space() {
        if (!m_text.empty() && !m_text.back().text.empty() && m_text.back().text.back() != ' ') m_text.back().text.push_back(' ');
    }

    /// A paragraph of text: a P of its own in the current element.
    std::size_t para(const std::string& s, const Style& st) {
        open(Tag::P);
        const std::size_t n = text(s, st);
        close();
        return n;
    }

    /// A list item in the current list (an L): LI with Lbl and LBody.
    void item(const std::string& s, const Style& st, double indent, const std::string& label, double label_gap) {
        open(Tag::LI);
        text(s, st, indent, label, label_gap);
        close();
    }

    /// A heading kept with the first lines after it (never alone at a page
    /// foot), in a heading element `tag`; `label` ("§ 12") is its Lbl, and the
    /// heading's lines hang beside it.
    /// `reserve` points at the right are kept free on every line (for beside()).
    void heading(const std::string& s, const Style& st, double before, double keep, Tag tag, const std::string& label = {},
                 double reserve = 0) {
        if (m_y < k_page_h - k_top - 1) space(before);
        const double label_w = label.empty() ? 0 : m_fonts.width(st.face, label + " ", st.size);
        const double lines = std::ceil(m_fonts.width(st.face, s, st.size) / (k_width - label_w - reserve)) + 1;
        ensure(st.leading * lines + k_body.leading * keep);
        open(tag);
        // The label ends in a space, so that "§ 12" and the title stay two words to a reader.
        text(s, st, label_w, label.empty() ? label : label + " ", label_w, reserve > 0 ? k_width - label_w - reserve : 0, LabelAs::Heading);
        close();
    }

    /// One line of text, right-aligned on the baseline of the last line
    /// text() wrote (a case number beside a title), as a P of the current
    /// element: it comes after that line in the content and in the structure.
    void beside(const std::string& raw, const Style& st) {
        const std::string s = m_fonts.drawable(st.face, raw, m_replaced);
        const double w = m_fonts.width(st.face, s, st.size);
        const StructTree::Id p = m_tree.add(Tag::P, m_current);
        m_text.push_back(TextOp{m_last_page, k_left + k_width - w, m_last_y, st, s, Tag::P, m_tree.mark(p, m_last_page)});
        m_last_marked = p;
        m_last_marked_page = m_last_page;
    }
    [[nodiscard]] double width(const Style& st, const std::string& s) { return m_fonts.width(st.face, s, st.size); }

    /// A two-column row of the current table: the label is its row header
    /// (TH), the values one P each in the data cell (TD).
    void row(const std::string& label, const std::vector<std::string>& given) {
        // A value of only white space shows nothing: it makes no cell (and a
        // row of such values no row), so every row has its two cells.
        std::vector<std::string> values;
        for (const auto& v : given) {
            if (v.find_first_not_of(" \t\r\n\f\v") != std::string::npos) values.push_back(v);
        }
        if (values.empty()) return;
        constexpr double col = 150;
        constexpr double gap = 8;  // between a label's widest line and its value
        ensure(k_label.leading * 3);
        const StructTree::Id table = m_current;
        open(Tag::TR);
        const double top = m_y;
        const std::size_t label_page = page();
        // The label wraps within its column, so that it never runs into the value.
        m_tree.set_row_header(open(Tag::TH));
        text(label, k_label, 0, {}, 14, col - gap);
        close();
        const double label_bottom = m_y;
        m_y = top;
        open(Tag::TD);
        for (const auto& v : values) {
            open(Tag::P);
            text(v, k_value, col);
            close();
        }
        close();
        if (page() == label_page && m_y > label_bottom) m_y = label_bottom;
        space(5);
        enter(table);
    }

    /// The marked-content id for the next line of `element` on this page:
    /// the previous line's when it was the same element's, on this page, and
    /// the last text drawn (one BDC ... EMC around the lines of a paragraph).
    int mark(StructTree::Id element) {
        if (!m_text.empty() && m_last_marked == element && m_text.back().page == page() && m_last_marked_page == page()) {
            return m_text.back().mcid;
        }
        m_last_marked = element;
        m_last_marked_page = page();
        return m_tree.mark(element, page());
    }

    void bar(double from_y, double to_y, Rgb color) {
        m_rects.push_back(RectOp{page(), k_left - 10, to_y - 3, 3, from_y - to_y, color});
    }
    [[nodiscard]] double y() const { return m_y; }

    std::vector<TextOp> m_text;
    std::vector<RectOp> m_rects;
    std::vector<SignatureSlot> m_slots;
    std::size_t m_replaced = 0;

private:
    Fonts& m_fonts;
    StructTree& m_tree;
    std::string m_lang;
    StructTree::Id m_current = StructTree::root();
    StructTree::Id m_last_body = StructTree::k_none;
    StructTree::Id m_last_marked = StructTree::k_none;  ///< the element of the last marked content
    std::size_t m_last_marked_page = 0;
    double m_last_y = 0;           ///< baseline of the last line text() wrote
    std::size_t m_last_page = 0;   ///< and its page
    std::size_t m_pages = 0;
    double m_y = 0;
};

std::string number_text(const model::Protocol& p) {
    return p.number ? std::to_string(p.number->number) + "/" + std::to_string(p.number->year) : std::string();
}

}  // namespace

namespace {

std::string person(const model::PersonRef& p) {
    std::string s = p.party.empty() ? p.name : p.name + " (" + p.party + ")";
    if (!p.note.empty()) s += ", " + p.note;
    return s;
}

/// "§ 12", "§§ 12, 14, 15"
std::string section_signs(const std::vector<int>& ps) {
    std::string s = ps.size() == 1 ? "§ " : "§§ ";
    for (std::size_t k = 0; k < ps.size(); ++k) s += (k ? ", " : "") + std::to_string(ps[k]);
    return s;
}

std::string member_line(const model::Member& m) {
    std::string s = m.party.empty() ? m.name : m.name + " (" + m.party + ")";
    switch (m.role) {
        case model::MemberRole::Chair: s += ", ordförande"; break;
        case model::MemberRole::FirstViceChair: s += ", vice ordförande"; break;
        case model::MemberRole::SecondViceChair: s += ", 2:e vice ordförande"; break;
        default: break;
    }
    if (m.replaces) s += " ersätter " + person(*m.replaces);
    if (!m.paragraphs.empty()) s += ", " + section_signs(m.paragraphs);
    if (!m.except_paragraphs.empty()) s += ", ej " + section_signs(m.except_paragraphs) + (m.except_reason.empty() ? "" : " " + m.except_reason);
    if (!m.note.empty()) s += ", " + m.note;
    return s;
}

/// What a rendered document says it is: its title (Info, dc:title), author
/// (the organ), the running header's parts, and the name and description of
/// the XML it carries as its associated file.
struct Identity {
    std::string title;
    std::string author;
    std::string municipality;  ///< header, first line
    std::string organ;         ///< header, second line
    std::string kind;          ///< "Sammanträdesprotokoll", "Anslag"
    std::string number;        ///< "nr 4/2024"
    std::string date;          ///< the meeting day
    std::string file_name;
    std::string description;
    std::string lang = "sv-SE";                      ///< /Lang and dc:language
    std::string date_label = "Sammanträdesdatum";    ///< above the date in the header
    bool english = false;                            ///< "Page 1 of 3" instead of "Sida 1 (3)"
    std::string mime = "text/xml";                   ///< the associated file's /Subtype
    std::string relationship = "Source";             ///< its /AFRelationship
};

Identity identity_of(const model::Protocol& p, const Profile& style) {
    Identity id;
    const bool extract = p.kind == model::DocumentKind::Extract;
    id.kind = extract ? style.extract_title : style.title;
    id.title = id.kind;
    if (p.number) id.title += " " + number_text(p);
    const std::string organ = style.shown_organ(p.organ);
    if (!organ.empty()) id.title += " – " + organ;
    if (p.meeting_date) id.title += " – " + model::format_date(*p.meeting_date);
    id.author = organ;
    id.municipality = style.municipality.empty() ? p.municipality : style.municipality;
    id.organ = organ;
    if (p.number) id.number = "nr " + number_text(p);
    if (p.meeting_date) id.date = model::format_date(*p.meeting_date);
    id.file_name = std::string(k_embedded_name);
    id.description = "Protokollet i maskinläsbar form (urn:justera:protokoll:1)";
    return id;
}

Identity identity_of(const model::JusteringNotice& n, const Profile& style) {
    Identity id;
    const std::string organ = style.shown_organ(n.organ);
    id.title = std::string(model::k_notice_title);
    if (!organ.empty()) id.title += " – " + organ;
    if (n.meeting_date) id.title += " – sammanträdet " + model::format_date(*n.meeting_date);
    id.author = organ;
    id.municipality = style.municipality;
    id.organ = organ;
    id.kind = "Anslag";
    if (n.meeting_date) id.date = model::format_date(*n.meeting_date);
    id.file_name = std::string(k_notice_embedded_name);
    id.description = "Anslaget i maskinläsbar form (urn:justera:protokoll:1), med protokollets fingeravtryck";
    return id;
}

Rgb rgb(const std::array<double, 3>& c) { return Rgb{c[0], c[1], c[2]}; }

/// A line of the source's header text about how the source was signed
/// ("Detta dokument har signerats digitalt av följande personer"): true of
/// the source, not of this file. It is shown on the Underskrifter page with
/// the typed signature table, under the note that it proves nothing.
bool about_signing(const std::string& t) {
    std::string low;
    for (const char c : t) low.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    return low.find("digital") != std::string::npos && low.find("signer") != std::string::npos;
}

void lay_out_front(Layout& l, const model::Protocol& p, const Identity& id, const Profile& style) {  // NOLINT(readability-function-size)
    if (!id.municipality.empty()) l.para(id.municipality, k_meta);
    // The organ and "Sammanträdesprotokoll nr 5/2023": one title heading of two lines.
    Style title = k_title;
    title.color = rgb(style.accent);
    l.open(Tag::H1);
    l.text(id.organ.empty() ? id.kind : id.organ, title);
    l.end_with_space();
    std::string sub = id.kind;
    if (p.number) sub += " nr " + number_text(p);
    l.text(sub, k_subtitle);
    l.close();
    l.space(12);
    l.open(Tag::Table);
    std::string when = p.meeting_date ? model::format_date(*p.meeting_date) : "";
    if (p.start_time) when += " kl. " + model::format_time(*p.start_time);
    if (p.end_time) when += "–" + model::format_time(*p.end_time);
    if (!when.empty()) l.row("Sammanträde", {when});
    if (!p.place.empty()) l.row("Plats", {p.place});
    std::vector<std::string> members;
    for (const auto& m : p.members) members.push_back(member_line(m));
    l.row("Ledamöter", members);
    std::vector<std::string> subs;
    for (const auto& s : p.substitutes) subs.push_back(person(s));
    l.row("Ersättare", subs);
    std::vector<std::string> others;
    for (const auto& o : p.others) {
        std::string s = o.name;
        if (!o.title.empty()) s += ", " + o.title;
        if (!o.paragraphs_written.empty()) s += " " + o.paragraphs_written;
        others.push_back(s);
    }
    l.row("Övriga närvarande", others);
    std::vector<std::string> adj;
    for (const auto& a : p.adjusters) adj.push_back(person(a));
    l.row("Justerare", adj);
    std::vector<std::string> changes;
    for (const auto& rc : p.role_changes) changes.push_back(rc.sentence);
    l.row("Ändringar", changes);
    if (p.adjustment_date || !p.adjustment_place.empty()) {
        std::string s = p.adjustment_date ? model::format_date(*p.adjustment_date) : "";
        if (!p.adjustment_place.empty()) s += (s.empty() ? "" : ", ") + p.adjustment_place;
        l.row("Datum för justering", {s});
    }
    if (!p.paragraph_range_written.empty()) l.row("Paragrafer", {p.paragraph_range_written});
    if (p.secretary) l.row("Sekreterare", {person(*p.secretary)});
    std::vector<std::string> other;
    for (const auto& t : p.free_text) {
        if (!about_signing(t)) other.push_back(t);
    }
    l.row("Övrigt", other);
    std::vector<std::string> immediate;
    for (const auto& para : p.paragraphs) {
        if (para.immediate()) immediate.push_back("§ " + std::to_string(para.number) + " " + para.title);
    }
    l.row("Justeras omedelbart", immediate);
    l.close();
    // ANSLAG/BEVIS: the facts of the notice the protocol gives, as a table
    // of their own (what the box says in the source, without its signature
    // line or sentences about how it was signed there).
    if (p.notice && (p.notice->posted || p.notice->removed || !p.notice->storage_place.empty())) {
        l.heading("Anslag/bevis", k_section, 12, 3, Tag::H2);
        l.open(Tag::Table);
        if (!id.organ.empty()) l.row("Organ", {id.organ});
        if (p.meeting_date) l.row("Sammanträdesdatum", {model::format_date(*p.meeting_date)});
        if (p.notice->posted) l.row("Anslaget sätts upp", {model::format_date(*p.notice->posted)});
        if (p.notice->removed) l.row("Anslaget tas ned", {model::format_date(*p.notice->removed)});
        if (!p.notice->storage_place.empty()) l.row("Förvaringsplats för protokollet", {p.notice->storage_place});
        l.close();
    }
}

void lay_out_blocks(Layout& l, const std::vector<model::Block>& blocks) {
    bool in_list = false;  // consecutive items are one list (L)
    for (const auto& b : blocks) {
        if (b.kind != model::BlockKind::Item && in_list) {
            l.close();
            in_list = false;
        }
        switch (b.kind) {
            case model::BlockKind::Heading: l.heading(b.text, k_section, 4, 1, Tag::H3); break;
            case model::BlockKind::Item:
                if (!in_list) {
                    l.open(Tag::L);
                    in_list = true;
                }
                l.item(b.text, k_body, 18, b.number ? std::to_string(*b.number) + "." : "\xE2\x80\xA2", 16);
                l.space(2);
                break;
            default:
                l.para(b.text, k_body);
                l.space(4);
        }
    }
    if (in_list) l.close();
}

/// The decision's points: numbered points are a list (L, each LI with its
/// number as Lbl), a point's sub-points a list inside its body; a point
/// without a number is a P.
void lay_out_decision(Layout& l, const std::vector<model::DecisionPoint>& points) {
    const StructTree::Id outer = l.current();
    bool in_list = false;
    for (const auto& d : points) {
        if (!d.number && in_list) {
            l.close();
            in_list = false;
        }
        StructTree::Id body = StructTree::k_none;
        if (d.number) {
            if (!in_list) {
                l.open(Tag::L);
                in_list = true;
            }
            const StructTree::Id list = l.current();
            l.open(Tag::LI);
            l.text(d.text, k_body, 18, std::to_string(*d.number) + ".", 16);
            body = l.last_body();
            l.enter(list);
        } else {
            l.para(d.text, k_body);
        }
        if (!d.items.empty()) {
            const StructTree::Id back = l.current();
            if (body != StructTree::k_none) l.enter(body);
            l.open(Tag::L);
            for (const auto& it : d.items) l.item(it, k_body, 34, "\xE2\x80\x93", 12);
            l.enter(back);
        }
        l.space(2);
    }
    l.enter(outer);
}

void lay_out_paragraph(Layout& l, const model::Paragraph& para, const Profile& style) {
    l.open(Tag::Sect);
    const std::string label = "\xC2\xA7 " + std::to_string(para.number);
    Style heading = k_para_heading;
    heading.color = rgb(style.accent);
    // The case number in its own place: right-aligned beside the title's
    // last line (every line of the title leaves room for it), or under the
    // title when it is too long for that.
    std::string cases;
    for (const auto& c : para.case_numbers) cases += (cases.empty() ? "" : ", ") + c.written;
    const std::string dnr = cases.empty() ? std::string() : "Dnr " + cases;
    const double dnr_w = dnr.empty() ? 0 : l.width(k_meta, dnr);
    const bool beside = !dnr.empty() && dnr_w < k_width * 0.35;
    l.heading(para.title, heading, 16, 4, Tag::H2, label, beside ? dnr_w + 18 : 0);
    if (beside) l.beside(dnr, k_meta);
    const double top = l.y() + k_para_heading.leading;
    const std::size_t top_page = l.page();
    if (!dnr.empty() && !beside) l.para(dnr, k_meta);
    if (para.immediate()) l.para("Paragrafen justeras omedelbart", k_mark_style);
    for (const auto& pre : para.preamble) l.para(pre, k_meta);
    // The sections and the decision in the order the text wrote them.
    const std::size_t before = std::min(para.sections_before_decision, para.sections.size());
    const auto sections = [&](std::size_t from, std::size_t to) {
        for (std::size_t k = from; k < to; ++k) {
            const auto& s = para.sections[k];
            if (!s.heading.empty()) l.heading(s.heading, k_section, 8, 2, Tag::H3);
            else l.space(4);
            lay_out_blocks(l, s.blocks);
        }
    };
    sections(0, before);
    // The red bar runs beside the paragraph's head and its decision when
    // they are on one page; beside the decision alone when it comes later.
    const double bar_top = before == 0 ? top : l.y();
    const std::size_t bar_page = before == 0 ? top_page : l.page();
    if (!para.decision.empty() || !para.decision_heading.empty()) {
        l.heading(para.decision_heading.empty() ? "Beslut" : para.decision_heading, k_section, 8, 2, Tag::H3);
        lay_out_decision(l, para.decision);
    }
    if (para.immediate() && l.page() == bar_page) l.bar(bar_top, l.y(), k_mark);
    sections(before, para.sections.size());
    l.close();
}

/// The signature lines in the profile's order: every justerare, the
/// sekreterare, and the ordförande where the profile asks for that line. An
/// ordförande who is also a justerare signs once, in the justerare's line,
/// which then names both roles.
struct Signer {
    std::string role;   ///< as printed under the line: "Justerare", "Justerare och ordförande"
    std::string field;
    std::string name;
};
std::vector<Signer> signers_of(const model::Protocol& p, const Profile& style) {
    const bool chair_line = std::find(style.signers.begin(), style.signers.end(), "ordförande") != style.signers.end();
    const auto chair = model::chair_of(p);
    if (chair_line && (!chair || chair->name.empty())) {
        throw Error(Errc::Usage, "the profile's signers ask for an ordförande line, but the protocol names no ordförande: name one "
                                 "(a corrections file's 'ordforande = NAME') or take ordförande out of signers",
                    {},
                    "profilens inställning signers kräver en rad för ordförande, men protokollet anger ingen ordförande: ange en "
                    "(med 'ordforande = NAMN' i en rättelsefil) eller ta bort ordförande ur signers");
    }
    const auto separate = chair_field(p);  // none when the ordförande is a justerare
    std::vector<Signer> out;
    for (const auto& role : style.signers) {
        if (role == "justerare") {
            for (std::size_t k = 0; k < p.adjusters.size(); ++k) {
                const bool is_chair = chair_line && !separate && p.adjusters[k].name == chair->name;
                out.push_back({is_chair ? "Justerare och ordförande" : "Justerare", signature_field_name("justerare", k + 1), person(p.adjusters[k])});
            }
        } else if (role == "sekreterare") {
            if (p.secretary) out.push_back({"Sekreterare", signature_field_name("sekreterare", 1), person(*p.secretary)});
        } else if (role == "ordförande" && separate) {
            out.push_back({"Ordförande", separate->field, person(*chair)});
        }
    }
    return out;
}

void lay_out_signatures(Layout& l, const model::Protocol& p, const std::vector<Signer>& signers) {
    l.new_page();
    l.open(Tag::Sect);
    l.heading("Underskrifter", k_subtitle, 0, 3, Tag::H2);
    l.space(10);
    for (const auto& s : signers) {
        l.ensure(78);
        l.space(48);
        // One Div per signer: the signature field (a Form element over its
        // widget), then the name and role that label it.
        l.open(Tag::Div);
        const StructTree::Id form = l.open(Tag::Form);
        std::string role_lower = s.role;
        role_lower[0] = static_cast<char>(role_lower[0] - 'A' + 'a');  // every role starts with an ASCII capital
        l.tree().annotation(form, l.page(), l.m_slots.size());
        l.m_slots.push_back(SignatureSlot{l.page(), k_left, l.y() + 0.6, 240, 40, s.field, "Underskrift: " + role_lower + " " + s.name});
        l.close();
        l.m_rects.push_back(RectOp{l.page(), k_left, l.y(), 240, 0.6, k_grey});
        l.para(s.name, k_value);
        l.para(s.role, k_meta);
        l.close();
    }
    std::vector<std::string> said;
    for (const auto& t : p.free_text) {
        if (about_signing(t)) said.push_back(t);
    }
    if (p.signature_table || !said.empty()) {
        l.space(20);
        const std::string heading = p.signature_table && !p.signature_table->heading.empty() ? p.signature_table->heading
                                    : p.signature_table                                   ? "Signaturtabell"
                                                                                          : "Om underskrifter i protokollets text";
        l.heading(heading, k_section, 6, 2, Tag::H3);
        l.para(p.signature_table ? "Tabellen är inskriven i protokollets text och är inget bevis på underskrift."
                                 : "Texten är inskriven i protokollets text och är inget bevis på underskrift.",
               k_meta);
        for (const auto& t : said) l.para(t, k_value);
        if (p.signature_table) {
            l.open(Tag::Table);
            for (const auto& e : p.signature_table->entries) l.row(model::format_date(e.date), {e.written});
            l.close();
        }
    }
    l.close();
}

// ------------------------------------------------------------------ signature fields

using detail::utf8;

/// Empty signature fields, the AcroForm and the ESIC extension, declared at
/// rendering time so that a signing update never has to touch the catalog,
/// the pages or the fonts: it only fills a field (widget /V) and adds the
/// signature dictionary.
std::vector<PoDoFo::PdfObject*> add_signature_fields(PoDoFo::PdfMemDocument& doc, const std::vector<SignatureSlot>& slots) {
    using namespace PoDoFo;
    PdfArray fields;
    std::vector<PdfObject*> widgets;
    for (const auto& s : slots) {
        PdfPage* page = doc.GetPage(static_cast<int>(s.page));
        if (!page) throw Error(Errc::Internal, "signature page missing");
        // PDF/A 6.3.3: a visible widget needs a normal appearance; an empty form XObject.
        PdfObject* ap = doc.GetObjects().CreateObject("XObject");
        ap->GetDictionary().AddKey(PdfName::KeySubtype, PdfName("Form"));
        PdfArray bbox;
        bbox.push_back(PdfVariant(0.0));
        bbox.push_back(PdfVariant(0.0));
        bbox.push_back(PdfVariant(s.w));
        bbox.push_back(PdfVariant(s.h));
        ap->GetDictionary().AddKey("BBox", bbox);
        ap->GetDictionary().AddKey("Resources", PdfDictionary());
        ap->GetStream()->Set("", 0, TVecFilters());
        PdfDictionary apd;
        apd.AddKey("N", ap->Reference());

        PdfObject* w = doc.GetObjects().CreateObject("Annot");
        PdfDictionary& d = w->GetDictionary();
        d.AddKey(PdfName::KeySubtype, PdfName("Widget"));
        d.AddKey("FT", PdfName("Sig"));
        d.AddKey("T", PdfString(s.field));
        d.AddKey("TU", utf8(s.tooltip));
        d.AddKey("F", static_cast<pdf_int64>(4));  // Print; never Hidden/Invisible (PDF/A 6.3.2)
        PdfArray rect;
        rect.push_back(PdfVariant(s.x));
        rect.push_back(PdfVariant(s.y));
        rect.push_back(PdfVariant(s.x + s.w));
        rect.push_back(PdfVariant(s.y + s.h));
        d.AddKey("Rect", rect);
        d.AddKey("P", page->GetObject()->Reference());
        d.AddKey("AP", apd);
        // The (empty) appearance characteristics that PoDoFo writes when it
        // signs: there from the start, signing leaves the key as it was, and
        // validators that allow only /V and /AP to change (pyHanko) agree.
        d.AddKey("MK", PdfDictionary());
        // Seed values for whatever application signs the field (ISO 32000-1
        // 12.7.4.5, Table 234): a PAdES signature. Advisory (no /Ff), so a
        // tool that cannot follow it may still sign. No /DigestMethod:
        // pyHanko 0.20 reads its names with the slash and fails to sign.
        PdfDictionary sv;
        sv.AddKey("Type", PdfName("SV"));
        PdfArray sub_filters;
        sub_filters.push_back(PdfName("ETSI.CAdES.detached"));
        sv.AddKey("SubFilter", sub_filters);
        d.AddKey("SV", sv);
        PdfObject* annots = page->GetObject()->GetDictionary().GetKey("Annots");
        if (!annots) {
            page->GetObject()->GetDictionary().AddKey("Annots", PdfArray());
            annots = page->GetObject()->GetDictionary().GetKey("Annots");
        }
        annots->GetArray().push_back(w->Reference());
        // Tab order follows the structure (PDF/UA 7.18.3).
        page->GetObject()->GetDictionary().AddKey("Tabs", PdfName("S"));
        fields.push_back(w->Reference());
        widgets.push_back(w);
    }
    PdfObject* form = doc.GetObjects().CreateObject();
    form->GetDictionary().AddKey("Fields", fields);
    // SignaturesExist | AppendOnly: viewers must keep later changes incremental.
    form->GetDictionary().AddKey("SigFlags", static_cast<pdf_int64>(3));
    doc.GetCatalog()->GetDictionary().AddKey("AcroForm", form->Reference());
    // The ETSI extension that PAdES signatures declare (ETSI EN 319 142-1, 5.3).
    PdfDictionary esic;
    esic.AddKey("BaseVersion", PdfName("1.7"));
    esic.AddKey("ExtensionLevel", static_cast<pdf_int64>(2));
    PdfDictionary ext;
    ext.AddKey("ESIC", esic);
    doc.GetCatalog()->GetDictionary().AddKey("Extensions", ext);
    return widgets;
}

// ------------------------------------------------------------------ PDF/A objects

std::string utc(std::int64_t epoch, const char* format) {
    const std::time_t t = static_cast<std::time_t>(epoch);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, format, &tm);
    return buf;
}
std::string pdf_date(std::int64_t epoch) { return utc(epoch, "D:%Y%m%d%H%M%S+00'00'"); }  // ISO 32000-1 7.9.4
std::string xmp_date(std::int64_t epoch) { return utc(epoch, "%Y-%m-%dT%H:%M:%S+00:00"); }

/// The XMP: PDF/A-3a, PDF/UA-1, Dublin Core, and the justera properties of
/// a protocol or notice when `fingerprint` is given (a document of ours that
/// carries no protocol XML has none of them).
std::string xmp_packet(const Identity& id, const std::string& date, const std::string& tool, const std::string& fingerprint) {
    const std::string& title = id.title;
    const std::string& author = id.author;
    std::ostringstream x;
    x << "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
      << "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
      << " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
      << "  <rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
      << "   <pdfaid:part>3</pdfaid:part>\n   <pdfaid:conformance>A</pdfaid:conformance>\n  </rdf:Description>\n"
      // PDF/UA-1 (ISO 14289-1 5): the identification, declared below like the justera properties.
      << "  <rdf:Description rdf:about=\"\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
      << "   <pdfuaid:part>1</pdfuaid:part>\n  </rdf:Description>\n"
      << "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
      << "   <dc:format>application/pdf</dc:format>\n"
      << "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" << core::markup_escape(title) << "</rdf:li></rdf:Alt></dc:title>\n"
      << "   <dc:creator><rdf:Seq><rdf:li>" << core::markup_escape(author) << "</rdf:li></rdf:Seq></dc:creator>\n"
      << "   <dc:language><rdf:Bag><rdf:li>" << core::markup_escape(id.lang) << "</rdf:li></rdf:Bag></dc:language>\n  </rdf:Description>\n"
      << "  <rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
      << "   <xmp:CreateDate>" << date << "</xmp:CreateDate>\n   <xmp:ModifyDate>" << date << "</xmp:ModifyDate>\n"
      << "   <xmp:MetadataDate>" << date << "</xmp:MetadataDate>\n   <xmp:CreatorTool>" << core::markup_escape(tool)
      << "</xmp:CreatorTool>\n  </rdf:Description>\n"
      << "  <rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
      << "   <pdf:Producer>" << core::markup_escape(tool) << "</pdf:Producer>\n  </rdf:Description>\n"
      // The justera properties are declared through a PDF/A extension schema (ISO 19005-3 6.6.2.3).
      << "  <rdf:Description rdf:about=\"\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\""
         " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
      << "   <pdfaExtension:schemas><rdf:Bag>\n"
      << "    <rdf:li rdf:parseType=\"Resource\">\n"
      << "    <pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema>\n"
      << "    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
      << "    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
      << "    <pdfaSchema:property><rdf:Seq>\n"
      << "     <rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>part</pdfaProperty:name>"
         "<pdfaProperty:valueType>Integer</pdfaProperty:valueType><pdfaProperty:category>internal</pdfaProperty:category>"
         "<pdfaProperty:description>Indicates which part of ISO 14289 standard is followed</pdfaProperty:description></rdf:li>\n"
      << "    </rdf:Seq></pdfaSchema:property>\n   </rdf:li>\n";
    if (fingerprint.empty()) {
        x << "   </rdf:Bag></pdfaExtension:schemas>\n  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>";
        return x.str();
    }
    x << "    <rdf:li rdf:parseType=\"Resource\">\n"
      << "    <pdfaSchema:schema>justera protocol document</pdfaSchema:schema>\n"
      << "    <pdfaSchema:namespaceURI>urn:justera:pdf:1#</pdfaSchema:namespaceURI>\n"
      << "    <pdfaSchema:prefix>justera</pdfaSchema:prefix>\n"
      << "    <pdfaSchema:property><rdf:Seq>\n";
    const std::pair<const char*, const char*> props[] = {
        {"DocumentFileName", "name of the embedded canonical protocol XML"},
        {"SchemaNamespace", "XML namespace of the embedded protocol"},
        {"XmlC14nSha256", "SHA-256 of the exclusive C14N of the embedded protocol XML"},
    };
    for (const auto& [name, desc] : props) {
        x << "     <rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>" << name
          << "</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType>"
             "<pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>"
          << desc << "</pdfaProperty:description></rdf:li>\n";
    }
    x << "    </rdf:Seq></pdfaSchema:property>\n   </rdf:li></rdf:Bag></pdfaExtension:schemas>\n  </rdf:Description>\n"
      << "  <rdf:Description rdf:about=\"\" xmlns:justera=\"urn:justera:pdf:1#\">\n"
      << "   <justera:DocumentFileName>" << core::markup_escape(id.file_name) << "</justera:DocumentFileName>\n"
      << "   <justera:SchemaNamespace>urn:justera:protokoll:1</justera:SchemaNamespace>\n"
      << "   <justera:XmlC14nSha256>" << fingerprint << "</justera:XmlC14nSha256>\n  </rdf:Description>\n"
      << " </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>";
    return x.str();
}


void add_pdfa_objects(PoDoFo::PdfMemDocument& doc, const Identity& id, std::string_view xml, const std::string& fingerprint,
                      const RenderOptions& o) {
    using namespace PoDoFo;
    const std::string date = pdf_date(o.source_date_epoch);
    const std::string tool = "justera " + o.version;
    const std::string& title = id.title;

    PdfInfo* info = doc.GetInfo();
    info->SetTitle(utf8(title));
    info->SetAuthor(utf8(id.author.empty() ? std::string("justera") : id.author));
    info->SetCreator(utf8(tool));
    info->SetProducer(utf8(tool));
    info->SetCustomKey("CreationDate", PdfString(date));
    info->SetCustomKey("ModDate", PdfString(date));
    // PoDoFo derives /ID from the Info dictionary: the fingerprint makes it unique per protocol.
    if (!fingerprint.empty()) info->SetCustomKey("JusteraFingerprint", PdfString(fingerprint));

    PdfObject* catalog = doc.GetCatalog();
    const std::string xmp = xmp_packet(id, xmp_date(o.source_date_epoch), tool, fingerprint);
    PdfObject* meta = doc.GetObjects().CreateObject("Metadata");
    meta->GetDictionary().AddKey(PdfName::KeySubtype, PdfName("XML"));
    meta->GetStream()->Set(xmp.data(), static_cast<pdf_long>(xmp.size()), TVecFilters());
    catalog->GetDictionary().AddKey("Metadata", meta->Reference());

    std::ifstream icc_in(o.icc_profile, std::ios::binary);
    if (!icc_in) {
        throw Error(Errc::OutputUnwritable, "sRGB ICC profile missing: " + o.icc_profile + " (install icc-profiles-free)", {},
                    "sRGB-färgprofilen (ICC) saknas: " + o.icc_profile + " (installera icc-profiles-free)");
    }
    const std::string icc((std::istreambuf_iterator<char>(icc_in)), std::istreambuf_iterator<char>());
    PdfObject* icc_obj = doc.GetObjects().CreateObject();
    icc_obj->GetDictionary().AddKey("N", static_cast<pdf_int64>(3));
    icc_obj->GetStream()->Set(icc.data(), static_cast<pdf_long>(icc.size()));
    PdfObject* intent = doc.GetObjects().CreateObject("OutputIntent");
    intent->GetDictionary().AddKey("S", PdfName("GTS_PDFA1"));
    intent->GetDictionary().AddKey("OutputConditionIdentifier", PdfString("sRGB IEC61966-2.1"));
    intent->GetDictionary().AddKey("Info", PdfString("sRGB IEC61966-2.1"));
    intent->GetDictionary().AddKey("DestOutputProfile", icc_obj->Reference());
    PdfArray intents;
    intents.push_back(intent->Reference());
    catalog->GetDictionary().AddKey("OutputIntents", intents);

    // The canonical XML as an associated file (ISO 19005-3 6.8), built by hand:
    // PdfFileSpec mangles the name and adds neither /Subtype nor /AFRelationship.
    PdfObject* ef = doc.GetObjects().CreateObject("EmbeddedFile");
    ef->GetDictionary().AddKey(PdfName::KeySubtype, PdfName(id.mime));
    PdfDictionary params;
    params.AddKey("Size", static_cast<pdf_int64>(xml.size()));
    params.AddKey("ModDate", PdfString(date));
    ef->GetDictionary().AddKey("Params", params);
    ef->GetStream()->Set(xml.data(), static_cast<pdf_long>(xml.size()));
    PdfObject* fs = doc.GetObjects().CreateObject("Filespec");
    fs->GetDictionary().AddKey("F", PdfString(id.file_name));
    fs->GetDictionary().AddKey("UF", PdfString(id.file_name));
    fs->GetDictionary().AddKey("Desc", utf8(id.description));
    fs->GetDictionary().AddKey("AFRelationship", PdfName(id.relationship));
    PdfDictionary efd;
    efd.AddKey("F", ef->Reference());
    efd.AddKey("UF", ef->Reference());
    fs->GetDictionary().AddKey("EF", efd);
    doc.GetNamesTree(true)->AddValue("EmbeddedFiles", PdfString(id.file_name), fs->Reference());
    PdfArray af;
    af.push_back(fs->Reference());
    catalog->GetDictionary().AddKey("AF", af);
    // Not PdfDocument::SetLanguage: it leaks in 0.9.8.
    catalog->GetDictionary().AddKey("Lang", PdfString(id.lang));
    // A viewer's window shows the title, not the file name (PDF/UA 7.1).
    PdfDictionary viewer;
    viewer.AddKey("DisplayDocTitle", true);
    catalog->GetDictionary().AddKey("ViewerPreferences", viewer);
}

}  // namespace

namespace {

/// PoDoFo compresses every content stream at zlib's default level (6) while
/// it is painted, with a new deflate state per page. Pages are painted
/// unfiltered and compressed here at level 3: a 1,000-paragraph protocol
/// renders about 0.15 s faster and is 7 % larger. PoDoFo's default filter is
/// one for the process; a render runs alone in its process (the CLI, or a
/// serve worker).
class PaintUnfiltered {
public:
    PaintUnfiltered() : m_saved(PoDoFo::PdfStream::eDefaultFilter) { PoDoFo::PdfStream::eDefaultFilter = PoDoFo::ePdfFilter_None; }
    ~PaintUnfiltered() { PoDoFo::PdfStream::eDefaultFilter = m_saved; }
    PaintUnfiltered(const PaintUnfiltered&) = delete;
    PaintUnfiltered& operator=(const PaintUnfiltered&) = delete;

private:
    PoDoFo::EPdfFilter m_saved;
};

/// One deflate state for every page (zlib's state is a quarter of a
/// megabyte: made once, reset per page).
class PageCompressor {
public:
    explicit PageCompressor(int level) {
        if (deflateInit(&m_z, level) != Z_OK) throw Error(Errc::Internal, "PDF writer could not start its compressor");
    }
    ~PageCompressor() { deflateEnd(&m_z); }
    PageCompressor(const PageCompressor&) = delete;
    PageCompressor& operator=(const PageCompressor&) = delete;

    /// Compresses an unfiltered content stream in place and names its filter.
    void operator()(PoDoFo::PdfObject& contents) {
        using namespace PoDoFo;
        PdfStream* stream = contents.GetStream();
        if (!stream || contents.GetDictionary().HasKey(PdfName::KeyFilter)) return;
        char* raw = nullptr;
        pdf_long n = 0;
        stream->GetCopy(&raw, &n);
        std::unique_ptr<char, decltype(&podofo_free)> hold(raw, &podofo_free);
        deflateReset(&m_z);
        m_out.resize(deflateBound(&m_z, static_cast<uLong>(n)));
        m_z.next_in = reinterpret_cast<Bytef*>(raw);
        m_z.avail_in = static_cast<uInt>(n);
        m_z.next_out = reinterpret_cast<Bytef*>(m_out.data());
        m_z.avail_out = static_cast<uInt>(m_out.size());
        if (deflate(&m_z, Z_FINISH) != Z_STREAM_END) throw Error(Errc::Internal, "PDF writer could not compress a page");
        const auto size = static_cast<pdf_long>(m_out.size() - m_z.avail_out);
        PdfMemoryInputStream in(m_out.data(), size);
        stream->SetRawData(&in, size);
        contents.GetDictionary().AddKey(PdfName::KeyFilter, PdfName("FlateDecode"));
    }

private:
    z_stream m_z{};
    std::string m_out;
};

/// The PDF/A-3b document around a layout: pages with the running header and
/// page numbers, the signature fields the layout asked for, the XML as the
/// associated file, the XMP with its fingerprint.
Rendered render_with(const Identity& id, std::string_view canonical_xml, const std::string& fingerprint, const RenderOptions& o,
                     const std::function<void(Layout&)>& lay_out) {
    using namespace PoDoFo;
    detail::quiet_podofo();
    try {
        PdfMemDocument doc;
        doc.SetPdfVersion(ePdfVersion_1_7);
        doc.SetWriteMode(ePdfWriteMode_Clean);  // "1 0 obj" + EOL, PDF/A 6.1.9
        Fonts fonts(doc, o);
        StructTree tree;
        Layout l(fonts, tree, id.lang);
        lay_out(l);

        // Paint. Every line of text is marked content of its structure
        // element; the running header, the footer and the rules are artifacts
        // (ISO 32000-1 14.8.2.2), so a screen reader reads the text alone, in
        // the order it was laid out.
        std::size_t replaced = l.m_replaced;
        const auto shown = [&](Face f, const std::string& t) { return fonts.drawable(f, t, replaced); };
        const std::string h_municipality = shown(Face::Bold, id.municipality);
        const std::string h_organ = shown(Face::Regular, id.organ);
        const std::string h_kind = shown(Face::Bold, id.kind);
        const std::string h_number = shown(Face::Regular, id.number);
        const std::string h_date = shown(Face::Regular, id.date);
        const std::string h_date_label = id.date.empty() ? std::string() : shown(Face::Regular, id.date_label);
        const std::string f_text = shown(Face::Regular, o.style.footer);
        const std::size_t page_count = l.pages();
        // The logo, once, drawn on every page (an artifact: the header names the municipality in text).
        std::unique_ptr<PdfImage> logo;
        double logo_w = 0;
        double logo_draw_h = 0;
        constexpr double logo_h = 26;
        if (!o.style.logo_png.empty()) {
            logo = std::make_unique<PdfImage>(&doc);
            try {
                logo->LoadFromPngData(reinterpret_cast<const unsigned char*>(o.style.logo_png.data()), static_cast<pdf_long>(o.style.logo_png.size()));
            } catch (const PdfError& e) {
                throw Error(Errc::Usage, "the profile's logo cannot be read as a PNG image (" + detail::error_message(e) + ")", {},
                            "profilens logotyp kan inte läsas som en PNG-bild (" + detail::error_message(e) + ")");
            }
            if (logo->GetHeight() <= 0 || logo->GetWidth() <= 0) {
                throw Error(Errc::Usage, "the profile's logo has no pixels", {}, "profilens logotyp har inga bildpunkter");
            }
            // At most 26 pt high and 120 pt wide, in its own proportions.
            const double scale = std::min(logo_h / logo->GetHeight(), 120.0 / logo->GetWidth());
            logo_w = logo->GetWidth() * scale;
            logo_draw_h = logo->GetHeight() * scale;
        }
        // The running header as protocols have it: municipality and organ at
        // the left, the kind of document and its number in the middle, the
        // meeting day at the right, a rule in the accent colour below.
        const double hx = k_left + (logo ? logo_w + 8 : 0);
        const double left_w = std::max(fonts.width(Face::Bold, h_municipality, k_small.size), fonts.width(Face::Regular, h_organ, k_small.size));
        const double right_w = std::max(fonts.width(Face::Regular, h_date_label, k_small.size), fonts.width(Face::Regular, h_date, k_small.size));
        const double mid_w = std::max(fonts.width(Face::Bold, h_kind, k_small.size), fonts.width(Face::Regular, h_number, k_small.size));
        const double right_x = k_page_w - k_right - right_w;
        const double mid_x = std::max(hx + left_w + 14, std::min(250.0, right_x - mid_w - 14));
        const double hy1 = k_page_h - 36;
        const double hy2 = k_page_h - 47;
        const Style h_bold{Face::Bold, k_small.size, k_small.leading, k_black};
        const Style h_plain{Face::Regular, k_small.size, k_small.leading, k_black};
        std::vector<std::vector<const TextOp*>> by_page(page_count);
        for (const auto& t : l.m_text) by_page[t.page].push_back(&t);
        std::vector<PdfObject*> page_objects;
        PageCompressor compress(3);
        // All pages at once: one page at a time copies the page tree's Kids
        // array for every page (quadratic in PoDoFo 0.9.8).
        doc.CreatePages(std::vector<PdfRect>(page_count, PdfRect(0, 0, k_page_w, k_page_h)));
        for (std::size_t i = 0; i < page_count; ++i) {
            PaintUnfiltered unfiltered;
            PdfPage* page = doc.GetPage(static_cast<int>(i));
            if (!page) throw Error(Errc::Internal, "PDF writer could not create a page");
            page_objects.push_back(page->GetObject());
            PdfPainter painter;
            painter.SetPage(page);
            PdfStream& canvas = *painter.GetCanvas();
            bool rules = false;
            for (const auto& r : l.m_rects) {
                if (r.page != i) continue;
                if (!rules) canvas.Append("/Artifact BMC\n");
                rules = true;
                painter.SetColor(r.color.r, r.color.g, r.color.b);
                painter.Rectangle(r.x, r.y, r.w, std::max(r.h, 0.6));
                painter.Fill();
            }
            if (rules) canvas.Append("EMC\n");
            const auto draw = [&](const Style& st, double x, double y, const std::string& s) {
                Font& f = fonts[st.face];
                f.pdf->SetFontSize(static_cast<float>(st.size));
                painter.SetFont(f.pdf);
                painter.SetColor(st.color.r, st.color.g, st.color.b);
                painter.DrawText(x, y, utf8(s));
            };
            canvas.Append("/Artifact <</Type /Pagination /Subtype /Header>> BDC\n");
            if (logo) painter.DrawImage(k_left, hy2 - 6 + (logo_h - logo_draw_h) / 2, logo.get(), logo_w / logo->GetWidth(), logo_draw_h / logo->GetHeight());
            if (!h_municipality.empty()) draw(h_bold, hx, hy1, h_municipality);
            if (!h_organ.empty()) draw(h_plain, hx, h_municipality.empty() ? hy1 : hy2, h_organ);
            draw(h_bold, mid_x, hy1, h_kind);
            if (!h_number.empty()) draw(h_plain, mid_x, hy2, h_number);
            if (!h_date.empty()) {
                draw(k_small, right_x, hy1, h_date_label);
                draw(h_plain, right_x, hy2, h_date);
            }
            painter.SetColor(o.style.accent[0], o.style.accent[1], o.style.accent[2]);
            painter.Rectangle(k_left, hy2 - 10, k_width, 0.8);
            painter.Fill();
            canvas.Append("EMC\n");
            const std::string footer = id.english ? "Page " + std::to_string(i + 1) + " of " + std::to_string(page_count)
                                                  : "Sida " + std::to_string(i + 1) + " (" + std::to_string(page_count) + ")";
            canvas.Append("/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n");
            if (!f_text.empty()) draw(k_small, k_left, 36, f_text);
            draw(k_small, k_page_w - k_right - fonts.width(Face::Regular, footer, k_small.size), 36, footer);
            canvas.Append("EMC\n");
            // Consecutive lines of one element share one marked-content sequence.
            int open_mcid = -1;
            for (const TextOp* t : by_page[i]) {
                if (t->mcid != open_mcid) {
                    if (open_mcid >= 0) canvas.Append("EMC\n");
                    canvas.Append(std::string("/") + detail::tag_name(t->tag) + " <</MCID " + std::to_string(t->mcid) + ">> BDC\n");
                    open_mcid = t->mcid;
                }
                draw(t->style, t->x, t->y, t->text);
            }
            if (open_mcid >= 0) canvas.Append("EMC\n");
            painter.FinishPage();
            if (PdfObject* contents = page->GetContents()) compress(*contents);
        }
        std::vector<PdfObject*> widgets;
        if (!l.m_slots.empty()) widgets = add_signature_fields(doc, l.m_slots);
        tree.write(doc, page_objects, widgets);
        add_pdfa_objects(doc, id, canonical_xml, fingerprint, o);
        doc.EmbedSubsetFonts();
        fonts.fix_after_subsetting(doc);

        PdfRefCountedBuffer buffer;
        PdfOutputDevice device(&buffer);
        doc.Write(&device);
        Rendered out;
        out.pdf.assign(buffer.GetBuffer(), static_cast<std::size_t>(device.GetLength()));
        out.pages = page_count;
        out.replaced_glyphs = replaced;
        return out;
    } catch (const PoDoFo::PdfError& e) {
        throw Error(Errc::Internal, "PDF writer failed: " + detail::error_message(e));
    }
}

}  // namespace

Rendered render(const model::Protocol& p, std::string_view canonical_xml, const std::string& fingerprint, const RenderOptions& o) {
    const Identity id = identity_of(p, o.style);
    const std::vector<Signer> signers = signers_of(p, o.style);  // refused before any work
    return render_with(id, canonical_xml, fingerprint, o, [&](Layout& l) {
        lay_out_front(l, p, id, o.style);
        l.new_page();
        bool first = true;
        for (const auto& para : p.paragraphs) {
            if (!first) l.space(6);
            first = false;
            lay_out_paragraph(l, para, o.style);
        }
        lay_out_signatures(l, p, signers);
    });
}

Rendered render_notice(const model::JusteringNotice& n, std::string_view canonical_xml, const std::string& fingerprint, const RenderOptions& o) {
    return render_with(identity_of(n, o.style), canonical_xml, fingerprint, o, [&](Layout& l) {
        l.heading(std::string(model::k_notice_title), k_title, 0, 3, Tag::H1);
        l.space(10);
        l.open(Tag::Table);
        for (const auto& [label, value] : model::notice_rows(n)) l.row(label, {value});
        l.close();
        if (const std::string appeal = model::notice_appeal_sentence(n); !appeal.empty()) {
            l.space(10);
            l.para(appeal, k_meta);
        }
    });
}

Rendered render_outline(const Outline& d, const RenderOptions& o) {
    Identity id;
    id.title = d.title;
    id.author = d.author;
    id.municipality = "justera";
    id.organ = d.subject;
    id.kind = d.kind;
    id.date = d.date;
    id.date_label = d.date_label;
    id.lang = d.lang;
    id.english = d.english;
    id.file_name = d.attachment_name;
    id.description = d.attachment_description;
    id.mime = d.attachment_mime;
    id.relationship = "Data";
    return render_with(id, d.attachment, std::string(), o, [&](Layout& l) {
        l.heading(d.title, k_title, 0, 3, Tag::H1);
        using Kind = Outline::Kind;
        for (std::size_t i = 0; i < d.blocks.size(); ++i) {
            const Outline::Block& b = d.blocks[i];
            const bool first_of_kind = i == 0 || d.blocks[i - 1].kind != b.kind;
            const bool last_of_kind = i + 1 == d.blocks.size() || d.blocks[i + 1].kind != b.kind;
            switch (b.kind) {
                case Kind::Heading: l.heading(b.text, k_subtitle, 14, 2, Tag::H2); break;
                case Kind::Subheading: l.heading(b.text, k_section, 8, 2, Tag::H3); break;
                case Kind::Paragraph:
                    l.space(3);
                    l.para(b.text, k_body);
                    break;
                case Kind::Note:
                    l.space(2);
                    l.para(b.text, k_meta);
                    break;
                case Kind::Row:
                    if (first_of_kind) {
                        l.space(4);
                        l.open(Tag::Table);
                    }
                    l.row(b.label, {b.text});
                    if (last_of_kind) l.close();
                    break;
                case Kind::Item:
                    if (first_of_kind) {
                        l.space(3);
                        l.open(Tag::L);
                    }
                    l.item(b.text, k_body, 14, "\xE2\x80\xA2", 10);
                    if (last_of_kind) l.close();
                    break;
            }
        }
    });
}

}  // namespace justera::pdf
